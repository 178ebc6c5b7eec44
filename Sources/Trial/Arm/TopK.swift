/// Partial selection of the largest scores.
enum TopK {
    /// Reorders `order[0..<count]` (indices into `scores`) so that its first `k` entries are the `k`
    /// largest scores — ties broken by the lower index — in no particular order.
    ///
    /// - Complexity: expected O(count) (quickselect with a median-of-three pivot).
    static func select(_ k: Int, scores: [Double], order: inout [Int32], count: Int) {
        guard k > 0, k < count else { return }
        scores.withUnsafeBufferPointer { s in
            order.withUnsafeMutableBufferPointer { o in
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
        }
    }
}
