import GSL

/// Partial selection of the largest scores.
enum TopK {
    /// Reorders `order[0..<count]` (indices into `scores`) so that its first `k` entries are the `k`
    /// largest scores — ties broken by the lower index — in no particular order.
    ///
    /// - Complexity: expected O(count) (quickselect with a median-of-three pivot).
    static func select<T: Comparable>(_ k: Int, scores s: UnsafeBufferPointer<T>, order o: UnsafeMutableBufferPointer<Int32>, count: Int) {
        guard k > 0, k < count else { return }
        @inline(__always) func before(_ a: Int32, _ b: Int32) -> Bool {
            let x = s[Int(a)], y = s[Int(b)]
            return x > y || (x == y && a < b)
        }
        var lo = 0, hi = count - 1
        while lo < hi {
            // Median of three as pivot, moved to `hi`.
            let mid = (lo + hi) / 2
            if before(o[mid], o[lo]) { o.swapAt(mid, lo) }
            if before(o[hi], o[lo]) { o.swapAt(hi, lo) }
            if before(o[mid], o[hi]) { o.swapAt(mid, hi) }
            let pivot = o[hi]
            var store = lo
            for t in lo..<hi where before(o[t], pivot) {
                o.swapAt(t, store)
                store += 1
            }
            o.swapAt(store, hi)
            if store == k - 1 || store == k { return }
            if store < k { lo = store + 1 } else { hi = store - 1 }
        }
    }

    /// The same selection for k ≪ count: estimates from a strided sample of 128 scores a threshold
    /// that about 2k + 16 entries pass, keeps those (branch-free), and selects among them. Returns
    /// false, having changed nothing that matters, when fewer than k passed; the caller then selects
    /// over everything. `o[0..<count]` must hold `0..<count`.
    static func filterSelect(_ k: Int, scores s: UnsafeBufferPointer<Float>, order o: UnsafeMutableBufferPointer<Int32>,
                                 count: Int) -> Bool {
        let m = 128
        let q = (2 * k + 16) * m / count
        guard q < 24 else { return false }
        let threshold = sampledThreshold(rank: q, samples: m) { s[$0 * count / m] }
        var kept = 0
        for t in 0..<count {
            o[kept] = Int32(t)
            kept &+= s[t] >= threshold ? 1 : 0
        }
        // Too few passed, or none was filtered out (ties at the threshold, e.g. −∞ scores of
        // skipped items): the caller selects among them all.
        guard kept >= k, kept < count else {
            for t in 0..<count { o[t] = Int32(t) }
            return false
        }
        select(k, scores: s, order: o, count: kept)
        return true
    }

    /// The (q + 1)-th largest of `samples` values `value(0..<samples)`, by insertion into a short
    /// sorted run (q ≪ samples): the threshold a sample says about (q + 1)/samples of the whole passes.
    @inline(__always)
    static func sampledThreshold(rank q: Int, samples m: Int, _ value: (Int) -> Float) -> Float {
        withUnsafeTemporaryAllocation(of: Float.self, capacity: q + 1) { best in
            var filled = 0
            for i in 0..<m {
                let v = value(i)
                if filled <= q {
                    var u = filled
                    while u > 0 && best[u - 1] < v { best[u] = best[u - 1]; u -= 1 }
                    best[u] = v
                    filled += 1
                } else if v > best[q] {
                    var u = q
                    while u > 0 && best[u - 1] < v { best[u] = best[u - 1]; u -= 1 }
                    best[u] = v
                }
            }
            return best[q]
        }
    }

    /// The value at `rank` (0-based) in descending order of `v[0..<count]` — the (rank + 1)-th
    /// largest, duplicates counted — reordering `v` (quickselect on the values alone, median of
    /// three): what ``sampledThreshold(rank:samples:_:)`` and a k-th largest return, in O(count).
    /// Where the CPU has the fused kernel, its vector quickselect (``ScoreKernel/largest(rank:in:count:scratch:)``,
    /// `scratch`: ``ScoreKernel/largestScratch(count:)`` floats) does it; the value is the same.
    static func largest(rank r: Int, in v: UnsafeMutablePointer<Float>, count: Int, scratch: UnsafeMutablePointer<Float>) -> Float {
        if ScoreKernel.isAvailable { return ScoreKernel.largest(rank: r, in: v, count: count, scratch: scratch) }
        return largest(rank: r, in: v, count: count)
    }

