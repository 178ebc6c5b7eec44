import Analysis
import Foundation
import Sweeps

/// Where a study's tasks run. Three implementations share this seam, as swift-nio keeps an
/// embedded channel beside its real ones: ``InProcessExecutor`` (tests and small studies, one
/// process, the reports kept in memory), ``ProcessExecutor`` (a `twinarm task` process per task
/// on this machine) and ``SlurmExecutor`` (a job array). Every one gives the same bytes per task.
package protocol StudyExecutor {
    /// Runs `pending` (unfinished tasks of `plan` in `folder`), telling `observer` as tasks end.
    func execute(_ pending: [SweepTask], of plan: StudyPlan, in folder: SweepFolder, observer: any ExecutionObserver) throws -> ExecutionOutcome
}

/// What an executor did.
package struct ExecutionOutcome {
    package var finished = 0
    package var failed: [(task: SweepTask, status: Int32)] = []
    package var interrupted = false
    /// The signal that interrupted the batch (SIGINT or SIGTERM): the exit status is 128 + it.
    package var signal: Int32 = SIGINT
    /// Reports of the tasks this process ran itself (in-process execution), by task index; the
    /// collection reads the others from their folders.
    package var reports: [Int: AnalysisReport] = [:]
    /// The tasks were handed to a scheduler that has not finished them (Slurm without waiting).
    package var submitted = false
    package init() {}
}

/// Hears a batch's progress (the CLI draws a bar; tests hear nothing).
package protocol ExecutionObserver: Sendable {
    func finished(_ task: SweepTask)
    func failed(_ task: SweepTask, status: Int32, log: URL)
    func interrupted(_ task: SweepTask)
    /// Called now and then while tasks run.
    func tick()
}

/// An observer that ignores everything.
package struct SilentObserver: ExecutionObserver {
    package init() {}
    package func finished(_ task: SweepTask) {}
    package func failed(_ task: SweepTask, status: Int32, log: URL) {}
    package func interrupted(_ task: SweepTask) {}
    package func tick() {}
}

/// The cores this process may run on: its CPU affinity (`taskset`, a batch scheduler's binding),
/// else every online core.
package enum Cores {
    package static var available: Int {
        #if os(Linux)
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
           let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed_list:") }) {
            var count = 0
            for part in line.dropFirst("Cpus_allowed_list:".count).trimmingCharacters(in: .whitespaces).split(separator: ",") {
                let bounds = part.split(separator: "-").compactMap { Int($0) }
                if bounds.count == 2 { count += bounds[1] - bounds[0] + 1 } else if bounds.count == 1 { count += 1 }
            }
            if count > 0 { return count }
        }
        #endif
        return ProcessInfo.processInfo.activeProcessorCount
    }
}
