import Foundation
import Outputs
import Sweeps
import Config
import Runs

/// Submits a sweep's unfinished tasks as one Slurm job array: `slurm/array.sbatch` runs
/// `twinarm task DIR` with the index from `SLURM_ARRAY_TASK_ID`, at most `jobs` at a time. The
/// sweep folder and the binary must be visible at the same paths on the compute nodes.
package struct SlurmExecutor: StudyExecutor {
    package var folder: SweepFolder
    package let jobs: Int?
    package let cpusPerTask: Int
    /// The `sbatch` executable.
    package let sbatch: URL
    /// `sbatch --wait`: return when every array task has ended.
    package let wait: Bool
    /// The `twinarm` executable the array tasks start (visible at the same path on the nodes).
    package let binary: URL

    package init(folder: SweepFolder, jobs: Int?, cpusPerTask: Int, sbatch: URL, wait: Bool, binary: URL = ProcessExecutor.currentBinary) {
        self.folder = folder; self.jobs = jobs; self.cpusPerTask = cpusPerTask; self.sbatch = sbatch; self.wait = wait; self.binary = binary
    }

    package func execute(_ pending: [SweepTask], of plan: StudyPlan, in folder: SweepFolder, observer: any ExecutionObserver) throws -> ExecutionOutcome {
        var slurm = self
        slurm.folder = folder
        let status = try slurm.submit(pending, name: plan.manifest.name, wait: wait)
        var outcome = ExecutionOutcome()
        guard status == 0 else { throw SlurmError.sbatch(status: status, logs: folder.logs.path) }
        outcome.finished = pending.filter(folder.isFinished).count
        outcome.submitted = !wait
        return outcome
    }

    /// An executable found on PATH.
    package static func locate(_ name: String) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let url = URL(fileURLWithPath: String(folder)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return nil
    }

    /// `0-3,5,7-9`: the indices as Slurm's `--array` list.
    package static func arrayList(_ indices: [Int]) -> String {
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
    package func script(_ pending: [SweepTask], name: String) -> String {
        let throttle = jobs.map { "%\($0)" } ?? ""
        return """
        #!/bin/sh
        # A TwinArm sweep as a Slurm job array: one task per index (see README, "Sweeps").
        #SBATCH --job-name=twinarm-\(OutputFolder.safeName(name))
        #SBATCH --array=\(Self.arrayList(pending.map(\.index)))\(throttle)
        #SBATCH --cpus-per-task=\(cpusPerTask)
        #SBATCH --output=\(folder.logs.path)/task-%a.log
        echo "twinarm: Slurm job ${SLURM_ARRAY_JOB_ID:-?} array task ${SLURM_ARRAY_TASK_ID:-?} on $(hostname)"
        exec \(Self.quoted(binary.path)) task \(Self.quoted(folder.url.path))\(cpusPerTask == 1 ? " --serial" : "")

        """
    }

    package var scriptURL: URL { folder.url.appendingPathComponent("slurm/array.sbatch") }

    /// Writes `slurm/array.sbatch` for `pending`.
    package func writeScript(_ pending: [SweepTask], name: String) throws {
        let file = scriptURL
        do {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(script(pending, name: name).utf8).write(to: file, options: .atomic)
        } catch {
            throw OutputError.writeFailed(path: file.path, reason: OutputFolder.reason(error))
        }
    }

    /// Writes the script and runs `sbatch` on it (`--wait`: until every array task ends).
    package func submit(_ pending: [SweepTask], name: String, wait: Bool) throws -> Int32 {
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

/// sbatch said no.
package enum SlurmError: ReportedFailure {
    case sbatch(status: Int32, logs: String)
    package var description: String {
        switch self {
        case let .sbatch(status, logs): return "sbatch exited with status \(status); logs in \(logs)"
        }
    }
    package var exitCode: Int32 { 1 }
}
