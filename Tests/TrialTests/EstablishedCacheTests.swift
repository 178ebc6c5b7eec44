import Testing
import GSL
@testable import Trial

/// The established cache (``EstablishedCache``): day after day, while items enter the catalogue at
/// uneven ages and the oldest day leaves it, users skip days and want varying k (some beyond the
/// cache's slots), every list must be the whole catalogue's exact top k — a brute-force sort
/// written here, by (exact score, lower item) — and each of the cache's ways of answering must run.
@Suite("Established cache")
struct EstablishedCacheTests {
    /// A key orders as (score descending, then item ascending) does, the two zeros tie, and the
    /// score and item come back out of it.
    /// The short sort against the standard library's, both ways, on lengths either side of its
    /// insertion cut-off (24) and far past it, with many duplicates, sorted and reversed runs.
    @Test func theShortSortSortsLikeTheStandardLibrary() {
        let stream = RandomStream(seed: 17, stream: 3)
        for count in [0, 1, 2, 23, 24, 25, 47, 48, 49, 50, 97, 200, 1_000] {
            for kind in 0..<4 {
                var values: [UInt64] = (0..<count).map { _ in UInt64(stream.integer(below: kind == 1 ? 5 : 1_000_000)) }
                if kind == 2 { values.sort() }
                if kind == 3 { values.sort(by: >) }
                var down = values, up = values.map { Int32(truncatingIfNeeded: $0) }
                EstablishedSearch.sortShort(&down, descending: true)
                EstablishedSearch.sortShort(&up, descending: false)
                #expect(down == values.sorted(by: >), "\(count) values, kind \(kind), descending")
                #expect(up == values.map { Int32(truncatingIfNeeded: $0) }.sorted(), "\(count) values, kind \(kind), ascending")
            }
        }
    }

