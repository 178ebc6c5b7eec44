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

    /// The cell's value with its pre-period covariate (CUPED), `nil` when the covariate is undefined.
    func covariate(_ cell: UserCell) -> CovariateSummary?
}

/// Σ numerator / Σ denominator over users (e.g. LTR = likes / impressions), by the delta method.
public struct RatioMetric: Metric {
    public let id: MetricID
    let numerator: KeyPath<UserCell, CountMoments> & Sendable
    let denominator: KeyPath<UserCell, CountMoments> & Sendable
    let cross: KeyPath<UserCell, Int128> & Sendable
    /// The pre-period's numerator, denominator and their cross product, and the period × pre-period
    /// products: numerator·numerator⁰, numerator·denominator⁰, denominator·numerator⁰, denominator·denominator⁰.
    let pre: PreRatio

    public struct PreRatio: Sendable {
        let numerator: KeyPath<UserCell, CountMoments> & Sendable
        let denominator: KeyPath<UserCell, CountMoments> & Sendable
        let cross: KeyPath<UserCell, Int128> & Sendable
        let products: [KeyPath<UserCell, Int128> & Sendable]
    }

    public init(id: MetricID, numerator: KeyPath<UserCell, CountMoments> & Sendable,
                denominator: KeyPath<UserCell, CountMoments> & Sendable, cross: KeyPath<UserCell, Int128> & Sendable, pre: PreRatio) {
        self.id = id
        self.numerator = numerator
        self.denominator = denominator
        self.cross = cross
        self.pre = pre
    }

    public func covariate(_ cell: UserCell) -> CovariateSummary? {
        let m = cell[keyPath: numerator], d = cell[keyPath: denominator]
        let m0 = cell[keyPath: pre.numerator], d0 = cell[keyPath: pre.denominator]
        let p = pre.products.map { Double(cell[keyPath: $0]) }
        return CovariateSummary.ratio(count: cell.count, m: Double(m.sum), m2: Double(m.sumSquares), d: Double(d.sum), d2: Double(d.sumSquares),
                                      md: Double(cell[keyPath: cross]), m0: Double(m0.sum), m02: Double(m0.sumSquares), d0: Double(d0.sum),
                                      d02: Double(d0.sumSquares), m0d0: Double(cell[keyPath: pre.cross]),
                                      mm0: p[0], md0: p[1], dm0: p[2], dd0: p[3])
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
    /// The pre-period's moments of the same count and Σ period·pre-period.
    let preMoments: KeyPath<UserCell, CountMoments> & Sendable
    let preCross: KeyPath<UserCell, Int128> & Sendable

    public init(id: MetricID, moments: KeyPath<UserCell, CountMoments> & Sendable,
                pre: KeyPath<UserCell, CountMoments> & Sendable, cross: KeyPath<UserCell, Int128> & Sendable) {
        self.id = id
        self.moments = moments
        preMoments = pre
        preCross = cross
    }

    public func covariate(_ cell: UserCell) -> CovariateSummary? {
        let y = cell[keyPath: moments], x = cell[keyPath: preMoments]
        return .mean(count: cell.count, y: Double(y.sum), y2: Double(y.sumSquares), x: Double(x.sum), x2: Double(x.sumSquares),
                     xy: Double(cell[keyPath: preCross]))
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
    /// LTR = Σ likes / Σ impressions (also the worst group's metric).
    static let ltrMetric = RatioMetric(id: .ltr, numerator: \.likes, denominator: \.impressions, cross: \.likesTimesImpressions,
                                       pre: .init(numerator: \.pre.likes, denominator: \.pre.impressions, cross: \.pre.likesTimesImpressions,
                                                  products: [\.pre.likesLikes, \.pre.likesImpressions, \.pre.impressionsLikes, \.pre.impressionsImpressions]))

    /// The user metrics of docs/MODEL.md §8: LTR, cold-start and fresh impressions, topics (diversity).
    public static let userMetrics: [any Metric] = [
        ltrMetric,
        MeanMetric(id: .coldStartImpressions, moments: \.coldStart, pre: \.pre.coldStart, cross: \.pre.coldStartCross),
        MeanMetric(id: .freshImpressions, moments: \.fresh, pre: \.pre.fresh, cross: \.pre.freshCross),
        MeanMetric(id: .topics, moments: \.topics, pre: \.pre.topics, cross: \.pre.topicsCross),
    ]
}
