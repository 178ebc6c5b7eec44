import ArgumentParser
import Foundation
import Sweeps
import Config
import Runs

/// Where a batch's tasks run.
enum Executor: String, ExpressibleByArgument, CaseIterable, Sendable {
    /// This machine's cores, a `twinarm task` process per task.
    case local
    /// A Slurm job array (sbatch).
    case slurm
}

/// How a batch of tasks runs: the options `sweep` and `aa` share.
struct ExecutorOptions: ParsableArguments {
    @Option(help: "local (all cores, default) or slurm (sbatch job array).")
    var executor: Executor = .local

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
        if let jobs, jobs < 1 { throw Sweep.usage("--jobs must be at least 1") }
        guard cpusPerTask >= 1 else { throw Sweep.usage("--cpus-per-task must be at least 1") }
        guard executor == .slurm else { return nil }
        let sbatch = SlurmExecutor.locate("sbatch")
        if sbatch == nil && !dryRun {
            printError("twinarm: error: --executor slurm: sbatch is not on PATH; install Slurm's client (Debian: slurm-client) or use --executor local")
            throw ExitCode(69)
        }
        return sbatch
    }

    /// Runs the unfinished tasks of `manifest`; returns whether every task has finished.
    func execute(_ manifest: SweepManifest, in folder: SweepFolder, sbatch: URL?) throws -> Bool {
        let pending = manifest.tasks.filter { !folder.isFinished($0) }
        printError("twinarm: \(folder.path): \(manifest.tasks.count) tasks; \(manifest.tasks.count - pending.count) finished, \(pending.count) to run")
        if pending.isEmpty { return true }
        let slurm = SlurmExecutor(folder: folder, jobs: jobs, cpusPerTask: cpusPerTask, sbatch: sbatch ?? URL(fileURLWithPath: "sbatch"))
        if dryRun {
            if executor == .slurm { try slurm.writeScript(pending, name: manifest.name) }
            printError("twinarm: dry run: nothing started; each task runs with `twinarm task \(folder.path) --index N` (N = 0 … \(manifest.tasks.count - 1))"
                       + (executor == .slurm ? "; the array script is \(folder.path)/slurm/array.sbatch" : ""))
            return false
        }
        let total = manifest.tasks.count
        if executor == .slurm {
            let status = try slurm.submit(pending, name: manifest.name, wait: wait)
            let finished = manifest.tasks.filter(folder.isFinished).count
            guard status == 0 else {
                printError("twinarm: sbatch exited with status \(status); \(finished) of \(total) tasks finished; logs in \(folder.logs.path)")
                throw ExitCode(1)
            }
            if wait {
                printError("twinarm: Slurm array done: \(finished) of \(total) tasks finished")
                return finished == total
            }
            printError("twinarm: submitted; when the array is done, `twinarm collect \(folder.path)` merges the results (rerun this command to resubmit unfinished tasks)")
            return false
        }
        let jobs = self.jobs ?? Cores.available
        let started = Date()
        let outcome = LocalExecutor(folder: folder, jobs: jobs).run(pending)
        let seconds = Date().timeIntervalSince(started)
        let finished = manifest.tasks.filter(folder.isFinished).count
        printError(String(format: "twinarm: %d tasks finished in %.1f s (%.2f tasks/s, %d at a time); %d of %d finished in all",
                          outcome.finished, seconds, Double(outcome.finished) / max(seconds, 1e-9), jobs, finished, total))
        if outcome.interrupted {
            printError("twinarm: interrupted; finished tasks are kept — rerun the same command to run the other \(total - finished)")
            throw ExitCode(128 + outcome.signal)
        }
        if !outcome.failed.isEmpty {
            printError("twinarm: \(outcome.failed.count) task(s) failed: \(outcome.failed.map { String($0.task.index) }.joined(separator: ", ")); see \(folder.logs.path); rerun to retry them")
            throw ExitCode(1)
        }
        return finished == total
    }
}
