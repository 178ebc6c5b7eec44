import Dispatch
import GSL

/// How exact search scores a block of users against item rows. Both give the same outcome
/// (``ExactSearch`` re-scores its shortlists exactly); they differ in time.
public enum RetrievalKernel: String, Sendable, Equatable, CaseIterable {
    /// The fused score-and-threshold kernel (``ScoreKernel``, AVX-512): no product matrix is
    /// written; on a CPU without AVX-512 the OpenBLAS path runs instead.
    case fused
    /// The fused kernel on bfloat16 rows and tastes (AVX512-BF16, ``ScoreKernel``'s `filterBFloat16`):
    /// a pair of dimensions per multiply-add, so half the instructions, with margins
    /// widened by its rounding; where the CPU lacks it, the float32 fused kernel runs.
    case bfloat16
    /// OpenBLAS's `sgemm` into a tile of products, then a threshold scan of them.
    case blas
}

/// How exact search is blocked: users per matrix product and item rows per tile, and which kernel
/// scores them. Outputs are the same bytes for any blocking (``ExactSearch``); it only moves time
/// and memory.
public struct RetrievalBlocking: Sendable, Equatable {
    /// Users scored together by one matrix product.
    public var users: Int
    /// Item rows per product: a tile's scores (rows × users floats) stay in cache.
    public var rows: Int
    /// The kernel asked for (``usesFusedKernel`` says whether it runs).
    public var kernel: RetrievalKernel
    /// Established items remembered per user from day to day (``EstablishedCache``, with the fused
    /// kernel; 0: none, every search covers the whole catalogue).
    public var cacheSlots: Int

    public init(users: Int = 256, rows: Int = 2048, kernel: RetrievalKernel = .bfloat16, cacheSlots: Int = 96) {
        self.users = Swift.max(1, users)
        self.rows = Swift.max(8, rows)
        self.kernel = kernel
        self.cacheSlots = Swift.max(0, cacheSlots)
    }

    /// Whether the fused kernel runs: asked for, and this CPU has it.
    public var usesFusedKernel: Bool { (kernel == .fused || kernel == .bfloat16) && ScoreKernel.isAvailable }

    /// Whether the fused kernel runs on bfloat16 rows: asked for, and this CPU has it.
    public var usesBFloat16: Bool { kernel == .bfloat16 && ScoreKernel.hasBFloat16 }

    public static let standard = RetrievalBlocking()
}

/// Items' retrieval embeddings as the rows of a matrix (`count × d`, row-major), in item order:
/// what exact search multiplies a block of users' tastes by.
struct RowEmbeddings {
    let d: Int
    private(set) var data: [Float] = []
    /// The rows packed for ``ScoreKernel`` (empty where the CPU has no fused kernel).
    fileprivate(set) var packed: [Float] = []
    /// Whether rebuilds pack the rows as bfloat16 (``packedBFloat16``) instead of float32
    /// (``packed``), for searches whose blocking ``RetrievalBlocking/usesBFloat16``: a search runs
    /// the kernel its matrix is packed for. Half the bytes: the whole catalogue's rows on 10⁶ users
    /// are about 1.5·10⁶.
    var packsBFloat16 = false
    /// The rows packed for the bfloat16 kernel (empty unless ``packsBFloat16``).
    fileprivate(set) var packedBFloat16: [UInt32] = []
    /// An upper bound on ‖y − ỹ‖ over the rows, ỹ a row as ``packedBFloat16`` holds it (for
    /// ``ExactSearch/marginBFloat16(taste:packed:dimension:maxNorm:maxRoundingError:)``).
    private(set) var maxRoundingError: Float = 0
    /// Row → item index (ascending).
    private(set) var items: [Int32] = []
    /// An upper bound on the rows' Euclidean norms (for ``BLAS/roundingBound(dimension:)``).
    private(set) var maxNorm: Float = 0

    init(dimension: Int) { d = dimension }

    var count: Int { items.count }

    /// Packs the rows for the fused kernel, once per rebuild.
    fileprivate mutating func pack() {
        guard ScoreKernel.isAvailable else { return }
        let n = count, d = self.d
        let wantsBFloat16 = packsBFloat16 && ScoreKernel.hasBFloat16 && d <= ScoreKernel.bfloat16MaximumDimension
        let size = wantsBFloat16 ? 0 : ScoreKernel.packedCount(rows: n, dimension: d)
        if packed.count != size { packed = [Float](repeating: 0, count: size) }
        let words = wantsBFloat16 ? ScoreKernel.packedBFloat16Count(rows: n, dimension: d) : 0
        if packedBFloat16.count != words { packedBFloat16 = [UInt32](repeating: 0, count: words) }
        guard n > 0 else { return }
        data.withUnsafeBufferPointer { rows in
            if !wantsBFloat16 {
                packed.withUnsafeMutableBufferPointer { ScoreKernel.pack(rows: rows.baseAddress!, count: n, dimension: d, into: $0.baseAddress!) }
            } else {
                packedBFloat16.withUnsafeMutableBufferPointer { packed in
                    ScoreKernel.packBFloat16(rows: rows.baseAddress!, count: n, dimension: d, into: packed.baseAddress!)
                    // Each row's ‖y − ỹ‖² from the packed words, a group of 32 rows at a time.
                    let pairs = ScoreKernel.bfloat16Pairs(dimension: d)
                    var largest = 0.0
                    var e2 = [Double](repeating: 0, count: 32)
                    for g in 0..<((n + 31) / 32) {
                        let lanes = Swift.min(32, n - g * 32)
                        for lane in 0..<32 { e2[lane] = 0 }
                        for q in 0..<pairs {
                            for lane in 0..<lanes {
                                let word = packed[(g * pairs + q) * 32 + lane], r = g * 32 + lane
                                let low = Double(rows[r * d + 2 * q]) - Double(ScoreKernel.bfloat16Value(word, high: false))
                                let high = 2 * q + 1 < d ? Double(rows[r * d + 2 * q + 1]) - Double(ScoreKernel.bfloat16Value(word, high: true)) : 0
                                e2[lane] += low * low + high * high
                            }
                        }
                        for lane in 0..<lanes { largest = Swift.max(largest, e2[lane]) }
                    }
                    maxRoundingError = Float(largest.squareRoot() * (1 + 1e-6))
                }
            }
        }
    }

    /// Rebuilds from the items of `range` of `store` that `include` accepts, in item order: their
    /// retrieval embeddings, or (`embeddings`) another of the store's row-major vectors.
    mutating func rebuild(_ store: ItemStore, range: Range<Int>, embeddings: KeyPath<ItemStore, [Float]> = \.retrieval,
                          include: (Int) -> Bool) {
        rebuild(store, embeddings: embeddings) { add in
            for item in range where include(item) { add(item) }
        }
    }

