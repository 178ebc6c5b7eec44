import Analysis
import Outputs
import Foundation
import Runs
import Sweeps
import Config

/// Runs a study's tasks in this process, one after another, each on every core (the trial's arms
/// in parallel): no child process, no binary, any platform. The reports stay in memory for the
/// collection. A task's error fails that task only, as a process's would.
package struct InProcessExecutor: StudyExecutor {
    /// Run each trial's arms on several cores (the bytes are the same either way).
    package var parallel: Bool
    /// The interrupt guard of the command, if any: a task's folder appears whole or not at all.
    package var interrupts: InterruptGuard?

    package init(parallel: Bool = true, interrupts: InterruptGuard? = nil) {
        self.parallel = parallel
        self.interrupts = interrupts
    }

    package func execute(_ pending: [SweepTask], of plan: StudyPlan, in folder: SweepFolder, observer: any ExecutionObserver) throws -> ExecutionOutcome {
        var outcome = ExecutionOutcome()
        for task in pending {
            do {
                let report = try TaskRun.run(task, of: plan, in: folder, parallel: parallel, interrupts: interrupts)
                outcome.finished += 1
                if let report { outcome.reports[task.index] = report }
                observer.finished(task)
            } catch {
                let text = (error as? any ReportedFailure)?.description ?? "\(error)"
                try? FileManager.default.createDirectory(at: folder.logs, withIntermediateDirectories: true)
                try? Data("twinarm: error: \(text)\n".utf8).write(to: folder.log(task))
                outcome.failed.append((task, 1))
                observer.failed(task, status: 1, log: folder.log(task))
            }
        }
        return outcome
    }
}
