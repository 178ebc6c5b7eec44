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

    /// Per-thread working memory for ``utilities(of:candidate:scratch:)``.
    associatedtype Scratch

    /// Fresh working memory for one thread.
    func makeScratch() -> Scratch

    /// Creator `creator`'s utility now and if she alone moved to `candidate` (Eq. 4/8).
    ///
    /// Reads the market only, so several threads may call it at once, each with its own scratch.
    func utilities(of creator: Int, candidate: UnsafePointer<Double>, scratch: inout Scratch) -> Evaluation

    /// Threads a move may use for independent bookkeeping (`nil`: none).
    var team: WorkerTeam? { get set }

    /// Moves creator `creator` to `strategy`.
    mutating func move(_ creator: Int, to strategy: UnsafeBufferPointer<Double>)

    /// Each user's expected utility Σᵢ π(sᵢ, x)·Pᵢ under the served matching.
    var userUtilities: [Double] { get }

    /// Welfare under the served matching and under the platform default matching.
    var welfare: (served: Double, default: Double) { get }

    /// How many user–creator relevance evaluations the market's moves have made (for benchmarks).
    var evaluations: Int { get }
}

/// The outcome of one counterfactual query.
public struct Evaluation: Sendable, Equatable {
    /// Utility at the current strategy and at the candidate.
    public var current: Double
    public var candidate: Double
    /// User–creator relevance evaluations the query made.
    public var evaluations: Int

    public init(current: Double, candidate: Double, evaluations: Int) {
        self.current = current
        self.candidate = candidate
        self.evaluations = evaluations
    }

    /// Local Better Response keeps the move when utility does not drop.
    public var acceptsMove: Bool { candidate >= current }
}
