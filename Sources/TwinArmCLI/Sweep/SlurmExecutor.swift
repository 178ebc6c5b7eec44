import Foundation
import Sweeps
import Config
import Runs

/// Submits a sweep's unfinished tasks as one Slurm job array: `slurm/array.sbatch` runs
/// `twinarm task DIR` with the index from `SLURM_ARRAY_TASK_ID`, at most `jobs` at a time. The
/// sweep folder and the binary must be visible at the same paths on the compute nodes.
struct SlurmExecutor {
    let folder: SweepFolder
    let jobs: Int?
    let cpusPerTask: Int
    /// The `sbatch` executable.
    let sbatch: URL

    /// An executable found on PATH.
    static func locate(_ name: String) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let url = URL(fileURLWithPath: String(folder)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return nil
    }

    /// `0-3,5,7-9`: the indices as Slurm's `--array` list.
    static func arrayList(_ indices: [Int]) -> String {
        var parts = [String](), start: Int?, previous = -2
        for index in indices.sorted() {
            if index == previous + 1 { previous = index; continue }
            if let s = start { parts.append(s == previous ? "\(s)" : "\(s)-\(previous)") }
            start = index
            previous = index
        }
        if let s = start { parts.append(s == previous ? "\(s)" : "\(s)-\(previous)") }
        return parts.joined(separator: ",")
    }

    static func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// The array script for `pending`.
    func script(_ pending: [SweepTask], name: String) -> String {
        let throttle = jobs.map { "%\($0)" } ?? ""
        return """
        #!/bin/sh
        # A TwinArm sweep as a Slurm job array: one task per index (see README, "Sweeps").
        #SBATCH --job-name=twinarm-\(OutputFolder.safeName(name))
        #SBATCH --array=\(Self.arrayList(pending.map(\.index)))\(throttle)
        #SBATCH --cpus-per-task=\(cpusPerTask)
        #SBATCH --output=\(folder.logs.path)/task-%a.log
        echo "twinarm: Slurm job ${SLURM_ARRAY_JOB_ID:-?} array task ${SLURM_ARRAY_TASK_ID:-?} on $(hostname)"
        exec \(Self.quoted(LocalExecutor.binary.path)) task \(Self.quoted(folder.url.path))\(cpusPerTask == 1 ? " --serial" : "")

        """
    }

    var scriptURL: URL { folder.url.appendingPathComponent("slurm/array.sbatch") }

    /// Writes `slurm/array.sbatch` for `pending`.
    func writeScript(_ pending: [SweepTask], name: String) throws {
        let file = scriptURL
        do {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(script(pending, name: name).utf8).write(to: file, options: .atomic)
        } catch {
            throw OutputError.writeFailed(path: file.path, reason: OutputFolder.reason(error)).reported()
        }
    }

    /// Writes the script and runs `sbatch` on it (`--wait`: until every array task ends).
    func submit(_ pending: [SweepTask], name: String, wait: Bool) throws -> Int32 {
        try writeScript(pending, name: name)
        let file = scriptURL
        let process = Process()
        process.executableURL = sbatch
        process.arguments = (wait ? ["--wait"] : []) + [file.path]
        do {
            try process.run()
        } catch {
            throw SweepError.usage("cannot start sbatch (\(error.localizedDescription)); is Slurm installed here?")
        }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
