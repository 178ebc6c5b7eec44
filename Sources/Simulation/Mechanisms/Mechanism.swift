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

    /// The mechanism's hand in a feed's ranking stage, with its own state, or `nil` when it leaves
    /// ranking alone. A trial market makes one per arm and feeds it each day's outcome.
    func makeRankingPolicy(creators: Int) -> (any RankingPolicy)?
    /// The same, for a policy that treats creator groups apart: `popular[i]` says whether creator i
    /// is popular (more followers than the platform's threshold) at the start.
    func makeRankingPolicy(popular: [Bool]) -> (any RankingPolicy)?
}

extension Mechanism {
    public func makeRankingPolicy(creators: Int) -> (any RankingPolicy)? { nil }
    public func makeRankingPolicy(popular: [Bool]) -> (any RankingPolicy)? { makeRankingPolicy(creators: popular.count) }
}

/// Additive adjustments to a ranker's scores for one day.
public struct RankingAdjustments: Sendable, Equatable {
    /// Added to the score of every item of creator i.
    public var perCreator: [Double]
    /// Added to the score of an item with no feedback yet (exploration of new items).
    public var newItem: Double

    public init(perCreator: [Double], newItem: Double = 0) {
        self.perCreator = perCreator
        self.newItem = newItem
    }
}

/// What a ranking policy sees of one day: per creator, impressions and likes of her items.
public struct RankingFeedback: Sendable {
    public var impressions: [Int]
    public var likes: [Int]
    /// Items each creator published that day (empty when unknown): who could have been shown.
    public var published: [Int]
    public init(impressions: [Int], likes: [Int], published: [Int] = []) {
        self.impressions = impressions
        self.likes = likes
        self.published = published
    }
}

/// A mechanism acting at the ranking stage: score adjustments it may update from each day's
/// feedback (a provider-exposure constraint's multipliers, a bandit's exploration bonus …).
public protocol RankingPolicy: Sendable {
    /// Today's adjustments.
    func adjustments() -> RankingAdjustments
    /// Learns from the day that just ended.
    mutating func observe(_ feedback: RankingFeedback)
}

extension Mechanism {
    /// The matching every user gets under the platform defaults (the *default* reading).
    public static func defaultMatching(_ defaults: MatchingDefaults) -> UserMatching {
        UserMatching(k: defaults.k, beta: defaults.beta, rewardWeight: 1)
    }
}
