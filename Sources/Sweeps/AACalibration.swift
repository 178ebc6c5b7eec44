import Analysis
import Foundation

/// The false-positive rates of a batch of A/A trials (both arms production): per headline metric
/// and variance method, the share of trials whose p-value fell below α, with a Clopper–Pearson
/// 95 % interval. A calibrated test rejects at about α.
public struct AACalibration: Codable, Sendable, Equatable {
    public var name: String
    public var seed: UInt64
    public var trials: Int
    public var replicates: Int
    public var days: Int
    public var alpha: Double
    public var rates: [Rate]

    public struct Rate: Codable, Sendable, Equatable {
        public var metric: String
        public var breakdown: String
        public var variance: VarianceMethod
        public var trials: Int
        public var rejections: Int
        public var rate: Double
        public var lower: Double
        public var upper: Double
        public var untestable: Int
    }

    /// The rows `aa` checks.
    public static let family: [(metric: String, breakdown: String)] = [
        ("ltr", "total"), ("coldStartImpressions", "total"), ("topics", "total"),
        ("creatorDAU", "popular creators"), ("creatorDAU", "other creators"),
    ]

    public init(name: String, seed: UInt64, replicates: Int, days: Int, alpha: Double, reports: [AnalysisReport]) {
        self.name = name
        self.seed = seed
        trials = reports.count
        self.replicates = replicates
        self.days = days
        self.alpha = alpha
        rates = []
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
    }

    /// The rates as a Markdown table.
    public var table: String {
        var s = "A/A calibration of \(name): \(trials) trials × \(replicates) market pair(s), \(days) days, α = \(alpha)\n"
        s += "| metric | breakdown | variance | rejections | rate [95 % CI] | consistent with α |\n"
        s += "|---|---|---|---:|---|---|\n"
        for r in rates {
            s += String(format: "| %@ | %@ | %@ | %d / %d | %.3f [%.3f, %.3f] | %@ |\n", r.metric, r.breakdown, r.variance.rawValue,
                        r.rejections, r.trials, r.rate, r.lower, r.upper, (r.lower...r.upper).contains(alpha) ? "yes" : "no")
        }
        return s
    }
}
