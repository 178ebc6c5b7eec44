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
/// entries and lengths on both sides of its 32-value insertion cut-off.
@Suite("Fused kernel: k-th largest")
struct ScoreKernelLargestTests {
    @Test(.enabled(if: ScoreKernel.isAvailable), arguments: [1, 31, 33, 100, 677])
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
