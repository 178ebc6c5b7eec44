/// Retrieval, the first stage of the feed: which items a user's requests may be served from.
///
/// - Cold-start (audience matching): the top K of the cold-start pool — items younger than
///   `coldStartDays` with fewer than `coldStartImpressions` impressions (docs/MODEL.md §7) — by the
///   retrieval model's score (its view of the item's embedding against the user's taste), scanned
///   exactly, or (`coldStartIndex: ivf`) through an inverted-file index of the pool by topic, as
///   production retrieval of a whole platform does; K is the mechanism's (HMT acts here). An item
///   that reaches the cap is skipped from the next run of feeds on (it has graduated).
/// - Established: the best `establishedCandidates` + (the user's requests today) older items that
///   are no longer cold-start, by the same score — a batch per feed refresh, so heavy users do not
///   run out — found exactly (`establishedIndex: exact`, the default: both sources are searched
///   alike) or through an inverted-file index of the catalogue by topic (`ivf`: the buckets of the
///   user's `probeTopics` nearest topics).
struct Retrieval {
    let d: Int
    let established: Int
    let topics: Int
    private(set) var pool: BlockedEmbeddings
    /// The cold-start pool bucketed by topic (`coldStartIndex: ivf`).
    private(set) var poolIndex: BlockedEmbeddings
    let index: ServingSpec.RetrievalIndex
    let establishedIndex: ServingSpec.RetrievalIndex
    let coldStartProbes: Int
    let coldStartDays: Int
    /// Impressions at which an item leaves the cold-start pool.
    let cap: Int32
    private(set) var catalogue: BlockedEmbeddings
    /// Pool items the last cold-start retrieval scored (the whole pool for exact search).
    private(set) var scanned = 0
    /// Cold-start items when the day opened (the pool K is a share of), and the first item of the
    /// window they come from (the last `coldStartDays` days).
    private(set) var poolSize = 0
    private var poolFirst = 0
    /// One bit per window item: the index's top k, emitted in item order (``coldStartIVF``).
    private var chosen: [UInt64] = []
    private var score: [Float] = []
    private var order: [Int32] = []
    private var found: [Int32] = []

    /// The topic centroids (Float, `topics × d`): the cold-start index's coarse quantiser.
    private var centroids: [Float] = []
    /// The window's items' bucket: the centroid nearest (by inner product) to the item's retrieval embedding.
    private var bucketOf: [Int32] = []

    init(dimension: Int, topics: Int, spec: ServingSpec, centroids: [Double] = []) {
        self.centroids = centroids.map(Float.init)
        d = dimension
        self.topics = topics
        established = spec.establishedCandidates
        pool = BlockedEmbeddings(dimension: dimension)
        poolIndex = BlockedEmbeddings(dimension: dimension)
        index = spec.coldStartIndex
        establishedIndex = spec.establishedIndex
        coldStartProbes = spec.coldStartProbes
        coldStartDays = spec.coldStartDays
        cap = Int32(clamping: spec.coldStartImpressions)
        catalogue = BlockedEmbeddings(dimension: dimension)
    }

    /// Indexes the cold-start pool of day `t` (the cold-start items of `window`, the last
    /// `coldStartDays` days) and the catalogue (the items of `older` that are no longer cold-start),
    /// once a day.
    mutating func prepare(day t: Int, window: Range<Int>, catalogue older: Range<Int>, store: ItemStore) {
        let days = coldStartDays, cap = self.cap
        let cold: (Int) -> Bool = { store.isColdStart($0, day: t, days: days, cap: cap) }
        pool.rebuild(store, range: window, buckets: 1, include: cold) { _ in 0 }
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
        poolSize = pool.items.reduce(0) { $0 + ($1 >= 0 ? 1 : 0) }
        poolFirst = window.lowerBound
        chosen = [UInt64](repeating: 0, count: (window.count + 63) / 64)
        catalogue.rebuild(store, range: older, buckets: topics, include: { !cold($0) }) { Int(store.topic[$0]) }
        let n = Swift.max(pool.items.count, poolIndex.items.count, catalogue.items.count, 1)
        if score.count < n {
            score = [Float](repeating: 0, count: n)
            order = [Int32](repeating: 0, count: n)
            found = [Int32](repeating: 0, count: n)
        }
    }

