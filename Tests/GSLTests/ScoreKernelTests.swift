import Testing
import GSL

/// The fused scoring kernel against sums in double precision written here: its products within
/// the rounding bound, and its threshold keeping exactly the rows at or above each user's floor
/// (floors placed well away from every product, so rounding cannot decide), in row order, with
/// rows that are not live skipped and slots appended after what a user held.
@Suite("Fused scoring kernel")
struct ScoreKernelTests {
    static func values(_ count: Int, seed: UInt64) -> [Float] {
        let stream = RandomStream(seed: seed, stream: 9)
        return (0..<count).map { _ in Float(stream.gaussian()) / 6 }
    }

    static func exact(_ a: [Float], _ i: Int, _ x: [Float], _ u: Int, _ d: Int) -> Double {
        (0..<d).reduce(0.0) { $0 + Double(a[i * d + $1]) * Double(x[u * d + $1]) }
    }

    /// The Euclidean norm of row i of `v` (rows of `d`), in double precision.
    static func norm(_ v: [Float], _ i: Int, _ d: Int) -> Double {
        (0..<d).reduce(0.0) { $0 + Double(v[i * d + $1] * v[i * d + $1]) }.squareRoot()
    }

    /// `n` rows packed for the kernel.
    static func packed(_ rows: [Float], count n: Int, dimension d: Int) -> [Float] {
        var packed = [Float](repeating: 0, count: ScoreKernel.packedCount(rows: n, dimension: d))
        rows.withUnsafeBufferPointer { r in
            packed.withUnsafeMutableBufferPointer { ScoreKernel.pack(rows: r.baseAddress!, count: n, dimension: d, into: $0.baseAddress!) }
        }
        return packed
    }

    /// One filter call over `range` for `users.count / d` users, each user u already holding u % 3
    /// slots marked −7 (so appending after them, and not into a neighbour's, can be checked).
    static func filter(_ packed: [Float], dimension d: Int, rows range: Range<Int>, users: [Float], floors: [Float], live: [UInt8],
                       room: Int) -> (counts: [Int32], kept: [Int32], products: [Float]) {
        let b = users.count / d
        var counts = [Int32](repeating: 0, count: b), kept = [Int32](repeating: -1, count: b * room)
        var keptProducts = [Float](repeating: 0, count: b * room)
        for u in 0..<b { counts[u] = Int32(u % 3); for t in 0..<(u % 3) { kept[u * room + t] = -7 } }
        packed.withUnsafeBufferPointer { p in
        users.withUnsafeBufferPointer { x in
        floors.withUnsafeBufferPointer { f in
        live.withUnsafeBufferPointer { l in
        counts.withUnsafeMutableBufferPointer { c in
        kept.withUnsafeMutableBufferPointer { r in
        keptProducts.withUnsafeMutableBufferPointer { v in
            ScoreKernel.filter(packed: p.baseAddress!, dimension: d, rows: range, users: x.baseAddress!, userCount: b, floors: f.baseAddress!,
                               live: l.baseAddress!, counts: c.baseAddress!, room: room, keptRows: r.baseAddress!, keptProducts: v.baseAddress!)
        }
        }
        }
        }
        }
        }
        }
        return (counts, kept, keptProducts)
    }