    /// ``largest(rank:in:count:scratch:)`` in Swift alone (the path of a CPU without the fused kernel).
    static func largest(rank r: Int, in v: UnsafeMutablePointer<Float>, count: Int) -> Float {
        precondition(r >= 0 && r < count)
        let v = UnsafeMutableBufferPointer(start: v, count: count)
        quickselect(v, rank: r, orNext: false)
        return v[r]
    }

    /// Reorders `v` in descending order around rank `r` (median-of-three quickselect): `v[r]` is the
    /// (r + 1)-th largest and `v[0..<r]` hold values at least as large. With `orNext`, it may stop
    /// instead once rank r + 1 is in place (then `v[0...r]` are the r + 1 largest, in some order).
    @inline(__always)
    static func quickselect<T: Comparable>(_ v: UnsafeMutableBufferPointer<T>, rank r: Int, orNext: Bool) {
        var lo = 0, hi = v.count - 1
        while lo < hi {
            let mid = (lo + hi) >> 1
            if v[mid] > v[lo] { v.swapAt(mid, lo) }
            if v[hi] > v[lo] { v.swapAt(hi, lo) }
            if v[mid] > v[hi] { v.swapAt(mid, hi) }
            let pivot = v[hi]
            var store = lo
            for t in lo..<hi where v[t] > pivot {
                v.swapAt(t, store)
                store += 1
            }
            v.swapAt(store, hi)
            if store == r || (orNext && store == r + 1) { return }
            if store < r { lo = store + 1 } else { hi = store - 1 }
        }
    }

    /// ``select(_:scores:order:count:)`` for single-precision scores (the serving hot paths): each
    /// (score, index) pair becomes one 64-bit key whose order is the selection's order — higher
    /// score first, then lower index — so the partitioning compares plain integers in one buffer.
    static func select(_ k: Int, scores s: UnsafeBufferPointer<Float>, order o: UnsafeMutableBufferPointer<Int32>, count: Int) {
        guard k > 0, k < count else { return }
        if k * 16 <= count && count >= 200, filterSelect(k, scores: s, order: o, count: count) { return }
        if count >= 1024 { return bucketSelect(k, scores: s, order: o, count: count) }
        keyedSelect(k, scores: s, order: o, count: count)
    }

    /// A (score, index) pair as one integer whose order is the selections' order: the score's bits
    /// made order-preserving in the high half (−0 counted as +0, as they compare equal), the index's
    /// complement in the low half — a larger key is a higher score, then a lower index.
    @inline(__always)
    static func key(score: Float, index: UInt32) -> UInt64 {
        let bits = (score + 0).bitPattern   // −0 + 0 is +0
        let ordered = bits & 0x8000_0000 != 0 ? ~bits : bits | 0x8000_0000
        return UInt64(ordered) << 32 | UInt64(UInt32.max - index)
    }

    /// The index of a ``key(score:index:)``.
    @inline(__always) static func index(of key: UInt64) -> UInt32 { UInt32.max - UInt32(truncatingIfNeeded: key) }

    /// The score of a ``key(score:index:)``.
    @inline(__always)
    static func score(of key: UInt64) -> Float {
        let ordered = UInt32(truncatingIfNeeded: key >> 32)
        return Float(bitPattern: ordered & 0x8000_0000 != 0 ? ordered & 0x7FFF_FFFF : ~ordered)
    }