    /// Appends the top `k` items of the cold-start pool for user `j` to `list`, skipping items
    /// that have reached the impression cap since the day opened (`store`'s counts).
    ///
    /// For k ≪ pool it scores the first sixteen blocks, takes from them a threshold that about
    /// 2k + 16 items of the pool should pass, and keeps only passing items while scoring the rest —
    /// one pass, no full score buffer; when fewer than k pass, it scores everything. Either way the
    /// result is the exact top k (ties to the lower slot).
    mutating func coldStart(user j: Int, k: Int, users: UserState, store: ItemStore, into list: inout CandidateList) {
        guard k > 0, poolSize > 0 else { return }
        if index == .ivf, coldStartIVF(user: j, k: k, users: users, store: store, into: &list) { return }
        exactColdStart(user: j, k: k, users: users, store: store, into: &list)
    }

    /// The cold-start stage through the pool's topic index: the buckets of the user's nearest
    /// `coldStartProbes` topics, then her next nearest while fewer than 2·k items were scored; the
    /// top k of those. Returns false (nothing appended) when her ranked topics hold fewer than k
    /// items: the caller scans the pool.
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

    /// The exact top `k` of the cold-start pool for user `j` (see ``coldStart(user:k:users:store:into:)``).
    mutating func exactColdStart(user j: Int, k: Int, users: UserState, store: ItemStore, into list: inout CandidateList) {
        guard k > 0, poolSize > 0 else { return }
        scanned = poolSize
        let slots = pool.items.count, blocks = slots / 8, kk = Swift.min(k, poolSize), cap = self.cap
        users.taste.withUnsafeBufferPointer { x in
            store.impressions.withUnsafeBufferPointer { shown in
                let xj = x.baseAddress! + j * d
                if kk * 16 <= poolSize && blocks > 32, let kept = survivors(of: xj, k: kk, blocks: blocks, shown: shown), kept >= kk {
                    // Select among the survivors by their positions (slot order), then map back to slots.
                    for t in 0..<kept { found[t] = order[t]; order[t] = Int32(t) }
                    score.withUnsafeBufferPointer { s in order.withUnsafeMutableBufferPointer { TopK.select(kk, scores: s, order: $0, count: kept) } }
                    for t in 0..<kk { list.append(pool.items[Int(found[Int(order[t])])]) }
                    return
                }
                score.withUnsafeMutableBufferPointer { s in
                    order.withUnsafeMutableBufferPointer { o in
                        _ = pool.score(xj, bucket: 0, into: s.baseAddress!)
                        var live = 0
                        for t in 0..<slots {
                            o[t] = Int32(t)
                            let item = pool.items[t]
                            if item >= 0 && shown[Int(item)] < cap { live += 1 } else { s[t] = -.infinity }
                        }
                        let top = Swift.min(kk, live)
                        guard top > 0 else { return }
                        TopK.select(top, scores: UnsafeBufferPointer(s), order: o, count: slots)
                        for t in 0..<top { list.append(pool.items[Int(o[t])]) }
                    }
                }
            }
        }
    }

