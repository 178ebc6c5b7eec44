import Foundation
import Analysis
import Runs
import Trial

/// Everything a trial report shows: the question, the analysis, and the daily series.
///
/// Plain values only, so the renderers work the same on a simulated run or on re-read files.
public struct TrialReportInput: Sendable {
    public struct Arm: Sendable {
        public var name: String
        public var mechanism: String
        /// Realised users and creators, one entry per replicate.
        public var users: [Int]
        public var creators: [Int]
        public init(name: String, mechanism: String, users: [Int], creators: [Int]) {
            self.name = name; self.mechanism = mechanism; self.users = users; self.creators = creators
        }
    }

    /// One arm's day (replicate 0).
    public struct Day: Sendable {
        public var arm: String
        public var day: Int
        public var ltr: Double
        public var activeCreators: Int
        /// Requests users made, and impressions shown (a request shows nothing when the feed has run out).
        public var requests = 0
        public var impressions = 0
        public init(arm: String, day: Int, ltr: Double, activeCreators: Int, requests: Int = 0, impressions: Int = 0) {
            self.arm = arm; self.day = day; self.ltr = ltr; self.activeCreators = activeCreators
            self.requests = requests; self.impressions = impressions
        }
    }

    /// A re-weighted group of the treatment arm at the end (replicate 0).
    public struct Weight: Sendable {
        public var group: Int
        public var users: Int
        public var weight: Double
        public init(group: Int, users: Int, weight: Double) { self.group = group; self.users = users; self.weight = weight }
    }

    public var name: String
    /// `symmetric` (disjoint arms, a real test's design), `twin` (simulation only: the same units in every arm), or a shared-market design.
    public var design = TrialDesign.symmetric
    public var seed: UInt64
    public var days: Int
    public var splitUsers: Double
    public var splitCreators: Double
    public var arms: [Arm]
    public var analysis: AnalysisReport
    public var daily: [Day]
    public var finalWeights: [Weight]
    /// How much the treatment arm's weights followed need (simulated runs only).
    package var weightFollow: WeightFollow?
    /// The treatment arm's dose by day (simulated runs only).
    package var dose: DoseSeries?

    public init(name: String, seed: UInt64, days: Int, splitUsers: Double, splitCreators: Double, arms: [Arm],
                analysis: AnalysisReport, daily: [Day], finalWeights: [Weight]) {
        self.name = name; self.seed = seed; self.days = days; self.splitUsers = splitUsers; self.splitCreators = splitCreators
        self.arms = arms; self.analysis = analysis; self.daily = daily; self.finalWeights = finalWeights
    }

    /// For a table exported from a real test (`twinarm analyze`): where it came from. Such a report
    /// has no daily series, weights, seed or split.
    public var source: String?
    public var isExport: Bool { source != nil }

    /// What metric titles and definitions depend on (the run's fresh window).
    public var metricContext = MetricContext()

    /// The run's config values that differ from TwinArm's defaults, as `key: value` lines.
    public var configChanges: [String] = []

    /// In a twin trial the arms share their units, so the tests' independence assumption fails:
    /// the difference is read as the mechanism's effect, and nothing is marked significant.
    public var isTwin: Bool { design == .twin }

    func row(_ metric: MetricID, _ breakdown: Breakdown) -> TestRow? { analysis.row(metric, breakdown) }

    /// Week numbers present in the analysis.
    var weeks: [Int] { analysis.weeks }

    /// A report of an exported unit table: arm sizes from the analysis, nothing simulated.
    public static func export(_ analysis: AnalysisReport, source: String) -> TrialReportInput {
        let users = analysis.sampleRatioUsers?.observed ?? [], creators = analysis.sampleRatioCreators?.observed ?? []
        let arms = [analysis.control, analysis.treatment].enumerated().map { i, name in
            Arm(name: name, mechanism: "—", users: users.indices.contains(i) ? [users[i]] : [], creators: creators.indices.contains(i) ? [creators[i]] : [])
        }
        var input = TrialReportInput(name: analysis.treatment, seed: 0, days: 0, splitUsers: 0, splitCreators: 0, arms: arms,
                                     analysis: analysis, daily: [], finalWeights: [])
        input.source = source
        return input
    }

