import GSL

/// Each user's best established items, carried from one day to the next, so that exact
/// established retrieval (`establishedIndex: exact`) scores only what entered the catalogue since
/// the user's last search instead of the whole catalogue every day.
///
/// The catalogue changes in two ways only. Items *enter* it — a cold-start item reaches the
/// impression cap or ages past `coldStartDays`, and neither reverts — and the oldest day's items
/// *leave* it. Tastes and retrieval embeddings never change. Items are ranked by a key: the exact
/// score (``Kernels/retrievalScore(_:_:_:)``), then the lower item; no two items share a key.
///
/// A user's list holds catalogue items in descending key order, and an *edge* key: every item of
/// the catalogue that is not on the list ranks at or below the edge. That stays true when the
/// items that left are dropped from the list and every item that entered since the list was last
/// brought up to date is compared with the edge (merged in if it ranks above it; what no longer
/// fits raises the edge). So whenever the list holds at least the k items the user wants today,
/// its first k are the catalogue's exact top k — what ``ExactSearch`` over the whole catalogue
/// finds. When it holds fewer than half of them (items left), or the user has no list yet, her top
/// M is searched in full (M about twice her k) and becomes her list. A key is one 64-bit integer
/// (``key(score:item:)``), so keys compare, sort and merge as integers. The outcome does not
/// depend on the cache: only the time does.
///
/// The lists live in one allocation of ``capacity`` slots per user. Serving threads write disjoint
/// users' slots (a user is served by one thread a day); ``prepare(day:catalogue:low:store:)``, which
/// writes the day's shared state, runs alone.
final class EstablishedCache: @unchecked Sendable {
    /// List slots per user; a user who wants more than this is searched in full every day.
    let capacity: Int
    let users: Int
    /// User j's list: `list[j · capacity ..< j · capacity + count[j]]`, keys descending.
    private let list: UnsafeMutablePointer<UInt64>
    private let count: UnsafeMutablePointer<Int32>
    /// The day the list was last brought up to date (``never``: it has none).
    private let updated: UnsafeMutablePointer<Int32>
    /// The edge key (``complete``: the list held the whole catalogue, nothing is below it).
    private let edge: UnsafeMutablePointer<UInt64>
    /// Per user, established searches answered from the list and searched in full (for tests and benchmarks).
    private let answered: UnsafeMutablePointer<UInt32>
    private let searched: UnsafeMutablePointer<UInt32>
    /// Per user, the keys of the cold-start pool's items that ranked above her edge when her
    /// cold-start search last ran (``record(_:keys:count:)``), descending; how many (−1: more than
    /// ``pendingCapacity``, not kept), and the day they were recorded (``never``: none).
    private let pendingKeys: UnsafeMutablePointer<UInt64>
    private let pendingCount: UnsafeMutablePointer<Int32>
    private let pendingDay: UnsafeMutablePointer<Int32>
    /// Pending keys kept per user.
    let pendingCapacity: Int
    /// Per user, lists brought up to date from pending keys and by a scan of the entering rows.
    private let fromPending: UnsafeMutablePointer<UInt32>
    private let scanned: UnsafeMutablePointer<UInt32>
    /// Per user, pending keys recorded; of those, more than half of ``pendingCapacity``, and more
    /// than all of it (not kept) — how many slots the lists need.
    private let recorded: UnsafeMutablePointer<UInt32>
    private let pastHalf: UnsafeMutablePointer<UInt32>
    private let overflowed: UnsafeMutablePointer<UInt32>
    static let never = Int32.min
    /// The edge of a list that holds the whole catalogue: below every key of a finite score.
    static let complete: UInt64 = 0

    /// The day each item entered the catalogue (−1: not yet).
    private var entered: [Int32] = []
    /// The catalogue's rows ordered by the day their item entered it, then by item: the items that
    /// entered after day D are a suffix (``firstRow(enteredAfter:)``).
    private(set) var rows: RowEmbeddings
    /// For each entry day in the catalogue (ascending), its first row.
    private var entryDays: [Int32] = [], entryStarts: [Int] = []
    /// Each window item's row in the item-ordered catalogue (`rowOf[i − low]`; −1: not in it).
    private(set) var rowOf: [Int32] = []
    /// The day prepared, and the first item of the catalogue's window (items below it have left).
    private(set) var day = 0
    private(set) var low = 0

