import Foundation
import Testing
import GSL
import Simulation
@testable import Trial
import TwinArmTestSupport

/// Exact retrieval by blocked matrix products (``ExactSearch``): the shortlist must be the exact top
/// k by the exact score — checked against a brute-force sort written here — for any blocking, with
/// items that are not live, ties, zero vectors and k beyond the live count.
@Suite("Exact search by matrix products")
struct ExactSearchTests {
    /// A store of `n` items whose retrieval embeddings `row(i, k)` fills, and users' tastes.
    static func store(items n: Int, d: Int, row: (Int, Int) -> Float) -> ItemStore {
        var store = ItemStore(dimension: d)
        for i in 0..<n {
            store.append(creator: 0, day: 0, hour: 0, topic: 0) { embedding, retrieval in
                for k in 0..<d { embedding[k] = row(i, k); retrieval[k] = row(i, k) }
            }
        }
        store.closeDay()
        return store
    }

    /// The exact top k of the live items for taste `x`, by (exact score desc, item asc), in item order.
    static func bruteForce(_ x: [Float], k: Int, store: ItemStore, live: (Int) -> Bool) -> [Int32] {
        let d = store.d
        let scored: [(Float, Int)] = (0..<store.count).filter(live).map { item in
            let score = x.withUnsafeBufferPointer { xp in
                store.retrieval.withUnsafeBufferPointer { r in Kernels.retrievalScore(xp.baseAddress!, r.baseAddress! + item * d, d) }
            }
            return (score, item)
        }
        let best = scored.sorted { $0.0 > $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }.prefix(k)
        return best.map { Int32($0.1) }.sorted()
    }

    /// Runs the search for `tastes` (users × d) with per-user `k`, returning each user's list.
    static func search(_ tastes: [Float], k: [Int32], store: ItemStore, live: @escaping (Int) -> Bool,
                       blocking: RetrievalBlocking) -> [[Int32]] {
        var matrix = RowEmbeddings(dimension: store.d)
        matrix.rebuild(store, range: 0..<store.count) { _ in true }
        var search = ExactSearch(blocking: blocking)
        var lists = Shortlists()
        let users = (0..<k.count).map(Int32.init)
        users.withUnsafeBufferPointer { u in
            k.withUnsafeBufferPointer { kk in
                tastes.withUnsafeBufferPointer { x in
                    search.search(users: u, k: kk, tastes: x.baseAddress!, matrix: matrix, live: { live(Int($0)) }, into: &lists)
                }
            }
        }
        return (0..<k.count).map { j in lists.list(of: j).map { Array(lists.items[$0]) } ?? [] }
    }

    /// The three kernels (the fused ones, bfloat16 and float32, where the CPU has them, and
    /// OpenBLAS's products), with blockings whose tiles are and are not multiples of the fused
    /// kernel's 32-row groups.
    static let blockings = [RetrievalBlocking(), RetrievalBlocking(users: 1, rows: 8), RetrievalBlocking(users: 5, rows: 100),
                            RetrievalBlocking(users: 64, rows: 4096), RetrievalBlocking(kernel: .blas),
                            RetrievalBlocking(users: 9, rows: 40, kernel: .blas), RetrievalBlocking(users: 13, rows: 200),
                            RetrievalBlocking(kernel: .fused), RetrievalBlocking(users: 6, rows: 96, kernel: .fused)]

