/// How the feed serves one request: retrieval → ranking → selection (docs/MODEL.md §7).
public struct ServingSpec: Codable, Sendable, Equatable {
    /// How the feed picks among ranked candidates.
    public enum Selection: String, ConfigChoice {
        /// The best-scored candidate the user has not seen today (a real feed).
        case best
        /// The paper's Eq. 1: a softmax on true relevance over the retrieved candidates, with replacement.
        case softmax
    }

    /// How the cold-start stage finds a user's top K of today's pool.
    public enum ColdStartIndex: String, ConfigChoice {
        /// Every item of the pool scored: the exact top K.
        case exact
        /// An inverted-file index of the pool by topic: the buckets of the user's
        /// `coldStartProbes` nearest topics are scored, then further ones until 2·K candidates
        /// were (approximate: a whole platform's pool is too large to scan for every user).
        case ivf
    }

    /// Production percentile p: production retrieves the top K = max(1, ⌈(1 − p)·pool⌉) of today's
    /// cold-start pool by retrieval score; HMT changes this K per user group.
    public var productionPercentile: Double = 0.99
    /// Error of the retrieval model: an item's retrieval embedding is its true embedding plus
    /// Gaussian noise of this norm (per coordinate `retrievalNoise/√d`), renormalised.
    public var retrievalNoise: Double = 0.5
    /// Established candidates per request: the best older items for the user by retrieval score,
    /// from an inverted-file index over the catalogue (items of the last `catalogueDays` days).
    public var establishedCandidates: Int = 30
    public var catalogueDays: Int = 7
    /// The follow channel: each day a user may be offered the new items of each creator she follows
    /// with probability `followReach`, up to `followCandidates` items (0 turns the channel off).
    public var followCandidates: Int = 10
    public var followReach: Double = 0.5
    /// Topics the index probes per user: her nearest topic centroids.
    public var probeTopics: Int = 4
    public var coldStartIndex: ColdStartIndex = .exact
    /// Topics the cold-start index probes at least per user (`coldStartIndex: ivf`): 40 of 100 found
    /// 95.4 % of the exact top K on the quickstart platform (README, "Whole-platform speed").
    public var coldStartProbes: Int = 40
    /// Standard deviation of the ranker's error on an item with feedback (0 = a perfect ranker).
    public var rankerNoise: Double = 0.04
    /// Factor on `rankerNoise` for items without feedback yet (no impression before today).
    public var newItemNoise: Double = 2
    /// Score bonus the ranker gives items without feedback (exploration; 0 = none).
    public var explorationBonus: Double = 0
    public var selection: Selection = .best
    /// Softmax temperature of `selection: softmax`.
    public var beta: Double = 0.05

    public init() {}
}
