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
    // MARK: Passes over one user's kept slots

    /// Slots beyond what they receive that the buffers written by the passes below need (they
    /// are written with whole vectors).
    public static let passPadding = 16

    /// Keeps, in place and in order, the slots (`rows`, `values`, `t < count`) whose value reaches
    /// `floor`; for each kept slot `flags[kept]` is 1 when its value reaches `sure` and 0 when not,
    /// and those undecided also get their kept position in `openPositions` and their row in
    /// `openRows`, in order. Returns the kept, undecided and sure counts. `flags`, `openPositions`
    /// and `openRows` need `count` + ``passPadding`` slots. Requires ``isAvailable``.
    public static func classify(rows: UnsafeMutablePointer<Int32>, values: UnsafeMutablePointer<Float>, count: Int, floor: Float, sure: Float,
                                flags: UnsafeMutablePointer<UInt8>, openPositions: UnsafeMutablePointer<Int32>,
                                openRows: UnsafeMutablePointer<Int32>) -> (kept: Int, open: Int, sure: Int) {
        precondition(isAvailable && floor < sure)
        var open = 0, winners = 0
        let kept = cscoring_classify(rows, values, count, floor, sure, flags, openPositions, openRows, &open, &winners)
        return (kept, open, winners)
    }

    /// Writes the rows of the slots `t < count` whose `flags[t]` is non-zero, in order, to
    /// `outRows` and their items (`items[row]`) to `outItems`, clears `flags[0..<count]` and returns
    /// how many. `flags` needs `count` + ``passPadding`` bytes, the outputs as many slots as they
    /// receive plus ``passPadding``. Requires ``isAvailable``.
    public static func emit(rows: UnsafePointer<Int32>, flags: UnsafeMutablePointer<UInt8>, count: Int, items: UnsafePointer<Int32>,
                            outRows: UnsafeMutablePointer<Int32>, outItems: UnsafeMutablePointer<Int32>) -> Int {
        precondition(isAvailable)
        return cscoring_emit(rows, flags, count, items, outRows, outItems)
    }

    /// Keeps, in place and in order, the slots (`rows`, `values`, `t < count`) whose value reaches
    /// `bar`, and returns how many. Requires ``isAvailable``.
    public static func keep(rows: UnsafeMutablePointer<Int32>, values: UnsafeMutablePointer<Float>, count: Int, atLeast bar: Float) -> Int {
        precondition(isAvailable)
        return cscoring_keep_at_least(rows, values, count, bar)
    }

    /// How many of `values[0..<count]` reach `bar` (and, when `alive` is given, whose row
    /// `rows[t]` is alive: `alive[row] != 0`). Requires ``isAvailable``.
    public static func count(values: UnsafePointer<Float>, rows: UnsafePointer<Int32>, count: Int, atLeast bar: Float,
                             alive: UnsafePointer<UInt8>?) -> Int {
        precondition(isAvailable)
        return cscoring_count_at_least(values, rows, count, bar, alive)
    }

    /// Writes the rows and items (`items[row]`) of the slots whose value reaches `watch` to
    /// `outRows`/`outItems`, in order; then, when `alive` is given, keeps in place only the slots
    /// whose row is alive. Returns the slots left and how many were written (the outputs need that
    /// many plus ``passPadding`` slots). Requires ``isAvailable``.
    public static func report(rows: UnsafeMutablePointer<Int32>, values: UnsafeMutablePointer<Float>, count: Int, watch: Float,
                              items: UnsafePointer<Int32>, alive: UnsafePointer<UInt8>?, outRows: UnsafeMutablePointer<Int32>,
                              outItems: UnsafeMutablePointer<Int32>) -> (kept: Int, watched: Int) {
        precondition(isAvailable)
        var watched = 0
        let kept = cscoring_report(rows, values, count, watch, items, alive, outRows, outItems, &watched)
        return (kept, watched)
    }

    // MARK: The bfloat16 form

    /// Whether this machine runs the bfloat16 kernel (AVX-512F with AVX512-BF16).
    public static let hasBFloat16: Bool = cscoring_bf16_available() != 0

    /// Words ``packBFloat16(rows:count:dimension:into:)`` writes for `count` rows of `dimension`.
    public static func packedBFloat16Count(rows count: Int, dimension: Int) -> Int {
        cscoring_packed_bf16_count(count, Int32(dimension))
    }

    /// Packs `count` rows (row-major `count × dimension`), each value rounded to bfloat16 (nearest,
    /// ties to even), in groups of 32 rows by dimension pair, as
    /// ``filterBFloat16(packed:dimension:rows:users:userCount:floors:live:deadFloors:counts:room:keptRows:keptProducts:)`` reads them.
    public static func packBFloat16(rows: UnsafePointer<Float>, count: Int, dimension: Int, into packed: UnsafeMutablePointer<UInt32>) {
        cscoring_pack_bf16(rows, count, Int32(dimension), packed)
    }

    /// Packs `count` tastes (row-major) as bfloat16 pairs, ``bfloat16Pairs(dimension:)`` words each.
    public static func tastesBFloat16(_ tastes: UnsafePointer<Float>, count: Int, dimension: Int, into packed: UnsafeMutablePointer<UInt32>) {
        cscoring_tastes_bf16(tastes, count, Int32(dimension), packed)
    }

    /// Words per packed bfloat16 taste.
    public static func bfloat16Pairs(dimension: Int) -> Int { (dimension + 1) / 2 }

    /// The largest dimension the bfloat16 kernel takes.
    public static let bfloat16MaximumDimension = 128

    /// The value of half `high` of a packed bfloat16 word: what the kernel multiplies.
    @inline(__always)
    public static func bfloat16Value(_ word: UInt32, high: Bool) -> Float {
        Float(bitPattern: (high ? word >> 16 : word & 0xFFFF) << 16)
    }

    /// Dimension `k` of row `row` as packed by ``packBFloat16(rows:count:dimension:into:)``.
    @inline(__always)
    public static func packedBFloat16Value(_ packed: UnsafePointer<UInt32>, row: Int, dimension k: Int, of d: Int) -> Float {
        let pairs = bfloat16Pairs(dimension: d)
        return bfloat16Value(packed[((row / 32) * pairs + k / 2) * 32 + row % 32], high: k % 2 == 1)
    }

    /// ``filter(packed:dimension:rows:users:userCount:floors:live:deadFloors:counts:room:keptRows:keptProducts:)``
    /// on bfloat16 rows and tastes (``packBFloat16(rows:count:dimension:into:)``,
    /// ``tastesBFloat16(_:count:dimension:into:)``): rows kept by products of the rounded vectors
    /// x̃ and ỹ, each within ‖x − x̃‖·‖y‖ + ‖x̃‖·‖y − ỹ‖ of the exact product plus the float32 sums'
    /// rounding (exact products of pairs, summed in an order of the instruction's own).
    /// Requires ``hasBFloat16`` and `dimension` ≤ ``bfloat16MaximumDimension``.
    public static func filterBFloat16(packed: UnsafePointer<UInt32>, dimension: Int, rows: Range<Int>, users: UnsafePointer<UInt32>,
                                      userCount: Int, floors: UnsafePointer<Float>, live: UnsafePointer<UInt8>?,
                                      deadFloors: UnsafePointer<Float>? = nil, counts: UnsafeMutablePointer<Int32>, room: Int,
                                      keptRows: UnsafeMutablePointer<Int32>, keptProducts: UnsafeMutablePointer<Float>) {
        precondition(hasBFloat16 && rows.lowerBound % 32 == 0 && dimension <= bfloat16MaximumDimension)
        guard !rows.isEmpty, userCount > 0 else { return }
        cscoring_filter_bf16(packed, Int32(dimension), rows.lowerBound, rows.count, users, userCount, floors, live, deadFloors, counts, room,
                             keptRows, keptProducts)
    }

    /// ``products(packed:dimension:count:users:userCount:into:)`` on bfloat16 rows and tastes: each
    /// within the bound of ``filterBFloat16(packed:dimension:rows:users:userCount:floors:live:deadFloors:counts:room:keptRows:keptProducts:)``'s
    /// products. Requires ``hasBFloat16`` and `dimension` ≤ ``bfloat16MaximumDimension``.
    public static func productsBFloat16(packed: UnsafePointer<UInt32>, dimension: Int, count: Int, users: UnsafePointer<UInt32>, userCount: Int,
                                        into products: UnsafeMutablePointer<Float>) {
        precondition(hasBFloat16 && dimension <= bfloat16MaximumDimension)
        guard count > 0, userCount > 0 else { return }
        cscoring_products_bf16(packed, Int32(dimension), count, users, userCount, products)
    }
}
