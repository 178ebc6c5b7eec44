/// What the creator dynamics need from a market: counterfactual utilities, moves and welfare.
///
/// Two implementations exist: ``ReferenceMarket`` recomputes everything from scratch and is
/// obviously correct; ``FastMarket`` keeps per-user state so a trial move costs about
/// O(m·(d + log K)). Driven by the same random stream they must give identical trajectories.
public protocol MarketEngine {
    associatedtype Relevance: RelevanceFunction

    /// A market at the ecosystem's starting strategies.
    /// - Parameters:
    ///   - matching: how each user is matched and rewarded (the mechanism's current choice).
    ///   - baseline: the platform default matching, tracked separately for the *default* welfare
    ///     reading; `nil` when the mechanism does not alter the matching.
    init(ecosystem: Ecosystem<Relevance>, matching: [UserMatching], baseline: UserMatching?)

    /// Current strategies, `creatorCount × dimension`.
    var strategies: [Double] { get }

    /// Replaces every user's matching and reward (called once per epoch).
    mutating func setMatching(_ matching: [UserMatching])

    /// Creator `creator`'s utility now and if she alone moved to `candidate` (Eq. 4/8).
    mutating func utilities(of creator: Int, candidate: UnsafeBufferPointer<Double>) -> (current: Double, candidate: Double)

    /// Moves creator `creator` to `strategy`.
    mutating func move(_ creator: Int, to strategy: UnsafeBufferPointer<Double>)

    /// Each user's expected utility Σᵢ π(sᵢ, x)·Pᵢ under the served matching.
    var userUtilities: [Double] { get }

    /// Welfare under the served matching and under the platform default matching.
    var welfare: (served: Double, default: Double) { get }

    /// How many user–creator relevance evaluations the market has made (for benchmarks).
    var evaluations: Int { get }
}