    init(users: Int, dimension: Int, capacity: Int = 96, pendingCapacity: Int = 32) {
        self.users = users
        self.capacity = capacity
        self.pendingCapacity = pendingCapacity
        let n = Swift.max(1, users)
        pendingKeys = .allocate(capacity: Swift.max(1, users * pendingCapacity))
        pendingCount = .allocate(capacity: n)
        pendingDay = .allocate(capacity: n)
        fromPending = .allocate(capacity: n)
        scanned = .allocate(capacity: n)
        recorded = .allocate(capacity: n)
        pastHalf = .allocate(capacity: n)
        overflowed = .allocate(capacity: n)
        recorded.initialize(repeating: 0, count: n)
        pastHalf.initialize(repeating: 0, count: n)
        overflowed.initialize(repeating: 0, count: n)
        pendingCount.initialize(repeating: 0, count: n)
        pendingDay.initialize(repeating: Self.never, count: n)
        fromPending.initialize(repeating: 0, count: n)
        scanned.initialize(repeating: 0, count: n)
        list = .allocate(capacity: Swift.max(1, users * capacity))
        count = .allocate(capacity: n)
        updated = .allocate(capacity: n)
        edge = .allocate(capacity: n)
        answered = .allocate(capacity: n)
        searched = .allocate(capacity: n)
        count.initialize(repeating: 0, count: n)
        updated.initialize(repeating: Self.never, count: n)
        edge.initialize(repeating: Self.complete, count: n)
        answered.initialize(repeating: 0, count: n)
        searched.initialize(repeating: 0, count: n)
        rows = RowEmbeddings(dimension: dimension)
    }

    deinit {
        list.deallocate()
        count.deallocate()
        updated.deallocate()
        edge.deallocate()
        answered.deallocate()
        searched.deallocate()
        pendingKeys.deallocate()
        pendingCount.deallocate()
        pendingDay.deallocate()
        fromPending.deallocate()
        scanned.deallocate()
        recorded.deallocate()
        pastHalf.deallocate()
        overflowed.deallocate()
    }

    /// Lists brought up to date so far: from pending keys, and by scanning the rows that entered.
    var updates: (fromPending: Int, scanned: Int) { totals(fromPending, scanned) }

    /// Counts one of user j's updates.
    @inline(__always) func tallyUpdate(_ j: Int, fromPending pending: Bool) {
        if pending { fromPending[j] &+= 1 } else { scanned[j] &+= 1 }
    }

    /// Established searches so far: answered from the lists, and searched in full (a user with no
    /// list, one whose list ran short, one who wants more than ``capacity``).
    var searches: (answered: Int, full: Int) { totals(answered, searched) }

    /// Pending keys recorded so far; of those, more than half of ``pendingCapacity``, and more than
    /// all of it.
    var recordings: (recorded: Int, pastHalf: Int, overflowed: Int) {
        let (all, past) = totals(recorded, pastHalf)
        return (all, past, (0..<users).reduce(0) { $0 + Int(overflowed[$1]) })
    }

    /// Every count, for the arm's outcome.
    var counts: EstablishedCounts {
        let (answered, full) = searches, (pending, scanned) = updates, (recorded, pastHalf, overflowed) = recordings
        return EstablishedCounts(answered: answered, full: full, fromPending: pending, scanned: scanned, recorded: recorded,
                                 pastHalf: pastHalf, overflowed: overflowed)
    }

    /// Two per-user counters summed over the users.
    private func totals(_ a: UnsafeMutablePointer<UInt32>, _ b: UnsafeMutablePointer<UInt32>) -> (Int, Int) {
        (0..<users).reduce(into: (0, 0)) { sum, j in
            sum.0 += Int(a[j])
            sum.1 += Int(b[j])
        }
    }

    /// Counts one of user j's established searches.
    @inline(__always) func tally(_ j: Int, answered fromList: Bool) {
        if fromList { answered[j] &+= 1 } else { searched[j] &+= 1 }
    }

