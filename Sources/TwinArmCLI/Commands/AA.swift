import Analysis
import Outputs
import ArgumentParser
import Foundation
import Sweeps
import Config
import Runs
import Reports
import Studies

/// `twinarm aa`: calibration by A/A trials — both arms production, many seeds — run as a batch
/// of sweep tasks, so it resumes, runs on every core or on Slurm like any sweep.
struct AA: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aa",
        abstract: "Run N A/A trials and report each metric's false-positive rate, per variance method.",
        discussion: """
        Both arms of the config are set to control; trial i uses seed (config seed + i). With \
        --replicates R ≥ 2 every trial has R market pairs, so the market-level variance is available. \
        A calibrated test rejects at about α; the rate comes with a Clopper–Pearson 95 % interval. \
        The trials are the tasks of DIR/tasks.json (see `twinarm sweep`): a rerun resumes, and \
        `--executor slurm` runs them as a job array (then `twinarm collect DIR` writes aa.json).
        """
    )

    @Argument(help: "Trial config (YAML); its first two arms are kept and set to control.")
    var config: String

    @Option(help: "Number of A/A trials.")
    var trials: Int = 200

    @Option(help: "Market pairs per trial (overrides the config's replicates).")
    var replicates: Int?

    @Option(help: "Days per trial (overrides days).")
    var days: Int?

    @OptionGroup var significance: SignificanceOptions

    @Option(help: "Folder for the trials and aa.json (default: reports/<name>-aa).")
    var out: String?

    @Flag(help: "Use the output folder even if it holds files TwinArm did not write.")
    var force = false

    @OptionGroup var execution: ExecutorOptions

    func run() throws {
        guard trials >= 1 && trials <= 100_000 else { throw SweepError.usage("--trials must be between 1 and 100000, not \(trials)") }
        let sbatch = try execution.validated()
        let file = try LoadedTrial.load(self.config)
        // What the command line sets travels as registry keys: every task's config is the file's with them.
        var values = [Override]()
        if let days { values.append(Override(key: "days", value: "\(days)")) }
        if let replicates { values.append(Override(key: "replicates", value: "\(replicates)")) }
        if let alpha = significance.alpha { values.append(Override(key: "alpha", value: "\(alpha)")) }
        let probe = try StudyPlan(manifest: SweepManifest(name: "", config: file.text, base: values, aa: true, parameters: [], seeds: []), config: file.config)
        let base = try probe.trial([])
        guard file.spec.arms.count >= 2 else { throw SweepError.usage("the config needs two arms") }
        let spec = base.spec
        let seeds = (0..<UInt64(trials)).map { base.config.seed + $0 }
        let manifest = SweepManifest(name: spec.name, config: file.text, base: values, aa: true, parameters: [], seeds: seeds,
                                     calibration: .init(alpha: base.config.alpha, replicates: spec.replicates, days: spec.days))
        let plan = try StudyPlan(manifest: manifest, config: file.config)
        let folder = SweepFolder(path: out ?? "reports/\(OutputFolder.safeName(spec.name))-aa")
        try folder.prepare(manifest, force: force)
        printError("twinarm: A/A calibration of \(spec.name): \(trials) trials × \(spec.replicates) market pair(s), \(spec.days) days")
        guard let reports = try execution.execute(plan, in: folder, sbatch: sbatch) else { return }
        let calibration = try StudyCollection.aa(plan, in: folder, reports: reports)
        try StudyCollection.sweep(plan, in: folder, reports: reports)
        print(AATable.table(calibration), terminator: "")
        printError("twinarm: \(trials) A/A trials → \(folder.path)/aa.json")
    }
}