    /// Rebuilds from the retrieval embeddings of `list`'s items, in the list's order (which need not
    /// be item order: ``EstablishedCache`` orders its rows by the day the item entered the catalogue).
    mutating func rebuild(_ store: ItemStore, items list: [Int32]) {
        rebuild(store, embeddings: \.retrieval) { add in
            for item in list { add(Int(item)) }
        }
    }

    /// Rebuilds from the items `each` hands to its argument, in that order.
    private mutating func rebuild(_ store: ItemStore, embeddings: KeyPath<ItemStore, [Float]>, each: ((Int) -> Void) -> Void) {
        items.removeAll(keepingCapacity: true)
        data.removeAll(keepingCapacity: true)
        var largest = 0.0
        let d = self.d
        store[keyPath: embeddings].withUnsafeBufferPointer { r in
            each { item in
                items.append(Int32(item))
                var n2 = 0.0
                for k in 0..<d {
                    let v = r[item * d + k]
                    data.append(v)
                    n2 += Double(v) * Double(v)
                }
                largest = Swift.max(largest, n2)
            }
        }
        maxNorm = Float(largest.squareRoot() * (1 + 1e-6))
        pack()
    }
}

/// Which items each of a run of users retrieved, and their rows in the matrix searched: one list
/// per user, in item order (``ExactSearch``'s output; a feed reads its user's list).
struct Shortlists {
    /// The user of each list (ascending: users are searched in the order their feeds are built).
    private(set) var users: [Int32] = []
    private(set) var start: [Int] = [0]
    private(set) var items: [Int32] = []
    private(set) var rows: [Int32] = []
    /// The list a lookup found last (lookups move forward only).
    private var cursor = 0

    mutating func removeAll() {
        users.removeAll(keepingCapacity: true)
        start.removeAll(keepingCapacity: true)
        start.append(0)
        items.removeAll(keepingCapacity: true)
        rows.removeAll(keepingCapacity: true)
        cursor = 0
    }

    mutating func append(item: Int32, row: Int32) {
        items.append(item)
        rows.append(row)
    }

    /// Appends the first `count` of `items` and `rows` (one copy each, not an append per entry).
    mutating func append(items more: UnsafePointer<Int32>, rows moreRows: UnsafePointer<Int32>, count: Int) {
        guard count > 0 else { return }
        items.append(contentsOf: UnsafeBufferPointer(start: more, count: count))
        rows.append(contentsOf: UnsafeBufferPointer(start: moreRows, count: count))
    }

    /// Closes the list of user `j` (the items appended since the last close).
    mutating func close(user j: Int) {
        users.append(Int32(j))
        start.append(items.count)
    }

    /// The positions of user `j`'s list, if it has one at or after the last one found.
    mutating func list(of j: Int) -> Range<Int>? {
        while cursor < users.count && Int(users[cursor]) < j { cursor += 1 }
        guard cursor < users.count, Int(users[cursor]) == j else { return nil }
        return start[cursor]..<start[cursor + 1]
    }
}

/// Exact top-k retrieval for a block of users at once: their scores against a tile of item rows
/// come from one OpenBLAS matrix product (``BLAS/scores(items:count:users:userCount:dimension:into:)``),
/// each user keeps the rows above a running threshold — a threshold select, not a sort — and the
/// few rows left at the end are re-scored exactly (``Kernels/retrievalScore(_:_:_:)``) and the top
/// k of those taken by (exact score, lower item).
///
/// The shortlist provably holds the exact top k: BLAS's products differ from the exact scores by
/// at most half of δ = ``BLAS/roundingBound(dimension:)``·‖x‖·max‖y‖, so if T is the k-th largest
/// product so far, at least k items score at least T − δ/2 exactly, and every item of the exact
/// top k has a product of at least T − δ; rows below that are dropped. The outcome therefore does
/// not depend on the BLAS kernel, the machine, the blocking or the thread count — only on the
/// exact scores.
struct ExactSearch {
    var blocking: RetrievalBlocking
    private var tastes: [Float] = []
    private var products: [Float] = []
    /// Per block user, `room` slots of candidate rows and their products.
    private var rows: [Int32] = []
    private var approximate: [Float] = []
    private var counts: [Int] = []
    private var floors: [Float] = []
    private var margins: [Float] = []
    private var guesses: [Float] = []
    private var room = 0
    private var order: [Int32] = []
    /// The undecided rows of ``finish(_:k:taste:matrix:into:)`` and their exact scores.
    private var undecided: [Int32] = [], scores: [Float] = []
    /// Per kept slot of ``finish(_:k:taste:matrix:into:)``, 1 if it is taken (all clear between users).
    private var taken: [UInt8] = []
    /// A user's rows and items as the kernel's passes write them, before they join a shortlist.
    private var passRows: [Int32] = [], passItems: [Int32] = []
    /// The fused kernel's per-user counts and floors (a user with no k gets +∞), and the live rows.
    private var kernelCounts: [Int32] = []
    private var kernelFloors: [Float] = []
    private var liveRows: [UInt8] = []
    /// The sampled rows of the fused path's first floors, packed, and their products per block user.
    private var sampleRows: [Float] = []
    private var samplePacked: [Float] = []
    /// The sampled rows packed for the bfloat16 kernel (when the search runs it).
    private var sampleBFloat16: [UInt32] = []
    private var sampleProducts: [Float] = []
    private var sampleDead: [Int32] = []
    /// A copy of a user's products for ``kthLargest(_:from:count:)`` and its selection's scratch.
    private var values: [Float] = []
    private var sampleCount = 0
    /// Per block user, the product floor of her watched rows (+∞: none watched), and the kernel's
    /// floors for rows that are not live (``search(users:k:tastes:matrix:live:watch:into:)``).
    private var watchFloors: [Float] = []
    private var kernelDead: [Float] = []
    /// Whether this search reads liveness (``liveRows``) and watches some user: kept slots may
    /// then hold rows that are not live.
    private var mixesDead = false
    /// Whether this search runs the bfloat16 kernel (its blocking asks for it and the matrix is
    /// packed for it), and the block users' tastes packed for it.
    private var bfloat16 = false
    private var tastesBFloat16: [UInt32] = []
    /// The watched rows of the last search, per watching user (ascending), in row order: every
    /// row, live or not, whose product reaches her watch less her margin — every row whose exact
    /// score may reach the watch.
    private(set) var watched = Shortlists()

    init(blocking: RetrievalBlocking = .standard) { self.blocking = blocking }

