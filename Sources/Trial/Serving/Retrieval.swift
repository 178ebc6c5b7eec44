/// Retrieval, the first stage of the feed: which items a user's requests may be served from.
///
/// - Cold-start (audience matching): the top K of the cold-start pool — items younger than
///   `coldStartDays` with fewer than `coldStartImpressions` impressions (docs/MODEL.md §7) — by the
///   retrieval model's score (its view of the item's embedding against the user's taste), found
///   exactly (``ExactSearch``: a block of users at a time by an OpenBLAS matrix product, then a
///   threshold select and an exact re-score), or (`coldStartIndex: ivf`) through an inverted-file
///   index of the pool by topic; K is the mechanism's (HMT acts here). An item that reaches the cap
///   is skipped from the next run of feeds on (it has graduated).
/// - Established: the best `establishedCandidates` + (the user's requests today) older items that
///   are no longer cold-start, by the same score — a batch per feed refresh, so heavy users do not
///   run out — found exactly (`establishedIndex: exact`, the default: both sources are searched
///   alike) or through an inverted-file index of the catalogue by topic (`ivf`: the buckets of the
///   user's `probeTopics` nearest topics).
struct Retrieval {
    let d: Int
    let established: Int
    let topics: Int
    /// The cold-start pool as matrix rows (exact search), and bucketed by topic (`coldStartIndex: ivf`).
    private(set) var pool: RowEmbeddings
    private(set) var poolIndex: BlockedEmbeddings
    let index: ServingSpec.RetrievalIndex
    let establishedIndex: ServingSpec.RetrievalIndex
    let coldStartProbes: Int
    let coldStartDays: Int
    /// Impressions at which an item leaves the cold-start pool.
    let cap: Int32
    /// The established catalogue as matrix rows (`establishedIndex: exact`) or bucketed by topic (`ivf`).
    private(set) var catalogueRows: RowEmbeddings
    private(set) var catalogue: BlockedEmbeddings
    /// Pool items the last cold-start retrieval scored (the whole pool for exact search).
    private(set) var scanned = 0
    /// Cold-start items when the day opened (the pool K is a share of), and the first item of the
    /// window they come from (the last `coldStartDays` days).
    private(set) var poolSize = 0
    private var poolFirst = 0
    /// Exact search's blocking and buffers, and the shortlists it found for the current run of users
    /// (``shortlist(users:coldStart:established:users:store:)``).
    var search: ExactSearch
    /// Each user's best established items from day to day (`establishedIndex: exact` with the fused
    /// kernel), shared by the serving threads, and this thread's side of it.
    private(set) var cache: EstablishedCache?
    private var cacheSearch = EstablishedSearch()
    /// The market's users (0: no ``cache``).
    let users: Int
    private var coldLists = Shortlists(), establishedLists = Shortlists(), single = Shortlists()
    /// The cold-start search's watch per user (``EstablishedCache/watch(_:)``).
    private var watch: [Float] = []
    /// One bit per window item: the index's top k, emitted in item order (``coldStartIVF``).
    private var chosen: [UInt64] = []
    private var score: [Float] = []
    private var order: [Int32] = []
    private var found: [Int32] = []

    /// The topic centroids (Float, `topics × d`): the cold-start index's coarse quantiser.
    private var centroids: [Float] = []
    /// The window's items' bucket: the centroid nearest (by inner product) to the item's retrieval embedding.
    private var bucketOf: [Int32] = []

    /// - Parameter users: the market's users, for ``cache`` (0: no cache; every search covers the whole catalogue).
    init(dimension: Int, topics: Int, spec: ServingSpec, centroids: [Double] = [], blocking: RetrievalBlocking = .standard, users: Int = 0) {
        self.centroids = centroids.map(Float.init)
        d = dimension
        self.topics = topics
        established = spec.establishedCandidates
        pool = RowEmbeddings(dimension: dimension)
        poolIndex = BlockedEmbeddings(dimension: dimension)
        index = spec.coldStartIndex
        establishedIndex = spec.establishedIndex
        coldStartProbes = spec.coldStartProbes
        coldStartDays = spec.coldStartDays
        cap = Int32(clamping: spec.coldStartImpressions)
        catalogueRows = RowEmbeddings(dimension: dimension)
        catalogue = BlockedEmbeddings(dimension: dimension)
        search = ExactSearch(blocking: blocking)
        self.users = users
    }

    /// Drops the users' established lists (after the last day; a later search would rebuild them).
    mutating func endServing() { cache = nil }

    /// Whether the established shortlists come through ``cache``: exact established retrieval with
    /// the fused kernel and cache slots.
    private var usesCache: Bool {
        users > 0 && establishedIndex == .exact && search.blocking.usesFusedKernel && search.blocking.cacheSlots > 0
    }

