import Foundation

/// The few numbers per user that decide most counterfactual queries, packed together.
struct UserSummary {
    /// Relevance and index of the K-th ranked creator.
    var kthValue: Double
    /// Relevance and index of the (K+1)-th, or −∞ / `Int32.max` when there is none.
    var nextValue: Double
    /// Sum of the top-K softmax weights, and of the top K−1.
    var total: Double
    var totalButLast: Double
    var beta: Double
    var kthId: Int32
    var nextId: Int32
}

/// Per-user matching state kept up to date as creators move, so that a counterfactual match
/// probability costs O(1) for almost every user instead of a sort over all creators.
///
/// For every user `j` it holds her best `count[j]` creators in rank order (relevance, then lower
/// index) — at least `min(n, K_j + 1)` and at most `limit(j)` of them — with their softmax weights
/// `exp((σ − σ_max) / β_j)`, and a packed ``UserSummary``. A creator in the top K who dominates
/// the normaliser, and users whose weights underflow (tiny or zero β), take an exact,
/// max-shifted path instead, so no sum ever suffers cancellation.
///
/// Storage is raw, contiguous memory owned by this class; ``FastMarket`` copies it before
/// mutating a shared instance, so the market keeps value semantics.
final class MatchingState {
    let userCount: Int
    let creatorCount: Int
    /// Largest relevance value; exponents are taken relative to it so they never overflow.
    let sigmaMax: Double
    /// Slots per user in `values`, `ids` and `weights`.
    private(set) var capacity: Int

    private(set) var k: UnsafeMutablePointer<Int>
    private(set) var beta: UnsafeMutablePointer<Double>
    private(set) var count: UnsafeMutablePointer<Int>
    private(set) var exact: UnsafeMutablePointer<Bool>
    /// Σ σ·P over the user's matching (π = σ): the user's expected utility.
    private(set) var userUtility: UnsafeMutablePointer<Double>
    /// What the hot path needs of each user, packed so a scan over users reads one line per user.
    private(set) var summary: UnsafeMutablePointer<UserSummary>
    /// Relevance of each user's K-th ranked creator, contiguous for the selection pass.
    private(set) var kthValues: UnsafeMutablePointer<Double>
    /// Relevance of the last creator each user's list holds, contiguous for the move pass.
    private(set) var lastValues: UnsafeMutablePointer<Double>
    private(set) var values: UnsafeMutablePointer<Double>
    private(set) var ids: UnsafeMutablePointer<Int32>
    private(set) var weights: UnsafeMutablePointer<Double>

    /// Builds the state for `matching` from a creator-major relevance matrix (`n × m`).
    init(sigma: UnsafePointer<Double>, userCount: Int, creatorCount: Int, sigmaMax: Double, matching: [UserMatching]) {
        self.userCount = userCount
        self.creatorCount = creatorCount
        self.sigmaMax = sigmaMax
        capacity = 0
        k = .allocate(capacity: userCount)
        beta = .allocate(capacity: userCount)
        count = .allocate(capacity: userCount)
        exact = .allocate(capacity: userCount)
        userUtility = .allocate(capacity: userCount)
        summary = .allocate(capacity: userCount)
        kthValues = .allocate(capacity: userCount)
        lastValues = .allocate(capacity: userCount)
        for j in 0..<userCount {
            k[j] = Swift.min(matching[j].k, creatorCount)
            beta[j] = matching[j].beta
        }
        count.initialize(repeating: 0, count: userCount)
        values = .allocate(capacity: 1); ids = .allocate(capacity: 1); weights = .allocate(capacity: 1)
        reallocate(sigma: sigma)
    }

    /// A deep copy.
    init(copying other: MatchingState) {
        userCount = other.userCount
        creatorCount = other.creatorCount
        sigmaMax = other.sigmaMax
        capacity = other.capacity
        func clone<T>(_ p: UnsafeMutablePointer<T>, _ n: Int) -> UnsafeMutablePointer<T> {
            let q = UnsafeMutablePointer<T>.allocate(capacity: n)
            q.initialize(from: p, count: n)
            return q
        }
        let m = userCount, slots = userCount * capacity
        k = clone(other.k, m); beta = clone(other.beta, m); count = clone(other.count, m)
        exact = clone(other.exact, m); userUtility = clone(other.userUtility, m)
        summary = clone(other.summary, m); kthValues = clone(other.kthValues, m); lastValues = clone(other.lastValues, m)
        values = clone(other.values, slots); ids = clone(other.ids, slots); weights = clone(other.weights, slots)
    }

    deinit {
        k.deallocate(); count.deallocate(); beta.deallocate(); exact.deallocate(); userUtility.deallocate()
        summary.deallocate(); kthValues.deallocate(); lastValues.deallocate()
        values.deallocate(); ids.deallocate(); weights.deallocate()
    }

    /// How many creators user `j` keeps: K + 1 plus room, so that refills from the matrix are rare.
    @inline(__always)
    private func limit(_ j: Int) -> Int {
        Swift.min(creatorCount, k[j] + 1 + Swift.max(8, k[j] / 4))
    }