    @Test(.enabled(if: ScoreKernel.isAvailable), arguments: [32, 7, 70])
    func productsAndTheThresholdMatchDoubleSums(d: Int) {
        let n = 1_000, b = 19
        let rows = Self.values(n * d, seed: 1), users = Self.values(b * d, seed: 2)
        let packed = Self.packed(rows, count: n, dimension: d)
        // Products, against double sums within the rounding bound (scaled by the vectors' norms).
        var products = [Float](repeating: 0, count: b * n)
        packed.withUnsafeBufferPointer { p in
            users.withUnsafeBufferPointer { x in
                products.withUnsafeMutableBufferPointer {
                    ScoreKernel.products(packed: p.baseAddress!, dimension: d, count: n, users: x.baseAddress!, userCount: b, into: $0.baseAddress!)
                }
            }
        }
        func norm(_ v: [Float], _ i: Int) -> Double { Self.norm(v, i, d) }
        for u in 0..<b {
            for i in 0..<n {
                let bound = Double(BLAS.roundingBound(dimension: d)) / 2 * norm(users, u) * norm(rows, i) + 1e-30
                #expect(abs(Double(products[u * n + i]) - Self.exact(rows, i, users, u, d)) <= bound)
            }
        }
        // The threshold over rows 64..<1000 (starting at a multiple of 32, ending inside a group).
        let live = (0..<n).map { UInt8($0 % 5 == 2 ? 0 : 1) }
        let floors: [Float] = (0..<b).map { u in
            // A floor halfway between two neighbouring exact scores far enough apart.
            let scores = (0..<n).map { Self.exact(rows, $0, users, u, d) }.sorted(by: >)
            let t = (20..<n - 1).first { scores[$0] - scores[$0 + 1] > 1e-4 }!
            return Float((scores[t] + scores[t + 1]) / 2)
        }
        let room = n + 3
        let (counts, kept, keptProducts) = Self.filter(packed, dimension: d, rows: 64..<n, users: users, floors: floors, live: live, room: room)
        for u in 0..<b {
            let expected = (64..<n).filter { live[$0] == 1 && Self.exact(rows, $0, users, u, d) >= Double(floors[u]) }.map(Int32.init)
            let start = u * room + u % 3
            #expect(Array(kept[(u * room)..<start]) == [Int32](repeating: -7, count: u % 3), "user \(u)'s earlier slots")
            #expect(Array(kept[start..<(u * room + Int(counts[u]))]) == expected, "user \(u), d \(d)")
            for t in start..<(u * room + Int(counts[u])) {
                let i = Int(kept[t]), bound = Double(BLAS.roundingBound(dimension: d)) / 2 * norm(users, u) * norm(rows, i) + 1e-30
                #expect(abs(Double(keptProducts[t]) - Self.exact(rows, i, users, u, d)) <= bound)
            }
        }
    }
}

extension ScoreKernelTests {
    /// A user's slots filled to the last one: with fewer than a whole group's room left the kernel
    /// stores lane by lane instead of whole compressed vectors, and nothing may land in the next
    /// user's slots. Every live row is kept (no floor); the rows, the order and the neighbours'
    /// earlier slots are checked, for both tastes that fill eight users and the padded last ones.
    @Test(.enabled(if: ScoreKernel.isAvailable), arguments: [32, 7, 70])
    func aFullRoomIsFilledToItsLastSlotAndNoFurther(d: Int) {
        let n = 1_000, b = 11
        let rows = Self.values(n * d, seed: 3), users = Self.values(b * d, seed: 4)
        let packed = Self.packed(rows, count: n, dimension: d)
        let live = (0..<n).map { UInt8($0 % 7 == 3 ? 0 : 1) }
        let expected = (32..<n).filter { live[$0] == 1 }.map(Int32.init)
        let room = expected.count + 2
        let floors = [Float](repeating: -.infinity, count: b)
        let (counts, kept, keptProducts) = Self.filter(packed, dimension: d, rows: 32..<n, users: users, floors: floors, live: live, room: room)
        for u in 0..<b {
            let start = u * room + u % 3
            #expect(Int(counts[u]) == u % 3 + expected.count, "user \(u)'s count")
            #expect(Array(kept[(u * room)..<start]) == [Int32](repeating: -7, count: u % 3), "user \(u)'s earlier slots")
            #expect(Array(kept[start..<(start + expected.count)]) == expected, "user \(u), d \(d)")
            for t in start..<(start + expected.count) {
                let i = Int(kept[t])
                let bound = Double(BLAS.roundingBound(dimension: d)) / 2 * Self.norm(users, u, d) * Self.norm(rows, i, d) + 1e-30
                #expect(abs(Double(keptProducts[t]) - Self.exact(rows, i, users, u, d)) <= bound)
            }
        }
    }
}

