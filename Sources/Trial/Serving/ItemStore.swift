/// Every item published in one arm, oldest first, in flat contiguous buffers.
///
/// Items are appended day by day, so a day's items — and the catalogue of the last few days —
/// are contiguous index ranges (``range(ofDay:)``, ``range(fromDay:toDay:)``).
struct ItemStore {
    let d: Int
    /// True content embedding (unit), `count × d`.
    private(set) var embedding: [Float] = []
    /// The retrieval model's view of the item (its embedding with retrieval error, unit), `count × d`.
    private(set) var retrieval: [Float] = []
    private(set) var creator: [Int32] = []
    /// Simulated day index and hour in [0, 24) of publication.
    private(set) var day: [Int32] = []
    private(set) var hour: [Float] = []
    private(set) var topic: [Int32] = []
    /// Lifetime impressions, and whether the item had any before today (what the ranker knows).
    var impressions: [Int32] = []
    var hasFeedback: [Bool] = []
    /// Reward the item earned today (what its creator observes).
    var rewardToday: [Double] = []
    /// `dayStart[t]` is the first item of day t; the last entry is `count`.
    private(set) var dayStart: [Int] = [0]

    init(dimension: Int) { d = dimension }

    var count: Int { creator.count }

    /// Days closed so far.
    var dayCount: Int { dayStart.count - 1 }

    /// Items published on day `t`.
    func range(ofDay t: Int) -> Range<Int> { dayStart[t]..<dayStart[t + 1] }

    /// Items published on days `from..<to` (clamped at day 0).
    func range(fromDay from: Int, toDay to: Int) -> Range<Int> { dayStart[Swift.max(0, from)]..<dayStart[Swift.max(0, to)] }

    /// Adds one item of today's; `write` fills its true and retrieval embeddings.
    mutating func append(creator i: Int, day t: Int, hour h: Double, topic: Int,
                         write: (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>) -> Void) {
        let base = embedding.count
        embedding.append(contentsOf: repeatElement(0, count: d))
        retrieval.append(contentsOf: repeatElement(0, count: d))
        embedding.withUnsafeMutableBufferPointer { e in
            retrieval.withUnsafeMutableBufferPointer { r in write(e.baseAddress! + base, r.baseAddress! + base) }
        }
        creator.append(Int32(i)); day.append(Int32(t)); hour.append(Float(h)); self.topic.append(Int32(topic))
        impressions.append(0); hasFeedback.append(false); rewardToday.append(0)
    }

    /// Closes day `t`'s publishing: its items are the ones appended since the previous close.
    mutating func closeDay() { dayStart.append(count) }

    /// Whether `item` is cold-start on day `t`: published less than `days` days ago and shown fewer
    /// than `cap` times (docs/MODEL.md §7; ``ServingSpec/coldStartImpressions``).
    @inline(__always)
    func isColdStart(_ item: Int, day t: Int, days: Int, cap: Int32) -> Bool {
        t - Int(day[item]) < days && impressions[item] < cap
    }

    /// Marks every item with an impression as known to the ranker (called at the end of a day).
    mutating func recordFeedback(in range: Range<Int>) {
        for item in range where impressions[item] > 0 { hasFeedback[item] = true }
    }
}

/// Items' retrieval embeddings laid out for scoring: grouped in buckets, each bucket in blocks of
/// eight items stored dimension-major, so a user's scores come out eight at a time with no
/// horizontal sums and no gathers. Today's pool is one bucket; the catalogue of older items has a
/// bucket per topic — an inverted-file index, the approximate nearest-neighbour search of
/// established content (a query reads only the buckets of the user's nearest topics).
struct BlockedEmbeddings {
    let d: Int
    private(set) var data: [Float] = []
    /// Slot → item index; padding slots hold −1.
    private(set) var items: [Int32] = []
    /// `start[b]..<start[b + 1]` are bucket b's slots (multiples of eight).
    private(set) var start: [Int] = [0]

    init(dimension: Int) { d = dimension }

