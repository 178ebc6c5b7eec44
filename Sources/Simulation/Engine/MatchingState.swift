import Foundation

/// Per-user matching state kept up to date as creators move, so that a counterfactual
/// match probability costs O(log K) instead of a sort over all creators.
///
/// For every user `j` it holds the best `count[j]` creators in rank order (relevance, then lower
/// index), at least `min(n, K_j + 1)` of them, with their softmax weights
/// `exp((σ − σ_max) / β_j)` and prefix/suffix sums of those weights over the top `K_j`.
/// Prefix and suffix sums let us drop any one creator from the normaliser without
/// cancellation. Users whose weights would underflow (tiny or zero β) are served by an exact
/// max-shifted path instead.
struct MatchingState {
    let userCount: Int
    let creatorCount: Int
    /// Largest relevance value; exponents are taken relative to it so they never overflow.
    let sigmaMax: Double
    /// Slots per user in `values`, `ids` and `weights`.
    private(set) var capacity: Int

    private(set) var k: [Int]
    private(set) var beta: [Double]
    private(set) var count: [Int]
    private(set) var values: [Double]
    private(set) var ids: [Int32]
    private(set) var weights: [Double]
    /// `prefix[j*(capacity+1) + t]` = sum of the first `t` weights (t ≤ K).
    private(set) var prefix: [Double]
    /// `suffix[j*(capacity+1) + t]` = sum of weights `t..<K`.
    private(set) var suffix: [Double]
    /// Users that must use the exact, max-shifted path.
    private(set) var exact: [Bool]
    /// Σ σ·P over the user's matching (π = σ): the user's expected utility.
    private(set) var userUtility: [Double]
    /// A creator whose relevance for user `j` is below `gate[j]` cannot be in, nor enter, her top K
    /// by one step: the (K+1)-th relevance minus the largest change a step can make.
    private(set) var gate: [Double]
    let gateMargin: Double

    private var scratch: [(Double, Int32)]

    /// Builds the state for `matching` from a creator-major relevance matrix (`n × m`).
    init(sigma: [Double], userCount: Int, creatorCount: Int, sigmaMax: Double, gateMargin: Double, matching: [UserMatching]) {
        self.userCount = userCount
        self.creatorCount = creatorCount
        self.sigmaMax = sigmaMax
        self.gateMargin = gateMargin
        capacity = 0
        k = matching.map { Swift.min($0.k, creatorCount) }
        beta = matching.map(\.beta)
        count = [Int](repeating: 0, count: userCount)
        values = []; ids = []; weights = []; prefix = []; suffix = []
        exact = [Bool](repeating: false, count: userCount)
        userUtility = [Double](repeating: 0, count: userCount)
        gate = [Double](repeating: -.infinity, count: userCount)
        scratch = []
        scratch.reserveCapacity(creatorCount)
        reallocate(sigma: sigma)
    }

    /// Slots needed for the current K values, with room so that refills are rare.
    private func neededCapacity() -> Int {
        let maxK = k.max() ?? 1
        return Swift.min(creatorCount, maxK + 1 + Swift.max(8, maxK / 4))
    }

    private mutating func reallocate(sigma: [Double]) {
        capacity = neededCapacity()
        values = [Double](repeating: 0, count: userCount * capacity)
        ids = [Int32](repeating: 0, count: userCount * capacity)
        weights = [Double](repeating: 0, count: userCount * capacity)
        prefix = [Double](repeating: 0, count: userCount * (capacity + 1))
        suffix = [Double](repeating: 0, count: userCount * (capacity + 1))
        for j in 0..<userCount { refill(user: j, sigma: sigma) }
    }

    /// Applies new matching parameters for every user.
    mutating func configure(_ matching: [UserMatching], sigma: [Double]) {
        precondition(matching.count == userCount, "one matching per user")
        var betaChanged = [Bool](repeating: false, count: userCount)
        for j in 0..<userCount {
            betaChanged[j] = beta[j] != matching[j].beta
            k[j] = Swift.min(matching[j].k, creatorCount)
            beta[j] = matching[j].beta
        }
        if neededCapacity() > capacity {
            reallocate(sigma: sigma)
            return
        }
        for j in 0..<userCount {
            if count[j] < Swift.min(creatorCount, k[j] + 1) {
                refill(user: j, sigma: sigma)
            } else {
                if betaChanged[j] { recomputeWeights(user: j) }
                recomputeSums(user: j)
            }
        }
    }

