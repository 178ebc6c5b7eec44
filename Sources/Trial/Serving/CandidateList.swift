/// The candidates retrieved for one user's requests of one day, with their true relevance and
/// the ranker's score, in flat buffers reused from user to user.
struct CandidateList {
    private(set) var item: [Int32] = []
    var sigma: [Float] = []
    var score: [Float] = []
    /// Whether the follow channel brought the candidate (its creator is followed and reached the user today).
    private(set) var followed: [Bool] = []
    private(set) var count = 0

    /// Makes room for `capacity` candidates (called once a day, outside the serving loop).
    mutating func reserve(_ capacity: Int) {
        guard item.count < capacity else { return }
        item = [Int32](repeating: 0, count: capacity)
        sigma = [Float](repeating: 0, count: capacity)
        score = [Float](repeating: 0, count: capacity)
        followed = [Bool](repeating: false, count: capacity)
    }

    mutating func removeAll() { count = 0 }

    /// Calls `body` with the items, σ and score buffers (the first ``count`` entries are this list's).
    @inline(__always)
    mutating func withUnsafeBuffers<R>(_ body: (UnsafeBufferPointer<Int32>, UnsafeMutableBufferPointer<Float>, UnsafeMutableBufferPointer<Float>) -> R) -> R {
        item.withUnsafeBufferPointer { i in
            sigma.withUnsafeMutableBufferPointer { s in
                score.withUnsafeMutableBufferPointer { body(i, s, $0) }
            }
        }
    }

    @inline(__always) mutating func append(_ i: Int32) {
        item[count] = i
        followed[count] = false
        count += 1
    }

    /// Appends `items` (none followed), in one copy rather than an append per candidate.
    mutating func append(contentsOf more: UnsafeBufferPointer<Int32>) {
        guard let source = more.baseAddress, !more.isEmpty else { return }
        let n = more.count, at = count
        precondition(at + n <= item.count, "a candidate list holds at most what was reserved")
        item.withUnsafeMutableBufferPointer { ($0.baseAddress! + at).update(from: source, count: n) }
        followed.withUnsafeMutableBufferPointer { ($0.baseAddress! + at).update(repeating: false, count: n) }
        count += n
    }

    @inline(__always) mutating func markFollowed(_ slot: Int) { followed[slot] = true }
}
