/// Count, mean and sample variance (n − 1) of one arm's per-unit values.
public struct SampleSummary: Sendable, Equatable {
    public var count: Int
    public var mean: Double
    public var variance: Double

    public init(count: Int, mean: Double, variance: Double) {
        self.count = count
        self.mean = mean
        self.variance = variance
    }

    /// Summarises values with GSL (mean, variance with n − 1); variance 0 below two values.
    public init(_ values: [Double]) {
        count = values.count
        mean = Descriptive.mean(values) ?? .nan
        variance = Descriptive.variance(values) ?? 0
    }
}

import GSL
