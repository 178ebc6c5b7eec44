/// The platform side of every arm: likes, freshness and the daily re-weighting (Algorithm 1, §5.2.1).
public struct PlatformSpec: Codable, Sendable, Equatable {
    /// The satisfaction signal π̄ of a group.
    public enum Signal: String, ConfigChoice {
        /// The paper's: the relative change of the group's LTR today over the mean of the two days before.
        case raw
        /// The same change of LTRs shrunk toward the arm's LTR by `signalPrior` pseudo-impressions,
        /// so small groups' sampling noise moves their weights less.
        case shrunk
        /// The group's LTR over the last three days against the arm's, shrunk by empirical Bayes:
        /// the between-group variance is estimated from the day's data (method of moments), so a
        /// group's deviation keeps the share of it that is not sampling noise. Positive when the
        /// group is better served than the arm.
        case level
        /// The paper's relative change with the ratio's small-sample bias removed (a noisy
        /// denominator inflates LTR ratios) and the same empirical-Bayes shrinkage toward no change.
        case debiased
    }

    /// Like probability = logistic(likeIntercept + likeSlope·σ).
    public var likeIntercept: Double = -5.92
    public var likeSlope: Double = 3.5
    /// Weight update: w ← w·exp(−α·π̄), renormalised, clipped to [wMin, wMax].
    public var alpha: Double = 0.5
    public var wMin: Double = 0.2
    public var wMax: Double = 5.0
    public var signal: Signal = .level
    public var signalPrior: Double = 5000
    /// Content younger than this many hours at impression time is fresh.
    public var freshHours: Double = 2
    public init() {}
}