    /// For each user `users[u]` with `k[u] > 0`: the exact top `k[u]` rows of `matrix` among the
    /// items `live` accepts (all of them if fewer), appended as a list to `out` in item order.
    /// `tastes` is the users' taste matrix (`j × d`, row-major); a nil `live` accepts every item.
    ///
    /// `watch` (fused kernel only): per user an exact score (+∞: none). Each user with a finite
    /// watch and `k[u] > 0` also gets a list in ``watched``: every row of `matrix`, live or not,
    /// whose exact score may reach it (a superset; the caller scores them exactly). The same
    /// kernel pass finds both, so a caller that needs the rows above a threshold of every row —
    /// ``EstablishedCache``'s pending keys — pays no second pass.
    mutating func search(users: UnsafeBufferPointer<Int32>, k: UnsafeBufferPointer<Int32>, tastes x: UnsafePointer<Float>,
                         matrix: RowEmbeddings, live: ((Int32) -> Bool)?, watch: UnsafeBufferPointer<Float>? = nil,
                         into out: inout Shortlists) {
        let n = matrix.count, d = matrix.d
        watched.removeAll()
        precondition(watch == nil || blocking.usesFusedKernel, "watched rows need the fused kernel")
        mixesDead = watch != nil && live != nil
        // The kernel the matrix is packed for (``RowEmbeddings/packsBFloat16``).
        bfloat16 = blocking.usesFusedKernel && !matrix.packedBFloat16.isEmpty
        if blocking.usesFusedKernel, let live {
            // The kernel reads liveness per row; nothing changes it while the search runs.
            if liveRows.count < n { liveRows = [UInt8](repeating: 0, count: n) }
            for r in 0..<n { liveRows[r] = live(matrix.items[r]) ? 1 : 0 }
        }
        if blocking.usesFusedKernel { prepareSamples(matrix, live: live != nil) }
        var first = 0
        while first < users.count {
            let b = Swift.min(blocking.users, users.count - first)
            block(users: UnsafeBufferPointer(rebasing: users[first..<(first + b)]), k: UnsafeBufferPointer(rebasing: k[first..<(first + b)]),
                  watch: watch.map { UnsafeBufferPointer(rebasing: $0[first..<(first + b)]) }, tastes: x, n: n, d: d, matrix: matrix, live: live,
                  into: &out)
            first += b
        }
    }

    private mutating func block(users: UnsafeBufferPointer<Int32>, k: UnsafeBufferPointer<Int32>, watch: UnsafeBufferPointer<Float>?,
                                tastes x: UnsafePointer<Float>, n: Int, d: Int, matrix: RowEmbeddings, live: ((Int32) -> Bool)?,
                                into out: inout Shortlists) {
        let b = users.count, tile = Swift.min(blocking.rows, Swift.max(n, 1))
        let kmax = Int(k.max() ?? 0)
        guard n > 0, kmax > 0 else {
            for u in 0..<b {
                if let watch, watch[u] < .infinity, k[u] > 0 { watched.close(user: Int(users[u])) }
                out.close(user: Int(users[u]))
            }
            return
        }
        if tastes.count < b * d { tastes = [Float](repeating: 0, count: b * d) }
        let fused = blocking.usesFusedKernel
        if !fused && products.count < b * tile { products = [Float](repeating: 0, count: b * tile) }
        if counts.count < b {
            counts = [Int](repeating: 0, count: b)
            floors = [Float](repeating: 0, count: b)
            margins = [Float](repeating: 0, count: b)
            guesses = [Float](repeating: 0, count: b)
            kernelCounts = [Int32](repeating: 0, count: b)
            kernelFloors = [Float](repeating: 0, count: b)
            watchFloors = [Float](repeating: 0, count: b)
            kernelDead = [Float](repeating: 0, count: b)
        }
        reserve(room: 2 * Swift.min(kmax, n) + tile, users: b)
        for u in 0..<b {
            let j = Int(users[u])
            tastes.withUnsafeMutableBufferPointer { t in (t.baseAddress! + u * d).update(from: x + j * d, count: d) }
            counts[u] = 0
            floors[u] = -.infinity
            if !bfloat16 { margins[u] = Self.margin(taste: x + j * d, dimension: d, maxNorm: matrix.maxNorm) }
        }
        if bfloat16 { Self.packBFloat16(tastes: tastes, count: b, dimension: d, matrix: matrix, into: &tastesBFloat16, margins: &margins) }
        for u in 0..<b {
            let w = watch?[u] ?? .infinity
            watchFloors[u] = w < .infinity && k[u] > 0 ? w - margins[u] : .infinity
        }
        if fused {
            fusedPass(0..<b, k: { Int(k[$0]) }, matrix: matrix, live: live != nil, guessing: true)
        } else {
            pass(0..<b, k: { Int(k[$0]) }, matrix: matrix, live: live ?? { _ in true }, guessing: true)
        }
        for u in 0..<b {
            if k[u] > 0 {
                if !guessHeld(u, k: Int(k[u])) { rescan(u, user: Int(users[u]), k: Int(k[u]), matrix: matrix, live: live) }
                if watchFloors[u] < .infinity { report(u, user: Int(users[u]), matrix: matrix) }
                finish(u, k: Int(k[u]), taste: x + Int(users[u]) * d, matrix: matrix, into: &out)
            }
            out.close(user: Int(users[u]))
        }
    }

    /// How far a product of `taste` with a row of norm at most `maxNorm` may lie from the exact
    /// score, from any order of summation: δ = ``BLAS/roundingBound(dimension:)``·‖x‖·max‖y‖ (and
    /// the smallest normal, so that it is never 0).
    static func margin(taste x: UnsafePointer<Float>, dimension d: Int, maxNorm: Float) -> Float {
        var n2 = 0.0
        for c in 0..<d { n2 += Double(x[c]) * Double(x[c]) }
        return BLAS.roundingBound(dimension: d) * Float(n2.squareRoot() * (1 + 1e-6)) * maxNorm + Float.leastNormalMagnitude
    }

    /// ``margin(taste:dimension:maxNorm:)`` for the bfloat16 kernel's products, δ twice a bound on
    /// their distance from the exact score. With x̃ the taste as packed (`packed`) and the rows'
    /// ‖y‖ ≤ N and ‖y − ỹ‖ ≤ E (``RowEmbeddings/maxRoundingError``), a product is the float32
    /// sum of the exact terms x̃_k·ỹ_k, and x·y − x̃·ỹ = (x − x̃)·y + x̃·(y − ỹ); so it lies within
    /// ‖x − x̃‖·N + ‖x̃‖·E + γ·‖x̃‖·(N + E) of x·y (γ = a quarter of the rounding bound: float32
    /// sums in any order), which lies within γ·‖x‖·N of the exact score; and each of the d sums
    /// the kernel flushes to zero when subnormal loses less than twice the smallest normal. The
    /// margin adds 2⁻²¹·(‖x‖·N + 1), a few units in the last place of any score, so that
    /// thresholds T ± δ computed in float32 stay on the safe side.
    static func marginBFloat16(taste x: UnsafePointer<Float>, packed: UnsafePointer<UInt32>, dimension d: Int, maxNorm: Float,
                               maxRoundingError: Float) -> Float {
        var norm2 = 0.0, rounded2 = 0.0, error2 = 0.0
        for c in 0..<d {
            let value = ScoreKernel.bfloat16Value(packed[c / 2], high: c % 2 == 1)
            norm2 += Double(x[c]) * Double(x[c])
            rounded2 += Double(value) * Double(value)
            error2 += (Double(x[c]) - Double(value)) * (Double(x[c]) - Double(value))
        }
        let n = Double(maxNorm), e = Double(maxRoundingError), gamma = Double(BLAS.roundingBound(dimension: d)) / 4
        let norm = norm2.squareRoot(), rounded = rounded2.squareRoot(), error = error2.squareRoot()
        let bound = error * n + rounded * e + gamma * rounded * (n + e) + gamma * norm * n + 2 * Double(d) * Double(Float.leastNormalMagnitude)
        // Widened by a few units in the last place of the largest score, which T ± δ may round by.
        return Float(2 * bound * (1 + 1e-6) + 0x1p-21 * (norm * n + 1)) + Float.leastNormalMagnitude
    }