    /// Whether a run of users' exact searches is done up front (``shortlist(users:coldStart:established:users:store:)``).
    var searchesAhead: Bool { index == .exact || establishedIndex == .exact }

    /// Indexes the cold-start pool of day `t` (the cold-start items of `window`, the last
    /// `coldStartDays` days) and the catalogue (the items of `older` that are no longer cold-start),
    /// once a day.
    mutating func prepare(day t: Int, window: Range<Int>, catalogue older: Range<Int>, store: ItemStore) {
        let days = coldStartDays, cap = self.cap
        let cold: (Int) -> Bool = { store.isColdStart($0, day: t, days: days, cap: cap) }
        pool.packsBFloat16 = search.blocking.usesBFloat16
        pool.rebuild(store, range: window, include: cold)
        if index == .ivf {
            // Each item goes to the centroid its *retrieval* embedding (what the index sees) is nearest
            // to, as an inverted-file index's coarse quantiser assigns it; queries probe the user's
            // nearest centroids.
            if bucketOf.count < window.count { bucketOf = [Int32](repeating: 0, count: window.count) }
            let d = self.d, topics = self.topics
            store.retrieval.withUnsafeBufferPointer { r in
                centroids.withUnsafeBufferPointer { c in
                    for (t, item) in window.enumerated() where cold(item) {
                        var best = -Float.infinity, arg = 0
                        for b in 0..<topics {
                            var dot: Float = 0
                            for k in 0..<d { dot += r[item * d + k] * c[b * d + k] }
                            if dot > best { best = dot; arg = b }
                        }
                        bucketOf[t] = Int32(arg)
                    }
                }
            }
            let first = window.lowerBound, buckets = bucketOf
            poolIndex.rebuild(store, range: window, buckets: topics, include: cold) { Int(buckets[$0 - first]) }
        }
        poolSize = pool.count
        poolFirst = window.lowerBound
        chosen = [UInt64](repeating: 0, count: (window.count + 63) / 64)
        if establishedIndex == .exact {
            catalogueRows.packsBFloat16 = search.blocking.usesBFloat16
            catalogueRows.rebuild(store, range: older, include: { !cold($0) })
            if usesCache {
                if cache?.capacity != search.blocking.cacheSlots {
                    cache = EstablishedCache(users: users, dimension: d, capacity: search.blocking.cacheSlots)
                }
                cache?.prepare(day: t, catalogue: catalogueRows, low: older.lowerBound, store: store, bfloat16: search.blocking.usesBFloat16)
            }
        } else {
            catalogue.rebuild(store, range: older, buckets: topics, include: { !cold($0) }) { Int(store.topic[$0]) }
        }
        let n = Swift.max(poolIndex.items.count, catalogue.items.count, 1)
        if score.count < n {
            score = [Float](repeating: 0, count: n)
            order = [Int32](repeating: 0, count: n)
            found = [Int32](repeating: 0, count: n)
        }
        coldLists.removeAll()
        establishedLists.removeAll()
    }

    /// Searches, for a run of users at once (`users`, ascending), the exact stages: the top
    /// `coldStart[u]` of the cold-start pool (with `index: exact`) and the top `established[u]` of
    /// the catalogue (with `establishedIndex: exact`). Their feeds then read these shortlists
    /// instead of searching one user at a time; the items are the same.
    ///
    /// With the ``cache``, the established lists are brought up to date first; the cold-start
    /// search then also finds, in the same pass, each listed user's pool items above her edge —
    /// her pending keys (``EstablishedCache/record(_:keys:count:)``) — so that tomorrow's update
    /// need not score the items entering the catalogue again.
    mutating func shortlist(users list: [Int32], coldStart: [Int32], established: [Int32], users: UserState, store: ItemStore) {
        coldLists.removeAll()
        establishedLists.removeAll()
        let cap = self.cap
        list.withUnsafeBufferPointer { who in
            users.taste.withUnsafeBufferPointer { x in
                if establishedIndex == .exact {
                    established.withUnsafeBufferPointer { k in
                        if usesCache, let cache {
                            cacheSearch.shortlist(users: who, k: k, tastes: x.baseAddress!, cache: cache, catalogue: catalogueRows,
                                                  search: &search, into: &establishedLists)
                        } else {
                            search.search(users: who, k: k, tastes: x.baseAddress!, matrix: catalogueRows, live: nil, into: &establishedLists)
                        }
                    }
                }
                if index == .exact {
                    let watching = usesCache && cache != nil
                    if watching {
                        watch.removeAll(keepingCapacity: true)
                        for j in who { watch.append(cache!.watch(Int(j))) }
                    }
                    coldStart.withUnsafeBufferPointer { k in
                        store.impressions.withUnsafeBufferPointer { shown in
                            watch.withUnsafeBufferPointer { w in
                                search.search(users: who, k: k, tastes: x.baseAddress!, matrix: pool, live: { shown[Int($0)] < cap },
                                              watch: watching ? w : nil, into: &coldLists)
                            }
                        }
                    }
                    if watching { cacheSearch.record(users: who, tastes: x.baseAddress!, watched: search.watched, pool: pool, cache: cache!) }
                }
            }
        }
    }