    /// Quickselect on ``key(score:index:)`` keys.
    static func keyedSelect(_ k: Int, scores s: UnsafeBufferPointer<Float>, order o: UnsafeMutableBufferPointer<Int32>, count: Int) {
        guard k > 0, k < count else { return }
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: count) { keys in
            for t in 0..<count {
                let index = UInt32(bitPattern: o[t])
                keys[t] = key(score: s[Int(index)], index: index)
            }
            quickselect(UnsafeMutableBufferPointer(rebasing: keys[0..<count]), rank: k - 1, orNext: true)
            for t in 0..<k { o[t] = Int32(bitPattern: index(of: keys[t])) }
        }
    }

    /// The selection for long lists and large k (a whole platform's cold-start match): one pass
    /// histograms the scores into 1 024 equal-width buckets between their extremes, every entry of a
    /// bucket above the k-th's is taken as it comes (no comparisons, no mispredicted branches), and
    /// only the k-th's bucket — a few entries — is resolved by the exact order (higher score, then
    /// lower index). The same k entries as quickselect, in another order.
    static func bucketSelect(_ k: Int, scores s: UnsafeBufferPointer<Float>, order o: UnsafeMutableBufferPointer<Int32>, count: Int) {
        var low = Float.infinity, high = -Float.infinity
        for t in 0..<count {
            let v = s[Int(o[t])]
            if v > -.infinity { low = Swift.min(low, v) }
            high = Swift.max(high, v)
        }
        let buckets = 1024
        guard high > low, low.isFinite else { return keyedSelect(k, scores: s, order: o, count: count) }
        // Monotone in the score, so a higher bucket never holds a lower score; NaN-free by the guard.
        let scale = Float(buckets - 1) / (high - low)
        @inline(__always) func bucket(_ v: Float) -> Int { v == -.infinity ? 0 : Swift.min(buckets - 1, Int((v - low) * scale)) }
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: buckets) { histogram in
            histogram.initialize(repeating: 0)
            for t in 0..<count { histogram[bucket(s[Int(o[t])])] &+= 1 }
            // The bucket holding the k-th entry, and how many entries lie above it.
            var boundary = buckets - 1, above = 0
            while above + Int(histogram[boundary]) < k { above += Int(histogram[boundary]); boundary -= 1 }
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: count) { spare in
                var taken = 0, tied = 0
                for t in 0..<count {
                    let entry = o[t], b = bucket(s[Int(entry)])
                    if b > boundary { o[taken] = entry; taken += 1 } else if b == boundary { spare[tied] = entry; tied += 1 }
                }
                // The remaining k − above from the boundary bucket, by the exact order.
                let rest = UnsafeMutableBufferPointer(rebasing: spare[0..<tied])
                keyedSelect(k - above, scores: s, order: rest, count: tied)
                for t in 0..<(k - above) { o[above + t] = rest[t] }
            }
        }
    }

    /// The `k` best of `order[0..<count]` (which must hold `0..<count`) in `order[0..<k]`, sorted:
    /// descending score, ties to the lower index — ``select(_:scores:order:count:)`` then
    /// ``sortPrefix(scores:order:count:)``, the same entries in the same order. Below 1 024 entries
    /// each becomes one ``key(score:index:)``, so the selection and the sort compare integers held
    /// in place instead of reading scores through the order; longer lists go the bucket path.
    static func selectSorted(_ k: Int, scores s: UnsafeBufferPointer<Float>, order o: UnsafeMutableBufferPointer<Int32>, count: Int) {
        let k = Swift.min(k, count)
        guard k > 0 else { return }
        guard count < 1_024 else {
            select(k, scores: s, order: o, count: count)
            sortPrefix(scores: s, order: o, count: k)
            return
        }
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: count) { keys in
            for t in 0..<count {
                let index = UInt32(bitPattern: o[t])
                keys[t] = key(score: s[Int(index)], index: index)
            }
            if k < count { quickselect(UnsafeMutableBufferPointer(rebasing: keys[0..<count]), rank: k - 1, orNext: true) }
            let base = keys.baseAddress!
            for t in 1..<Swift.max(1, k) {
                let v = base[t]
                var u = t
                while u > 0 && base[u - 1] < v { base[u] = base[u - 1]; u -= 1 }
                base[u] = v
            }
            for t in 0..<k { o[t] = Int32(bitPattern: index(of: base[t])) }
        }
    }

    /// ``select(_:scores:order:count:)`` on arrays.
    static func select<T: Comparable>(_ k: Int, scores: [T], order: inout [Int32], count: Int) {
        scores.withUnsafeBufferPointer { s in order.withUnsafeMutableBufferPointer { select(k, scores: s, order: $0, count: count) } }
    }

    /// Sorts `order[0..<count]` by descending score, ties to the lower index (insertion sort: for short prefixes).
    static func sortPrefix<T: Comparable>(scores s: UnsafeBufferPointer<T>, order o: UnsafeMutableBufferPointer<Int32>, count: Int) {
        guard count > 1 else { return }
        for t in 1..<count {
            let v = o[t]
            var u = t
            while u > 0 {
                let w = o[u - 1]
                if s[Int(v)] > s[Int(w)] || (s[Int(v)] == s[Int(w)] && v < w) { o[u] = w; u -= 1 } else { break }
            }
            o[u] = v
        }
    }
}