    /// Scores the pool for `x` keeping only items still cold-start at or above a threshold that
    /// about 2k + 16 items should pass, estimated from the first sixteen blocks: survivors' scores
    /// go to `score` and their slots to `order`, in slot order. Returns how many survived.
    private mutating func survivors(of x: UnsafePointer<Float>, k: Int, blocks: Int, shown: UnsafeBufferPointer<Int32>) -> Int? {
        let head = 16, q = (2 * k + 16) * head * 8 / poolSize
        guard q < head * 8 else { return nil }
        let pool = self.pool, cap = self.cap
        var kept = 0
        score.withUnsafeMutableBufferPointer { s in
            order.withUnsafeMutableBufferPointer { o in
                let raw = UnsafeMutableRawPointer(s.baseAddress!)
                pool.forEachBlock(x, bucket: 0, blocks: 0..<head) { index, scores in
                    raw.storeBytes(of: scores, toByteOffset: index * 32, as: SIMD8<Float>.self)
                }
                for t in 0..<(head * 8) {
                    let item = pool.items[t]
                    if item < 0 || shown[Int(item)] >= cap { s[t] = -.infinity }
                }
                // The (q + 1)-th largest of the head's scores, by insertion into a short sorted run.
                let threshold = withUnsafeTemporaryAllocation(of: Float.self, capacity: q + 1) { best in
                    for u in 0...q { best[u] = -.infinity }
                    for t in 0..<(head * 8) where s[t] > best[q] {
                        var u = q
                        while u > 0 && best[u - 1] < s[t] { best[u] = best[u - 1]; u -= 1 }
                        best[u] = s[t]
                    }
                    return best[q]
                }
                // The head's survivors move to the front (a position never overtakes the one it reads).
                for t in 0..<(head * 8) {
                    s[kept] = s[t]
                    o[kept] = Int32(t)
                    kept &+= s[t] >= threshold && s[t] > -.infinity ? 1 : 0
                }
                let limit = SIMD8<Float>(repeating: threshold)
                pool.forEachBlock(x, bucket: 0, blocks: head..<blocks) { index, scores in
                    let pass = scores .>= limit
                    guard any(pass) else { return }
                    for lane in 0..<8 where pass[lane] {
                        let item = pool.items[index * 8 + lane]
                        guard item >= 0 && shown[Int(item)] < cap else { continue }
                        s[kept] = scores[lane]
                        o[kept] = Int32(index * 8 + lane)
                        kept += 1
                    }
                }
            }
        }
        return kept
    }

    /// Appends the best `establishedCandidates + requests` established items for user `j` to `list`:
    /// with `establishedIndex: exact`, of the whole catalogue; with `ivf`, of the buckets of her
    /// `probe` nearest topics, then her next nearest ones while fewer than that many candidates have
    /// been found (adaptive probing, as an inverted-file index is tuned for recall), so a thin
    /// catalogue does not starve heavy users' feeds.
    mutating func established(user j: Int, requests: Int, users: UserState, into list: inout CandidateList) {
        guard established > 0, !catalogue.items.isEmpty else { return }
        let d = self.d, wanted = established + requests
        let exact = establishedIndex == .exact
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
                    if exact {
                        for topic in 0..<topics { read(topic) }
                    } else {
                        for q in 0..<users.ranked {
                            if q >= users.probe && real >= wanted { break }
                            read(Int(users.nearestTopics[j * users.ranked + q]))
                        }
                    }
                }
            }
        }
        let kk = Swift.min(wanted, real)
        for t in 0..<n { order[t] = Int32(t) }
        score.withUnsafeBufferPointer { s in order.withUnsafeMutableBufferPointer { TopK.select(kk, scores: s, order: $0, count: n) } }
        for t in 0..<kk { list.append(found[Int(order[t])]) }
    }

    /// How many of user `j`'s exact top `k` the configured cold-start stage finds (recall × k):
    /// for measuring an approximate index against exact search on a sample (allocates; not for the serving loop).
    mutating func recall(user j: Int, k: Int, users: UserState, store: ItemStore) -> Int {
        guard k > 0, poolSize > 0 else { return 0 }
        var approximate = CandidateList(), exact = CandidateList()
        approximate.reserve(k)
        exact.reserve(k)
        coldStart(user: j, k: k, users: users, store: store, into: &approximate)
        exactColdStart(user: j, k: k, users: users, store: store, into: &exact)
        let truth = Set((0..<exact.count).map { exact.item[$0] })
        return (0..<approximate.count).filter { truth.contains(approximate.item[$0]) }.count
    }
}