/// The vector quickselect against a sort written here: every rank of lists with duplicates, −∞
/// entries and lengths on both sides of the 32 values below which it counts instead of partitioning,
/// and of one vector of 16.
@Suite("Fused kernel: k-th largest")
struct ScoreKernelLargestTests {
    @Test(.enabled(if: ScoreKernel.isAvailable), arguments: [1, 15, 16, 17, 31, 32, 33, 100, 677])
    func everyRankIsTheSortedValue(count: Int) {
        let stream = RandomStream(seed: UInt64(count), stream: 4)
        var values = (0..<count).map { _ in Float((stream.gaussian() * 4).rounded()) / 4 }
        for t in stride(from: 3, to: count, by: 11) { values[t] = -.infinity }
        let sorted = values.sorted(by: >)
        var scratch = [Float](repeating: .nan, count: ScoreKernel.largestScratch(count: count))
        for rank in 0..<count {
            var copy = values
            let value = copy.withUnsafeMutableBufferPointer { v in
                scratch.withUnsafeMutableBufferPointer { ScoreKernel.largest(rank: rank, in: v.baseAddress!, count: count, scratch: $0.baseAddress!) }
            }
            #expect(value == sorted[rank], "rank \(rank) of \(count)")
        }
    }
}

/// The bfloat16 kernel against rounding and sums in double precision written here: the packed
/// words are this file's round-to-nearest-even of each value (subnormals to zero); each kept
/// product lies within ‖x − x̃‖·‖y‖ + ‖x̃‖·‖y − ỹ‖ + γ·‖x̃‖·‖ỹ‖ of the exact one (γ = d·2⁻²⁴/(1 − d·2⁻²⁴),
/// float32 sums in any order); every live row whose exact score clears a user's floor by that
/// bound is kept and every row short of it by that bound is not, in row order, after the user's
/// earlier slots.
@Suite("Fused scoring kernel, bfloat16")
struct ScoreKernelBFloat16Tests {
    static func packed(_ rows: [Float], count n: Int, dimension d: Int) -> [UInt32] {
        var packed = [UInt32](repeating: 0, count: ScoreKernel.packedBFloat16Count(rows: n, dimension: d))
        rows.withUnsafeBufferPointer { r in
            packed.withUnsafeMutableBufferPointer { ScoreKernel.packBFloat16(rows: r.baseAddress!, count: n, dimension: d, into: $0.baseAddress!) }
        }
        return packed
    }

    /// Round to nearest bfloat16, ties to even, written from the format's definition.
    static func rounded(_ f: Float) -> Float {
        guard f.isNormal else { return 0 }
        let bits = f.bitPattern, low = bits & 0xFFFF, high = bits >> 16
        let up = low > 0x8000 || (low == 0x8000 && high & 1 == 1)
        return Float(bitPattern: (up ? high + 1 : high) << 16)
    }

    static func norm(_ v: [Double]) -> Double { v.reduce(0) { $0 + $1 * $1 }.squareRoot() }

    @Test func roundingToBFloat16ByTheFormatsDefinition() {
        #expect(Self.rounded(1) == 1)
        #expect(Self.rounded(Float(bitPattern: 0x3F80_8000)) == 1)  // a tie, to the even neighbour
        #expect(Self.rounded(Float(bitPattern: 0x3F81_8000)) == Float(bitPattern: 0x3F82_0000))  // a tie, up to even
        #expect(Self.rounded(Float(bitPattern: 0x3F80_8001)) == Float(bitPattern: 0x3F81_0000))
        #expect(Self.rounded(.leastNonzeroMagnitude) == 0)
        #expect(Self.rounded(-2.5) == -2.5)
    }