    private func neededCapacity() -> Int {
        var most = 1
        for j in 0..<userCount { most = Swift.max(most, limit(j)) }
        return most
    }

    private func reallocate(sigma: UnsafePointer<Double>) {
        // Grow with room to spare: K can keep rising for a while (HMT), and each growth refills every list.
        capacity = Swift.min(creatorCount, Swift.max(neededCapacity(), capacity + capacity / 2))
        values.deallocate(); ids.deallocate(); weights.deallocate()
        values = .allocate(capacity: userCount * capacity)
        ids = .allocate(capacity: userCount * capacity)
        weights = .allocate(capacity: userCount * capacity)
        for j in 0..<userCount { refill(user: j, sigma: sigma) }
    }

    /// Applies new matching parameters for every user.
    func configure(_ matching: [UserMatching], sigma: UnsafePointer<Double>) {
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
            // The top `count` stays exact when the list is cut; it must only hold at least K + 1.
            count[j] = Swift.min(count[j], limit(j))
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

    /// First slot in `0..<end` of user `j`'s list that does not rank before `(v, i)`.
    ///
    /// A branch-free binary search on the relevances: the comparisons are data-dependent coin
    /// flips, so conditional moves beat predicted branches here.
    @inline(__always)
    private func lowerBound(_ v: Double, _ i: Int, user j: Int, end: Int) -> Int {
        let list = values + j * capacity, who = ids + j * capacity
        let me = Int32(truncatingIfNeeded: i)
        var first = 0, length = end
        while length > 0 {
            let half = length >> 1
            let mid = first + half
            let x = list[mid]
            // Ties are rare: the index is read only for them, which saves a cache miss per probe.
            let before = x > v || (x == v && who[mid] < me)
            first = before ? mid + 1 : first
            length = before ? length - half - 1 : half
        }
        return first
    }

    /// Position of creator `i` (relevance `v`) among the first `end` slots of user `j`'s list, or `end` if absent.
    @inline(__always)
    private func position(of i: Int, value v: Double, user j: Int, end: Int) -> Int {
        let lo = lowerBound(v, i, user: j, end: end)
        return lo < end && Int(ids[j * capacity + lo]) == i ? lo : end
    }

    /// Rebuilds user `j`'s list from the full relevance matrix: a bounded insertion selection,
    /// cheap because most creators rank below the running cut-off.
    private func refill(user j: Int, sigma: UnsafePointer<Double>) {
        let keep = limit(j)
        let base = j * capacity
        var filled = 0
        for i in 0..<creatorCount {
            let v = sigma[i * userCount + j]
            if filled == keep && !Matching.ranksBefore(v, i, values[base + keep - 1], Int(ids[base + keep - 1])) { continue }
            var t = filled == keep ? keep - 1 : filled
            while t > 0 && Matching.ranksBefore(v, i, values[base + t - 1], Int(ids[base + t - 1])) {
                values[base + t] = values[base + t - 1]
                ids[base + t] = ids[base + t - 1]
                t -= 1
            }
            values[base + t] = v
            ids[base + t] = Int32(i)
            if filled < keep { filled += 1 }
        }
        count[j] = keep
        recomputeWeights(user: j)
        recomputeSums(user: j)
    }

    private func recomputeWeights(user j: Int) {
        let base = j * capacity
        for t in 0..<count[j] { weights[base + t] = weight(values[base + t], j) }
    }

    /// Normalisers, expected utility and summary of user `j`, in one pass over her top K.
    private func recomputeSums(user j: Int) {
        let base = j * capacity, kj = k[j]
        var butLast = 0.0, weighted = 0.0
        for t in 0..<(kj - 1) {
            butLast += weights[base + t]
            weighted += values[base + t] * weights[base + t]
        }
        let total = butLast + weights[base + kj - 1]
        weighted += values[base + kj - 1] * weights[base + kj - 1]
        exact[j] = !(weights[base] >= 1e-290)
        userUtility[j] = exact[j] ? exactUserUtility(j) : weighted / total
        let hasNext = count[j] > kj
        kthValues[j] = values[base + kj - 1]
        lastValues[j] = values[base + count[j] - 1]
        summary[j] = UserSummary(
            kthValue: values[base + kj - 1], nextValue: hasNext ? values[base + kj] : -.infinity,
            total: total, totalButLast: butLast, beta: beta[j],
            kthId: ids[base + kj - 1], nextId: hasNext ? ids[base + kj] : Int32.max)
    }

    // MARK: Queries

    /// Creator `i`'s match probability for user `j` now (relevance `old`) and if her relevance became `new`.
    @inline(__always)
    func probabilities(user j: Int, creator i: Int, old: Double, new: Double) -> (current: Double, candidate: Double) {
        if !exact[j] {
            // Only a creator ranked no lower than the K-th can be in the top K; one ranked lower
            // enters only by overtaking the K-th. The packed summary settles almost every user.
            let u = summary[j]
            if Matching.ranksBefore(u.kthValue, Int(u.kthId), old, i) {
                guard Matching.ranksBefore(new, i, u.kthValue, Int(u.kthId)) else { return (0, 0) }
                let e = exp((new - sigmaMax) / u.beta)
                let total = e + u.totalButLast
                if total >= 1e-290 { return (0, e / total) }
            } else {
                let own = exp((old - sigmaMax) / u.beta)
                let others = u.total - own
                // Dropping her own weight from the normaliser is exact enough unless she dominates it.
                if others >= 0.01 * u.total {
                    let current = own / u.total
                    guard Matching.ranksBefore(new, i, u.nextValue, Int(u.nextId)) else { return (current, 0) }
                    let e = exp((new - sigmaMax) / u.beta)
                    return (current, e / (e + others))
                }
            }
        }
        return (exactProbability(user: j, creator: i, value: old), exactProbability(user: j, creator: i, value: new))
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

    /// Updates the lists of `users` after creator `i` moved; `sigma` already holds her new row.
    ///
    /// Users are independent, so disjoint ranges may be updated from different threads.
    func apply(creator i: Int, oldRow: UnsafePointer<Double>, sigma: UnsafePointer<Double>, users: Range<Int>) {
        let row = sigma + i * userCount
        let complete = creatorCount - 1
        for j in users {
            let old = oldRow[j], new = row[j]
            let last = lastValues[j]
            // Neither in the list before nor able to join it: nothing to do (the common case).
            if old < last && new < last && count[j] < complete { continue }
            update(user: j, creator: i, old: old, new: new, sigma: sigma)
        }
    }

    @inline(__always)
    private func update(user j: Int, creator i: Int, old: Double, new: Double, sigma: UnsafePointer<Double>) {
        let base = j * capacity
        let c = count[j]
        let r = position(of: i, value: old, user: j, end: c)
        var lowest = 0  // the first slot the update touched
        // The list holds the exact top-c creators; after the move `i` may sit in it only where that stays true.
        if r < c {
            let others = c - 1
            // Without her, the list is the exact top `others`; its last member is the cut-off.
            let cut = r == c - 1 ? c - 2 : c - 1
            let stays = others == creatorCount - 1
                || (cut >= 0 && Matching.ranksBefore(new, i, values[base + cut], Int(ids[base + cut])))
            if stays {
                // She stays: slide her to her new rank, shifting only the slots in between.
                var p = r
                while p > 0 && Matching.ranksBefore(new, i, values[base + p - 1], Int(ids[base + p - 1])) {
                    values[base + p] = values[base + p - 1]; ids[base + p] = ids[base + p - 1]; weights[base + p] = weights[base + p - 1]
                    p -= 1
                }
                while p < others && Matching.ranksBefore(values[base + p + 1], Int(ids[base + p + 1]), new, i) {
                    values[base + p] = values[base + p + 1]; ids[base + p] = ids[base + p + 1]; weights[base + p] = weights[base + p + 1]
                    p += 1
                }
                values[base + p] = new
                ids[base + p] = Int32(i)
                weights[base + p] = weight(new, j)
                lowest = Swift.min(r, p)
            } else {
                // She falls below the list: close the gap.
                shift(user: j, from: r + 1, to: r, count: others - r)
                count[j] = others
                lowest = r
            }
        } else {
            let joins = c == creatorCount - 1 || Matching.ranksBefore(new, i, values[base + c - 1], Int(ids[base + c - 1]))
            guard joins else { return }
            let lo = lowerBound(new, i, user: j, end: c)
            let kept = Swift.min(c + 1, limit(j))
            guard lo < kept else { return }
            shift(user: j, from: lo, to: lo + 1, count: kept - 1 - lo)
            values[base + lo] = new
            ids[base + lo] = Int32(i)
            weights[base + lo] = weight(new, j)
            count[j] = kept
            lowest = lo
        }
        if count[j] < Swift.min(creatorCount, k[j] + 1) {
            refill(user: j, sigma: sigma)
        } else if lowest <= k[j] {
            recomputeSums(user: j)
        } else {
            // Only the spare tail changed: the top K + 1, and so every sum, are as they were.
            lastValues[j] = values[base + count[j] - 1]
        }
    }

    /// Moves `n` consecutive slots of user `j`'s list from `source` to `destination` (ranges may overlap).
    @inline(__always)
    private func shift(user j: Int, from source: Int, to destination: Int, count n: Int) {
        guard n > 0 else { return }
        let base = j * capacity
        memmove(values + base + destination, values + base + source, n * MemoryLayout<Double>.stride)
        memmove(ids + base + destination, ids + base + source, n * MemoryLayout<Int32>.stride)
        memmove(weights + base + destination, weights + base + source, n * MemoryLayout<Double>.stride)
    }

    /// Mean of the users' expected utilities.
    var welfare: Double {
        var total = 0.0
        for j in 0..<userCount { total += userUtility[j] }
        return total / Double(userCount)
    }

    /// Users' expected utilities as an array.
    var userUtilities: [Double] { Array(UnsafeBufferPointer(start: userUtility, count: userCount)) }
}