    // MARK: Per-user bookkeeping

    @inline(__always)
    private func weight(_ value: Double, _ j: Int) -> Double {
        beta[j] > 0 ? exp((value - sigmaMax) / beta[j]) : 0
    }

    /// Position of creator `i` (relevance `v`) in user `j`'s list, or `nil` if absent.
    @inline(__always)
    func position(of i: Int, value v: Double, user j: Int) -> Int? {
        let base = j * capacity
        var lo = 0, hi = count[j]
        while lo < hi {
            let mid = (lo + hi) >> 1
            if Matching.ranksBefore(values[base + mid], Int(ids[base + mid]), v, i) { lo = mid + 1 } else { hi = mid }
        }
        return lo < count[j] && Int(ids[base + lo]) == i ? lo : nil
    }

    /// Rebuilds user `j`'s list from the full relevance matrix.
    private mutating func refill(user j: Int, sigma: [Double]) {
        scratch.removeAll(keepingCapacity: true)
        for i in 0..<creatorCount { scratch.append((sigma[i * userCount + j], Int32(i))) }
        let keep = Swift.min(creatorCount, capacity)
        scratch.sort { Matching.ranksBefore($0.0, Int($0.1), $1.0, Int($1.1)) }
        let base = j * capacity
        for t in 0..<keep {
            values[base + t] = scratch[t].0
            ids[base + t] = scratch[t].1
        }
        count[j] = keep
        recomputeWeights(user: j)
        recomputeSums(user: j)
    }

    private mutating func recomputeWeights(user j: Int) {
        let base = j * capacity
        for t in 0..<count[j] { weights[base + t] = weight(values[base + t], j) }
    }

    private mutating func recomputeSums(user j: Int) {
        let base = j * capacity, pbase = j * (capacity + 1), kj = k[j]
        var running = 0.0
        prefix[pbase] = 0
        for t in 0..<kj {
            running += weights[base + t]
            prefix[pbase + t + 1] = running
        }
        running = 0
        suffix[pbase + kj] = 0
        for t in stride(from: kj - 1, through: 0, by: -1) {
            running += weights[base + t]
            suffix[pbase + t] = running
        }
        exact[j] = !(weights[base] >= 1e-290)
        gate[j] = count[j] > kj ? values[base + kj] - gateMargin : -.infinity
        if exact[j] {
            userUtility[j] = exactUserUtility(j)
        } else {
            var u = 0.0
            for t in 0..<kj { u += values[base + t] * weights[base + t] }
            userUtility[j] = u / prefix[pbase + kj]
        }
    }

    // MARK: Queries

    /// Creator `i`'s match probability for user `j` now (relevance `old`) and if her relevance became `new`.
    @inline(__always)
    func probabilities(user j: Int, creator i: Int, old: Double, new: Double) -> (current: Double, candidate: Double) {
        if exact[j] {
            return (exactProbability(user: j, creator: i, value: old), exactProbability(user: j, creator: i, value: new))
        }
        let base = j * capacity, pbase = j * (capacity + 1), kj = k[j], c = count[j]
        let r = position(of: i, value: old, user: j) ?? c
        var current = 0.0
        let others: Double
        let thresholdIndex: Int
        if r < kj {
            current = weights[base + r] / prefix[pbase + kj]
            others = prefix[pbase + r] + suffix[pbase + r + 1]
            thresholdIndex = kj
        } else {
            others = prefix[pbase + kj - 1]
            thresholdIndex = kj - 1
        }
        let enters = thresholdIndex >= c
            || Matching.ranksBefore(new, i, values[base + thresholdIndex], Int(ids[base + thresholdIndex]))
        guard enters else { return (current, 0) }
        let e = weight(new, j)
        let total = e + others
        if !(total >= 1e-290) {
            return (current, exactProbability(user: j, creator: i, value: new))
        }
        return (current, e / total)
    }

