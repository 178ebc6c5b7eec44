/// Per-unit outcomes of a symmetric A/B test, held row by row — a small table built in code
/// (tests, examples). The analysis runs on its ``statistics``; large exports are streamed into
/// ``UnitStatistics`` directly without ever holding their rows.
///
/// Users and creators are the randomisation units; `week` 0 holds whole-period totals,
/// 1, 2, … the weeks and −1 the pre-period (the CUPED covariate). `replicate` says which independent market pair a unit belongs to (0 for a
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
        /// Attributes (the regression's covariates, read from the pre-period row): creators followed
        /// when the trial starts, and the activity tier.
        public var follows: Int
        public var tier: Int

        public init(arm: String, replicate: Int = 0, id: String, group: Int, week: Int, impressions: Int, likes: Int,
                    coldStart: Int, fresh: Int, topics: Int, follows: Int = 0, tier: Int = 0) {
            self.arm = arm; self.replicate = replicate; self.id = id; self.group = group; self.week = week
            self.impressions = impressions; self.likes = likes; self.coldStart = coldStart; self.fresh = fresh; self.topics = topics
            self.follows = follows; self.tier = tier
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
        /// Days with at least one impression, and impressions (the ecosystem metrics); optional.
        public var servedDays: Int?
        public var impressions: Int?
        /// Followers when the trial starts (the regression's creator attribute).
        public var followers: Int

        public init(arm: String, replicate: Int = 0, id: String, popular: Bool, week: Int, days: Int, activeDays: Int,
                    servedDays: Int? = nil, impressions: Int? = nil, followers: Int = 0) {
            self.arm = arm; self.replicate = replicate; self.id = id; self.popular = popular; self.week = week
            self.days = days; self.activeDays = activeDays; self.servedDays = servedDays; self.impressions = impressions
            self.followers = followers
        }

        var counts: CreatorCounts {
            CreatorCounts(days: days, activeDays: Int64(activeDays), servedDays: servedDays.map(Int64.init), impressions: impressions.map(Int64.init),
                          followers: Int64(followers))
        }
    }

    public var users: [User]
    public var creators: [Creator]

    public init(users: [User], creators: [Creator]) {
        self.users = users
        self.creators = creators
    }

    /// The table's sufficient statistics, arms in order of first appearance (users first), with
    /// each unit's pre-period (week −1) row joined to its other rows.
    public var statistics: UnitStatistics {
        var rows = UnitRowAccumulator<String>()
        func counts(_ u: User) -> UnitCounts {
            UnitCounts(impressions: Int64(u.impressions), likes: Int64(u.likes), coldStart: Int64(u.coldStart), fresh: Int64(u.fresh), topics: Int64(u.topics),
                       follows: Int64(u.follows), tier: Int64(u.tier))
        }
        // Arms in order of first appearance, users first.
        for u in users { _ = rows.arm(u.arm) }
        for c in creators { _ = rows.arm(c.arm) }
        for u in users where u.week == -1 { rows.notePreUser(arm: rows.arm(u.arm), replicate: u.replicate, id: u.id, counts: counts(u)) }
        for c in creators where c.week == -1 {
            rows.notePreCreator(arm: rows.arm(c.arm), replicate: c.replicate, id: c.id, counts: c.counts)
        }
        for u in users { rows.addUser(arm: rows.arm(u.arm), replicate: u.replicate, id: u.id, group: u.group, week: u.week, counts: counts(u)) }
        for c in creators {
            rows.addCreator(arm: rows.arm(c.arm), replicate: c.replicate, id: c.id, popular: c.popular, week: c.week, counts: c.counts)
        }
        return rows.statistics
    }
}
