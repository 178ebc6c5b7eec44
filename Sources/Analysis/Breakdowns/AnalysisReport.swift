/// How a comparison's variance was estimated.
public enum VarianceMethod: String, Sendable, Codable, CaseIterable {
    /// Units as independent samples (Welch / delta method). Misses the noise shared by a whole market.
    case unit
    /// Student's t-test on the 2R markets' values of R replicates (2R − 2 df, ``MarketTest``); includes the between-market variance.
    case market
    /// One market pair: the unit-level test with its variance inflated by the row's factor learned
    /// from N simulated A/A trials of the same config, t with N df (``AAInflation``).
    case inflated
}

/// One tested delta in a report.
public struct TestRow: Sendable, Equatable, Codable {
    public var metric: MetricID
    public var breakdown: Breakdown
    /// Primary (the headline totals) or exploratory (buckets, weeks): adjusted separately.
    public var family: TestFamily
    public var control: String
    public var treatment: String
    public var variance: VarianceMethod
    public var comparison: Comparison
    /// Benjamini–Hochberg and Holm adjusted p-values within the row's family and variance method.
    public var adjustedPValue: Double?
    public var holmPValue: Double?
    /// The absolute delta's interval at the family's false-coverage-adjusted level
    /// 1 − max(R, 1)·α/m (Benjamini–Yekutieli), R = BH rejections among the family's m tests: it
    /// excludes 0 exactly when the adjusted p-value is below α.
    public var adjustedLevel: Double?
    public var adjustedLower: Double?
    public var adjustedUpper: Double?
    /// Whether the report calls the row significant: its method is the report's lead method, that
    /// method is calibrated, and its adjusted p-value is below α.
    public var significant: Bool

    public init(metric: MetricID, breakdown: Breakdown, control: String, treatment: String, variance: VarianceMethod,
                comparison: Comparison) {
        self.metric = metric
        self.breakdown = breakdown
        family = metric.isEcosystem ? .ecosystem : breakdown.family
        self.control = control
        self.treatment = treatment
        self.variance = variance
        self.comparison = comparison
        significant = false
    }
}

/// Power of the trial for one headline metric, from the variance of the test the report leads
/// with: the smallest absolute effect its two-sided level-α test detects with power 0.8,
/// (t₁₋α/₂ + t₀.₈)·SE with the test's own degrees of freedom.
public struct PowerRow: Sendable, Equatable, Codable {
    public var metric: MetricID
    public var breakdown: Breakdown
    public var variance: VarianceMethod
    public var baseline: Double
    public var standardError: Double
    public var degreesOfFreedom: Double
    public var minimumDetectableEffect: Double
    public var relativeMinimumDetectableEffect: Double
    /// With a non-inferiority margin on the metric: the test's power when the true effect is 0,
    /// and the smallest relative margin it meets with power 0.8 (a fall, negative, where higher is better).
    public var marginPower: Double?
    public var smallestMargin: Double?
}

/// The answer to the trial's question for one primary metric, at this design.
public struct Verdict: Sendable, Equatable, Codable {
    public enum Call: String, Sendable, Codable {
        /// Significantly better: higher, or lower for a metric where lower is better (``MetricID/higherIsBetter``).
        case better
        case worse
        /// No significant difference: the interval is the answer.
        case inconclusive
        /// No calibrated test exists at this design (e.g. a single market pair).
        case uncalibrated
        case untestable
    }
    public var metric: MetricID
    public var breakdown: Breakdown
    public var call: Call
    /// The relative delta and the adjusted interval of the absolute delta, as shares of the control's value.
    public var relativeDelta: Double?
    public var relativeLower: Double?
    public var relativeUpper: Double?
}

/// Everything `twinarm analyze` concludes, ready to be rendered.
/// The basis of a report's lead variance, and what a reader must know about it.
public struct VarianceNote: Sendable, Equatable, Codable {
    public enum Basis: String, Sendable, Codable, CaseIterable {
        /// A twin trial: the arms share their units; no test applies and nothing is marked.
        case twin
        /// One market pair, unit-level variance inflated by A/A factors from `calibrationTrials` simulated trials.
        case inflated
        /// Student's t-test on the markets' values of `marketPairs` independent pairs (``MarketTest``).
        case market
        /// Units pooled over `marketPairs` ≥ 2 pairs; ignores the between-market variance.
        case unitPooled
        /// One pair's units: a diagnostic only, nothing is marked.
        case unitSinglePair
    }

