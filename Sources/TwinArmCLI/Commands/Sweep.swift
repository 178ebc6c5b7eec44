import ArgumentParser
import Foundation
import Sweeps

/// `twinarm sweep`: a grid of config overrides × seeds as a task manifest, run by an executor.
struct Sweep: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a trial config over a grid of overrides and seeds, resumably, locally or on Slurm.",
        discussion: """
        Writes DIR/tasks.json (one task per grid point and seed; a task's folder name comes from its \
        content), then runs the unfinished tasks. Rerunning the same command skips finished tasks. \
        `twinarm collect DIR` merges the results into sweep.json, sweep.md and sweep.html.
        """
    )

    @Argument(help: "Trial config (YAML), e.g. experiments/quickstart.yaml.")
    var config: String

    @Option(name: .customLong("set"), help: ArgumentHelp("A key and its values, e.g. serving.rankerNoise=0,0.04,0.08 (repeatable).", valueName: "KEY=V1,V2,…"))
    var sets: [String] = []

    @Option(help: "Seeds: 0..7, 3 or 0,2,5 (default: the config's seed).")
    var seeds: String?

    @Option(help: "Sweep folder (default: reports/<name>-sweep).")
    var out: String?

    @Option(help: "local (all cores, default) or slurm (sbatch job array).")
    var executor: String = "local"

    @Option(help: "Tasks at a time (local: default the cores this process may use; slurm: the array's % limit).")
    var jobs: Int?

    @Option(help: "slurm: CPUs per array task.")
    var cpusPerTask: Int = 1

    @Flag(help: "slurm: wait until every array task has ended (sbatch --wait).")
    var wait = false

    @Flag(help: "Write tasks.json (and, for slurm, slurm/array.sbatch) but run nothing: for Kubernetes Indexed Jobs or a look first.")
    var dryRun = false

    @Flag(help: "Use --out even if it holds files TwinArm did not write.")
    var force = false

    func run() throws {
        guard ["local", "slurm"].contains(executor) else { throw usage("--executor must be local or slurm, not '\(executor)'") }
        if let jobs, jobs < 1 { throw usage("--jobs must be at least 1") }
        guard cpusPerTask >= 1 else { throw usage("--cpus-per-task must be at least 1") }
        let base = try LoadedTrial.load(config)
        let parameters = try Self.parameters(sets)
        let seedList: [UInt64]
        if let seeds {
            guard let parsed = SweepGrid.seeds(seeds) else { throw usage("--seeds must look like 0..7, 3 or 0,2,5 (distinct seeds), not '\(seeds)'") }
            seedList = parsed
        } else {
            seedList = [base.config.seed]
        }
        let manifest = SweepManifest(name: base.config.name, config: base.text, parameters: parameters, seeds: seedList)
        // Every grid point must make a valid trial before anything runs.
        for point in SweepGrid.points(parameters) {
            do {
                _ = try TaskRun.trial(manifest, overrides: point)
            } catch {
                printError("twinarm: error: --set \(point.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")): \(error.description)")
                throw ExitCode(error.exitCode)
            }
        }
        let sbatch = executor == "slurm" ? SlurmExecutor.locate("sbatch") : nil
        if executor == "slurm" && sbatch == nil && !dryRun {
            printError("twinarm: error: --executor slurm: sbatch is not on PATH; install Slurm's client (Debian: slurm-client) or use --executor local")
            throw ExitCode(69)
        }
        let folder = SweepFolder(path: out ?? "reports/\(OutputFolder.safeName(base.config.name))-sweep")
        try folder.prepare(manifest, force: force)
        let pending = manifest.tasks.filter { !folder.isFinished($0) }
        printError("twinarm: sweep \(folder.path): \(manifest.tasks.count) tasks (\(max(1, SweepGrid.points(parameters).count)) grid points × \(seedList.count) seeds); \(manifest.tasks.count - pending.count) finished, \(pending.count) to run")
        guard !pending.isEmpty else {
            printError("twinarm: nothing to run; `twinarm collect \(folder.path)` merges the results")
            return
        }
        if dryRun {
            let slurm = SlurmExecutor(folder: folder, jobs: jobs, cpusPerTask: cpusPerTask, sbatch: sbatch ?? URL(fileURLWithPath: "sbatch"))
            if executor == "slurm" { try slurm.writeScript(pending, name: manifest.name) }
            printError("twinarm: dry run: nothing started; each task runs with `twinarm task \(folder.path) --index N` (N = 0 … \(manifest.tasks.count - 1))"
                       + (executor == "slurm" ? "; the array script is \(folder.path)/slurm/array.sbatch" : ""))
            return
        }
        switch executor {
        case "slurm":
            let status = try SlurmExecutor(folder: folder, jobs: jobs, cpusPerTask: cpusPerTask, sbatch: sbatch!).submit(pending, name: manifest.name, wait: wait)
            guard status == 0 else {
                let finished = manifest.tasks.filter(folder.isFinished).count
                printError("twinarm: sbatch exited with status \(status); \(finished) of \(manifest.tasks.count) tasks finished; logs in \(folder.logs.path)")
                throw ExitCode(1)
            }
            if wait {
                let finished = manifest.tasks.filter(folder.isFinished).count
                printError("twinarm: Slurm array done: \(finished) of \(manifest.tasks.count) tasks finished; `twinarm collect \(folder.path)` merges them")
            } else {
                printError("twinarm: submitted; when the array is done, `twinarm collect \(folder.path)` merges the results (rerun this command to resubmit unfinished tasks)")
            }
        default:
            let jobs = self.jobs ?? Cores.available
            let started = Date()
            let outcome = LocalExecutor(folder: folder, jobs: jobs).run(pending, of: manifest)
            let seconds = Date().timeIntervalSince(started)
            let finished = manifest.tasks.filter(folder.isFinished).count
            printError(String(format: "twinarm: %d tasks finished in %.1f s (%.2f tasks/s, %d at a time); %d of %d finished in all",
                              outcome.finished, seconds, Double(outcome.finished) / max(seconds, 1e-9), jobs, finished, manifest.tasks.count))
            if outcome.interrupted {
                printError("twinarm: interrupted; finished tasks are kept — rerun the same command to run the other \(manifest.tasks.count - finished)")
                throw ExitCode(130)
            }
            if !outcome.failed.isEmpty {
                printError("twinarm: \(outcome.failed.count) task(s) failed: \(outcome.failed.map { String($0.task.index) }.joined(separator: ", ")); see \(folder.logs.path); rerun to retry them")
                throw ExitCode(1)
            }
            printError("twinarm: `twinarm collect \(folder.path)` merges the results")
        }
    }

    /// A one-line usage error (exit 64).
    static func usage(_ text: String) -> ExitCode {
        printError("twinarm: error: \(text)")
        return ExitCode(64)
    }

    func usage(_ text: String) -> ExitCode { Self.usage(text) }

    /// `KEY=V1,V2` options as parameters; a key once, values non-empty.
    static func parameters(_ sets: [String]) throws -> [SweepParameter] {
        var parameters = [SweepParameter]()
        for set in sets {
            guard let equals = set.firstIndex(of: "="), equals != set.startIndex else {
                throw usage("--set must look like KEY=V1,V2,… (e.g. serving.rankerNoise=0,0.04), not '\(set)'")
            }
            let key = String(set[..<equals]).trimmingCharacters(in: .whitespaces)
            let values = set[set.index(after: equals)...].split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard !values.contains(where: \.isEmpty) else { throw usage("--set \(key): every value must be non-empty ('\(set)')") }
            guard Set(values).count == values.count else { throw usage("--set \(key): a value is given twice ('\(set)')") }
            guard !parameters.contains(where: { $0.key == key }) else { throw usage("--set \(key) is given twice; list its values in one --set") }
            parameters.append(SweepParameter(key: key, values: values))
        }
        return parameters
    }
}
