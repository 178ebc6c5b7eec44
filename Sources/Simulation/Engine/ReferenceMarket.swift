/// The plain, obviously-correct market: every query recomputes relevance and matching from scratch.
///
/// - Complexity: O(m · n · (d + log n)) per utility query. Use it for tests on small instances.
public struct ReferenceMarket<Relevance: RelevanceFunction>: MarketEngine {
    let ecosystem: Ecosystem<Relevance>
    public private(set) var strategies: [Double]
    var matching: [UserMatching]
    let baseline: UserMatching?
    public let evaluations = 0
    public var team: WorkerTeam?

    public init(ecosystem: Ecosystem<Relevance>, matching: [UserMatching], baseline: UserMatching?) {
        precondition(matching.count == ecosystem.userCount, "one matching per user")
        self.ecosystem = ecosystem
        self.strategies = ecosystem.initialStrategies
        self.matching = matching
        self.baseline = baseline
    }

    public mutating func setMatching(_ matching: [UserMatching]) {
        precondition(matching.count == ecosystem.userCount, "one matching per user")
        self.matching = matching
    }

    /// Relevance of every creator for user `j` under `profile`.
    func relevances(user j: Int, profile: [Double]) -> [Double] {
        let d = ecosystem.dimension
        let x = ecosystem.user(j)
        return (0..<ecosystem.creatorCount).map { i in
            ecosystem.relevance.relevance(Array(profile[(i * d)..<((i + 1) * d)]), x)
        }
    }

    func utility(of creator: Int, profile: [Double]) -> Double {
        var total = 0.0
        for j in 0..<ecosystem.userCount {
            let sigma = relevances(user: j, profile: profile)
            let p = Matching.probabilities(relevances: sigma, k: matching[j].k, beta: matching[j].beta)
            total += matching[j].rewardWeight * ecosystem.reward.amount(relevance: sigma[creator]) * p[creator]
        }
        return total / Double(ecosystem.userCount)
    }

    public func makeScratch() {}

    public func utilities(of creator: Int, candidate: UnsafePointer<Double>, scratch: inout Void) -> Evaluation {
        let d = ecosystem.dimension
        var moved = strategies
        for k in 0..<d { moved[creator * d + k] = candidate[k] }
        return Evaluation(current: utility(of: creator, profile: strategies), candidate: utility(of: creator, profile: moved),
                          evaluations: 2 * ecosystem.userCount * ecosystem.creatorCount)
    }

    public mutating func move(_ creator: Int, to strategy: UnsafeBufferPointer<Double>) {
        let d = ecosystem.dimension
        for k in 0..<d { strategies[creator * d + k] = strategy[k] }
    }

    func userUtility(_ j: Int, k: Int, beta: Double) -> Double {
        let sigma = relevances(user: j, profile: strategies)
        let p = Matching.probabilities(relevances: sigma, k: k, beta: beta)
        return zip(sigma, p).reduce(0) { $0 + $1.0 * $1.1 }
    }

    public var userUtilities: [Double] {
        (0..<ecosystem.userCount).map { userUtility($0, k: matching[$0].k, beta: matching[$0].beta) }
    }

    public var welfare: (served: Double, default: Double) {
        let m = Double(ecosystem.userCount)
        let served = userUtilities.reduce(0, +) / m
        guard let baseline else { return (served, served) }
        let base = (0..<ecosystem.userCount).reduce(0.0) { $0 + userUtility($1, k: baseline.k, beta: baseline.beta) } / m
        return (served, base)
    }
}