    /// Exact, max-shifted match probability of creator `i` with relevance `v` against the others in user `j`'s list.
    func exactProbability(user j: Int, creator i: Int, value v: Double) -> Double {
        let base = j * capacity, kj = k[j], c = count[j]
        // The others' top K−1 and their K-th member decide whether `i` is matched and against whom.
        var taken = 0
        var t = 0
        var top = -Double.infinity
        while t < c && taken < kj - 1 {
            if Int(ids[base + t]) != i {
                if taken == 0 { top = values[base + t] }
                taken += 1
            }
            t += 1
        }
        var threshold: Int? = nil
        var u = t
        while u < c {
            if Int(ids[base + u]) != i { threshold = u; break }
            u += 1
        }
        if let th = threshold, !Matching.ranksBefore(v, i, values[base + th], Int(ids[base + th])) { return 0 }
        let best = Swift.max(v, top)
        let b = beta[j]
        if b == 0 {
            guard v == best else { return 0 }
            var ties = 1
            for s in 0..<t where Int(ids[base + s]) != i && values[base + s] == best { ties += 1 }
            return 1 / Double(ties)
        }
        var total = exp((v - best) / b)
        let own = total
        for s in 0..<t where Int(ids[base + s]) != i { total += exp((values[base + s] - best) / b) }
        return own / total
    }

    private func exactUserUtility(_ j: Int) -> Double {
        let base = j * capacity, kj = k[j]
        let best = values[base]
        let b = beta[j]
        var num = 0.0, den = 0.0
        for t in 0..<kj {
            let e: Double = b > 0 ? exp((values[base + t] - best) / b) : (values[base + t] == best ? 1 : 0)
            num += values[base + t] * e
            den += e
        }
        return num / den
    }

    // MARK: Moves

    /// Updates every user's list after creator `i` moved; `sigma` already holds her new row.
    mutating func apply(creator i: Int, oldRow: [Double], sigma: [Double]) {
        let rowBase = i * userCount
        for j in 0..<userCount {
            let old = oldRow[j], new = sigma[rowBase + j]
            update(user: j, creator: i, old: old, new: new, sigma: sigma)
        }
    }

    @inline(__always)
    private mutating func update(user j: Int, creator i: Int, old: Double, new: Double, sigma: [Double]) {
        let base = j * capacity
        var c = count[j]
        var changed = false
        if let r = position(of: i, value: old, user: j) {
            for t in r..<(c - 1) {
                values[base + t] = values[base + t + 1]
                ids[base + t] = ids[base + t + 1]
                weights[base + t] = weights[base + t + 1]
            }
            c -= 1
            changed = true
        }
        // The list holds the exact top-c of the other creators; `i` may join it only where that stays true.
        let joins = c == 0 || c == creatorCount - 1
            || Matching.ranksBefore(new, i, values[base + c - 1], Int(ids[base + c - 1]))
        if joins {
            var lo = 0, hi = c
            while lo < hi {
                let mid = (lo + hi) >> 1
                if Matching.ranksBefore(values[base + mid], Int(ids[base + mid]), new, i) { lo = mid + 1 } else { hi = mid }
            }
            guard lo < capacity else {
                count[j] = c
                if c < Swift.min(creatorCount, k[j] + 1) { refill(user: j, sigma: sigma) } else { recomputeSums(user: j) }
                return
            }
            let last = Swift.min(c, capacity - 1)
            var t = last
            while t > lo {
                values[base + t] = values[base + t - 1]
                ids[base + t] = ids[base + t - 1]
                weights[base + t] = weights[base + t - 1]
                t -= 1
            }
            values[base + lo] = new
            ids[base + lo] = Int32(i)
            weights[base + lo] = weight(new, j)
            c = last + 1
            changed = true
        }
        guard changed else { return }
        count[j] = c
        if c < Swift.min(creatorCount, k[j] + 1) {
            refill(user: j, sigma: sigma)
        } else {
            recomputeSums(user: j)
        }
    }

    /// Mean of the users' expected utilities.
    var welfare: Double { userUtility.reduce(0, +) / Double(userCount) }
}
