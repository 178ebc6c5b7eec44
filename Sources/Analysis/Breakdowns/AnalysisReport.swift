/// How a comparison's variance was estimated.
public enum VarianceMethod: String, Sendable, Codable, CaseIterable {
    /// Units as independent samples (Welch / delta method). Misses the noise shared by a whole market.
    case unit
    /// A t-test on the per-market-pair deltas of R replicates; includes the between-market variance.
    case market
}

/// One tested delta in a report.
public struct TestRow: Sendable, Equatable, Codable {
    public var metric: String
    public var breakdown: String
    public var control: String
    public var treatment: String
    public var variance: VarianceMethod
    public var comparison: Comparison
    /// Benjamini–Hochberg and Holm adjusted p-values over the tests of the same variance method.
    public var adjustedPValue: Double?
    public var holmPValue: Double?
}

/// Power of the trial for one metric: the minimum detectable effect at the realised arm sizes.
public struct PowerRow: Sendable, Equatable, Codable {
    public var metric: String
    public var baseline: Double
    public var unitStandardDeviation: Double
    public var unitsControl: Int
    public var unitsTreatment: Int
    public var minimumDetectableEffect: Double
    public var relativeMinimumDetectableEffect: Double
}

/// Everything `twinarm analyze` concludes, ready to be rendered.
public struct AnalysisReport: Sendable, Equatable, Codable {
    public var control: String
    public var treatment: String
    public var level: Double
    public var alpha: Double
    public var replicates: Int
    /// The variance method whose rows the report leads with.
    public var varianceMethod: VarianceMethod
    public var varianceNote: String
    public var sampleRatioUsers: SampleRatioMismatch?
    public var sampleRatioCreators: SampleRatioMismatch?
    public var bucketLabels: [String]
    public var power: [PowerRow]
    public var tests: [TestRow]
}