    /// Appends the top `k` items of the cold-start pool for user `j` to `list`, skipping items
    /// that have reached the impression cap since the day opened (`store`'s counts): exactly, in
    /// item order (ties to the lower item), or through the topic index (`coldStartIndex: ivf`).
    mutating func coldStart(user j: Int, k: Int, users: UserState, store: ItemStore, into list: inout CandidateList) {
        guard k > 0, poolSize > 0 else { return }
        if index == .ivf, coldStartIVF(user: j, k: k, users: users, store: store, into: &list) { return }
        if index == .exact, let found = coldLists.list(of: j) {
            scanned = poolSize
            users.taste.withUnsafeBufferPointer { x in
                Self.take(k, of: found, in: coldLists, matrix: pool, taste: x.baseAddress! + j * d, order: &order, score: &score, into: &list)
            }
            return
        }
        exactColdStart(user: j, k: k, users: users, store: store, into: &list)
    }

    /// The top `k` of a shortlist (all of it if it is no longer), in item order: a shorter k than
    /// the list's (a mixed feed's smaller K) re-scores the list's rows of `matrix` exactly — exact
    /// top-k sets are nested, so it is the best of the longer list.
    private static func take(_ k: Int, of range: Range<Int>, in lists: Shortlists, matrix: RowEmbeddings, taste: UnsafePointer<Float>,
                             order: inout [Int32], score: inout [Float], into list: inout CandidateList) {
        guard k < range.count else {
            lists.items.withUnsafeBufferPointer { list.append(contentsOf: UnsafeBufferPointer(rebasing: $0[range])) }
            return
        }
        let n = range.count, d = matrix.d
        if order.count < n { order = [Int32](repeating: 0, count: n) }
        if score.count < n { score = [Float](repeating: 0, count: n) }
        matrix.data.withUnsafeBufferPointer { m in
            for t in 0..<n {
                order[t] = Int32(t)
                score[t] = Kernels.retrievalScore(taste, m.baseAddress! + Int(lists.rows[range.lowerBound + t]) * d, d)
            }
        }
        score.withUnsafeBufferPointer { s in order.withUnsafeMutableBufferPointer { TopK.keyedSelect(k, scores: s, order: $0, count: n) } }
        let picked = order[0..<k].sorted()
        for t in picked { list.append(lists.items[range.lowerBound + Int(t)]) }
    }

    /// The cold-start stage through the pool's topic index: the buckets of the user's nearest
    /// `coldStartProbes` topics, then her next nearest while fewer than 2·k items were scored; the
    /// top k of those. Returns false (nothing appended) when her ranked topics hold fewer than k
    /// items: the caller searches the pool exactly.
    private mutating func coldStartIVF(user j: Int, k: Int, users: UserState, store: ItemStore,
                                       into list: inout CandidateList) -> Bool {
        let d = self.d, wanted = 2 * k, cap = self.cap
        var n = 0, real = 0
        let poolIndex = self.poolIndex
        users.taste.withUnsafeBufferPointer { x in
            store.impressions.withUnsafeBufferPointer { shown in
                score.withUnsafeMutableBufferPointer { s in
                    found.withUnsafeMutableBufferPointer { f in
                        for q in 0..<users.ranked {
                            if q >= coldStartProbes && real >= wanted { break }
                            let topic = Int(users.nearestTopics[j * users.ranked + q])
                            _ = poolIndex.score(x.baseAddress! + j * d, bucket: topic, into: s.baseAddress! + n)
                            for slot in poolIndex.slots(ofBucket: topic) {
                                let item = poolIndex.items[slot]
                                f[n] = item
                                if item >= 0 && shown[Int(item)] < cap { real += 1 } else { s[n] = -.infinity }
                                n += 1
                            }
                        }
                    }
                }
            }
        }
        scanned = n
        guard real >= k else { return false }
        for t in 0..<n { order[t] = Int32(t) }
        score.withUnsafeBufferPointer { s in order.withUnsafeMutableBufferPointer { TopK.select(k, scores: s, order: $0, count: n) } }
        // In item order: the ranker then reads the candidates' embeddings front to back.
        for t in 0..<k {
            let position = Int(found[Int(order[t])]) - poolFirst
            chosen[position >> 6] |= 1 << UInt64(position & 63)
        }
        for w in chosen.indices where chosen[w] != 0 {
            var bits = chosen[w]
            chosen[w] = 0
            while bits != 0 {
                list.append(Int32(poolFirst + w << 6 + bits.trailingZeroBitCount))
                bits &= bits - 1
            }
        }
        return true
    }