    /// Packs the first `count` of `tastes` (row-major) for the bfloat16 kernel into `packed`, and
    /// sets their margins against `matrix` (``marginBFloat16(taste:packed:dimension:maxNorm:maxRoundingError:)``).
    static func packBFloat16(tastes: [Float], count b: Int, dimension d: Int, matrix: RowEmbeddings, into packed: inout [UInt32],
                             margins: inout [Float]) {
        let pairs = ScoreKernel.bfloat16Pairs(dimension: d)
        if packed.count < b * pairs { packed = [UInt32](repeating: 0, count: b * pairs) }
        tastes.withUnsafeBufferPointer { t in
            packed.withUnsafeMutableBufferPointer { p in
                ScoreKernel.tastesBFloat16(t.baseAddress!, count: b, dimension: d, into: p.baseAddress!)
                for u in 0..<b {
                    margins[u] = marginBFloat16(taste: t.baseAddress! + u * d, packed: p.baseAddress! + u * pairs, dimension: d,
                                                maxNorm: matrix.maxNorm, maxRoundingError: matrix.maxRoundingError)
                }
            }
        }
    }

    /// Sets user u's first floor from a strided sample of 128 of the first tile's live rows: the
    /// value about 2k + 16 of all `rows` should reach, less her margin — so that few rows pass from
    /// the start. A guess: ``guessHeld(_:k:)`` checks it at the end.
    private mutating func guess(_ u: Int, k: Int, tile: Int, rows n: Int, items: [Int32], live: (Int32) -> Bool) {
        let m = Self.samples, column = u * tile
        guard tile >= m else { return setGuess(u, -.infinity) }
        let size = m + ScoreKernel.largestScratch(count: m)
        if values.count < size { values = [Float](repeating: 0, count: size) }
        // A row that is not live is no evidence (it could never be kept).
        for i in 0..<m {
            let row = i * tile / m
            values[i] = live(items[row]) ? products[column + row] : -.infinity
        }
        let value = values.withUnsafeMutableBufferPointer { v in
            Self.sampledGuess(k: k, rows: n, samples: UnsafeMutableBufferPointer(rebasing: v[0..<m]), aim: 2, scratch: v.baseAddress! + m)
        }
        setGuess(u, value)
    }

    /// Rows the OpenBLAS path samples for a first floor: the first tile's rows `i · tile / 128`.
    static let samples = 128

    /// Rows the fused path samples for a first floor (rows `i · n / m` of all `n`): a sixteenth of
    /// them, from 128 to 1 024 — more samples pin a small quantile better.
    static func fusedSamples(rows n: Int) -> Int { Swift.min(1_024, Swift.max(128, n / 16 / 32 * 32)) }

    /// The value about `aim`·(k + 8) of `n` rows should reach, from a strided sample of their
    /// products (`samples`, −∞ for a row that is not live; reordered); −∞ when the sample cannot
    /// tell (k too large for the rows). Aimed above the k rows the top k needs
    /// — a guess that fails costs a second pass over the user's rows, a loose one more rows to
    /// select from: the OpenBLAS path aims at 2(k + 8) of 128 samples (a failure costs one user's
    /// products), the fused path at 3(k + 8) of ``fusedSamples(rows:)`` (a failure costs eight's;
    /// measured on the three-week pair: under 0.6 % of searches fail, against 9 % at 2(k + 8) of 128).
    ///
    /// When the sample holds many rows above the guess, a smaller multiple is as safe: with e =
    /// (k + 8)·m / n the samples the top k + 8 should hold, the guess is the q-th largest sample with
    /// q − 3√q = e (three standard deviations of a count of q above e), whenever that is below
    /// `aim`·e. At HMT's K on a whole platform's pool (e ≈ 51 of 1 024 samples) that keeps about
    /// 1.5(k + 8) rows instead of 3(k + 8); at the three-week pair's cold-start K (e ≈ 2) it changes
    /// nothing. Only the time moves: a guess that fails is caught and searched again.
    private static func sampledGuess(k: Int, rows n: Int, samples: UnsafeMutableBufferPointer<Float>, aim: Int,
                                     scratch: UnsafeMutablePointer<Float>) -> Float {
        let m = samples.count, e = Double((k + 8) * m) / Double(n)
        let root = 1.5 + (2.25 + e).squareRoot()
        let q = Int(Swift.min(Double(aim) * e, root * root))
        guard q < m / 4 else { return -.infinity }
        let value = TopK.largest(rank: q, in: samples.baseAddress!, count: m, scratch: scratch)
        return value.isFinite ? value : -.infinity
    }

    /// The fused path's sample of `matrix` for first floors: rows `i · n / m` (m =
    /// ``fusedSamples(rows:)``), packed once per search, and the samples whose rows are not live.
    private mutating func prepareSamples(_ matrix: RowEmbeddings, live: Bool) {
        let n = matrix.count, d = matrix.d
        sampleDead.removeAll(keepingCapacity: true)
        guard n >= Self.samples else { sampleCount = 0; return }
        let m = Self.fusedSamples(rows: n)
        sampleCount = m
        if sampleRows.count < m * d { sampleRows = [Float](repeating: 0, count: m * d) }
        let size = ScoreKernel.packedCount(rows: m, dimension: d)
        if samplePacked.count < size { samplePacked = [Float](repeating: 0, count: size) }
        matrix.data.withUnsafeBufferPointer { data in
            sampleRows.withUnsafeMutableBufferPointer { rows in
                for i in 0..<m {
                    let row = i * n / m
                    (rows.baseAddress! + i * d).update(from: data.baseAddress! + row * d, count: d)
                    if live && liveRows[row] == 0 { sampleDead.append(Int32(i)) }
                }
                samplePacked.withUnsafeMutableBufferPointer { ScoreKernel.pack(rows: rows.baseAddress!, count: m, dimension: d, into: $0.baseAddress!) }
                if bfloat16 {
                    let words = ScoreKernel.packedBFloat16Count(rows: m, dimension: d)
                    if sampleBFloat16.count < words { sampleBFloat16 = [UInt32](repeating: 0, count: words) }
                    sampleBFloat16.withUnsafeMutableBufferPointer {
                        ScoreKernel.packBFloat16(rows: rows.baseAddress!, count: m, dimension: d, into: $0.baseAddress!)
                    }
                }
            }
        }
    }

