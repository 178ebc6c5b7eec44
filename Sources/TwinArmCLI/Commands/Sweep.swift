import ArgumentParser
import Outputs
import Foundation
import Sweeps
import Config
import Runs
import Studies

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

    @Option(name: .customLong("set"),
            help: ArgumentHelp("A key and its values, e.g. serving.rankerNoise=0,0.04,0.08 (repeatable).", valueName: "KEY=V1,V2,…"))
    var sets: [String] = []

    @Option(help: "Seeds: 0..7, 3 or 0,2,5 (default: the config's seed).")
    var seeds: String?

    @Option(help: "Sweep folder (default: reports/<name>-sweep).")
    var out: String?

    @OptionGroup var execution: ExecutorOptions

    @OptionGroup var significance: SignificanceOptions

    @Flag(help: "Use --out even if it holds files TwinArm did not write.")
    var force = false

    func run() throws {
        let sbatch = try execution.validated()
        let file = try LoadedTrial.load(config)
        // --alpha is a base value of every task, so each report and the collection use it.
        let values = significance.alpha.map { [Override(key: "alpha", value: "\($0)")] } ?? []
        let parameters = try Self.parameters(sets)
        let seedList: [UInt64]
        if let seeds {
            guard let parsed = SweepGrid.seeds(seeds) else { throw SweepError.usage("--seeds must look like 0..7, 3 or 0,2,5 (distinct seeds), not "
                + "'\(seeds)'") }
            seedList = parsed
        } else {
            seedList = [file.config.seed]
        }
        let manifest = SweepManifest(name: file.config.name, config: file.text, base: values, parameters: parameters, seeds: seedList)
        let plan = try StudyPlan(manifest: manifest, config: file.config)
        // Every grid point must make a valid trial before anything runs.
        try plan.checkEveryPoint(SweepGrid.points(parameters))
        let folder = SweepFolder(path: out ?? "reports/\(OutputFolder.safeName(file.config.name))-sweep")
        try folder.prepare(manifest, force: force)
        printError("twinarm: sweep of \(max(1, SweepGrid.points(parameters).count)) grid points × \(seedList.count) seeds")
        if try execution.execute(plan, in: folder, sbatch: sbatch) != nil {
            printError("twinarm: `twinarm collect \(folder.path)` merges the results")
        }
    }

    /// `KEY=V1,V2` options as parameters; a key once, values non-empty.
    static func parameters(_ sets: [String]) throws -> [SweepParameter] {
        var parameters = [SweepParameter]()
        for set in sets {
            guard let equals = set.firstIndex(of: "="), equals != set.startIndex else {
                throw SweepError.usage("--set must look like KEY=V1,V2,… (e.g. serving.rankerNoise=0,0.04), not '\(set)'")
            }
            let key = String(set[..<equals]).trimmingCharacters(in: .whitespaces)
            let values = set[set.index(after: equals)...].split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard !values.contains(where: \.isEmpty) else { throw SweepError.usage("--set \(key): every value must be non-empty ('\(set)')") }
            guard Set(values).count == values.count else { throw SweepError.usage("--set \(key): a value is given twice ('\(set)')") }
            guard !parameters.contains(where: { $0.key == key }) else { throw SweepError.usage("--set \(key) is given twice; list its values in one --set") }
            parameters.append(SweepParameter(key: key, values: values))
        }
        return parameters
    }
}
