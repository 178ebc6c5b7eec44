/// A unit table reduced to what every statistic of the analysis needs: exact sums per cell of
/// users (arm, market pair, group, week) and of creators (arm, market pair, popularity, week).
///
/// Built row by row (`addUser`, `addCreator`) from a stream of any length, in chunks that are
/// merged afterwards; its size grows with the number of cells, never with the number of units.
/// Cell sums are integers, so the result is the same whatever the chunking and merge order.
public struct UnitStatistics: Sendable, Equatable {
    public struct UserKey: Hashable, Sendable {
        public var arm: Int
        public var replicate: Int
        public var group: Int
        public var week: Int
        public init(arm: Int, replicate: Int, group: Int, week: Int) {
            self.arm = arm; self.replicate = replicate; self.group = group; self.week = week
        }
    }

    public struct CreatorKey: Hashable, Sendable {
        public var arm: Int
        public var replicate: Int
        public var popular: Bool
        public var week: Int
        public init(arm: Int, replicate: Int, popular: Bool, week: Int) {
            self.arm = arm; self.replicate = replicate; self.popular = popular; self.week = week
        }
    }

    /// One arm's market in one market pair.
    public struct MarketKey: Hashable, Sendable {
        public var arm: Int
        public var replicate: Int
        public init(arm: Int, replicate: Int) { self.arm = arm; self.replicate = replicate }
    }

    /// Arm names in order of first appearance; keys hold indices into it.
    public private(set) var arms: [String] = []
    public private(set) var users: [UserKey: UserCell] = [:]
    /// Creator DAU: active days per observed day.
    public private(set) var creators: [CreatorKey: CreatorCell] = [:]
    /// Creator coverage: days with at least one impression per observed day (tables with `servedDays`).
    public private(set) var coverage: [CreatorKey: CreatorCell] = [:]
    /// Creator churn: per week row (≥ 1), 1 when the creator published on none of its days (one "day" per row).
    public private(set) var churn: [CreatorKey: CreatorCell] = [:]
    /// Each market's whole-period creator impressions (tables with creators' `impressions`).
    public private(set) var exposure: [MarketKey: ExposureHistogram] = [:]

    public init() {}

    /// The index of an arm, added if new.
    public mutating func arm(_ name: String) -> Int {
        if let index = arms.firstIndex(of: name) { return index }
        arms.append(name)
        return arms.count - 1
    }

    @inline(__always)
    public mutating func addUser(_ key: UserKey, impressions: Int64, likes: Int64, coldStart: Int64, fresh: Int64, topics: Int64) {
        users[key, default: UserCell()].add(impressions: impressions, likes: likes, coldStart: coldStart, fresh: fresh, topics: topics)
    }

    /// A unit's pre-period values joined to its row of `key`'s period (CUPED); adds no unit.
    @inline(__always)
    public mutating func addUserPre(_ key: UserKey, post: UnitCounts, pre: UnitCounts) {
        users[key, default: UserCell()].pre.add(post: post, pre: pre)
    }


    /// Pre-period moments joined elsewhere (a streamed table's partitions), added to a cell.
    public mutating func addUserPre(_ key: UserKey, moments: PreMoments) {
        users[key, default: UserCell()].pre.merge(moments)
    }

    /// A creator's pre-period row joined to her row of `key`'s period (CUPED), or such joins
    /// summed elsewhere (a streamed table's partitions); adds no unit.
    public mutating func addCreatorPre(_ key: CreatorKey, moments: CreatorPreJoin) {
        creators[key, default: CreatorCell()].pre.merge(moments.activity)
        if moments.coverage.joined > 0 { coverage[key, default: CreatorCell()].pre.merge(moments.coverage) }
        if key.week >= 1 { churn[key, default: CreatorCell()].pre.merge(moments.churn) }
    }

    public mutating func addCreator(_ key: CreatorKey, _ counts: CreatorCounts) {
        creators[key, default: CreatorCell()].add(days: counts.days, activeDays: counts.activeDays, followers: counts.followers)
        if let served = counts.servedDays { coverage[key, default: CreatorCell()].add(days: counts.days, activeDays: served) }
        if key.week >= 1 { churn[key, default: CreatorCell()].add(days: counts.days > 0 ? 1 : 0, activeDays: counts.inactive) }
        if key.week == 0, let impressions = counts.impressions {
            exposure[MarketKey(arm: key.arm, replicate: key.replicate), default: ExposureHistogram()].add(impressions)
        }
    }

    /// Adds another chunk's cells; its arms are matched by name and new ones appended in its order.
    public mutating func merge(_ other: UnitStatistics) {
        let map = other.arms.map { arm($0) }
        for (key, cell) in other.users {
            var k = key
            k.arm = map[key.arm]
            users[k, default: UserCell()].merge(cell)
        }
        func add(_ cells: [CreatorKey: CreatorCell], to target: inout [CreatorKey: CreatorCell]) {
            for (key, cell) in cells {
                var k = key
                k.arm = map[key.arm]
                target[k, default: CreatorCell()].merge(cell)
            }
        }
        add(other.creators, to: &creators)
        add(other.coverage, to: &coverage)
        add(other.churn, to: &churn)
        for (key, histogram) in other.exposure {
            exposure[MarketKey(arm: map[key.arm], replicate: key.replicate), default: ExposureHistogram()].merge(histogram)
        }
    }

    public var replicates: [Int] { Array(Set(users.keys.map(\.replicate)).union(creators.keys.map(\.replicate))).sorted() }
    /// The weeks with rows, without 0 (the whole period) and −1 (the pre-period).
    public var weeks: [Int] { Array(Set(users.keys.map(\.week)).union(creators.keys.map(\.week)).filter { $0 >= 1 }).sorted() }
    /// Whether the table has pre-period (week −1) rows.
    public var hasPrePeriod: Bool { users.keys.contains { $0.week == -1 } || creators.keys.contains { $0.week == -1 } }
}

extension UnitStatistics {
    /// The users of every cell matching `include`, summed.
    public func users(where include: (UserKey) -> Bool) -> UserCell {
        var total = UserCell()
        for (key, cell) in users where include(key) { total.merge(cell) }
        return total
    }

    /// The creators of every cell matching `include`, summed.
    public func creators(where include: (CreatorKey) -> Bool) -> CreatorCell {
        var total = CreatorCell()
        for (key, cell) in creators where include(key) { total.merge(cell) }
        return total
    }

    /// Users per group in the whole-period (week 0) rows of every arm.
    public var groupSizes: [Int: Int] {
        var sizes = [Int: Int]()
        for (key, cell) in users where key.week == 0 { sizes[key.group, default: 0] += cell.count }
        return sizes
    }
}