    /// The user metrics, in report order.
    static let userMetrics: [MetricID] = [.ltr, .coldStartImpressions, .freshImpressions, .topics]
}

/// One offline-game run per mechanism, for the side-by-side welfare report.
public struct WelfareReportInput: Sendable {
    /// The welfare readings of one run (absent where the run was too short for them).
    public struct Readings: Sendable, Equatable {
        public var initialServed: Double?
        public var initialDefault: Double?
        public var plateauServed: Double?
        public var plateauDefault: Double?
        public var finalServed: Double?
        public var finalDefault: Double?
        public var weightSizeSpearman: Double?
        public init(initialServed: Double? = nil, initialDefault: Double? = nil, plateauServed: Double? = nil, plateauDefault: Double? = nil,
                    finalServed: Double? = nil, finalDefault: Double? = nil, weightSizeSpearman: Double? = nil) {
            self.initialServed = initialServed; self.initialDefault = initialDefault
            self.plateauServed = plateauServed; self.plateauDefault = plateauDefault
            self.finalServed = finalServed; self.finalDefault = finalDefault
            self.weightSizeSpearman = weightSizeSpearman
        }
    }

    public struct Mechanism: Sendable {
        public var name: String
        public var served: [Double]
        public var standard: [Double]
        public var readings: Readings
        public init(name: String, served: [Double], standard: [Double], readings: Readings) {
            self.name = name; self.served = served; self.standard = standard; self.readings = readings
        }
    }
    public var name: String
    public var seed: UInt64
    public var mechanisms: [Mechanism]
    public init(name: String, seed: UInt64, mechanisms: [Mechanism]) { self.name = name; self.seed = seed; self.mechanisms = mechanisms }
}

/// Number formatting shared by the renderers (locale-free, deterministic).
enum Format {
    static func percentLevel(_ x: Double) -> String { String(format: "%g %%", 100 * x) }
    static func percent(_ x: Double?) -> String { x.map { String(format: "%+.2f%%", 100 * $0) } ?? "—" }
    static func p(_ x: Double?) -> String {
        guard let x else { return "—" }
        return x < 0.0001 ? "<0.0001" : String(format: "%.4f", x)
    }
    static func value(_ x: Double?) -> String { x.map { String(format: "%.5g", $0) } ?? "—" }
    static func alpha(_ x: Double) -> String { String(format: "%.3g", x) }
    /// A relative interval; a metric cannot fall by more than 100 %, so a lower bound past that
    /// (a normal approximation's tail) is shown as the bound it cannot cross.
    static func interval(_ lo: Double?, _ hi: Double?) -> String {
        let lower = lo.map { $0 < -1 ? "< −100%" : percent($0) } ?? "—"
        return "[\(lower), \(percent(hi))]"
    }

    static func title(_ metric: MetricID, _ breakdown: Breakdown, _ context: MetricContext) -> String {
        var title = metric.title(context)
        if case let .creators(popular, _) = breakdown { title += popular ? ", popular" : ", other" }
        return metric.isGuardrail ? title + " (guardrail)" : title
    }

    /// A text interval bar on a shared scale: `·` background, `━` the interval, `●` the estimate,
    /// `┃` zero.
    static func bar(estimate: Double, lower: Double, upper: Double, scale: (Double, Double), width: Int = 21) -> String {
        let (lo, hi) = scale
        func position(_ x: Double) -> Int {
            let at = ((x - lo) / Swift.max(hi - lo, 1e-300) * Double(width - 1)).rounded()
            guard at.isFinite else { return at > 0 ? width - 1 : 0 }   // an unbounded end sits at the edge
            return Swift.min(width - 1, Swift.max(0, Int(Swift.min(Swift.max(at, -1), Double(width)))))
        }
        var cells = [Character](repeating: "·", count: width)
        for i in position(lower)...position(upper) { cells[i] = "━" }
        if lo <= 0 && 0 <= hi { cells[position(0)] = "┃" }
        cells[position(estimate)] = "●"
        return String(cells)
    }
}