    /// User u's guess and, when it is finite, her first floor (the guess less her margin).
    private mutating func setGuess(_ u: Int, _ value: Float) {
        guesses[u] = value
        if value.isFinite { floors[u] = value - margins[u] }
    }

    /// Whether user u's guessed floor was safe: at least k kept rows reach the guess itself, so the
    /// k-th largest product is at least the guess and the floor (guess − margin) lost nothing of
    /// the top k. When it fails the user's rows are scanned again from no floor.
    private mutating func guessHeld(_ u: Int, k: Int) -> Bool {
        let guess = guesses[u]
        guard guess > -.infinity else { return true }
        let base = u * room, count = counts[u], mixed = mixesDead
        return approximate.withUnsafeBufferPointer { a in
            rows.withUnsafeBufferPointer { r in
                liveRows.withUnsafeBufferPointer { alive in
                    if ScoreKernel.isAvailable {
                        return ScoreKernel.count(values: a.baseAddress! + base, rows: r.baseAddress! + base, count: count, atLeast: guess,
                                                 alive: mixed ? alive.baseAddress! : nil) >= k
                    }
                    var reached = 0
                    for t in base..<(base + count) where a[t] >= guess && (!mixed || alive[Int(r[t])] != 0) { reached += 1 }
                    return reached >= k
                }
            }
        }
    }

    /// User u's rows again with no floor: her products alone, tile by tile.
    private mutating func rescan(_ u: Int, user j: Int, k: Int, matrix: RowEmbeddings, live: ((Int32) -> Bool)?) {
        counts[u] = 0
        floors[u] = -.infinity
        guesses[u] = -.infinity
        if blocking.usesFusedKernel {
            fusedPass(u..<(u + 1), k: { _ in k }, matrix: matrix, live: live != nil, guessing: false)
        } else {
            pass(u..<(u + 1), k: { _ in k }, matrix: matrix, live: live ?? { _ in true }, guessing: false)
        }
    }

    /// ``pass(_:k:matrix:live:guessing:)`` through the fused kernel: first floors guessed from exact
    /// scores of sampled rows, then per tile (a multiple of 32 rows) each user's slots made room for
    /// and one kernel call that keeps, for every block user at once, the live rows reaching her
    /// floor (``liveRows`` when `live`). No product matrix is written.
    private mutating func fusedPass(_ users: Range<Int>, k: (Int) -> Int, matrix: RowEmbeddings, live: Bool, guessing: Bool) {
        let n = matrix.count, d = matrix.d, total = counts.count
        let tile = Swift.min((blocking.rows + 31) / 32 * 32, n)
        if guessing && sampleCount > 0 {
            // The sampled rows' (``prepareSamples(_:live:)``) products for every block user in one
            // kernel call; a row that is not live is no evidence (it could never be kept).
            let m = sampleCount, first = users.lowerBound
            if sampleProducts.count < users.upperBound * m { sampleProducts = [Float](repeating: 0, count: users.upperBound * m) }
            let bfloat16 = self.bfloat16, pairs = ScoreKernel.bfloat16Pairs(dimension: d)
            tastes.withUnsafeBufferPointer { x in
                samplePacked.withUnsafeBufferPointer { packed in
                    sampleProducts.withUnsafeMutableBufferPointer { out in
                        if bfloat16 {
                            // A guess needs no more than the kernel's own precision: it is checked against what the kernel keeps.
                            sampleBFloat16.withUnsafeBufferPointer { packedB in
                                tastesBFloat16.withUnsafeBufferPointer { xb in
                                    ScoreKernel.productsBFloat16(packed: packedB.baseAddress!, dimension: d, count: m, users: xb.baseAddress! + first * pairs,
                                                                 userCount: users.count, into: out.baseAddress! + first * m)
                                }
                            }
                        } else {
                            ScoreKernel.products(packed: packed.baseAddress!, dimension: d, count: m, users: x.baseAddress! + first * d,
                                                 userCount: users.count, into: out.baseAddress! + first * m)
                        }
                        // User by user: each user's samples are contiguous (sample by sample, every write was a cache line of its own).
                        for u in users { for i in sampleDead { out[u * m + Int(i)] = -.infinity } }
                    }
                }
            }
            for u in users where k(u) > 0 {
                if values.count < ScoreKernel.largestScratch(count: m) { values = [Float](repeating: 0, count: ScoreKernel.largestScratch(count: m)) }
                let value = sampleProducts.withUnsafeMutableBufferPointer { p in
                    values.withUnsafeMutableBufferPointer { scratch in
                        Self.sampledGuess(k: k(u), rows: n, samples: UnsafeMutableBufferPointer(rebasing: p[(u * m)..<(u * m + m)]), aim: 3,
                                          scratch: scratch.baseAddress!)
                    }
                }
                setGuess(u, value)
            }
        }
        var start = 0
        while start < n {
            let count = Swift.min(tile, n - start)
            for u in users where k(u) > 0 {
                if counts[u] + count > room { compact(u, k: k(u)) }
                if counts[u] + count > room { reserve(room: counts[u] + count + tile, users: total) }
            }
            for u in users {
                kernelCounts[u] = Int32(counts[u])
                // A watched user's live rows are kept down to her watch floor too; her other rows from it.
                kernelFloors[u] = k(u) > 0 ? Swift.min(floors[u], watchFloors[u]) : .infinity
                kernelDead[u] = k(u) > 0 ? watchFloors[u] : .infinity
            }
            let first = users.lowerBound, room = self.room, dead = mixesDead
            let bfloat16 = self.bfloat16, pairs = ScoreKernel.bfloat16Pairs(dimension: d)
            tastes.withUnsafeBufferPointer { x in
            tastesBFloat16.withUnsafeBufferPointer { xb in
            matrix.packed.withUnsafeBufferPointer { packed in
            matrix.packedBFloat16.withUnsafeBufferPointer { packedB in
            liveRows.withUnsafeBufferPointer { alive in
            kernelFloors.withUnsafeBufferPointer { floors in
            kernelDead.withUnsafeBufferPointer { deadFloors in
            kernelCounts.withUnsafeMutableBufferPointer { counts in
            rows.withUnsafeMutableBufferPointer { kept in
            approximate.withUnsafeMutableBufferPointer { products in
                if bfloat16 {
                    ScoreKernel.filterBFloat16(packed: packedB.baseAddress!, dimension: d, rows: start..<(start + count),
                                               users: xb.baseAddress! + first * pairs, userCount: users.count, floors: floors.baseAddress! + first,
                                               live: live ? alive.baseAddress! : nil, deadFloors: dead ? deadFloors.baseAddress! + first : nil,
                                               counts: counts.baseAddress! + first, room: room, keptRows: kept.baseAddress! + first * room,
                                               keptProducts: products.baseAddress! + first * room)
                    return
                }
                ScoreKernel.filter(packed: packed.baseAddress!, dimension: d, rows: start..<(start + count), users: x.baseAddress! + first * d,
                                   userCount: users.count, floors: floors.baseAddress! + first, live: live ? alive.baseAddress! : nil,
                                   deadFloors: dead ? deadFloors.baseAddress! + first : nil, counts: counts.baseAddress! + first, room: room,
                                   keptRows: kept.baseAddress! + first * room, keptProducts: products.baseAddress! + first * room)
            }
            }
            }
            }
            }
            }
            }
            }
            }
            }
            for u in users { counts[u] = Int(kernelCounts[u]) }
            start += count
        }
    }

