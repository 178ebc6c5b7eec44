/// Adds per-unit rows held in memory (a code-built ``UnitTable``, a simulated trial's records) to
/// ``UnitStatistics``, each unit's pre-period (week −1) row joined to its other rows: the one
/// row-to-cell path for tables that are not streamed.
public struct UnitRowAccumulator<ID: Hashable> {
    private struct Unit: Hashable { var arm: Int; var replicate: Int; var id: ID }
    public private(set) var statistics: UnitStatistics
    private var preUsers = [Unit: UnitCounts](), preCreators = [Unit: CreatorCounts]()

    public init(_ statistics: UnitStatistics = UnitStatistics()) { self.statistics = statistics }

    /// The arm's index (arms in order of first use).
    public mutating func arm(_ name: String) -> Int { statistics.arm(name) }

    /// Give every pre-period (week −1) row first, then ``addUser`` every row (week −1 included).
    public mutating func notePreUser(arm: Int, replicate: Int, id: ID, counts: UnitCounts) {
        preUsers[Unit(arm: arm, replicate: replicate, id: id)] = counts
    }

    public mutating func notePreCreator(arm: Int, replicate: Int, id: ID, counts: CreatorCounts) {
        preCreators[Unit(arm: arm, replicate: replicate, id: id)] = counts
    }

    public mutating func addUser(arm: Int, replicate: Int, id: ID, group: Int, week: Int, counts post: UnitCounts) {
        let key = UnitStatistics.UserKey(arm: arm, replicate: replicate, group: group, week: week)
        statistics.addUser(key, impressions: post.impressions, likes: post.likes, coldStart: post.coldStart, fresh: post.fresh, topics: post.topics)
        if week >= 0, let pre = preUsers[Unit(arm: arm, replicate: replicate, id: id)] { statistics.addUserPre(key, post: post, pre: pre) }
    }

    public mutating func addCreator(arm: Int, replicate: Int, id: ID, popular: Bool, week: Int, counts: CreatorCounts) {
        let key = UnitStatistics.CreatorKey(arm: arm, replicate: replicate, popular: popular, week: week)
        statistics.addCreator(key, counts)
        if week >= 0, let pre = preCreators[Unit(arm: arm, replicate: replicate, id: id)] {
            var join = CreatorPreJoin()
            join.add(post: counts, pre: pre, week: week)
            statistics.addCreatorPre(key, moments: join)
        }
    }
}