    /// Day `t`'s catalogue (its items ascending in `catalogue`, its window starting at item `low`):
    /// marks the items entering today and orders the rows by entry day (also packed as bfloat16
    /// when `bfloat16`, for ``EstablishedSearch``'s updates through that kernel).
    func prepare(day t: Int, catalogue: RowEmbeddings, low: Int, store: ItemStore, bfloat16: Bool = false) {
        day = t
        rows.packsBFloat16 = bfloat16
        self.low = low
        if entered.count < store.count { entered += [Int32](repeating: -1, count: store.count - entered.count) }
        let span = (catalogue.items.last.map { Int($0) + 1 } ?? low) - low
        rowOf.removeAll(keepingCapacity: true)
        rowOf.append(contentsOf: repeatElement(-1, count: span))
        for (r, i) in catalogue.items.enumerated() { rowOf[Int(i) - low] = Int32(r) }
        var first = Int32(t)
        for i in catalogue.items {
            if entered[Int(i)] < 0 { entered[Int(i)] = Int32(t) }
            first = Swift.min(first, entered[Int(i)])
        }
        // A counting sort by entry day (a few days), stable in item order.
        let days = t - Int(first) + 1
        var starts = [Int](repeating: 0, count: days + 1)
        for i in catalogue.items { starts[Int(entered[Int(i)] - first) + 1] += 1 }
        for e in 0..<days { starts[e + 1] += starts[e] }
        entryDays.removeAll(keepingCapacity: true)
        entryStarts.removeAll(keepingCapacity: true)
        for e in 0..<days where starts[e + 1] > starts[e] {
            entryDays.append(first + Int32(e))
            entryStarts.append(starts[e])
        }
        var ordered = [Int32](repeating: 0, count: catalogue.count), next = starts
        for i in catalogue.items {
            let e = Int(entered[Int(i)] - first)
            ordered[next[e]] = i
            next[e] += 1
        }
        rows.rebuild(store, items: ordered)
    }

    /// The first row whose item entered the catalogue after day `d`.
    func firstRow(enteredAfter d: Int32) -> Int {
        for (e, start) in zip(entryDays, entryStarts) where e > d { return start }
        return rows.count
    }

    /// A user's list: its length, and its slots.
    @inline(__always) func listCount(_ j: Int) -> Int { Int(count[j]) }
    @inline(__always) func lastUpdate(_ j: Int) -> Int32 { updated[j] }

    /// An item's rank as one integer (``TopK/key(score:index:)``): a larger key is a higher exact
    /// score, then a lower item. A finite score's key is above ``complete``.
    @inline(__always)
    static func key(score s: Float, item i: Int32) -> UInt64 { TopK.key(score: s, index: UInt32(bitPattern: i)) }

    /// The item of a key.
    @inline(__always) static func item(of key: UInt64) -> Int32 { Int32(bitPattern: TopK.index(of: key)) }

    /// The score of a key.
    @inline(__always) static func score(of key: UInt64) -> Float { TopK.score(of: key) }

    /// Drops from user j's list the items that have left the catalogue.
    func prune(_ j: Int) {
        let base = list + j * capacity, n = Int(count[j])
        var kept = 0
        for t in 0..<n where Int(Self.item(of: base[t])) >= low {
            base[kept] = base[t]
            kept += 1
        }
        count[j] = Int32(kept)
    }

    /// User j's edge key.
    @inline(__always) func edge(_ j: Int) -> UInt64 { edge[j] }

    /// The edge of user j's list as a product floor: an item whose product is below the edge's
    /// score less `margin` cannot rank above it (−∞ for a complete list).
    @inline(__always)
    func floor(_ j: Int, margin: Float) -> Float { edge[j] == Self.complete ? -.infinity : Self.score(of: edge[j]) - margin }

    /// Merges `keys` (items that entered since user j's last update and rank above her edge,
    /// descending, distinct from the list's) into her list, in place: what no longer fits is
    /// dropped, and the best of it becomes the edge. The smallest are dropped from the tails
    /// first, then the two runs are merged from the back, so no slot is written before it is read.
    func merge(_ j: Int, keys: UnsafePointer<UInt64>, count n: Int) {
        let base = list + j * capacity, c = Int(count[j])
        let total = Swift.min(capacity, c + n)
        var a = c - 1, b = n - 1
        if c + n > total {
            var dropped: UInt64 = 0
            for _ in 0..<(c + n - total) {
                if b < 0 || (a >= 0 && base[a] < keys[b]) {
                    dropped = base[a]
                    a -= 1
                } else {
                    dropped = keys[b]
                    b -= 1
                }
            }
            edge[j] = dropped   // dropped in ascending order: the last is the best of them
        }
        var w = total - 1
        while b >= 0 {
            if a >= 0 && base[a] < keys[b] {
                base[w] = base[a]
                a -= 1
            } else {
                base[w] = keys[b]
                b -= 1
            }
            w -= 1
        }
        count[j] = Int32(total)
    }