    @Test(arguments: [32, 7])
    func theShortlistIsTheExactTopKForAnyBlocking(d: Int) {
        let n = 3_000, users = 23
        let stream = RandomStream(seed: 11, stream: 1)
        var values = [Float](repeating: 0, count: n * d)
        for t in values.indices { values[t] = Float(stream.gaussian()) }
        // A few exact duplicates, so ties between items must go to the lower item.
        for i in stride(from: 100, to: n, by: 97) { for k in 0..<d { values[i * d + k] = values[(i - 50) * d + k] } }
        let store = Self.store(items: n, d: d) { values[$0 * d + $1] }
        var tastes = [Float](repeating: 0, count: users * d)
        for t in tastes.indices { tastes[t] = Float(stream.gaussian()) }
        let ks: [Int32] = (0..<users).map { [0, 1, 10, 57, 300, 1_500, 2_999, 3_000, 5_000][$0 % 9] }
        let live: (Int) -> Bool = { $0 % 7 != 3 }
        let truth = (0..<users).map { u in Self.bruteForce(Array(tastes[(u * d)..<(u * d + d)]), k: Int(ks[u]), store: store, live: live) }
        #expect(truth[4].count == 300 && truth[7].count == (0..<n).filter(live).count)
        for blocking in Self.blockings {
            let found = Self.search(tastes, k: ks, store: store, live: live, blocking: blocking)
            for u in 0..<users { #expect(found[u] == truth[u], "user \(u), k \(ks[u]), blocking \(blocking)") }
        }
    }

    @Test func tiesAndZeroVectorsGoToTheLowerItem() {
        // Every score ties (zero item rows, and a zero taste): the top k are the k lowest live items.
        let d = 16, n = 500
        let store = Self.store(items: n, d: d) { i, k in i < 250 ? 0 : Float(k == 0 ? 1 : 0) }
        let tastes: [Float] = [Float](repeating: 0, count: d) + (0..<d).map { $0 == 1 ? 1 : 0 }
        for blocking in Self.blockings {
            let found = Self.search(tastes, k: [40, 40], store: store, live: { $0 % 2 == 1 }, blocking: blocking)
            let expected = (0..<80).filter { $0 % 2 == 1 }.map(Int32.init)
            #expect(found[0] == expected && found[1] == expected, "\(blocking)")
        }
    }

    @Test func theExactScoreIsTheIndexLanesScoreBitForBit() {
        // The inverted-file path scores eight items per SIMD lane; exact search re-scores one item at
        // a time. They must agree bit for bit, or recall against exact search would count rounding.
        let d = 32, n = 800
        let stream = RandomStream(seed: 3, stream: 2)
        var values = [Float](repeating: 0, count: n * d)
        for t in values.indices { values[t] = Float(stream.gaussian()) / 5 }
        let store = Self.store(items: n, d: d) { values[$0 * d + $1] }
        var blocked = BlockedEmbeddings(dimension: d)
        blocked.rebuild(store, range: 0..<n, buckets: 1) { _ in 0 }
        let x = (0..<d).map { _ in Float(stream.gaussian()) / 5 }
        var lanes = [Float](repeating: 0, count: blocked.items.count)
        x.withUnsafeBufferPointer { xp in
            lanes.withUnsafeMutableBufferPointer { _ = blocked.score(xp.baseAddress!, bucket: 0, into: $0.baseAddress!) }
            store.retrieval.withUnsafeBufferPointer { r in
                for slot in 0..<n {
                    let item = Int(blocked.items[slot])
                    #expect(Kernels.retrievalScore(xp.baseAddress!, r.baseAddress! + item * d, d).bitPattern == lanes[slot].bitPattern)
                }
            }
        }
    }

    /// The four-rows-at-a-time exact score is the one-row score bit for bit: any count (the last
    /// fewer than four go one by one), any order of rows, repeated rows, and dimensions with and
    /// without a remainder after the four partial sums.
    @Test(arguments: [32, 7, 70, 3])
    func fourRowsAtATimeScoreBitForBitAsOne(d: Int) {
        let n = 50
        let stream = RandomStream(seed: 23, stream: UInt64(d))
        let matrix = (0..<(n * d)).map { _ in Float(stream.gaussian()) / 3 }
        let x = (0..<d).map { _ in Float(stream.gaussian()) / 3 }
        for count in 0..<14 {
            let rows = (0..<count).map { _ in Int32(stream.integer(below: n)) }
            var out = [Float](repeating: .nan, count: count)
            matrix.withUnsafeBufferPointer { m in
                x.withUnsafeBufferPointer { xp in
                    rows.withUnsafeBufferPointer { r in
                        out.withUnsafeMutableBufferPointer {
                            Kernels.retrievalScores(xp.baseAddress!, matrix: m.baseAddress!, d, rows: r.baseAddress!, count: count, into: $0.baseAddress!)
                        }
                    }
                    for t in 0..<count {
                        let one = Kernels.retrievalScore(xp.baseAddress!, m.baseAddress! + Int(rows[t]) * d, d)
                        #expect(out[t].bitPattern == one.bitPattern, "d \(d), count \(count), row \(t)")
                    }
                }
            }
        }
    }

    @Test func theProductIsWithinItsRoundingBoundOfTheExactScore() {
        let d = 32, n = 2_000
        let stream = RandomStream(seed: 5, stream: 3)
        var items = [Float](repeating: 0, count: n * d), user = [Float](repeating: 0, count: d)
        for t in items.indices { items[t] = Float(stream.gaussian()) / Float(d).squareRoot() }
        for t in user.indices { user[t] = Float(stream.gaussian()) / Float(d).squareRoot() }
        var products = [Float](repeating: 0, count: n)
        items.withUnsafeBufferPointer { a in
            user.withUnsafeBufferPointer { x in
                products.withUnsafeMutableBufferPointer {
                    BLAS.scores(items: a.baseAddress!, count: n, users: x.baseAddress!, userCount: 1, dimension: d, into: $0.baseAddress!)
                }
                let xn = Double(user.reduce(0) { $0 + $1 * $1 }).squareRoot()
                for i in 0..<n {
                    var exact = 0.0, yn = 0.0
                    for k in 0..<d { exact += Double(a[i * d + k]) * Double(x[k]); yn += Double(a[i * d + k] * a[i * d + k]) }
                    // Half the bound covers one evaluation against the true value.
                    #expect(abs(Double(products[i]) - exact) <= Double(BLAS.roundingBound(dimension: d)) / 2 * xn * yn.squareRoot() + 1e-30)
                }
            }
        }
    }

    /// The sixteen-lane maximum and threshold scan are the scalar loops' answers, at every length
    /// around a multiple of sixteen (with the maximum in the last, partial block too).
    @Test(arguments: [0, 1, 15, 16, 17, 31, 32, 33, 100])
    func theLaneMaximumAndScanAreTheScalarLoops(_ n: Int) {
        let stream = RandomStream(seed: 9, stream: UInt64(n))
        var v = (0..<n).map { _ in Float(stream.gaussian()) }
        if n > 0 { v[n - 1] = 10 }
        v.withUnsafeBufferPointer { p in
            let base = p.baseAddress ?? UnsafePointer(bitPattern: 16)!
            #expect(Kernels.largest(base, count: n) == v.reduce(-Float.infinity, Swift.max))
            for floor: Float in [-.infinity, -0.5, 0, 1.2, 10, 11] {
                var seen = [Int]()
                Kernels.forEach(in: base, count: n, atLeast: floor) { seen.append($0) }
                #expect(seen == v.indices.filter { v[$0] >= floor }, "n \(n), floor \(floor)")
            }
        }
    }

    /// A trial arm with exact cold-start and established retrieval: the same bytes for 1, 2 and 3
    /// serving threads, several blockings of the matrix products, both kernels, and with and without
    /// the established cache (none, a few slots, the default) — over enough days that items leave
    /// the catalogue.
    @Test func aTrialIsTheSameForAnyThreadCountAndBlocking() {
        let spec = SmallTrial.spec(days: 4, design: .twin) {
            $0.serving.catalogueDays = 3
            $0.population.users = 1_300
            $0.population.creators = 200
            $0.warmupDays = 2
            $0.split.userFraction = 1
            $0.split.creatorFraction = 1
            $0.serving.coldStartIndex = .exact
            $0.serving.establishedIndex = .exact
        }
        let world = World(spec: spec.population, stream: RandomStream(seed: 4, stream: 100))
        let split = ArmSplit(spec: spec, stream: RandomStream(seed: 4, stream: 101))
        func arm(_ threads: Int, _ blocking: RetrievalBlocking) -> ArmOutcome {
            TrialRunner.runArm(1, spec: spec, seed: 4, world: world, split: split, servingThreads: threads, blocking: blocking)
        }
        let reference = arm(1, .standard)
        #expect(reference.daily.reduce(0) { $0 + $1.impressions } > 5_000)
        for (threads, blocking) in [(2, RetrievalBlocking.standard), (3, .standard), (1, RetrievalBlocking(users: 3, rows: 40)),
                                    (2, RetrievalBlocking(users: 7, rows: 64)), (2, RetrievalBlocking(kernel: .blas)), (2, RetrievalBlocking(kernel: .fused)),
                                    (3, RetrievalBlocking(users: 11, rows: 96, kernel: .blas)), (2, RetrievalBlocking(cacheSlots: 0)),
                                    (3, RetrievalBlocking(users: 5, rows: 64, cacheSlots: 10))] {
            let other = arm(threads, blocking)
            #expect(other.users == reference.users, "\(threads) threads, \(blocking)")
            #expect(other.creators == reference.creators)
            #expect(other.daily == reference.daily)
            #expect(other.weights == reference.weights)
        }
    }
}
