/// Retrieval, the first stage of the feed: which items a user's requests may be served from.
///
/// - Cold-start: the top K of today's pool by the retrieval model's score (its view of the item's
///   embedding against the user's taste), scanned exactly; K is the mechanism's (HMT acts here).
/// - Established: the best `establishedCandidates` + (the user's requests today) older items by
///   the same score — a batch per feed refresh, so heavy users do not run out — found
///   approximately through an inverted-file index of the catalogue by topic: only the buckets of
///   the user's `probeTopics` nearest topics are read.
struct Retrieval {
    let d: Int
    let established: Int
    let topics: Int
    private(set) var pool: BlockedEmbeddings
    private(set) var catalogue: BlockedEmbeddings
    /// Items in today's pool.
    private(set) var poolSize = 0
    private var score: [Float] = []
    private var order: [Int32] = []
    private var found: [Int32] = []

    init(dimension: Int, topics: Int, spec: ServingSpec) {
        d = dimension
        self.topics = topics
        established = spec.establishedCandidates
        pool = BlockedEmbeddings(dimension: dimension)
        catalogue = BlockedEmbeddings(dimension: dimension)
    }

    /// Indexes today's pool and the catalogue of older items (once a day).
    mutating func prepare(pool today: Range<Int>, catalogue older: Range<Int>, store: ItemStore) {
        pool.rebuild(store, range: today, buckets: 1) { _ in 0 }
        poolSize = today.count
        catalogue.rebuild(store, range: older, buckets: topics) { Int(store.topic[$0]) }
        let n = Swift.max(pool.items.count, catalogue.items.count, 1)
        if score.count < n {
            score = [Float](repeating: 0, count: n)
            order = [Int32](repeating: 0, count: n)
            found = [Int32](repeating: 0, count: n)
        }
    }

    /// Appends the top `k` items of today's pool for user `j` to `list`.
    mutating func coldStart(user j: Int, k: Int, users: UserState, into list: inout CandidateList) {
        guard k > 0, !pool.items.isEmpty else { return }
        let size = pool.items.count, kk = Swift.min(k, poolSize)
        let d = self.d
        users.taste.withUnsafeBufferPointer { x in
            score.withUnsafeMutableBufferPointer { s in
                order.withUnsafeMutableBufferPointer { o in
                    _ = pool.score(x.baseAddress! + j * d, bucket: 0, into: s.baseAddress!)
                    for t in 0..<size { o[t] = Int32(t) }
                    TopK.select(kk, scores: UnsafeBufferPointer(s), order: o, count: size)
                    for t in 0..<kk { list.append(pool.items[Int(o[t])]) }
                }
            }
        }
    }

    /// Appends the best `establishedCandidates + requests` established items for user `j` to `list`.
    mutating func established(user j: Int, requests: Int, users: UserState, into list: inout CandidateList) {
        guard established > 0, !catalogue.items.isEmpty else { return }
        let d = self.d
        var n = 0
        users.taste.withUnsafeBufferPointer { x in
            score.withUnsafeMutableBufferPointer { s in
                found.withUnsafeMutableBufferPointer { f in
                    for q in 0..<users.probe {
                        let topic = Int(users.nearestTopics[j * users.probe + q])
                        let slots = catalogue.slots(ofBucket: topic)
                        _ = catalogue.score(x.baseAddress! + j * d, bucket: topic, into: s.baseAddress! + n)
                        for slot in slots {
                            f[n] = catalogue.items[slot]
                            n += 1
                        }
                    }
                }
            }
        }
        var real = 0
        for t in 0..<n where found[t] >= 0 { real += 1 }
        let kk = Swift.min(established + requests, real)
        for t in 0..<n { order[t] = Int32(t) }
        score.withUnsafeBufferPointer { s in order.withUnsafeMutableBufferPointer { TopK.select(kk, scores: s, order: $0, count: n) } }
        for t in 0..<kk { list.append(found[Int(order[t])]) }
    }
}
