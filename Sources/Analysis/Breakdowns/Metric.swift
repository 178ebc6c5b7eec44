/// A per-user metric the analysis tests, in total, by bucket and by week.
///
/// New metrics plug in as conforming types; the analysis and the planner only use this interface.
public protocol Metric: Sendable {
    /// Name used in reports (`ltr`, `topics`, …).
    var name: String { get }

    /// Treatment against control, with unit-level or market-level variance.
    func compare(_ users: [UnitTable.User], control: String, treatment: String, replicates: [Int],
                 variance: VarianceMethod, level: Double) -> Comparison

    /// The arm's value and the per-user variance that drives its standard error (for power).
    func baseline(_ users: [UnitTable.User]) -> (value: Double, unitVariance: Double)?
}

/// Σ numerator / Σ denominator over users (e.g. LTR = likes / impressions), by the delta method.
public struct RatioMetric: Metric {
    public let name: String
    let numerator: @Sendable (UnitTable.User) -> Double
    let denominator: @Sendable (UnitTable.User) -> Double

    public init(name: String, numerator: @escaping @Sendable (UnitTable.User) -> Double,
                denominator: @escaping @Sendable (UnitTable.User) -> Double) {
        self.name = name
        self.numerator = numerator
        self.denominator = denominator
    }

    func summary(_ users: [UnitTable.User]) -> RatioSummary {
        var s = RatioSummary()
        for u in users { s.add(x: numerator(u), y: denominator(u)) }
        return s
    }

    public func compare(_ users: [UnitTable.User], control: String, treatment: String, replicates: [Int],
                        variance: VarianceMethod, level: Double) -> Comparison {
        switch variance {
        case .unit:
            return DeltaMethod.compare(control: summary(users.filter { $0.arm == control }),
                                       treatment: summary(users.filter { $0.arm == treatment }), level: level)
        case .market:
            let c = replicates.map { r in summary(users.filter { $0.arm == control && $0.replicate == r }) }
            let t = replicates.map { r in summary(users.filter { $0.arm == treatment && $0.replicate == r }) }
            if c.contains(where: { $0.sumY == 0 }) || t.contains(where: { $0.sumY == 0 }) {
                return .untestable("a market has no impressions", nControl: replicates.count, nTreatment: replicates.count)
            }
            return PairedMarkets.compare(controls: c.map(\.ratio), treatments: t.map(\.ratio), level: level)
        }
    }

    public func baseline(_ users: [UnitTable.User]) -> (value: Double, unitVariance: Double)? {
        let s = summary(users)
        guard s.count >= 2, s.sumY > 0 else { return nil }
        return (s.ratio, s.ratioVariance * Double(s.count))
    }
}

/// The mean over users of a per-user value (e.g. topics per user), by Welch's test.
public struct MeanMetric: Metric {
    public let name: String
    let value: @Sendable (UnitTable.User) -> Double

    public init(name: String, value: @escaping @Sendable (UnitTable.User) -> Double) {
        self.name = name
        self.value = value
    }

    public func compare(_ users: [UnitTable.User], control: String, treatment: String, replicates: [Int],
                        variance: VarianceMethod, level: Double) -> Comparison {
        TrialAnalysis.compareMeans(users, control: control, treatment: treatment, replicates: replicates,
                                   arm: \.arm, replicate: \.replicate, value: value, variance: variance, level: level)
    }

    public func baseline(_ users: [UnitTable.User]) -> (value: Double, unitVariance: Double)? {
        let s = SampleSummary(users.map(value))
        return s.count >= 2 ? (s.mean, s.variance) : nil
    }
}

extension TrialAnalysis {
    /// The user metrics of MODEL.md §8: LTR, cold-start and fresh impressions, topics (diversity).
    public static let userMetrics: [any Metric] = [
        RatioMetric(name: "ltr", numerator: { $0.likes }, denominator: { $0.impressions }),
        MeanMetric(name: "coldStartImpressions", value: { $0.coldStart }),
        MeanMetric(name: "freshImpressions", value: { $0.fresh }),
        MeanMetric(name: "topics", value: { $0.topics }),
    ]
}
