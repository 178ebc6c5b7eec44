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
    public private(set) var evaluations = 0
    public var team: WorkerTeam?

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

    /// Working memory of one evaluating thread: σ of the candidate and the selected users.
    public struct Scratch {
        var candidateRow: [Double]
        var active: [Int32]
    }

    public func makeScratch() -> Scratch {
        Scratch(candidateRow: [Double](repeating: 0, count: ecosystem.userCount),
                active: [Int32](repeating: 0, count: ecosystem.userCount))
    }

    public func utilities(of creator: Int, candidate: UnsafePointer<Double>, scratch: inout Scratch) -> Evaluation {
        let m = ecosystem.userCount, d = ecosystem.dimension
        let reward = ecosystem.reward
        let relevance = ecosystem.relevance
        let state = served
        var current = 0.0, moved = 0.0
        sigma.withUnsafeBufferPointer { sig in
            usersByCoordinate.withUnsafeBufferPointer { xs in
                rewardWeight.withUnsafeBufferPointer { rw in
                    scratch.candidateRow.withUnsafeMutableBufferPointer { new in
                        scratch.active.withUnsafeMutableBufferPointer { active in
                            let row = sig.baseAddress! + creator * m
                            // Only users for whom the creator is, or may become, no lower than the K-th matter.
                            let selected = relevance.selectUsers(
                                candidate, usersByCoordinate: xs.baseAddress!, userCount: m, dimension: d,
                                current: row, threshold: state.kthValues, into: new.baseAddress!, selected: active.baseAddress!)
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
        }
        return Evaluation(current: current / Double(m), candidate: moved / Double(m), evaluations: m)
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
                // Users are independent: threads take alternate blocks of users (blocks, not single
                // users, so no two threads write the same cache line; alternate, because creators
                // crowd some regions and a plain halving would leave one thread most of the work).
                let width = team?.size ?? 1, block = 64
                Parallel.run(team) { t in
                    for start in stride(from: t * block, to: m, by: width * block) {
                        let users = start..<Swift.min(m, start + block)
                        for state in states { state.apply(creator: creator, oldRow: old.baseAddress!, sigma: sig.baseAddress!, users: users) }
                    }
                }
            }
        }
    }

    public var userUtilities: [Double] { served.userUtilities }

    public var welfare: (served: Double, default: Double) {
        let w = served.welfare
        return (w, baseline?.welfare ?? w)
    }
}