    /// One pass over `matrix` for the block users `users` (consecutive rows of ``tastes``): per tile,
    /// one product of their tastes with the tile's rows, then each user's scan above her floor (her
    /// first floor guessed from the first tile when `guessing`), compacting or growing her slots first.
    private mutating func pass(_ users: Range<Int>, k: (Int) -> Int, matrix: RowEmbeddings, live: (Int32) -> Bool, guessing: Bool) {
        let n = matrix.count, d = matrix.d, tile = Swift.min(blocking.rows, n), total = counts.count
        matrix.data.withUnsafeBufferPointer { m in
            var start = 0
            while start < n {
                let count = Swift.min(tile, n - start)
                tastes.withUnsafeBufferPointer { t in
                    products.withUnsafeMutableBufferPointer { p in
                        // User u's column starts at u · count, where ``scan(_:rows:items:live:)`` reads it.
                        BLAS.scores(items: m.baseAddress! + start * d, count: count, users: t.baseAddress! + users.lowerBound * d,
                                    userCount: users.count, dimension: d, into: p.baseAddress! + users.lowerBound * count)
                    }
                }
                for u in users where k(u) > 0 {
                    if guessing && start == 0 { guess(u, k: k(u), tile: count, rows: n, items: matrix.items, live: live) }
                    if counts[u] + count > room { compact(u, k: k(u)) }
                    if counts[u] + count > room { reserve(room: counts[u] + count + tile, users: total) }
                    scan(u, rows: start..<(start + count), items: matrix.items, live: live)
                }
                start += count
            }
        }
    }

    /// Keeps user u's rows of the tile whose product reaches her floor (and whose item is live).
    @inline(__always)
    private mutating func scan(_ u: Int, rows range: Range<Int>, items: [Int32], live: (Int32) -> Bool) {
        let count = range.count, floor = floors[u], base = u * room
        var kept = counts[u]
        products.withUnsafeBufferPointer { p in
            rows.withUnsafeMutableBufferPointer { r in
                approximate.withUnsafeMutableBufferPointer { a in
                    items.withUnsafeBufferPointer { it in
                        let column = p.baseAddress! + u * count
                        let limit = SIMD8<Float>(repeating: floor)
                        var i = 0
                        while i + 8 <= count {
                            let v = UnsafeRawPointer(column + i).loadUnaligned(as: SIMD8<Float>.self)
                            let pass = v .>= limit
                            if any(pass) {
                                for lane in 0..<8 where pass[lane] {
                                    let row = range.lowerBound + i + lane
                                    guard live(it[row]) else { continue }
                                    r[base + kept] = Int32(row)
                                    a[base + kept] = v[lane]
                                    kept += 1
                                }
                            }
                            i += 8
                        }
                        while i < count {
                            let row = range.lowerBound + i
                            if column[i] >= floor && live(it[row]) {
                                r[base + kept] = Int32(row)
                                a[base + kept] = column[i]
                                kept += 1
                            }
                            i += 1
                        }
                    }
                }
            }
        }
        counts[u] = kept
    }

    /// Raises user u's floor to her k-th largest live product less her margin, and drops the rows
    /// below it (a watched user keeps those at her watch floor or above: not live ones are only kept from it).
    private mutating func compact(_ u: Int, k: Int) {
        let count = counts[u], base = u * room
        guard count > k else { return }
        let kth = kthLargest(k, from: base, count: count)
        guard kth > -.infinity else { return }
        let floor = Swift.max(floors[u], kth - margins[u])
        floors[u] = floor
        let keep = Swift.min(floor, watchFloors[u])
        if ScoreKernel.isAvailable {
            counts[u] = rows.withUnsafeMutableBufferPointer { r in
                approximate.withUnsafeMutableBufferPointer { a in
                    ScoreKernel.keep(rows: r.baseAddress! + base, values: a.baseAddress! + base, count: count, atLeast: keep)
                }
            }
            return
        }
        var kept = 0
        for t in 0..<count where approximate[base + t] >= keep {
            rows[base + kept] = rows[base + t]
            approximate[base + kept] = approximate[base + t]
            kept += 1
        }
        counts[u] = kept
    }

    /// The k-th largest of `approximate[base..<base + count]` whose rows are live (−∞ if fewer
    /// than k are).
    private mutating func kthLargest(_ k: Int, from base: Int, count: Int) -> Float {
        let size = count + ScoreKernel.largestScratch(count: count)
        if values.count < size { values = [Float](repeating: 0, count: size) }
        let mixed = mixesDead
        return approximate.withUnsafeBufferPointer { a in
            rows.withUnsafeBufferPointer { r in
                liveRows.withUnsafeBufferPointer { alive in
                    values.withUnsafeMutableBufferPointer { v in
                        var n = count
                        if mixed {
                            n = 0
                            for t in 0..<count where alive[Int(r[base + t])] != 0 {
                                v[n] = a[base + t]
                                n += 1
                            }
                        } else {
                            v.baseAddress!.update(from: a.baseAddress! + base, count: count)
                        }
                        guard n >= k else { return -.infinity }
                        return TopK.largest(rank: k - 1, in: v.baseAddress!, count: n, scratch: v.baseAddress! + n)
                    }
                }
            }
        }
    }