    /// Records user j's pending keys (descending; at most ``pendingCapacity`` kept, otherwise none
    /// and the next update scans): the keys above her edge of every item of today's cold-start pool,
    /// live or not, found by today's cold-start search after her list was brought up to date.
    ///
    /// The items that enter the catalogue tomorrow are all in today's pool (today's items are
    /// published before it is built, and an item leaves it only by entering the catalogue), so if
    /// her next update is tomorrow, the pending keys of the items that entered are every entering
    /// item that ranks above her edge: her list is brought up to date without scanning them.
    func record(_ j: Int, keys: UnsafePointer<UInt64>, count n: Int) {
        pendingDay[j] = Int32(day)
        recorded[j] &+= 1
        if 2 * n > pendingCapacity { pastHalf[j] &+= 1 }
        guard n <= pendingCapacity else { overflowed[j] &+= 1; pendingCount[j] = -1; return }
        (pendingKeys + j * pendingCapacity).update(from: keys, count: n)
        pendingCount[j] = Int32(n)
    }

    /// The exact score above which user j's pending keys are recorded today: her edge's, if her
    /// list was brought up to date today and does not hold the whole catalogue (+∞ otherwise: none).
    @inline(__always)
    func watch(_ j: Int) -> Float {
        updated[j] == Int32(day) && edge[j] != Self.complete ? Self.score(of: edge[j]) : .infinity
    }

    /// Whether user j's list can be brought up to date today from her pending keys: they were
    /// recorded on the day of her last update, which was yesterday, and all were kept.
    @inline(__always)
    func hasPending(_ j: Int) -> Bool {
        updated[j] != Self.never && pendingDay[j] == updated[j] && Int(updated[j]) + 1 == day && pendingCount[j] >= 0
    }

    /// User j's pending keys of items that entered the catalogue today and rank above her edge,
    /// appended to `keys` in descending order.
    func pendingEntered(_ j: Int, into keys: inout [UInt64]) {
        let base = pendingKeys + j * pendingCapacity, e = edge[j], today = Int32(day)
        for t in 0..<Int(pendingCount[j]) where base[t] > e && entered[Int(Self.item(of: base[t]))] == today {
            keys.append(base[t])
        }
    }

    /// Marks user j's list as brought up to date today.
    @inline(__always) func touch(_ j: Int) { updated[j] = Int32(day) }

    /// Replaces user j's list by the keys of her exact top `keys.count` items (`keys` is reordered;
    /// at most ``capacity``). `complete`: they are the whole catalogue (no edge below them).
    func install(_ j: Int, keys found: UnsafeMutableBufferPointer<UInt64>, complete: Bool) {
        var keys = found
        keys.sort(by: >)
        let n = Swift.min(keys.count, capacity)
        (list + j * capacity).update(from: keys.baseAddress!, count: n)
        count[j] = Int32(n)
        // Everything not found ranks below the last found item.
        edge[j] = complete || n == 0 ? Self.complete : keys[n - 1]
        touch(j)
    }

    /// Whether user j's list held the whole catalogue (nothing ranks below its edge).
    @inline(__always) func isComplete(_ j: Int) -> Bool { edge[j] == Self.complete }

    /// Whether user j's first `k` items are the catalogue's exact top k (she has at least k, or the
    /// list is the whole catalogue).
    @inline(__always)
    func answers(_ j: Int, k: Int) -> Bool { updated[j] == Int32(day) && (Int(count[j]) >= k || edge[j] == Self.complete) }

    /// User j's first `k` items (fewer if the list is shorter), appended to `items` in key order.
    func best(_ j: Int, k: Int, into items: inout [Int32]) {
        let base = list + j * capacity
        for t in 0..<Swift.min(k, Int(count[j])) { items.append(Self.item(of: base[t])) }
    }
}

