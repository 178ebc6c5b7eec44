import ArgumentParser
import Outputs
import Foundation
import Sweeps
import Config
import Runs
import Studies
import Analysis

/// Where a batch's tasks run.
enum ExecutorKind: String, ExpressibleByArgument, CaseIterable, Sendable {
    /// This machine's cores, a `twinarm task` process per task.
    case local
    /// This process, one task after another (no child process).
    case inProcess = "in-process"
    /// A Slurm job array (sbatch).
    case slurm
}

/// How a batch of tasks runs: the options `sweep`, `aa` and `design` share.
struct ExecutorOptions: ParsableArguments {
    @Option(help: "local (a process per task on all cores, default), in-process (this process, one task at a time) or slurm (sbatch job array).")
    var executor: ExecutorKind = .local

    @Option(help: "Tasks at a time (local: default the cores this process may use; slurm: the array's % limit).")
    var jobs: Int?

    @Option(help: "slurm: CPUs per array task.")
    var cpusPerTask: Int = 1

    @Flag(help: "slurm: wait until every array task has ended (sbatch --wait).")
    var wait = false

    @Flag(help: "Write tasks.json (and, for slurm, slurm/array.sbatch) but run nothing: for Kubernetes Indexed Jobs or a look first.")
    var dryRun = false

    /// Checks the options (one line, exit 64; 69 when Slurm is asked for and absent).
    func validated() throws -> URL? {
        if let jobs, jobs < 1 { throw SweepError.usage("--jobs must be at least 1, not \(jobs)") }
        guard cpusPerTask >= 1 else { throw SweepError.usage("--cpus-per-task must be at least 1, not \(cpusPerTask)") }
        guard executor == .slurm else { return nil }
        let sbatch = SlurmExecutor.locate("sbatch")
        if sbatch == nil && !dryRun {
            throw CommandFailure.unavailable("--executor slurm: sbatch is not on PATH; install Slurm's client (Debian: slurm-client) or use --executor local")
        }
        return sbatch
    }

    /// Runs the unfinished tasks of `plan`; returns the reports of every finished task when all
    /// have finished (nil while some are still to run: a dry run, a submitted array).
    func execute(_ plan: StudyPlan, in folder: SweepFolder, sbatch: URL?) throws -> [Int: AnalysisReport]? {
        let manifest = plan.manifest
        let pending = manifest.tasks.filter { !folder.isFinished($0) }
        printError("twinarm: \(folder.path): \(manifest.tasks.count) tasks; \(manifest.tasks.count - pending.count) finished, \(pending.count) to run")
        let total = manifest.tasks.count
        if pending.isEmpty { return try StudyCollection.reports(plan, in: folder) }
        let slurm = SlurmExecutor(folder: folder, jobs: jobs, cpusPerTask: cpusPerTask, sbatch: sbatch ?? URL(fileURLWithPath: "sbatch"), wait: wait)
        if dryRun {
            if executor == .slurm { try slurm.writeScript(pending, name: manifest.name) }
            printError("twinarm: dry run: nothing started; each task runs with `twinarm task \(folder.path) --index N` (N = 0 … \(total - 1))"
                       + (executor == .slurm ? "; the array script is \(folder.path)/slurm/array.sbatch" : ""))
            return nil
        }
        let jobs = self.jobs ?? Cores.available
        let runner: any StudyExecutor
        switch executor {
        case .slurm: runner = slurm
        case .local: runner = ProcessExecutor(jobs: jobs)
        case .inProcess: runner = InProcessExecutor(interrupts: InterruptGuard())
        }
        let progress = SweepProgress(total: pending.count)
        let started = Date()
        let outcome = try runner.execute(pending, of: plan, in: folder, observer: progress)
        progress.close()
        let finished = manifest.tasks.filter(folder.isFinished).count
        if executor == .slurm {
            if outcome.submitted {
                printError("twinarm: submitted; when the array is done, `twinarm collect \(folder.path)` merges the results (rerun this command to "
                    + "resubmit unfinished tasks)")
                return nil
            }
            printError("twinarm: Slurm array done: \(finished) of \(total) tasks finished")
            return finished == total ? try StudyCollection.reports(plan, in: folder) : nil
        }
        let seconds = Date().timeIntervalSince(started)
        printError(String(format: "twinarm: %d tasks finished in %.1f s (%.2f tasks/s, %@); %d of %d finished in all",
                          outcome.finished, seconds, Double(outcome.finished) / max(seconds, 1e-9),
                          executor == .inProcess ? "in this process" : "\(jobs) at a time", finished, total))
        if outcome.interrupted {
            printError("twinarm: interrupted; finished tasks are kept — rerun the same command to run the other \(total - finished)")
            throw ExitCode(128 + outcome.signal)
        }
        if !outcome.failed.isEmpty {
            printError("twinarm: \(outcome.failed.count) task(s) failed: \(outcome.failed.map { String($0.task.index) }.joined(separator: ", ")); see "
                + "\(folder.logs.path); rerun to retry them")
            throw ExitCode(1)
        }
        return finished == total ? try StudyCollection.reports(plan, in: folder, known: outcome.reports) : nil
    }
}