    /// User u's watched rows (her kept rows at or above her watch floor, live or not) as her list
    /// in ``watched``; then the rows that are not live are dropped from her slots.
    private mutating func report(_ u: Int, user j: Int, matrix: RowEmbeddings) {
        let base = u * room, watch = watchFloors[u], count = counts[u], mixed = mixesDead
        if ScoreKernel.isAvailable {
            let size = count + ScoreKernel.passPadding
            if passRows.count < size { passRows = [Int32](repeating: 0, count: size); passItems = passRows }
            let (left, written) = rows.withUnsafeMutableBufferPointer { r in
                approximate.withUnsafeMutableBufferPointer { a in
                    liveRows.withUnsafeBufferPointer { alive in
                        matrix.items.withUnsafeBufferPointer { items in
                            passRows.withUnsafeMutableBufferPointer { outRows in
                                passItems.withUnsafeMutableBufferPointer { outItems in
                                    ScoreKernel.report(rows: r.baseAddress! + base, values: a.baseAddress! + base, count: count, watch: watch,
                                                       items: items.baseAddress!, alive: mixed ? alive.baseAddress! : nil,
                                                       outRows: outRows.baseAddress!, outItems: outItems.baseAddress!)
                                }
                            }
                        }
                    }
                }
            }
            passItems.withUnsafeBufferPointer { i in
                passRows.withUnsafeBufferPointer { watched.append(items: i.baseAddress!, rows: $0.baseAddress!, count: written) }
            }
            watched.close(user: j)
            counts[u] = left
            return
        }
        var kept = 0
        rows.withUnsafeMutableBufferPointer { r in
            approximate.withUnsafeMutableBufferPointer { a in
                liveRows.withUnsafeBufferPointer { alive in
                    matrix.items.withUnsafeBufferPointer { items in
                        for t in base..<(base + count) {
                            let row = r[t], value = a[t]
                            if value >= watch { watched.append(item: items[Int(row)], row: row) }
                            if !mixed || alive[Int(row)] != 0 {
                                r[base + kept] = row
                                a[base + kept] = value
                                kept += 1
                            }
                        }
                    }
                }
            }
        }
        watched.close(user: j)
        counts[u] = kept
    }

    /// User u's exact top k, appended in item order. With T her k-th largest product and δ her
    /// margin (twice the most a product may miss its exact score by), rows below T − δ cannot be
    /// in the top k, and rows above T + δ must be: their exact scores exceed T + δ/2, which no row
    /// outside the fewer than k rows above T reaches. Only the rows between are re-scored exactly,
    /// and the best of those fill the list (ties to the lower item).
    private mutating func finish(_ u: Int, k: Int, taste: UnsafePointer<Float>, matrix: RowEmbeddings, into out: inout Shortlists) {
        let base = u * room, d = matrix.d
        guard counts[u] > k else {
            for t in 0..<counts[u] { out.append(item: matrix.items[Int(rows[base + t])], row: rows[base + t]) }
            return
        }
        let kth = kthLargest(k, from: base, count: counts[u])
        // `sure` is above T + δ however the sum rounds, so a row at it or above is strictly above.
        let floor = kth - margins[u], sure = (kth + margins[u]).nextUp
        let count = counts[u], size = count + ScoreKernel.passPadding
        if taken.count < size { taken = [UInt8](repeating: 0, count: size) }
        if order.count < size { order = [Int32](repeating: 0, count: size) }
        if scores.count < size { scores = [Float](repeating: 0, count: size) }
        if undecided.count < size { undecided = [Int32](repeating: 0, count: size) }
        // Drop the rows below the floor; mark the sure ones; gather the undecided (positions in
        // `order`, their rows in `undecided`) and score those exactly, four rows at a time.
        var kept = 0, winners = 0, open = 0
        rows.withUnsafeMutableBufferPointer { r in
        approximate.withUnsafeMutableBufferPointer { a in
        taken.withUnsafeMutableBufferPointer { taken in
        order.withUnsafeMutableBufferPointer { order in
        undecided.withUnsafeMutableBufferPointer { undecided in
            if ScoreKernel.isAvailable {
                (kept, open, winners) = ScoreKernel.classify(rows: r.baseAddress! + base, values: a.baseAddress! + base, count: count, floor: floor,
                                                             sure: sure, flags: taken.baseAddress!, openPositions: order.baseAddress!,
                                                             openRows: undecided.baseAddress!)
                return
            }
            for t in 0..<count where a[base + t] >= floor {
                r[base + kept] = r[base + t]
                a[base + kept] = a[base + t]
                if a[base + kept] >= sure {
                    taken[kept] = 1
                    winners += 1
                } else {
                    taken[kept] = 0
                    order[open] = Int32(kept)
                    undecided[open] = r[base + kept]
                    open += 1
                }
                kept += 1
            }
        }
        }
        }
        }
        }
        matrix.data.withUnsafeBufferPointer { m in
            undecided.withUnsafeBufferPointer { rows in
                scores.withUnsafeMutableBufferPointer { s in
                    Kernels.retrievalScores(taste, matrix: m.baseAddress!, d, rows: rows.baseAddress!, count: open, into: s.baseAddress!)
                }
            }
        }
        counts[u] = kept
        let wanted = k - winners
        if wanted >= open {
            for t in 0..<open { taken[Int(order[t])] = 1 }
        } else if wanted > 0 {
            // The best `wanted` undecided rows by exact score, ties to the lower position (row): the
            // undecided are numbered in position order, so ties to the lower number are the same.
            // Their rows were only needed for the scores; the slots now hold their numbers.
            for t in 0..<open { undecided[t] = Int32(t) }
            scores.withUnsafeBufferPointer { s in
                undecided.withUnsafeMutableBufferPointer { o in
                    TopK.keyedSelect(wanted, scores: s, order: UnsafeMutableBufferPointer(rebasing: o[0..<open]), count: open)
                }
            }
            for t in 0..<wanted { taken[Int(order[Int(undecided[t])])] = 1 }
        }
        guard ScoreKernel.isAvailable else {
            for t in 0..<kept where taken[t] != 0 {
                taken[t] = 0
                out.append(item: matrix.items[Int(rows[base + t])], row: rows[base + t])
            }
            return
        }
        // The taken rows and their items in slot order, then onto the list in one copy each.
        if passRows.count < size { passRows = [Int32](repeating: 0, count: size); passItems = passRows }
        let emitted = rows.withUnsafeBufferPointer { r in
            taken.withUnsafeMutableBufferPointer { flags in
                matrix.items.withUnsafeBufferPointer { items in
                    passRows.withUnsafeMutableBufferPointer { outRows in
                        passItems.withUnsafeMutableBufferPointer { outItems in
                            ScoreKernel.emit(rows: r.baseAddress! + base, flags: flags.baseAddress!, count: kept, items: items.baseAddress!,
                                             outRows: outRows.baseAddress!, outItems: outItems.baseAddress!)
                        }
                    }
                }
            }
        }
        passItems.withUnsafeBufferPointer { i in passRows.withUnsafeBufferPointer { out.append(items: i.baseAddress!, rows: $0.baseAddress!, count: emitted) } }
    }

