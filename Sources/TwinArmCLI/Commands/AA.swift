import Analysis
import ArgumentParser
import Foundation
import Simulation
import Trial

/// `twinarm aa`: calibration by A/A trials — both arms production, many seeds.
struct AA: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aa",
        abstract: "Run N A/A trials and report each metric's false-positive rate, per variance method.",
        discussion: """
        Both arms of the config are set to control; trial i uses seed (config seed + i). With \
        --replicates R ≥ 2 every trial has R market pairs, so the market-level variance is available. \
        A calibrated test rejects at about α; the rate comes with a Clopper–Pearson 95 % interval.
        """
    )

    @Argument(help: "Trial config (YAML); its arms' mechanisms are replaced by control.")
    var config: String

    @Option(help: "Number of A/A trials.")
    var trials: Int = 200

    @Option(help: "Market pairs per trial (overrides the config's replicates).")
    var replicates: Int?

    @Option(help: "Days per trial (overrides days).")
    var days: Int?

    @Option(help: "Significance level α.")
    var alpha: Double = 0.05

    @Option(help: "Folder for aa.json (default: reports/<name>-aa).")
    var out: String?

    @Flag(help: "Replace the output folder even if it holds files TwinArm did not write.")
    var force = false

    struct Rate: Codable {
        var metric: String
        var breakdown: String
        var variance: VarianceMethod
        var trials: Int
        var rejections: Int
        var rate: Double
        var lower: Double
        var upper: Double
        var untestable: Int
    }

    struct Output: Codable {
        var name: String
        var seed: UInt64
        var trials: Int
        var replicates: Int
        var days: Int
        var alpha: Double
        var rates: [Rate]
    }

    static let family: [(metric: String, breakdown: String)] = [
        ("ltr", "total"), ("coldStartImpressions", "total"), ("topics", "total"),
        ("creatorDAU", "popular creators"), ("creatorDAU", "other creators"),
    ]

    func run() throws {
        guard trials >= 1 else { throw ValidationError("--trials must be at least 1") }
        guard alpha > 0 && alpha < 1 else { throw ValidationError("--alpha must be between 0 and 1, e.g. 0.05") }
        let loaded = try LoadedTrial.load(self.config, days: days, replicates: replicates)
        let config = loaded.config
        var spec = loaded.spec
        guard spec.arms.count >= 2 else { throw ValidationError("the config needs two arms") }
        let folder = try OutputFolder.checked(out: out, default: "\(OutputFolder.safeName(spec.name))-aa", force: force)
        spec.arms = Array(spec.arms.prefix(2)).map { ArmSpec(name: $0.name, mechanism: Control()) }
        let frozen = spec, base = config.seed, level = 1 - alpha
        let started = Date()
        // One trial per core at a time; each trial runs its arms one after another.
        let reports: [AnalysisReport] = ParallelRunner.map(Array(0..<trials)) { i in
            let outcome = TrialRunner.run(frozen, seed: base + UInt64(i), parallel: false)
            var options = TrialAnalysis.Options()
            options.level = level
            return try! TrialAnalysis.analyze(TrialTables.statistics(outcome), options: options)
        }
        var rates = [Rate]()
        for (metric, breakdown) in Self.family {
            for variance in VarianceMethod.allCases {
                let rows = reports.compactMap { $0.tests.first { $0.metric == metric && $0.breakdown == breakdown && $0.variance == variance } }
                guard !rows.isEmpty else { continue }
                let tested = rows.compactMap(\.comparison.pValue)
                let rejections = tested.filter { $0 < alpha }.count
                let ci = BinomialInterval(successes: rejections, trials: tested.count)
                rates.append(Rate(metric: metric, breakdown: breakdown, variance: variance, trials: tested.count, rejections: rejections,
                                  rate: ci.rate, lower: ci.lower, upper: ci.upper, untestable: rows.count - tested.count))
            }
        }
        let output = Output(name: spec.name, seed: base, trials: trials, replicates: spec.replicates, days: spec.days, alpha: alpha, rates: rates)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try folder.commit([(name: "aa.json", contents: try encoder.encode(output) + Data("\n".utf8))], interrupts: InterruptGuard())
        print("A/A calibration of \(spec.name): \(trials) trials × \(spec.replicates) market pair(s), \(spec.days) days, α = \(alpha)")
        print("| metric | breakdown | variance | rejections | rate [95 % CI] | consistent with α |")
        print("|---|---|---|---:|---|---|")
        for r in rates {
            print(String(format: "| %@ | %@ | %@ | %d / %d | %.3f [%.3f, %.3f] | %@ |", r.metric, r.breakdown, r.variance.rawValue,
                         r.rejections, r.trials, r.rate, r.lower, r.upper, (r.lower...r.upper).contains(alpha) ? "yes" : "no"))
        }
        printError(String(format: "twinarm: %d A/A trials in %.1f s → %@/aa.json", trials, Date().timeIntervalSince(started), folder.path))
    }
}
