import ArgumentParser
import Outputs
import Foundation
import Reports
import Sweeps
import Trial
import Config
import Runs
import Studies

/// A design a study compares (the config's `design` names).
enum StudyDesign: String, ExpressibleByArgument, CaseIterable {
    case symmetric, user, creator
    case twoSided = "two-sided"
}

/// `twinarm design`: how far each experiment design's estimate lands from the whole platform's
/// effect (GTE), at several fractions per arm, as a resumable batch of sweep tasks.
struct Design: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare experiment designs (symmetric, user-, creator-, two-sided) at fractions per arm with the whole platform's effect (GTE).",
        discussion: """
        Every (design, fraction, replicate) and the whole-platform twin of every replicate is a task of \
        DIR/tasks.json, so a study resumes and runs on Slurm like a sweep (`twinarm collect DIR` merges it \
        again). Replicate r runs on seed (config seed + r). Writes DIR/design.json, design.md and design.html.
        """
    )

    @Argument(help: "Trial config (YAML): its platform, its first arm as control and second as treatment.")
    var config: String

    @Option(parsing: .upToNextOption, help: "Designs to compare (default: all four).")
    var designs: [StudyDesign] = StudyDesign.allCases

    @Option(help: ArgumentHelp("Fractions of the platform per arm, comma-separated, each \(SplitSpec.armFractions.text).", valueName: "F1,F2,…"))
    var fractions: String = DesignPlan.defaultFractions.map(DesignPlan.text).joined(separator: ",")

    @Option(help: ArgumentHelp("Independent trials (seeds config.seed, +1, …; each a new platform) per design and fraction, and of the GTE, "
        + "as `aa --trials`; not the config's `replicates` (market pairs within one trial)."))
    var trials: Int = 5

    /// The option's name before `--trials` (it clashed with the config's `replicates`), still read.
    @Option(name: .customLong("replicates"), help: .hidden)
    var legacyTrials: Int?

    @Flag(help: "Put control in both arms (an A/A study: the GTE and every estimate should be 0).")
    var aa = false

    @Option(help: "Study folder (default: reports/<name>-design).")
    var out: String?

    @Flag(help: "Use --out even if it holds files TwinArm did not write.")
    var force = false

    @OptionGroup var execution: ExecutorOptions

    @OptionGroup var significance: SignificanceOptions

    func run() throws {
        let count = legacyTrials ?? trials
        let name = legacyTrials == nil ? "--trials" : "--replicates"
        guard (2...10_000).contains(count) else { throw SweepError.usage("\(name) has value '\(count)'; allowed: an integer from 2 to 10000 (an "
            + "interval across trials needs two)") }
        var list = [Double]()
        for part in fractions.split(separator: ",", omittingEmptySubsequences: false) {
            guard let f = Double(part.trimmingCharacters(in: .whitespaces)), SplitSpec.armFractions.contains(f) else {
                throw SweepError.usage("--fractions must be numbers in (0, 0.5] separated by commas, not '\(fractions)'; allowed: each "
                    + "\(SplitSpec.armFractions.text)")
            }
            list.append(f)
        }
        guard Set(list).count == list.count else { throw SweepError.usage("--fractions: a fraction is given twice ('\(fractions)')") }
        guard Set(designs).count == designs.count else { throw SweepError.usage("--designs: a design is given twice") }
        let sbatch = try execution.validated()
        let file = try LoadedTrial.load(config)
        guard file.spec.arms.count == 2 else { throw SweepError.usage("\(config): a design study needs exactly two arms (control first), not "
            + "\(file.spec.arms.count)") }
        let values = significance.alpha.map { [Override(key: "alpha", value: "\($0)")] } ?? []
        let plan = DesignPlan(designs: designs.map(\.rawValue), fractions: list.sorted())
        let manifest = SweepManifest(name: file.config.name, config: file.text, base: values, aa: aa,
                                     seeds: (0..<UInt64(count)).map { file.config.seed + $0 }, design: plan)
        let study = try StudyPlan(manifest: manifest, config: file.config)
        // Every point must make a valid trial before anything runs.
        try study.checkEveryPoint(plan.points)
        let folder = SweepFolder(path: out ?? "reports/\(OutputFolder.safeName(file.config.name))-design")
        try folder.prepare(manifest, force: force)
        printError("twinarm: design study of \(file.config.name): the GTE and \(plan.designs.count) designs × \(plan.fractions.count) fractions, "
            + "\(count) trials (\(manifest.tasks.count) tasks)")
        guard let reports = try execution.execute(study, in: folder, sbatch: sbatch) else { return }
        let summary = try StudyCollection.design(study, in: folder, reports: reports)
        print(DesignReport.markdown(summary), terminator: "")
        printError("twinarm: design study → \(folder.path)/design.json, design.md, design.html")
    }
}