    @Test(.enabled(if: ScoreKernel.hasBFloat16), arguments: [32, 7, 70])
    func keptRowsAndProductsWithinTheStatedBound(d: Int) {
        let n = 1_000, b = 19
        // Rows of mixed scales (a few large components), so the bound's norms matter.
        var rows = ScoreKernelTests.values(n * d, seed: 5)
        for i in stride(from: 0, to: n * d, by: 37) { rows[i] *= 9 }
        let users = ScoreKernelTests.values(b * d, seed: 6)
        let packed = Self.packed(rows, count: n, dimension: d)
        var tastes = [UInt32](repeating: 0, count: b * ScoreKernel.bfloat16Pairs(dimension: d))
        users.withUnsafeBufferPointer { x in
            tastes.withUnsafeMutableBufferPointer { ScoreKernel.tastesBFloat16(x.baseAddress!, count: b, dimension: d, into: $0.baseAddress!) }
        }
        // The packed words hold exactly this file's rounding.
        for i in [0, 1, 31, 32, 500, n - 1] {
            for k in 0..<d {
                let value = packed.withUnsafeBufferPointer { ScoreKernel.packedBFloat16Value($0.baseAddress!, row: i, dimension: k, of: d) }
                #expect(value == Self.rounded(rows[i * d + k]), "row \(i), dimension \(k)")
            }
        }
        let unitRounding = Double(d) * 0x1p-24, gamma = unitRounding / (1 - unitRounding)
        func vector(_ v: [Float], _ i: Int) -> (exact: [Double], rounded: [Double]) {
            ((0..<d).map { Double(v[i * d + $0]) }, (0..<d).map { Double(Self.rounded(v[i * d + $0])) })
        }
        func bound(_ u: Int, _ i: Int) -> Double {
            let (x, xr) = vector(users, u), (y, yr) = vector(rows, i)
            let ex = Self.norm(zip(x, xr).map { $0 - $1 }), ey = Self.norm(zip(y, yr).map { $0 - $1 })
            return ex * Self.norm(y) + Self.norm(xr) * ey + gamma * Self.norm(xr) * Self.norm(yr) + 2 * Double(d) * 0x1p-126
        }
        let live = (0..<n).map { UInt8($0 % 5 == 2 ? 0 : 1) }
        // Floors near each user's 60th largest score: many rows fall within the bound of it.
        let floors: [Float] = (0..<b).map { u in
            Float((0..<n).map { ScoreKernelTests.exact(rows, $0, users, u, d) }.sorted(by: >)[60])
        }
        let room = n + 3
        var counts = [Int32](repeating: 0, count: b), kept = [Int32](repeating: -1, count: b * room)
        var keptProducts = [Float](repeating: 0, count: b * room)
        for u in 0..<b { counts[u] = Int32(u % 3); for t in 0..<(u % 3) { kept[u * room + t] = -7 } }
        packed.withUnsafeBufferPointer { p in
        tastes.withUnsafeBufferPointer { x in
        floors.withUnsafeBufferPointer { f in
        live.withUnsafeBufferPointer { l in
        counts.withUnsafeMutableBufferPointer { c in
        kept.withUnsafeMutableBufferPointer { r in
        keptProducts.withUnsafeMutableBufferPointer { v in
            ScoreKernel.filterBFloat16(packed: p.baseAddress!, dimension: d, rows: 64..<n, users: x.baseAddress!, userCount: b,
                                       floors: f.baseAddress!, live: l.baseAddress!, counts: c.baseAddress!, room: room,
                                       keptRows: r.baseAddress!, keptProducts: v.baseAddress!)
        }
        }
        }
        }
        }
        }
        }
        var near = 0
        for u in 0..<b {
            let start = u * room + u % 3, end = u * room + Int(counts[u])
            #expect(Array(kept[(u * room)..<start]) == [Int32](repeating: -7, count: u % 3), "user \(u)'s earlier slots")
            let mine = Array(kept[start..<end])
            #expect(mine == mine.sorted() && Set(mine).count == mine.count, "user \(u)'s rows in row order")
            for t in start..<end {
                let i = Int(kept[t])
                #expect(i >= 64 && live[i] == 1)
                #expect(abs(Double(keptProducts[t]) - ScoreKernelTests.exact(rows, i, users, u, d)) <= bound(u, i), "user \(u), row \(i)")
            }
            let held = Set(mine)
            for i in 64..<n where live[i] == 1 {
                let score = ScoreKernelTests.exact(rows, i, users, u, d), floor = Double(floors[u])
                if score >= floor + bound(u, i) { #expect(held.contains(Int32(i)), "user \(u) lost row \(i)") }
                if score < floor - bound(u, i) { #expect(!held.contains(Int32(i)), "user \(u) kept row \(i)") }
                if abs(score - floor) < bound(u, i) { near += 1 }
            }
        }
        // The bound is not vacuous here: rows lie within it of the floors.
        #expect(near > 0)
    }
}
