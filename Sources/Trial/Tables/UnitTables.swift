/// Per-user totals of one arm for one week (`week` ≥ 1) or the whole trial (`week` = 0).
public struct UserRecord: Sendable, Equatable {
    public var arm: Int
    public var user: Int
    public var group: Int
    public var tier: Int
    public var week: Int
    public var impressions: Int
    public var likes: Int
    public var coldStart: Int
    public var fresh: Int
    /// Distinct topics consumed in the period.
    public var topics: Int
}

/// Per-creator totals of one arm for one week (`week` ≥ 1) or the whole trial (`week` = 0).
public struct CreatorRecord: Sendable, Equatable {
    public var arm: Int
    public var creator: Int
    public var popular: Bool
    public var followers: Double
    public var week: Int
    public var days: Int
    public var activeDays: Int
    public var impressions: Int
    public var coldStart: Int
    public var likes: Int
}

/// One arm's day.
public struct DailyRecord: Sendable, Equatable {
    public var arm: Int
    public var day: Int
    public var activeCreators: Int
    public var activePopular: Int
    public var impressions: Int
    public var coldStart: Int
    public var fresh: Int
    public var likes: Int
    /// Expected relevance of a cold-start match, averaged over the users served from the pool (simulation truth).
    public var welfare: Double
    public var movesTried: Int
    public var movesAccepted: Int
}

/// A re-weighted group's weight at the end of a day.
public struct WeightRecord: Sendable, Equatable {
    public var arm: Int
    public var day: Int
    public var group: Int
    public var users: Int
    public var weight: Double
}

/// Everything one arm produced.
public struct ArmOutcome: Sendable {
    public var users: [UserRecord] = []
    public var creators: [CreatorRecord] = []
    public var daily: [DailyRecord] = []
    public var weights: [WeightRecord] = []
}

/// Everything a trial produced, arm by arm in config order.
public struct TrialOutcome: Sendable {
    public var armNames: [String]
    public var split: ArmSplit
    public var arms: [ArmOutcome]
}
