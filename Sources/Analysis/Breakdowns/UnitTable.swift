/// Per-unit outcomes of a symmetric A/B test, held row by row — a small table built in code
/// (tests, examples). The analysis runs on its ``statistics``; large exports are streamed into
/// ``UnitStatistics`` directly without ever holding their rows.
///
/// Users and creators are the randomisation units; `week` 0 holds whole-period totals and
/// 1, 2, … the weeks. `replicate` says which independent market pair a unit belongs to (0 for a
/// single trial). Counts are whole numbers.
public struct UnitTable: Sendable, Equatable {
    public struct User: Sendable, Equatable {
        public var arm: String
        public var replicate: Int
        public var id: String
        public var group: Int
        public var week: Int
        public var impressions: Int
        public var likes: Int
        public var coldStart: Int
        public var fresh: Int
        public var topics: Int

        public init(arm: String, replicate: Int = 0, id: String, group: Int, week: Int, impressions: Int, likes: Int,
                    coldStart: Int, fresh: Int, topics: Int) {
            self.arm = arm; self.replicate = replicate; self.id = id; self.group = group; self.week = week
            self.impressions = impressions; self.likes = likes; self.coldStart = coldStart; self.fresh = fresh; self.topics = topics
        }
    }

    public struct Creator: Sendable, Equatable {
        public var arm: String
        public var replicate: Int
        public var id: String
        public var popular: Bool
        public var week: Int
        public var days: Int
        public var activeDays: Int

        public init(arm: String, replicate: Int = 0, id: String, popular: Bool, week: Int, days: Int, activeDays: Int) {
            self.arm = arm; self.replicate = replicate; self.id = id; self.popular = popular; self.week = week
            self.days = days; self.activeDays = activeDays
        }
    }

    public var users: [User]
    public var creators: [Creator]

    public init(users: [User], creators: [Creator]) {
        self.users = users
        self.creators = creators
    }

    /// The table's sufficient statistics, arms in order of first appearance (users first).
    public var statistics: UnitStatistics {
        var s = UnitStatistics()
        for u in users {
            s.addUser(.init(arm: s.arm(u.arm), replicate: u.replicate, group: u.group, week: u.week),
                      impressions: Int64(u.impressions), likes: Int64(u.likes), coldStart: Int64(u.coldStart),
                      fresh: Int64(u.fresh), topics: Int64(u.topics))
        }
        for c in creators {
            s.addCreator(.init(arm: s.arm(c.arm), replicate: c.replicate, popular: c.popular, week: c.week),
                         days: c.days, activeDays: Int64(c.activeDays))
        }
        return s
    }
}
