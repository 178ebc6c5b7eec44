import Analysis
import ArgumentParser
import Foundation
import Sweeps
import Config
import Runs
import Reports

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
        guard trials >= 1 && trials <= 100_000 else { throw Sweep.usage("--trials must be between 1 and 100000, not \(trials)") }
        let sbatch = try execution.validated()
        let loaded = try LoadedTrial.load(self.config, days: days, replicates: replicates, alpha: significance.alpha?.value)
        let alpha = loaded.config.alpha
        let spec = loaded.spec
        guard spec.arms.count >= 2 else { throw Sweep.usage("the config needs two arms") }
        // The A/A config: every value in force (overrides included), arms on control.
        let text = try loaded.config.aa.yamlText()
        let base = loaded.config.seed
        let manifest = SweepManifest(name: spec.name, config: text, parameters: [], seeds: (0..<UInt64(trials)).map { base + $0 },
                                     calibration: .init(alpha: alpha, replicates: spec.replicates, days: spec.days))
        let folder = SweepFolder(path: out ?? "reports/\(OutputFolder.safeName(spec.name))-aa")
        try folder.prepare(manifest, force: force)
        printError("twinarm: A/A calibration of \(spec.name): \(trials) trials × \(spec.replicates) market pair(s), \(spec.days) days")
        guard try execution.execute(manifest, in: folder, sbatch: sbatch) else { return }
        let calibration = try Self.write(manifest, in: folder)
        print(AATable.table(calibration), terminator: "")
        printError("twinarm: \(trials) A/A trials → \(folder.path)/aa.json")
    }

    /// `aa.json` from the batch's finished trials.
    static func write(_ manifest: SweepManifest, in folder: SweepFolder) throws -> AACalibration {
        guard let batch = manifest.calibration else { throw SweepError.data("'\(folder.path)' is not an A/A batch") }
        let reports = try folder.reports(manifest)
        let finished = manifest.tasks.compactMap { reports[$0.index] }
        let block = ((try? TaskRun.trial(manifest, overrides: []).config.calibrationTrials) ?? 20) + 1
        let calibration = AACalibration(name: manifest.name, seed: manifest.seeds.first ?? 0, replicates: batch.replicates, days: batch.days,
                                        alpha: batch.alpha, reports: finished, block: block)
        if batch.replicates == 1 && finished.count >= 2 {
            // The batch's factors, for `analyze --calibration` of an exported single-pair test this config models.
            let seeds = manifest.tasks.filter { reports[$0.index] != nil }.map(\.seed)
            try folder.writeCollected([("calibration.json", try RunJSON.encode(SinglePairCalibration.File(seeds: seeds, inflation: AAInflation(reports: finished))))])
        }
        try folder.writeCollected([("aa.json", try SweepFolder.encode(calibration))])
        return calibration
    }
}
