/// The platform's defaults for matching one user request, before any mechanism acts.
public struct MatchingDefaults: Sendable, Equatable {
    /// Default truncation K (top-K creators may be matched).
    public var k: Int
    /// Default softmax temperature β.
    public var beta: Double
    /// Number of creators a user may be matched with at all (the pool a percentile refers to).
    public var poolSize: Int

    public init(k: Int, beta: Double, poolSize: Int) {
        self.k = k
        self.beta = beta
        self.poolSize = poolSize
    }
}

/// How one user is matched and how her impressions are rewarded.
public struct UserMatching: Sendable, Equatable {
    /// Truncation K(x) ≥ 1.
    public var k: Int
    /// Softmax temperature β(x) ≥ 0.
    public var beta: Double
    /// Factor on the creator's reward for this user's impressions (UIR's w(x); 1 otherwise).
    public var rewardWeight: Double

    public init(k: Int, beta: Double, rewardWeight: Double) {
        self.k = k
        self.beta = beta
        self.rewardWeight = rewardWeight
    }
}

/// A platform mechanism: turns a user's weight w(x) into the way that user is matched and rewarded.
///
/// Mechanisms are consulted once per epoch per user, never inside the hot loop, so new ones
/// (provider-exposure constraints, bandits …) can be added as plain conforming types.
public protocol Mechanism: Sendable {
    /// A short, stable name used in configs and outputs (`control`, `uir`, `smt`, `hmt`).
    var name: String { get }

    /// Whether the mechanism changes the matching itself (K or β). When it does not, the
    /// *served* and *default* welfare readings coincide.
    var altersMatching: Bool { get }

    /// The matching and reward of a user with weight `weight`.
    func matching(forWeight weight: Double, defaults: MatchingDefaults) -> UserMatching

    /// Whether the matching depends on the user's weight (UIR, SMT, HMT). A trial then gives a
    /// group whose weight was never measured production's matching (`platform.unmeasuredDose`).
    var readsWeights: Bool { get }

    /// The cold-start percentile p a weight maps to, when the mechanism sets K by a percentile table
    /// (HMT's Table 1); nil otherwise. A report groups users by it (the dose bands).
    func percentile(forWeight weight: Double) -> Double?

    /// The mechanism's hand in a feed's ranking stage, with its own state, or `nil` when it leaves
    /// ranking alone. A trial market makes one per arm and feeds it each day's outcome.
    func makeRankingPolicy(creators: Int) -> (any RankingPolicy)?
    /// The same, for a policy that treats creator groups apart: `popular[i]` says whether creator i
    /// is popular (more followers than the platform's threshold) at the start.
    func makeRankingPolicy(popular: [Bool]) -> (any RankingPolicy)?
    /// The same, for a policy that also reads each request's context (the user's group) and the
    /// items' topics: a trial market calls this one.
    func makeRankingPolicy(_ setting: RankingSetting) -> (any RankingPolicy)?
}

extension Mechanism {
    public var readsWeights: Bool { false }
    public func percentile(forWeight weight: Double) -> Double? { nil }
    public func makeRankingPolicy(creators: Int) -> (any RankingPolicy)? { nil }
    public func makeRankingPolicy(popular: [Bool]) -> (any RankingPolicy)? { makeRankingPolicy(creators: popular.count) }
    public func makeRankingPolicy(_ setting: RankingSetting) -> (any RankingPolicy)? { makeRankingPolicy(popular: setting.popular) }
}

/// What a ranking policy may know of its market when it is made.
public struct RankingSetting: Sendable {
    /// Per creator, popular (more followers than the platform's threshold) at the start.
    public var popular: [Bool]
    /// Per user group (a request's context), its feature vector (same length for every group).
    public var groupFeatures: [[Double]]
    /// Content topics (an item's topic indexes per-context adjustments).
    public var topics: Int
    /// The like model P(like) = logistic(intercept + slope · relevance), to put like rates on the ranker's scale.
    public var likeIntercept: Double
    public var likeSlope: Double

    public init(popular: [Bool], groupFeatures: [[Double]], topics: Int, likeIntercept: Double, likeSlope: Double) {
        self.popular = popular; self.groupFeatures = groupFeatures; self.topics = topics
        self.likeIntercept = likeIntercept; self.likeSlope = likeSlope
    }
}

/// Additive adjustments to a ranker's scores for one day.
public struct RankingAdjustments: Sendable, Equatable {
    /// Added to the score of every item of creator i.
    public var perCreator: [Double]
    /// Added to the score of an item with no feedback yet (exploration of new items).
    public var newItem: Double
    /// Added to the score of an item of topic k shown to a user of group g: `[g · topics + k]`
    /// (empty: none).
    public var contextTopic: [Double]
    public var topics: Int

    public init(perCreator: [Double], newItem: Double = 0, contextTopic: [Double] = [], topics: Int = 0) {
        self.perCreator = perCreator
        self.newItem = newItem
        self.contextTopic = contextTopic
        self.topics = topics
    }
}

/// What a ranking policy sees of one day: per creator, impressions and likes of her items.
public struct RankingFeedback: Sendable {
    public var impressions: [Int]
    public var likes: [Int]
    /// Items each creator published that day (empty when unknown): who could have been shown.
    public var published: [Int]
    /// Per (user group, item topic), `[g · topics + k]`: the day's impressions and likes (filled
    /// for a policy that ``RankingPolicy/observesContexts``; empty otherwise).
    public var contextImpressions: [Int]
    public var contextLikes: [Int]
    public init(impressions: [Int], likes: [Int], published: [Int] = [], contextImpressions: [Int] = [], contextLikes: [Int] = []) {
        self.impressions = impressions
        self.likes = likes
        self.published = published
        self.contextImpressions = contextImpressions
        self.contextLikes = contextLikes
    }
}

/// A mechanism acting at the ranking stage: score adjustments it may update from each day's
/// feedback (a provider-exposure constraint's multipliers, a bandit's exploration bonus …).
public protocol RankingPolicy: Sendable {
    /// Today's adjustments.
    func adjustments() -> RankingAdjustments
    /// Learns from the day that just ended.
    mutating func observe(_ feedback: RankingFeedback)
    /// Whether the policy learns per request context: the market then counts impressions and
    /// likes per (user group, item topic) for ``RankingFeedback``.
    var observesContexts: Bool { get }
}

extension RankingPolicy {
    public var observesContexts: Bool { false }
}

extension Mechanism {
    /// The matching every user gets under the platform defaults (the *default* reading).
    public static func defaultMatching(_ defaults: MatchingDefaults) -> UserMatching {
        UserMatching(k: defaults.k, beta: defaults.beta, rewardWeight: 1)
    }
}