    @Test func aKeyOrdersAsScoreThenLowerItem() {
        let scores: [Float] = [-.infinity, -3.5, -1, -Float.leastNonzeroMagnitude, -0.0, 0, Float.leastNonzeroMagnitude, 0.25, 1, 1, 7e30]
        let items: [Int32] = [0, 1, 2, 1_000, 2_000_000_000]
        var pairs: [(Float, Int32)] = []
        for s in scores { for i in items { pairs.append((s, i)) } }
        for a in pairs {
            let key = EstablishedCache.key(score: a.0, item: a.1)
            #expect(EstablishedCache.item(of: key) == a.1)
            #expect(EstablishedCache.score(of: key) == a.0)
            for b in pairs {
                let above = a.0 > b.0 || (a.0 == b.0 && a.1 < b.1)
                #expect((key > EstablishedCache.key(score: b.0, item: b.1)) == above, "\(a) against \(b)")
            }
            if a.0.isFinite { #expect(key > EstablishedCache.complete) }
        }
    }

    /// A store of `days` × `perDay` random items (every ninth repeats the one before it: equal
    /// scores, which go to the lower item), `users` random tastes, and each item's entry day into
    /// the catalogue, 1 to 3 days after it was published (until then it is in the cold-start pool).
    static func world(days: Int, perDay: Int, users: Int, dimension d: Int, stream: RandomStream)
        -> (store: ItemStore, tastes: [Float], entry: [Int]) {
        var store = ItemStore(dimension: d)
        var values = [Float](repeating: 0, count: d)
        for t in 0..<days {
            for i in 0..<perDay {
                if i % 9 != 8 { for k in 0..<d { values[k] = Float(stream.gaussian()) } }
                store.append(creator: 0, day: t, hour: 0, topic: 0) { embedding, retrieval in
                    for k in 0..<d { embedding[k] = values[k]; retrieval[k] = values[k] }
                }
            }
            store.closeDay()
        }
        let tastes = (0..<(users * d)).map { _ in Float(stream.gaussian()) }
        let entry = (0..<store.count).map { Int(store.day[$0]) + 1 + stream.integer(below: 3) }
        return (store, tastes, entry)
    }

    @Test(.enabled(if: ScoreKernel.isAvailable), arguments: [12, 40, 96])
    func everyListIsTheWholeCataloguesExactTopK(slots: Int) {
        let d = 8, days = 24, perDay = 45, window = 5, users = 40
        let stream = RandomStream(seed: 17, stream: 3)
        let (store, tastes, entry) = Self.world(days: days, perDay: perDay, users: users, dimension: d, stream: stream)
        let cache = EstablishedCache(users: users, dimension: d, capacity: slots)
        var search = ExactSearch()
        var established = EstablishedSearch()
        var catalogue = RowEmbeddings(dimension: d)
        var checked = 0
        for t in 1..<days {
            let older = store.range(fromDay: t - window, toDay: t)
            catalogue.rebuild(store, range: older) { entry[$0] <= t }
            cache.prepare(day: t, catalogue: catalogue, low: older.lowerBound, store: store)
            // Users 0–4 come back every sixth day only (long gaps); the others skip a day at random.
            let who = (0..<users).filter { $0 < 5 ? t % 6 == 0 : stream.uniform() < 0.8 }.map(Int32.init)
            let k = who.map { _ in Int32([1, 3, 7, 12, 20, 35, 60, 150][stream.integer(below: 8)]) }
            var lists = Shortlists()
            who.withUnsafeBufferPointer { w in
                k.withUnsafeBufferPointer { kk in
                    tastes.withUnsafeBufferPointer { x in
                        established.shortlist(users: w, k: kk, tastes: x.baseAddress!, cache: cache, catalogue: catalogue, search: &search,
                                              into: &lists)
                    }
                }
            }
            for (u, j) in who.enumerated() {
                let x = Array(tastes[(Int(j) * d)..<(Int(j) * d + d)])
                let truth = ExactSearchTests.bruteForce(x, k: Int(k[u]), store: store) { older.contains($0) && entry[$0] <= t }
                let found = lists.list(of: Int(j)) ?? 0..<0
                #expect(Array(lists.items[found]) == truth, "day \(t), user \(j), k \(k[u]), \(slots) slots")
                for p in found { #expect(catalogue.items[Int(lists.rows[p])] == lists.items[p]) }
                checked += 1
            }
        }
        let searches = cache.searches
        #expect(checked > 500)
        #expect(searches.answered > checked / 5, "answered \(searches.answered) of \(checked)")
        #expect(searches.full > 0 && searches.answered + searches.full == checked)
    }

    /// The lists stay the catalogue's exact top k when most updates come from the pending keys of
    /// the day before's cold-start search (which watched each user's edge, over a pool where a
    /// third of the rows are not live) instead of a scan of the entering rows; the cold-start
    /// lists are unchanged by the watch.
    @Test(.enabled(if: ScoreKernel.isAvailable), arguments: [12, 40, 96])
    func pendingKeysKeepEveryListTheExactTopK(slots: Int) {
        let d = 8, days = 24, perDay = 120, window = 5, users = 40
        let stream = RandomStream(seed: 23, stream: 5)
        let (store, tastes, entry) = Self.world(days: days, perDay: perDay, users: users, dimension: d, stream: stream)
        let cache = EstablishedCache(users: users, dimension: d, capacity: slots, pendingCapacity: 64)
        var search = ExactSearch()
        var established = EstablishedSearch()
        var catalogue = RowEmbeddings(dimension: d), pool = RowEmbeddings(dimension: d)
        var checked = 0
        for t in 1..<days {
            let older = store.range(fromDay: t - window, toDay: t)
            catalogue.rebuild(store, range: older) { entry[$0] <= t }
            cache.prepare(day: t, catalogue: catalogue, low: older.lowerBound, store: store)
            pool.rebuild(store, range: store.range(fromDay: t - 3, toDay: t + 1)) { entry[$0] > t }
            // Users 0–4 come back every sixth day only; the others skip a day at random.
            let who = (0..<users).filter { $0 < 5 ? t % 6 == 0 : stream.uniform() < 0.85 }.map(Int32.init)
            let k = who.map { _ in Int32([1, 3, 7, 12, 20, 35, 60][stream.integer(below: 7)]) }
            let coldK = who.map { _ in Int32([1, 4, 9, 30][stream.integer(below: 4)]) }
            let live: (Int32) -> Bool = { ($0 &* 7 &+ Int32(t)) % 3 != 0 }
            var lists = Shortlists(), cold = Shortlists()
            var watch = who.map { cache.watch(Int($0)) }
            who.withUnsafeBufferPointer { w in
                tastes.withUnsafeBufferPointer { x in
                    k.withUnsafeBufferPointer { kk in
                        established.shortlist(users: w, k: kk, tastes: x.baseAddress!, cache: cache, catalogue: catalogue, search: &search,
                                              into: &lists)
                    }
                    watch = who.map { cache.watch(Int($0)) }
                    coldK.withUnsafeBufferPointer { kk in
                        watch.withUnsafeBufferPointer { wp in
                            search.search(users: w, k: kk, tastes: x.baseAddress!, matrix: pool, live: live, watch: wp, into: &cold)
                        }
                    }
                    established.record(users: w, tastes: x.baseAddress!, watched: search.watched, pool: pool, cache: cache)
                }
            }
            for (u, j) in who.enumerated() {
                let x = Array(tastes[(Int(j) * d)..<(Int(j) * d + d)])
                let truth = ExactSearchTests.bruteForce(x, k: Int(k[u]), store: store) { older.contains($0) && entry[$0] <= t }
                let found = lists.list(of: Int(j)) ?? 0..<0
                #expect(Array(lists.items[found]) == truth, "day \(t), user \(j), k \(k[u]), \(slots) slots")
                let inPool = store.range(fromDay: t - 3, toDay: t + 1)
                let coldTruth = ExactSearchTests.bruteForce(x, k: Int(coldK[u]), store: store) {
                    inPool.contains($0) && entry[$0] > t && live(Int32($0))
                }
                let coldFound = cold.list(of: Int(j)) ?? 0..<0
                #expect(Array(cold.items[coldFound]) == coldTruth, "day \(t), user \(j), cold k \(coldK[u])")
                checked += 1
            }
        }
        let updates = cache.updates
        #expect(checked > 500)
        #expect(updates.fromPending > checked / 5, "from pending keys \(updates.fromPending) of \(checked), scanned \(updates.scanned)")
        #expect(updates.scanned > 0)
    }
}
