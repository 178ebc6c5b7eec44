/// The incremental market: relevance is cached per (creator, user) and each user keeps her
/// ranked list, so a trial move costs about O(m·(d + log K)): one vectorised relevance pass,
/// then exact work only for users whose top K the creator is in or may enter.
public struct FastMarket<Relevance: RelevanceFunction>: MarketEngine {
    let ecosystem: Ecosystem<Relevance>
    public private(set) var strategies: [Double]
    /// σ(sᵢ, xⱼ) at `i * m + j` (creator-major, so one creator's row is contiguous).
    var sigma: [Double]
    var served: MatchingState
    var baseline: MatchingState?
    var rewardWeight: [Double]
    var oldRow: [Double]
    /// Users stored coordinate-major (`d × m`) for the vectorised relevance pass.
    let usersByCoordinate: [Double]
    /// σ of the latest candidate for every user.
    var candidateRow: [Double]
    /// Users selected for the exact per-user test.
    var active: [Int32]
    public private(set) var evaluations = 0

    public init(ecosystem: Ecosystem<Relevance>, matching: [UserMatching], baseline: UserMatching?) {
        let m = ecosystem.userCount, n = ecosystem.creatorCount, d = ecosystem.dimension
        precondition(matching.count == m, "one matching per user")
        self.ecosystem = ecosystem
        strategies = ecosystem.initialStrategies
        var sigma = [Double](repeating: 0, count: n * m)
        ecosystem.users.withUnsafeBufferPointer { xs in
            ecosystem.initialStrategies.withUnsafeBufferPointer { ss in
                for i in 0..<n {
                    for j in 0..<m {
                        sigma[i * m + j] = ecosystem.relevance.relevance(ss.baseAddress! + i * d, xs.baseAddress! + j * d, dimension: d)
                    }
                }
            }
        }
        self.sigma = sigma
        let sigmaMax = ecosystem.relevance.maximum
        (served, self.baseline) = sigma.withUnsafeBufferPointer { sig in
            (MatchingState(sigma: sig.baseAddress!, userCount: m, creatorCount: n, sigmaMax: sigmaMax, matching: matching),
             baseline.map {
                MatchingState(sigma: sig.baseAddress!, userCount: m, creatorCount: n, sigmaMax: sigmaMax,
                              matching: [UserMatching](repeating: $0, count: m))
             })
        }
        rewardWeight = matching.map(\.rewardWeight)
        oldRow = [Double](repeating: 0, count: m)
        candidateRow = [Double](repeating: 0, count: m)
        active = [Int32](repeating: 0, count: m)
        var byCoordinate = [Double](repeating: 0, count: m * d)
        for j in 0..<m { for k in 0..<d { byCoordinate[k * m + j] = ecosystem.users[j * d + k] } }
        usersByCoordinate = byCoordinate
    }

    /// Copies the shared per-user state before a mutation, so copies of a market stay independent.
    private mutating func makeStateUnique() {
        if !isKnownUniquelyReferenced(&served) { served = MatchingState(copying: served) }
        if baseline != nil, !isKnownUniquelyReferenced(&baseline!) { baseline = MatchingState(copying: baseline!) }
    }

    public mutating func setMatching(_ matching: [UserMatching]) {
        makeStateUnique()
        let state = served
        sigma.withUnsafeBufferPointer { state.configure(matching, sigma: $0.baseAddress!) }
        rewardWeight = matching.map(\.rewardWeight)
    }

    public mutating func utilities(of creator: Int, candidate: UnsafeBufferPointer<Double>) -> (current: Double, candidate: Double) {
        let m = ecosystem.userCount, d = ecosystem.dimension
        let reward = ecosystem.reward
        let state = served
        var current = 0.0, moved = 0.0
        let relevance = ecosystem.relevance
        evaluations += m
        let users = usersByCoordinate
        sigma.withUnsafeBufferPointer { sig in
            candidateRow.withUnsafeMutableBufferPointer { new in
                active.withUnsafeMutableBufferPointer { active in
                    rewardWeight.withUnsafeBufferPointer { rw in
                        let row = sig.baseAddress! + creator * m
                        // Only users for whom the creator is, or may become, no lower than the K-th matter.
                        let selected = users.withUnsafeBufferPointer { xs in
                            relevance.selectUsers(candidate.baseAddress!, usersByCoordinate: xs.baseAddress!, userCount: m,
                                                  dimension: d, current: row, threshold: state.kthValues,
                                                  into: new.baseAddress!, selected: active.baseAddress!)
                        }
                        for t in 0..<selected {
                            let j = Int(active[t])
                            let old = row[j], candidate = new[j]
                            let p = state.probabilities(user: j, creator: creator, old: old, new: candidate)
                            current += rw[j] * reward.amount(relevance: old) * p.current
                            moved += rw[j] * reward.amount(relevance: candidate) * p.candidate
                        }
                    }
                }
            }
        }
        return (current / Double(m), moved / Double(m))
    }

    public mutating func move(_ creator: Int, to strategy: UnsafeBufferPointer<Double>) {
        let m = ecosystem.userCount, d = ecosystem.dimension
        for k in 0..<d { strategies[creator * d + k] = strategy[k] }
        let relevance = ecosystem.relevance
        let base = creator * m
        for j in 0..<m { oldRow[j] = sigma[base + j] }
        usersByCoordinate.withUnsafeBufferPointer { xs in
            sigma.withUnsafeMutableBufferPointer { sig in
                relevance.relevanceRow(strategy.baseAddress!, usersByCoordinate: xs.baseAddress!, userCount: m,
                                       dimension: d, into: sig.baseAddress! + base)
            }
        }
        evaluations += m
        makeStateUnique()
        let states = [served] + (baseline.map { [$0] } ?? [])
        sigma.withUnsafeBufferPointer { sig in
            oldRow.withUnsafeBufferPointer { old in
                for state in states { state.apply(creator: creator, oldRow: old.baseAddress!, sigma: sig.baseAddress!) }
            }
        }
    }

    public var userUtilities: [Double] { served.userUtilities }

    public var welfare: (served: Double, default: Double) {
        let w = served.welfare
        return (w, baseline?.welfare ?? w)
    }
}
