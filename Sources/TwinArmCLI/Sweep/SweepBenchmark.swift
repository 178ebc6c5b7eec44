import ArgumentParser
import Outputs
import Foundation
import Config
import Runs
import Studies

extension Benchmark {
    /// Runs the same sweep of `tasks` seeds with the local executor twice, from scratch: pinned to
    /// one core (`taskset -c 0`, one task at a time), then on every core; prints tasks/s and the ratio.
    static func sweep(_ config: String, tasks: Int) throws {
        _ = try LoadedTrial.load(config)
        guard let taskset = SlurmExecutor.locate("taskset") else {
            throw ValidationError("benchmark sweep needs taskset (Debian: util-linux) to pin the one-core run")
        }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("twinarm-sweep-bench-\(ProcessInfo.processInfo.processIdentifier)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let binary = ProcessExecutor.currentBinary.path
        func timed(_ label: String, pinned: Bool, jobs: Int) throws -> Double {
            let out = scratch.appendingPathComponent(label).path
            let process = Process()
            let arguments = ["sweep", config, "--seeds", "0..\(tasks - 1)", "--jobs", String(jobs), "--out", out]
            process.executableURL = pinned ? taskset : URL(fileURLWithPath: binary)
            process.arguments = pinned ? ["-c", "0", binary] + arguments : arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            let start = Date()
            try process.run()
            process.waitUntilExit()
            let seconds = Date().timeIntervalSince(start)
            guard process.terminationStatus == 0 else { throw ValidationError("the \(label) sweep failed (status \(process.terminationStatus))") }
            print(String(format: "%-9@ %2d job(s)  %6.2f s  %6.2f tasks/s", label, jobs, seconds, Double(tasks) / seconds))
            return Double(tasks) / seconds
        }
        print("sweep of \(tasks) tasks of \(config), local executor, whole processes from scratch")
        let one = try timed("one core", pinned: true, jobs: 1)
        let all = try timed("\(cores) cores", pinned: false, jobs: cores)
        print(String(format: "throughput ratio (%d cores / one core): %.2f×", cores, all / one))
    }
}