    /// Gives every block user `room` candidate slots, keeping what they hold.
    private mutating func reserve(room wanted: Int, users b: Int) {
        guard wanted > room || rows.count < b * room else { return }
        let newRoom = Swift.max(wanted, room)
        var newRows = [Int32](repeating: 0, count: b * newRoom), newApproximate = [Float](repeating: 0, count: b * newRoom)
        if room > 0 {
            for u in 0..<Swift.min(b, rows.count / room) {
                for t in 0..<counts[u] {
                    newRows[u * newRoom + t] = rows[u * room + t]
                    newApproximate[u * newRoom + t] = approximate[u * room + t]
                }
            }
        }
        rows = newRows
        approximate = newApproximate
        room = newRoom
    }
}

extension Kernels {
    /// Retrieval's exact score ⟨x, y⟩ in float32: four interleaved partial sums (dimension k goes to
    /// sum k mod 4), multiplied and added separately, then (s₀ + s₁) + (s₂ + s₃). The arithmetic of
    /// every exact retrieval score, whichever path computes it (``BlockedEmbeddings`` lanes too).
    @inline(__always)
    static func retrievalScore(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ d: Int) -> Float {
        var a0: Float = 0, a1: Float = 0, a2: Float = 0, a3: Float = 0
        var k = 0
        while k + 4 <= d {
            a0 += x[k] * y[k]
            a1 += x[k + 1] * y[k + 1]
            a2 += x[k + 2] * y[k + 2]
            a3 += x[k + 3] * y[k + 3]
            k += 4
        }
        while k < d {
            a0 += x[k] * y[k]
            k += 1
        }
        return (a0 + a1) + (a2 + a3)
    }

    /// ``retrievalScore(_:_:_:)`` of `x` with `count` rows of `matrix` (row-major, `d` columns):
    /// row `rows[t]` into `out[t]`. Four rows at a time, each in its own vector of the four partial
    /// sums, so that the rows' loads and sums overlap instead of waiting on one another; every
    /// score is bit for bit the one-row function's (the same products and sums in the same order).
    @inline(__always)
    static func retrievalScores(_ x: UnsafePointer<Float>, matrix: UnsafePointer<Float>, _ d: Int, rows: UnsafePointer<Int32>, count: Int,
                                into out: UnsafeMutablePointer<Float>) {
        var t = 0
        while t + 4 <= count {
            let y0 = matrix + Int(rows[t]) * d, y1 = matrix + Int(rows[t + 1]) * d
            let y2 = matrix + Int(rows[t + 2]) * d, y3 = matrix + Int(rows[t + 3]) * d
            var s0 = SIMD4<Float>(), s1 = s0, s2 = s0, s3 = s0
            var k = 0
            while k + 4 <= d {
                let xv = UnsafeRawPointer(x + k).loadUnaligned(as: SIMD4<Float>.self)
                s0 += xv * UnsafeRawPointer(y0 + k).loadUnaligned(as: SIMD4<Float>.self)
                s1 += xv * UnsafeRawPointer(y1 + k).loadUnaligned(as: SIMD4<Float>.self)
                s2 += xv * UnsafeRawPointer(y2 + k).loadUnaligned(as: SIMD4<Float>.self)
                s3 += xv * UnsafeRawPointer(y3 + k).loadUnaligned(as: SIMD4<Float>.self)
                k += 4
            }
            while k < d {
                s0[0] += x[k] * y0[k]
                s1[0] += x[k] * y1[k]
                s2[0] += x[k] * y2[k]
                s3[0] += x[k] * y3[k]
                k += 1
            }
            out[t] = (s0[0] + s0[1]) + (s0[2] + s0[3])
            out[t + 1] = (s1[0] + s1[1]) + (s1[2] + s1[3])
            out[t + 2] = (s2[0] + s2[1]) + (s2[2] + s2[3])
            out[t + 3] = (s3[0] + s3[1]) + (s3[2] + s3[3])
            t += 4
        }
        while t < count {
            out[t] = retrievalScore(x, matrix + Int(rows[t]) * d, d)
            t += 1
        }
    }
}

extension RowEmbeddings {
    /// Rows given directly (`items.count / d` rows, item i = row i): for benchmarks.
    init(rows values: [Float], dimension: Int, packsBFloat16: Bool = false) {
        d = dimension
        data = values
        self.packsBFloat16 = packsBFloat16
        items = (0..<(values.count / dimension)).map(Int32.init)
        var largest = 0.0
        for i in 0..<items.count {
            var n2 = 0.0
            for k in 0..<dimension { n2 += Double(values[i * dimension + k]) * Double(values[i * dimension + k]) }
            largest = Swift.max(largest, n2)
        }
        maxNorm = Float(largest.squareRoot() * (1 + 1e-6))
        pack()
    }
}

/// Exact top-k retrieval on its own, for `twinarm benchmark retrieval`: every user's exact top k of
/// a pool, on `threads` threads (users split in runs of 256, run r by thread r mod threads).
public enum RetrievalBenchmark {
    /// Returns the seconds the search took and a checksum of what it found (Σ over users of the
    /// items' positions, to compare runs).
    public static func exactTopK(pool: [Float], users: [Float], dimension d: Int, k: Int, threads: Int,
                                 blocking: RetrievalBlocking = .standard) -> (seconds: Double, checksum: Int) {
        let matrix = RowEmbeddings(rows: pool, dimension: d, packsBFloat16: blocking.usesBFloat16)
        let m = users.count / d, run = 256, runs = (m + run - 1) / run
        let sums = UnsafeMutableBufferPointer<Int>.allocate(capacity: Swift.max(1, threads))
        defer { sums.deallocate() }
        sums.initialize(repeating: 0)
        let shared = UnsafeShared((matrix, users, sums))
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            DispatchQueue.concurrentPerform(iterations: Swift.max(1, threads)) { w in
                let (matrix, users, sums) = shared.value
                var search = ExactSearch(blocking: blocking)
                var lists = Shortlists()
                var who = [Int32](), ks = [Int32]()
                var checksum = 0
                for r in Swift.stride(from: w, to: runs, by: Swift.max(1, threads)) {
                    who.removeAll(keepingCapacity: true)
                    ks.removeAll(keepingCapacity: true)
                    for j in (r * run)..<Swift.min(m, (r + 1) * run) { who.append(Int32(j)); ks.append(Int32(k)) }
                    lists.removeAll()
                    who.withUnsafeBufferPointer { u in
                        ks.withUnsafeBufferPointer { kk in
                            users.withUnsafeBufferPointer { x in
                                search.search(users: u, k: kk, tastes: x.baseAddress!, matrix: matrix, live: nil, into: &lists)
                            }
                        }
                    }
                    for item in lists.items { checksum &+= Int(item) }
                }
                sums[w] = checksum
            }
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return (seconds, sums.reduce(0, &+))
    }
}