    /// The exact top `k` of the cold-start pool for user `j`, searched for her alone (see
    /// ``coldStart(user:k:users:store:into:)``).
    mutating func exactColdStart(user j: Int, k: Int, users: UserState, store: ItemStore, into list: inout CandidateList) {
        guard k > 0, poolSize > 0 else { return }
        scanned = poolSize
        let cap = self.cap
        searchAlone(user: j, k: k, users: users, matrix: pool, live: { store.impressions[Int($0)] < cap })
        single.items.withUnsafeBufferPointer { list.append(contentsOf: $0) }
    }

    /// One user's exact search into ``single``.
    private mutating func searchAlone(user j: Int, k: Int, users: UserState, matrix: RowEmbeddings, live: ((Int32) -> Bool)?) {
        single.removeAll()
        let who = [Int32(j)], kk = [Int32(k)]
        users.taste.withUnsafeBufferPointer { x in
            who.withUnsafeBufferPointer { w in
                kk.withUnsafeBufferPointer { search.search(users: w, k: $0, tastes: x.baseAddress!, matrix: matrix, live: live, into: &single) }
            }
        }
    }

    /// Appends the best `establishedCandidates + requests` established items for user `j` to `list`:
    /// with `establishedIndex: exact`, of the whole catalogue; with `ivf`, of the buckets of her
    /// `probe` nearest topics, then her next nearest ones while fewer than that many candidates have
    /// been found (adaptive probing, as an inverted-file index is tuned for recall), so a thin
    /// catalogue does not starve heavy users' feeds.
    mutating func established(user j: Int, requests: Int, users: UserState, into list: inout CandidateList) {
        guard established > 0 else { return }
        let d = self.d, wanted = established + requests
        if establishedIndex == .exact {
            guard catalogueRows.count > 0 else { return }
            if let found = establishedLists.list(of: j) {
                users.taste.withUnsafeBufferPointer { x in
                    Self.take(wanted, of: found, in: establishedLists, matrix: catalogueRows, taste: x.baseAddress! + j * d, order: &order,
                              score: &score, into: &list)
                }
            } else {
                searchAlone(user: j, k: wanted, users: users, matrix: catalogueRows, live: nil)
                single.items.withUnsafeBufferPointer { list.append(contentsOf: $0) }
            }
            return
        }
        guard !catalogue.items.isEmpty else { return }
        var n = 0, real = 0
        users.taste.withUnsafeBufferPointer { x in
            score.withUnsafeMutableBufferPointer { s in
                found.withUnsafeMutableBufferPointer { f in
                    func read(_ topic: Int) {
                        let slots = catalogue.slots(ofBucket: topic)
                        _ = catalogue.score(x.baseAddress! + j * d, bucket: topic, into: s.baseAddress! + n)
                        for slot in slots {
                            f[n] = catalogue.items[slot]
                            if f[n] >= 0 { real += 1 }
                            n += 1
                        }
                    }
                    for q in 0..<users.ranked {
                        if q >= users.probe && real >= wanted { break }
                        read(Int(users.nearestTopics[j * users.ranked + q]))
                    }
                }
            }
        }
        let kk = Swift.min(wanted, real)
        for t in 0..<n { order[t] = Int32(t) }
        score.withUnsafeBufferPointer { s in order.withUnsafeMutableBufferPointer { TopK.select(kk, scores: s, order: $0, count: n) } }
        for t in 0..<kk { list.append(found[Int(order[t])]) }
    }

    /// How many of user `j`'s exact top `k` the configured cold-start stage finds, and how many
    /// that top k holds (fewer than k once most of the pool has reached the impression cap): for
    /// measuring an approximate index against exact search on a sample (allocates; not for the serving loop).
    mutating func recall(user j: Int, k: Int, users: UserState, store: ItemStore) -> (found: Int, wanted: Int) {
        guard k > 0, poolSize > 0 else { return (0, 0) }
        var approximate = CandidateList(), exact = CandidateList()
        approximate.reserve(k)
        exact.reserve(k)
        coldStart(user: j, k: k, users: users, store: store, into: &approximate)
        exactColdStart(user: j, k: k, users: users, store: store, into: &exact)
        let truth = Set((0..<exact.count).map { exact.item[$0] })
        return ((0..<approximate.count).filter { truth.contains(approximate.item[$0]) }.count, exact.count)
    }
}
