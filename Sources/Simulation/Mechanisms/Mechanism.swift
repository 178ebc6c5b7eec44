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
}

extension Mechanism {
    /// The matching every user gets under the platform defaults (the *default* reading).
    public static func defaultMatching(_ defaults: MatchingDefaults) -> UserMatching {
        UserMatching(k: defaults.k, beta: defaults.beta, rewardWeight: 1)
    }
}
