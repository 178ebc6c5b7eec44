/// Group-size buckets (Table 2 of the paper): groups sorted by size, largest first, cut into
/// buckets of about equal traffic (users). Fixed from pre-treatment information only — the
/// number of users per group — never from outcomes.
public struct GroupBuckets: Sendable, Equatable {
    /// Bucket of each group.
    public let bucketOf: [Int: Int]
    /// Labels such as "groups 1–5" (ranks by size, 1 = largest).
    public let labels: [String]

    public init(groupSizes: [Int: Int], buckets: Int = 4) {
        let order = groupSizes.keys.sorted { (groupSizes[$0]!, -$0) > (groupSizes[$1]!, -$1) }
        let total = Double(groupSizes.values.reduce(0, +))
        var bucketOf = [Int: Int](), ranges = [(Int, Int)](repeating: (Int.max, 0), count: buckets)
        var cumulative = 0.0
        for (rank, group) in order.enumerated() {
            // A group's bucket is where the middle of its traffic falls.
            let middle = (cumulative + Double(groupSizes[group]!) / 2) / Swift.max(total, 1)
            let bucket = Swift.min(buckets - 1, Int(middle * Double(buckets)))
            bucketOf[group] = bucket
            ranges[bucket] = (Swift.min(ranges[bucket].0, rank + 1), Swift.max(ranges[bucket].1, rank + 1))
            cumulative += Double(groupSizes[group]!)
        }
        self.bucketOf = bucketOf
        labels = ranges.map { lo, hi in
            if lo == Int.max { return "(empty)" }
            return hi == order.count && lo != hi ? "groups \(lo)+" : (lo == hi ? "group \(lo)" : "groups \(lo)–\(hi)")
        }
    }
}
