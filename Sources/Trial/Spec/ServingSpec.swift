/// How the feed serves one request: retrieval → ranking → selection (docs/MODEL.md §7).
public struct ServingSpec: Codable, Sendable, Equatable {
    /// How the feed picks among ranked candidates.
    public enum Selection: String, ConfigChoice {
        /// The best-scored candidate the user has not seen today (a real feed).
        case best
        /// The paper's Eq. 1: a softmax on true relevance over the retrieved candidates, with replacement.
        case softmax
    }

    /// How a retrieval stage finds a user's best items of its source (the cold-start pool, or the
    /// established catalogue).
    public enum RetrievalIndex: String, ConfigChoice {
        /// Every item of the source scored: the exact top K.
        case exact
        /// An inverted-file index of the source by topic: the buckets of the user's nearest topics
        /// are scored (`coldStartProbes` for the cold-start pool, `probeTopics` for the catalogue),
        /// then further ones until enough candidates were (approximate: a whole platform's sources
        /// are too large to scan for every user).
        case ivf
    }
    public typealias ColdStartIndex = RetrievalIndex

    /// Production percentile p: production retrieves the top K = max(1, ⌈(1 − p)·pool⌉) of the
    /// cold-start pool by retrieval score; HMT changes this K per user group.
    public var productionPercentile: Double = 0.99
    /// Cold-start content, as the core paper defines it (§5.2.1): an item is cold-start while it is
    /// younger than `coldStartDays` days and has had fewer than `coldStartImpressions` impressions.
    /// The audience-matching stage retrieves only cold-start items; an item that reaches the cap
    /// graduates to the established catalogue (the index notices it at the next run of feeds,
    /// ``ArmMarket/feedChunk`` users later). Both are assumptions (README, "Cold-start").
    public var coldStartDays: Int = 3
    public var coldStartImpressions: Int = 30
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
    public var followReach: Double = 0.85
    /// The follow source's weight in ranking: a score bonus on a candidate the follow channel
    /// brought (a followed creator's item that reached the user today), as a feed ranks content
    /// from creators a user follows above strangers' (0: follows only add candidates).
    public var followBonus: Double = 0.5
    /// Topics the catalogue's index probes per user (`establishedIndex: ivf`): her nearest topic centroids.
    public var probeTopics: Int = 4
    /// How established content is retrieved: exactly by default, as the cold-start pool is, so that
    /// neither source's share (and the topics it brings) is an artefact of the index.
    public var establishedIndex: RetrievalIndex = .exact
    public var coldStartIndex: RetrievalIndex = .exact
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
