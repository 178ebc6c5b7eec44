import CScoring

/// Exact retrieval's fused kernel: a block of users' products with packed item rows, each product
/// kept only when it reaches the user's floor — the score and the threshold in one pass, with no
/// product matrix written or read back (``BLAS/scores(items:count:users:userCount:dimension:into:)``
/// is the other path).
///
/// It runs where the CPU has AVX-512 (checked once at start-up). Its products are float32 sums in
/// an order of its own, within ``BLAS/roundingBound(dimension:)`` of any other order: callers
/// re-score what they keep exactly, so the outcome does not depend on which path ran.
public enum ScoreKernel {
    /// Whether this machine runs the kernel.
    public static let isAvailable: Bool = cscoring_available() != 0

    /// Floats ``pack(rows:count:dimension:into:)`` writes for `count` rows of `dimension`.
    public static func packedCount(rows count: Int, dimension: Int) -> Int {
        cscoring_packed_count(count, Int32(dimension))
    }

    /// Packs `count` rows (row-major `count × dimension`) in groups of 32, dimension-major within a
    /// group, as ``filter(packed:dimension:rows:users:userCount:floors:live:counts:room:keptRows:keptProducts:)`` reads them.
    public static func pack(rows: UnsafePointer<Float>, count: Int, dimension: Int, into packed: UnsafeMutablePointer<Float>) {
        cscoring_pack(rows, count, Int32(dimension), packed)
    }

    /// For the packed rows `rows` (its lower bound a multiple of 32) and users `u < userCount`
    /// (row-major `userCount × dimension`): appends every row whose product reaches `floors[u]` —
    /// and, when `live` is given, whose `live[row]` is non-zero — to user u's slots
    /// (`keptRows`/`keptProducts[u · room + counts[u]]`, then `counts[u] += 1`), in ascending row
    /// order. With `live` and `deadFloors` both given, a row that is not live is appended too when
    /// its product reaches `deadFloors[u]`. The caller guarantees `counts[u] + rows.count ≤ room`.
    /// Requires ``isAvailable``.
    public static func filter(packed: UnsafePointer<Float>, dimension: Int, rows: Range<Int>, users: UnsafePointer<Float>, userCount: Int,
                              floors: UnsafePointer<Float>, live: UnsafePointer<UInt8>?, deadFloors: UnsafePointer<Float>? = nil,
                              counts: UnsafeMutablePointer<Int32>, room: Int, keptRows: UnsafeMutablePointer<Int32>,
                              keptProducts: UnsafeMutablePointer<Float>) {
        precondition(isAvailable && rows.lowerBound % 32 == 0)
        guard !rows.isEmpty, userCount > 0 else { return }
        cscoring_filter(packed, Int32(dimension), rows.lowerBound, rows.count, users, userCount, floors, live, deadFloors, counts, room, keptRows,
                        keptProducts)
    }

    /// The products of users `u < userCount` (row-major `userCount × dimension`) with the first
    /// `count` packed rows, written densely to `products[u · count + r]`. Requires ``isAvailable``.
    public static func products(packed: UnsafePointer<Float>, dimension: Int, count: Int, users: UnsafePointer<Float>, userCount: Int,
                                into products: UnsafeMutablePointer<Float>) {
        precondition(isAvailable)
        guard count > 0, userCount > 0 else { return }
        cscoring_products(packed, Int32(dimension), count, users, userCount, products)
    }

    /// The value at `rank` (0-based) in descending order of `values[0..<count]`, duplicates
    /// counted — the (rank + 1)-th largest — reordering `values` and using `scratch`
    /// (``largestScratch(count:)`` floats): a quickselect whose partitions are vector compresses.
    /// Requires ``isAvailable``.
    /// Floats of scratch ``largest(rank:in:count:scratch:)`` needs for `count` values.
    public static func largestScratch(count: Int) -> Int { 3 * (count + 16) }

    public static func largest(rank: Int, in values: UnsafeMutablePointer<Float>, count: Int, scratch: UnsafeMutablePointer<Float>) -> Float {
        precondition(isAvailable && rank >= 0 && rank < count)
        return cscoring_largest(values, count, rank, scratch)
    }
}
