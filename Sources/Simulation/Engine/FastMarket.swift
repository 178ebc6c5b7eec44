/// The incremental market: relevance is cached per (creator, user) and each user keeps her
/// ranked list, so a trial move costs about O(m·(d + log K)) and skips users it cannot affect.
public struct FastMarket<Relevance: RelevanceFunction>: MarketEngine {
    let ecosystem: Ecosystem<Relevance>
    public private(set) var strategies: [Double]
    /// σ(sᵢ, xⱼ) at `i * m + j` (creator-major, so one creator's row is contiguous).
    var sigma: [Double]
    var served: MatchingState
    var baseline: MatchingState?
    var rewardWeight: [Double]
    var oldRow: [Double]
    public private(set) var evaluations = 0

    public init(ecosystem: Ecosystem<Relevance>, matching: [UserMatching], baseline: UserMatching?, stepLength: Double) {
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
        // A step of length η changes σ by at most η·L; a small slack absorbs rounding.
        let margin = stepLength * ecosystem.relevance.lipschitzBound(maxUserNorm: ecosystem.maxUserNorm) * (1 + 1e-9) + 1e-12
        let sigmaMax = ecosystem.relevance.maximum
        served = MatchingState(sigma: sigma, userCount: m, creatorCount: n, sigmaMax: sigmaMax, gateMargin: margin, matching: matching)
        self.baseline = baseline.map {
            MatchingState(sigma: sigma, userCount: m, creatorCount: n, sigmaMax: sigmaMax, gateMargin: margin,
                          matching: [UserMatching](repeating: $0, count: m))
        }
        rewardWeight = matching.map(\.rewardWeight)
        oldRow = [Double](repeating: 0, count: m)
    }

    public mutating func setMatching(_ matching: [UserMatching]) {
        served.configure(matching, sigma: sigma)
        rewardWeight = matching.map(\.rewardWeight)
    }

    public mutating func utilities(of creator: Int, candidate: UnsafeBufferPointer<Double>) -> (current: Double, candidate: Double) {
        let m = ecosystem.userCount, d = ecosystem.dimension
        let reward = ecosystem.reward
        let relevance = ecosystem.relevance
        var current = 0.0, moved = 0.0, evaluated = 0
        let state = served
        sigma.withUnsafeBufferPointer { sig in
            ecosystem.users.withUnsafeBufferPointer { xs in
                state.gate.withUnsafeBufferPointer { gate in
                    rewardWeight.withUnsafeBufferPointer { rw in
                        let row = sig.baseAddress! + creator * m
                        let s = candidate.baseAddress!
                        for j in 0..<m where row[j] >= gate[j] {
                            let old = row[j]
                            let new = relevance.relevance(s, xs.baseAddress! + j * d, dimension: d)
                            evaluated += 1
                            let p = state.probabilities(user: j, creator: creator, old: old, new: new)
                            current += rw[j] * reward.amount(relevance: old) * p.current
                            moved += rw[j] * reward.amount(relevance: new) * p.candidate
                        }
                    }
                }
            }
        }
        evaluations += evaluated
        return (current / Double(m), moved / Double(m))
    }

    public mutating func move(_ creator: Int, to strategy: UnsafeBufferPointer<Double>) {
        let m = ecosystem.userCount, d = ecosystem.dimension
        for k in 0..<d { strategies[creator * d + k] = strategy[k] }
        let relevance = ecosystem.relevance
        let base = creator * m
        for j in 0..<m { oldRow[j] = sigma[base + j] }
        let users = ecosystem.users
        sigma.withUnsafeMutableBufferPointer { sig in
            users.withUnsafeBufferPointer { xs in
                for j in 0..<m {
                    sig[base + j] = relevance.relevance(strategy.baseAddress!, xs.baseAddress! + j * d, dimension: d)
                }
            }
        }
        evaluations += m
        served.apply(creator: creator, oldRow: oldRow, sigma: sigma)
        baseline?.apply(creator: creator, oldRow: oldRow, sigma: sigma)
    }

    public var userUtilities: [Double] { served.userUtility }

    public var welfare: (served: Double, default: Double) {
        let w = served.welfare
        return (w, baseline?.welfare ?? w)
    }
}
