/// The platform side of every arm: likes, freshness and the daily re-weighting (Algorithm 1, §5.2.1).
public struct PlatformSpec: Codable, Sendable, Equatable {
    /// The satisfaction signal π̄ of a group.
    public enum Signal: String, ConfigChoice {
        /// The paper's: the relative change of the group's LTR today over the mean of the two days before.
        case raw
        /// The same change of LTRs shrunk toward the arm's LTR by `signalPrior` pseudo-impressions,
        /// so small groups' sampling noise moves their weights less.
        case shrunk
    }

    /// Like probability = logistic(likeIntercept + likeSlope·σ).
    public var likeIntercept: Double = -5.75
    public var likeSlope: Double = 3.5
    /// Weight update: w ← w·exp(−α·π̄), renormalised, clipped to [wMin, wMax].
    public var alpha: Double = 0.5
    public var wMin: Double = 0.2
    public var wMax: Double = 5.0
    public var signal: Signal = .raw
    public var signalPrior: Double = 5000
    /// Content younger than this many hours at impression time is fresh.
    public var freshHours: Double = 2
    public init() {}
}