    /// Rebuilds from the items of `range` of `store` that `include` accepts, bucketed by
    /// `bucket(item)` in `0..<buckets` (index order within a bucket).
    mutating func rebuild(_ store: ItemStore, range: Range<Int>, buckets: Int, include: (Int) -> Bool = { _ in true },
                          bucket: (Int) -> Int) {
        var counts = [Int](repeating: 0, count: buckets)
        for item in range where include(item) { counts[bucket(item)] += 1 }
        start = [Int](repeating: 0, count: buckets + 1)
        for b in 0..<buckets { start[b + 1] = start[b] + (counts[b] + 7) / 8 * 8 }
        let slots = start[buckets]
        items = [Int32](repeating: -1, count: slots)
        data = [Float](repeating: 0, count: slots * d)
        var fill = Array(start.prefix(buckets))
        let d = self.d
        store.retrieval.withUnsafeBufferPointer { r in
            data.withUnsafeMutableBufferPointer { out in
                for item in range where include(item) {
                    let b = bucket(item), slot = fill[b]
                    fill[b] += 1
                    items[slot] = Int32(item)
                    let block = slot / 8, lane = slot % 8
                    for k in 0..<d { out[(block * d + k) * 8 + lane] = r[item * d + k] }
                }
            }
        }
    }

    func slots(ofBucket b: Int) -> Range<Int> { start[b]..<start[b + 1] }

    /// Calls `body(block, scores)` with the scores of `x` against blocks `blocks` of bucket b, eight
    /// slots at a time (padding lanes score 0; check ``items``).
    @inline(__always)
    func forEachBlock(_ x: UnsafePointer<Float>, bucket b: Int, blocks: Range<Int>, _ body: (Int, SIMD8<Float>) -> Void) {
        let first = start[b], d = self.d
        data.withUnsafeBufferPointer { bl in
            var block = UnsafeRawPointer(bl.baseAddress! + (first + blocks.lowerBound * 8) * d)
            for index in blocks {
                // Four accumulators break the dependency chain of the additions.
                var a0 = SIMD8<Float>(repeating: 0), a1 = a0, a2 = a0, a3 = a0
                var k = 0
                while k + 4 <= d {
                    a0 += SIMD8<Float>(repeating: x[k]) * block.loadUnaligned(fromByteOffset: k * 32, as: SIMD8<Float>.self)
                    a1 += SIMD8<Float>(repeating: x[k + 1]) * block.loadUnaligned(fromByteOffset: (k + 1) * 32, as: SIMD8<Float>.self)
                    a2 += SIMD8<Float>(repeating: x[k + 2]) * block.loadUnaligned(fromByteOffset: (k + 2) * 32, as: SIMD8<Float>.self)
                    a3 += SIMD8<Float>(repeating: x[k + 3]) * block.loadUnaligned(fromByteOffset: (k + 3) * 32, as: SIMD8<Float>.self)
                    k += 4
                }
                while k < d {
                    a0 += SIMD8<Float>(repeating: x[k]) * block.loadUnaligned(fromByteOffset: k * 32, as: SIMD8<Float>.self)
                    k += 1
                }
                body(index, (a0 + a1) + (a2 + a3))
                block += d * 32
            }
        }
    }

    /// Writes the scores of `x` against bucket b's slots to `out` (padding gets −∞); returns the slot count.
    func score(_ x: UnsafePointer<Float>, bucket b: Int, into out: UnsafeMutablePointer<Float>) -> Int {
        let range = slots(ofBucket: b)
        guard !range.isEmpty else { return 0 }
        let raw = UnsafeMutableRawPointer(out)
        forEachBlock(x, bucket: b, blocks: 0..<(range.count / 8)) { index, scores in
            raw.storeBytes(of: scores, toByteOffset: index * 32, as: SIMD8<Float>.self)
        }
        // Padding sits at the end of the bucket.
        var slot = range.count - 1
        while slot >= 0 && items[range.lowerBound + slot] < 0 { out[slot] = -.infinity; slot -= 1 }
        return range.count
    }
}