/// One serving thread's side of ``EstablishedCache``: brings a run of users' lists up to date and
/// writes their established shortlists, with its own buffers.
struct EstablishedSearch {
    /// Users scored together by one kernel call, and rows per call.
    static let block = 256, tile = 1_024
    private var mode: [Mode] = [], depth: [Int32] = []
    private var stale: [Int32] = [], starts: [Int] = []
    private var searchUsers: [Int32] = [], searchK: [Int32] = []
    private var found = Shortlists()
    private var tastes: [Float] = [], floors: [Float] = [], margins: [Float] = []
    /// A run's tastes as the bfloat16 kernel reads them (when the cache's rows are packed for it).
    private var tastesBFloat16: [UInt32] = []
    private var counts: [Int32] = [], keptRows: [Int32] = [], keptProducts: [Float] = []
    private var keys: [UInt64] = [], picked: [Int32] = [], pickedItems: [Int32] = []
    /// One bit per catalogue row (``inRowOrder(_:rows:bitmap:)``), all clear between uses.
    private var bitmap: [UInt64] = []
    /// A user's kept rows' exact scores (``Kernels/retrievalScores(_:matrix:_:rows:count:into:)``).
    private var exact: [Float] = []

    private enum Mode { case cached, rescan, direct }

    /// For each user `users[u]` (ascending) with `k[u] > 0`: her exact top `k[u]` of the catalogue
    /// (`catalogue`, in item order), appended to `out` as a list in item order — the same lists
    /// ``ExactSearch/search(users:k:tastes:matrix:live:into:)`` finds over the whole catalogue.
    mutating func shortlist(users who: UnsafeBufferPointer<Int32>, k: UnsafeBufferPointer<Int32>, tastes x: UnsafePointer<Float>,
                            cache: EstablishedCache, catalogue: RowEmbeddings, search: inout ExactSearch, into out: inout Shortlists) {
        let n = who.count, d = catalogue.d
        mode.removeAll(keepingCapacity: true)
        depth.removeAll(keepingCapacity: true)
        stale.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true)
                for u in 0..<n {
            let j = Int(who[u]), want = Int(k[u])
            depth.append(Int32(Swift.min(cache.capacity, Swift.max(2 * want, want + 16))))
            guard want > 0, want <= cache.capacity else { mode.append(.direct); continue }
            let last = cache.lastUpdate(j)
            let start = last == EstablishedCache.never ? 0 : cache.firstRow(enteredAfter: last)
            // A user with no list, or whose list lost more than half of what she wants, is searched in
            // full; so is one whose list held the whole catalogue when more rows entered than she keeps
            // (the catalogue's first days: every entering key would be merged and sorted).
            if last != EstablishedCache.never { cache.prune(j) }
            if last == EstablishedCache.never || (2 * cache.listCount(j) < want && !cache.isComplete(j))
                || (cache.isComplete(j) && cache.rows.count - start > Int(depth[u])) {
                mode.append(.rescan)
                continue
            }
            mode.append(.cached)
            if cache.hasPending(j) {
                // Yesterday's cold-start search found every entering item above her edge.
                keys.removeAll(keepingCapacity: true)
                cache.pendingEntered(j, into: &keys)
                if !keys.isEmpty { keys.withUnsafeBufferPointer { cache.merge(j, keys: $0.baseAddress!, count: $0.count) } }
                cache.touch(j)
                cache.tallyUpdate(j, fromPending: true)
                continue
            }
            cache.tallyUpdate(j, fromPending: false)
            stale.append(Int32(u))
            starts.append(start)
        }
        if starts.indices.dropFirst().contains(where: { starts[$0] != starts[0] }) {
            // Users with the same first row together (stable, so the order within a row is the users').
            let order = starts.indices.sorted { starts[$0] != starts[$1] ? starts[$0] < starts[$1] : $0 < $1 }
            (stale, starts) = (order.map { stale[$0] }, order.map { starts[$0] })
        }
        bringUpToDate(who: who, tastes: x, cache: cache, d: d)
        for u in 0..<n where mode[u] == .cached {
            let j = Int(who[u])
            if !cache.answers(j, k: Int(k[u])) { mode[u] = .rescan }
        }
        for u in 0..<n where k[u] > 0 { cache.tally(Int(who[u]), answered: mode[u] == .cached) }
        // The full searches, all at once: rescans for their depth, the others for their k.
        searchUsers.removeAll(keepingCapacity: true)
        searchK.removeAll(keepingCapacity: true)
        for u in 0..<n where mode[u] != .cached && k[u] > 0 {
            searchUsers.append(who[u])
            searchK.append(mode[u] == .rescan ? depth[u] : k[u])
        }
        found.removeAll()
        searchUsers.withUnsafeBufferPointer { w in
            searchK.withUnsafeBufferPointer { kk in
                search.search(users: w, k: kk, tastes: x, matrix: catalogue, live: nil, into: &found)
            }
        }
        for u in 0..<n {
            let j = Int(who[u]), want = Int(k[u])
            defer { out.close(user: j) }
            guard want > 0 else { continue }
            if mode[u] == .direct {
                if let list = found.list(of: j), !list.isEmpty {
                    found.items.withUnsafeBufferPointer { i in
                        found.rows.withUnsafeBufferPointer { r in
                            out.append(items: i.baseAddress! + list.lowerBound, rows: r.baseAddress! + list.lowerBound, count: list.count)
                        }
                    }
                }
                continue
            }
            if mode[u] == .rescan, let list = found.list(of: j) {
                install(user: j, list: list, depth: Int(depth[u]), taste: x + j * d, cache: cache, catalogue: catalogue)
            }
            // Her top k in item order, with their rows of the item-ordered catalogue.
            picked.removeAll(keepingCapacity: true)
            cache.best(j, k: want, into: &picked)
            let low = cache.low
            cache.rowOf.withUnsafeBufferPointer { rowOf in
                for t in picked.indices { picked[t] = rowOf[Int(picked[t]) - low] }
            }
            Self.inRowOrder(&picked, rows: catalogue.count, bitmap: &bitmap)
            pickedItems.removeAll(keepingCapacity: true)
            catalogue.items.withUnsafeBufferPointer { items in for r in picked { pickedItems.append(items[Int(r)]) } }
            guard !picked.isEmpty else { continue }
            pickedItems.withUnsafeBufferPointer { i in
                picked.withUnsafeBufferPointer { out.append(items: i.baseAddress!, rows: $0.baseAddress!, count: $0.count) }
            }
        }
    }

    /// Sorts distinct rows of a catalogue of `rows` ascending: through a bitmap of the span they
    /// cover when it is short against their count (a user's top k of a market's catalogue: a few
    /// hundred words, no comparisons), otherwise by ``sortShort(_:descending:)``. The insertion
    /// sort of forty rows cost 5 % of a market pair in `perf`.
    static func inRowOrder(_ values: inout [Int32], rows: Int, bitmap: inout [UInt64]) {
        guard var low = values.first, var high = values.first else { return }
        for v in values {
            low = Swift.min(low, v)
            high = Swift.max(high, v)
        }
        let first = Int(low) >> 6, last = Int(high) >> 6
        guard last - first + 1 <= 8 * values.count else { return Self.sortShort(&values, descending: false) }
        if bitmap.count < (rows + 63) >> 6 { bitmap = [UInt64](repeating: 0, count: (rows + 63) >> 6) }
        bitmap.withUnsafeMutableBufferPointer { bits in
            for v in values { bits[Int(v) >> 6] |= 1 << UInt64(v & 63) }
            var t = 0
            for w in first...last where bits[w] != 0 {
                var word = bits[w]
                bits[w] = 0
                while word != 0 {
                    values[t] = Int32(w << 6 | word.trailingZeroBitCount)
                    t += 1
                    word &= word - 1
                }
            }
        }
    }

    /// Sorts `values` ascending, or descending: by insertion when they are few (tens, as a day's
    /// entering keys and a user's top k usually are), otherwise by a quicksort (median of three,
    /// insertion below 24, the smaller side first). Not stable — for the integers sorted here, equal
    /// values are indistinguishable — and without the standard library's merge sort's buffer, which
    /// cost 5 % of a market pair in `perf`. The order is a flag, not a closure: a comparison
    /// closure was not inlined into the specialised sort, and its calls cost 4 % of a pair.
    @inline(__always)
    static func sortShort<T: Comparable>(_ values: inout [T], descending: Bool) {
        values.withUnsafeMutableBufferPointer { a in
            if descending { Self.quicksort(a, 0, a.count, descending: true) } else { Self.quicksort(a, 0, a.count, descending: false) }
        }
    }

    /// Sorts `a[low..<high]`.
    private static func quicksort<T: Comparable>(_ a: UnsafeMutableBufferPointer<T>, _ low: Int, _ high: Int, descending: Bool) {
        @inline(__always) func before(_ x: T, _ y: T) -> Bool { descending ? x > y : x < y }
        var low = low, high = high
        while high - low > 24 {
            let mid = low + (high - low) / 2
            if before(a[mid], a[low]) { a.swapAt(mid, low) }
            if before(a[high - 1], a[mid]) {
                a.swapAt(high - 1, mid)
                if before(a[mid], a[low]) { a.swapAt(mid, low) }
            }
            let pivot = a[mid]
            var i = low, j = high - 1
            while i <= j {
                while before(a[i], pivot) { i += 1 }
                while before(pivot, a[j]) { j -= 1 }
                if i <= j {
                    a.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if j + 1 - low < high - i {
                quicksort(a, low, j + 1, descending: descending)
                low = i
            } else {
                quicksort(a, i, high, descending: descending)
                high = j + 1
            }
        }
        guard let base = a.baseAddress else { return }
        var t = low + 1
        while t < high {
            let x = base[t]
            var u = t
            while u > low && before(x, base[u - 1]) { base[u] = base[u - 1]; u -= 1 }
            base[u] = x
            t += 1
        }
    }

    /// Each watching user's pending keys (``EstablishedCache/record(_:keys:count:)``) from a
    /// cold-start search of `pool` that watched her edge (``EstablishedCache/watch(_:)``): her
    /// watched rows scored exactly, those above her edge, descending.
    mutating func record(users who: UnsafeBufferPointer<Int32>, tastes x: UnsafePointer<Float>, watched: Shortlists, pool: RowEmbeddings,
                         cache: EstablishedCache) {
        let d = pool.d
        var watched = watched
        pool.data.withUnsafeBufferPointer { m in
            for j in who {
                guard let rows = watched.list(of: Int(j)) else { continue }
                let edge = cache.edge(Int(j))
                keys.removeAll(keepingCapacity: true)
                for t in rows {
                    let score = Kernels.retrievalScore(x + Int(j) * d, m.baseAddress! + Int(watched.rows[t]) * d, d)
                    let key = EstablishedCache.key(score: score, item: watched.items[t])
                    if key > edge { keys.append(key) }
                }
                Self.sortShort(&keys, descending: true)
                keys.withUnsafeBufferPointer { cache.record(Int(j), keys: $0.baseAddress!, count: $0.count) }
            }
        }
    }

    /// A full search's list (item order) as user j's cache list: the keys of its exact scores, and
    /// whether it is the whole catalogue (fewer found than asked for).
    private mutating func install(user j: Int, list: Range<Int>, depth: Int, taste: UnsafePointer<Float>, cache: EstablishedCache,
                                  catalogue: RowEmbeddings) {
        let d = catalogue.d
        keys.removeAll(keepingCapacity: true)
        catalogue.data.withUnsafeBufferPointer { m in
            for p in list {
                let score = Kernels.retrievalScore(taste, m.baseAddress! + Int(found.rows[p]) * d, d)
                keys.append(EstablishedCache.key(score: score, item: found.items[p]))
            }
        }
        keys.withUnsafeMutableBufferPointer { cache.install(j, keys: $0, complete: list.count < depth) }
    }

    /// The stale users' lists brought up to date with the rows that entered since each one's last
    /// update: the fused kernel keeps the rows whose product reaches her edge less her margin, and
    /// those are scored exactly and merged. Users with the same first row go through together.
    private mutating func bringUpToDate(who: UnsafeBufferPointer<Int32>, tastes x: UnsafePointer<Float>, cache: EstablishedCache, d: Int) {
        let rows = cache.rows, n = rows.count
        let bfloat16 = !rows.packedBFloat16.isEmpty
        var g = 0
        while g < stale.count {
            // A run of stale users with the same first row (most were searched yesterday).
            var end = g + 1
            while end < stale.count && end - g < Self.block && starts[end] == starts[g] { end += 1 }
            let b = end - g, start = starts[g], aligned = start / 32 * 32
            if tastes.count < b * d { tastes = [Float](repeating: 0, count: b * d) }
            if floors.count < b {
                floors = [Float](repeating: 0, count: b)
                margins = floors
                counts = [Int32](repeating: 0, count: b)
            }
            if keptRows.count < b * Self.tile {
                keptRows = [Int32](repeating: 0, count: b * Self.tile)
                keptProducts = [Float](repeating: 0, count: b * Self.tile)
            }
            for v in 0..<b {
                let j = Int(who[Int(stale[g + v])])
                tastes.withUnsafeMutableBufferPointer { t in (t.baseAddress! + v * d).update(from: x + j * d, count: d) }
                if !bfloat16 { margins[v] = ExactSearch.margin(taste: x + j * d, dimension: d, maxNorm: rows.maxNorm) }
            }
            if bfloat16 { ExactSearch.packBFloat16(tastes: tastes, count: b, dimension: d, matrix: rows, into: &tastesBFloat16, margins: &margins) }
            var first = aligned
            while first < n {
                let size = Swift.min(Self.tile, n - first)
                for v in 0..<b {
                    floors[v] = cache.floor(Int(who[Int(stale[g + v])]), margin: margins[v])
                    counts[v] = 0
                }
                tastes.withUnsafeBufferPointer { t in
                tastesBFloat16.withUnsafeBufferPointer { tb in
                rows.packed.withUnsafeBufferPointer { packed in
                rows.packedBFloat16.withUnsafeBufferPointer { packedB in
                floors.withUnsafeBufferPointer { f in
                counts.withUnsafeMutableBufferPointer { c in
                keptRows.withUnsafeMutableBufferPointer { kept in
                keptProducts.withUnsafeMutableBufferPointer { products in
                    if bfloat16 {
                        ScoreKernel.filterBFloat16(packed: packedB.baseAddress!, dimension: d, rows: first..<(first + size), users: tb.baseAddress!,
                                                   userCount: b, floors: f.baseAddress!, live: nil, counts: c.baseAddress!, room: Self.tile,
                                                   keptRows: kept.baseAddress!, keptProducts: products.baseAddress!)
                        return
                    }
                    ScoreKernel.filter(packed: packed.baseAddress!, dimension: d, rows: first..<(first + size), users: t.baseAddress!, userCount: b,
                                       floors: f.baseAddress!, live: nil, counts: c.baseAddress!, room: Self.tile,
                                       keptRows: kept.baseAddress!, keptProducts: products.baseAddress!)
                }
                }
                }
                }
                }
                }
                }
                }
                // Each user's kept rows scored exactly; those above her edge, sorted, merged into her list.
                if exact.count < Self.tile { exact = [Float](repeating: 0, count: Self.tile) }
                rows.data.withUnsafeBufferPointer { m in
                    for v in 0..<b {
                        let j = Int(who[Int(stale[g + v])]), edge = cache.edge(j)
                        keys.removeAll(keepingCapacity: true)
                        // Rows before her first entering row (the tile starts at a multiple of 32) are not hers to add.
                        var kept = 0
                        for t in 0..<Int(counts[v]) where keptRows[v * Self.tile + t] >= start {
                            keptRows[v * Self.tile + kept] = keptRows[v * Self.tile + t]
                            kept += 1
                        }
                        keptRows.withUnsafeBufferPointer { r in
                            exact.withUnsafeMutableBufferPointer { e in
                                Kernels.retrievalScores(x + j * d, matrix: m.baseAddress!, d, rows: r.baseAddress! + v * Self.tile, count: kept,
                                                        into: e.baseAddress!)
                            }
                        }
                        for t in 0..<kept {
                            let key = EstablishedCache.key(score: exact[t], item: rows.items[Int(keptRows[v * Self.tile + t])])
                            if key > edge { keys.append(key) }
                        }
                        guard !keys.isEmpty else { continue }
                        Self.sortShort(&keys, descending: true)
                        keys.withUnsafeBufferPointer { k in cache.merge(j, keys: k.baseAddress!, count: k.count) }
                    }
                }
                first += size
            }
            for v in 0..<b { cache.touch(Int(who[Int(stale[g + v])])) }
            g = end
        }
    }
}