    public var basis: Basis
    public var marketPairs: Int
    /// The A/A trials behind an inflated variance.
    public var calibrationTrials: Int?
    /// Whether every metric is CUPED-adjusted on its pre-period: absolute deltas adjusted; unit
    /// rows show the arms' plain values, market rows the markets' adjusted values.
    public var cuped: Bool
    /// `regression` when the user metrics are adjusted on several covariates instead of their own pre-period value.
    public var adjustment: CovariateAdjustment?

    public init(basis: Basis, marketPairs: Int, calibrationTrials: Int? = nil, cuped: Bool = false) {
        self.basis = basis
        self.marketPairs = marketPairs
        self.calibrationTrials = calibrationTrials
        self.cuped = cuped
    }
}

public struct AnalysisReport: Sendable, Equatable, Codable {
    public var control: String
    public var treatment: String
    public var level: Double
    public var alpha: Double
    public var replicates: Int
    /// The variance method whose rows the report leads with.
    public var varianceMethod: VarianceMethod
    /// Why the lead variance is what it is, as a value (Reports phrases it).
    public var varianceNote: VarianceNote
    /// Whether the lead method holds its level on A/A trials (market-level with ≥ 2 pairs); if
    /// not, nothing is marked significant.
    public var calibrated: Bool
    /// Whether the tests are CUPED-adjusted on the pre-period: `nil` when the table has none.
    public var cuped: Bool?
    public var sampleRatioUsers: SampleRatioMismatch?
    public var sampleRatioCreators: SampleRatioMismatch?
    public var bucketLabels: [String]
    public var verdicts: [Verdict]
    public var power: [PowerRow]
    public var tests: [TestRow]
    /// Daily looks under `sequentialPlan` (simulated trials: ≥ 2 market pairs, or one pair with
    /// its A/A calibration); `nil` otherwise.
    public var sequential: [SequentialLook]?
    public var sequentialPlan: SequentialPlan?
    /// The stop rule: per metric, the first look that crossed its boundary.
    public var stops: [SequentialStop]?
    /// Non-inferiority (guardrail) and superiority tests against the margins given.
    public var margins: [MarginVerdict]?
    /// The headline user metrics' lead test under CUPED and under the regression, side by side.
    public var adjustments: [AdjustmentComparison]?
    /// A two-sided market's TSR estimators from all four cells (nil for every other design).
    public var twoSided: [TwoSidedEstimate]?

    /// `regression` when the user metrics are adjusted on several covariates (nil: CUPED, per `cuped`); the variance note's.
    public var adjustment: CovariateAdjustment? { varianceNote.adjustment }

    /// The row of a metric and breakdown under the lead method.
    public func row(_ metric: MetricID, _ breakdown: Breakdown) -> TestRow? {
        tests.first { $0.metric == metric && $0.breakdown == breakdown && $0.variance == varianceMethod }
    }

    /// The headline rows, in report order: the user metrics' totals, then creator DAU.
    public static let headline: [(metric: MetricID, breakdown: Breakdown)] = [
        (.ltr, .total), (.coldStartImpressions, .total), (.freshImpressions, .total), (.topics, .total),
        (.creatorDAU, .creators(popular: true, week: nil)), (.creatorDAU, .creators(popular: false, week: nil)),
    ]

    /// The ecosystem-health rows, in report order (their own family).
    public static let ecosystem: [(metric: MetricID, breakdown: Breakdown)] = [
        (.exposureGini, .total), (.exposureTop10Share, .total), (.creatorCoverage, .total), (.creatorChurn, .total), (.worstGroupLTR, .total),
    ]

    /// Weeks with rows.
    public var weeks: [Int] {
        Array(Set(tests.compactMap { if case let .week(w) = $0.breakdown { return w } else { return nil } })).sorted()
    }

    /// Whether `row` counts as significant at level `alpha`: the report's own rule (the lead,
    /// calibrated method, Benjamini–Hochberg within its family) applied at another α.
    public func isSignificant(_ row: TestRow, alpha: Double) -> Bool {
        calibrated && row.variance == varianceMethod && (row.adjustedPValue.map { $0 < alpha } ?? false)
    }
}
