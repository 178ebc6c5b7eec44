/// A per-user metric the analysis tests, in total, by bucket and by week.
///
/// A metric reads the sufficient statistics of a cell of users; new metrics plug in as
/// conforming types, and the analysis and the planner only use this interface.
public protocol Metric: Sendable {
    /// The metric's identity in reports.
    var id: MetricID { get }

    /// The cell's value (a ratio of sums or a mean over users), `nil` when undefined.
    func value(_ cell: UserCell) -> Double?

    /// Why ``value(_:)`` can be undefined for a market, for the untestable note.
    var undefinedReason: String { get }

    /// Treatment against control with units as independent samples.
    func compareUnits(control: UserCell, treatment: UserCell, level: Double) -> Comparison

    /// The cell's value and the per-user variance that drives its standard error (for power).
    func baseline(_ cell: UserCell) -> (value: Double, unitVariance: Double)?
}

/// Σ numerator / Σ denominator over users (e.g. LTR = likes / impressions), by the delta method.
public struct RatioMetric: Metric {
    public let id: MetricID
    let numerator: KeyPath<UserCell, CountMoments> & Sendable
    let denominator: KeyPath<UserCell, CountMoments> & Sendable
    let cross: KeyPath<UserCell, Int128> & Sendable

    public init(id: MetricID, numerator: KeyPath<UserCell, CountMoments> & Sendable,
                denominator: KeyPath<UserCell, CountMoments> & Sendable, cross: KeyPath<UserCell, Int128> & Sendable) {
        self.id = id
        self.numerator = numerator
        self.denominator = denominator
        self.cross = cross
    }

    public func summary(_ cell: UserCell) -> RatioSummary {
        let x = cell[keyPath: numerator], y = cell[keyPath: denominator]
        return RatioSummary(count: cell.count, sumX: Double(x.sum), sumX2: Double(x.sumSquares), sumY: Double(y.sum),
                            sumY2: Double(y.sumSquares), sumXY: Double(cell[keyPath: cross]))
    }

    public func value(_ cell: UserCell) -> Double? {
        let s = summary(cell)
        return s.sumY > 0 ? s.ratio : nil
    }

    public var undefinedReason: String { "a market has no impressions" }

    public func compareUnits(control: UserCell, treatment: UserCell, level: Double) -> Comparison {
        DeltaMethod.compare(control: summary(control), treatment: summary(treatment), level: level)
    }

    public func baseline(_ cell: UserCell) -> (value: Double, unitVariance: Double)? {
        let s = summary(cell)
        guard s.count >= 2, s.sumY > 0 else { return nil }
        return (s.ratio, s.ratioVariance * Double(s.count))
    }
}

/// The mean over users of a per-user count (e.g. topics per user), by Welch's test.
public struct MeanMetric: Metric {
    public let id: MetricID
    let moments: KeyPath<UserCell, CountMoments> & Sendable

    public init(id: MetricID, moments: KeyPath<UserCell, CountMoments> & Sendable) {
        self.id = id
        self.moments = moments
    }

    public func summary(_ cell: UserCell) -> SampleSummary { cell[keyPath: moments].summary(count: cell.count) }

    public func value(_ cell: UserCell) -> Double? { cell.count > 0 ? summary(cell).mean : nil }

    public var undefinedReason: String { "a market has no units in this breakdown" }

    public func compareUnits(control: UserCell, treatment: UserCell, level: Double) -> Comparison {
        Welch.compare(control: summary(control), treatment: summary(treatment), level: level)
    }

    public func baseline(_ cell: UserCell) -> (value: Double, unitVariance: Double)? {
        let s = summary(cell)
        return s.count >= 2 ? (s.mean, s.variance) : nil
    }
}

extension TrialAnalysis {
    /// The user metrics of MODEL.md §8: LTR, cold-start and fresh impressions, topics (diversity).
    public static let userMetrics: [any Metric] = [
        RatioMetric(id: .ltr, numerator: \.likes, denominator: \.impressions, cross: \.likesTimesImpressions),
        MeanMetric(id: .coldStartImpressions, moments: \.coldStart),
        MeanMetric(id: .freshImpressions, moments: \.fresh),
        MeanMetric(id: .topics, moments: \.topics),
    ]
}
