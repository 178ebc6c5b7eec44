/// Per-unit outcomes of a symmetric A/B test — from a TwinArm run or exported from a real test.
///
/// Users and creators are the randomisation units; `week` 0 holds whole-period totals and
/// 1, 2, … the weeks. `replicate` says which independent market pair a unit belongs to (0 for a
/// single trial).
public struct UnitTable: Sendable, Equatable {
    public struct User: Sendable, Equatable {
        public var arm: String
        public var replicate: Int
        public var id: String
        public var group: Int
        public var week: Int
        public var impressions: Double
        public var likes: Double
        public var coldStart: Double
        public var fresh: Double
        public var topics: Double

        public init(arm: String, replicate: Int = 0, id: String, group: Int, week: Int, impressions: Double, likes: Double,
                    coldStart: Double, fresh: Double, topics: Double) {
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
        public var days: Double
        public var activeDays: Double

        public init(arm: String, replicate: Int = 0, id: String, popular: Bool, week: Int, days: Double, activeDays: Double) {
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

    /// Arm names in order of first appearance.
    public var arms: [String] {
        var seen = [String]()
        for name in users.map(\.arm) + creators.map(\.arm) where !seen.contains(name) { seen.append(name) }
        return seen
    }

    public var replicates: [Int] { Array(Set(users.map(\.replicate) + creators.map(\.replicate))).sorted() }
    public var weeks: [Int] { Array(Set(users.map(\.week) + creators.map(\.week)).subtracting([0])).sorted() }
}
