/// Per-user totals of one arm for one week (`week` ≥ 1) or the whole trial (`week` = 0).
public struct UserRecord: Sendable, Equatable {
    public var arm: Int
    /// Which independent market pair (0 … replicates − 1) the record belongs to.
    public var replicate: Int = 0
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
    /// Creators the user follows when the trial starts (the end of the pre-period): the same on
    /// each of her rows, a pre-treatment attribute (the multi-covariate adjustment's).
    public var follows: Int = 0
}

/// Per-creator totals of one arm for one week (`week` ≥ 1) or the whole trial (`week` = 0).
public struct CreatorRecord: Sendable, Equatable {
    public var arm: Int
    /// Which independent market pair (0 … replicates − 1) the record belongs to.
    public var replicate: Int = 0
    public var creator: Int
    public var popular: Bool
    public var followers: Double
    public var week: Int
    public var days: Int
    public var activeDays: Int
    /// Days with at least one impression of the creator's items.
    public var servedDays: Int
    public var impressions: Int
    public var coldStart: Int
    public var likes: Int
    /// Followers at the end of the trial (they grow with likes).
    public var followersEnd: Double
}

/// One arm's day.
public struct DailyRecord: Sendable, Equatable {
    public var arm: Int
    /// Which independent market pair (0 … replicates − 1) the record belongs to.
    public var replicate: Int = 0
    public var day: Int
    public var activeCreators: Int
    public var activePopular: Int
    public var impressions: Int
    public var coldStart: Int
    public var fresh: Int
    public var likes: Int
    /// Mean true relevance of the items shown that day (simulation truth).
    public var welfare: Double
    /// Creators that tried to adapt their content and those that changed it.
    public var movesTried: Int
    public var movesAccepted: Int
    /// Items published that day.
    public var published: Int = 0
    /// Requests users made (an impression each, unless nothing could be shown yet).
    public var requests: Int = 0
    /// Mean cosine between creators' content directions and where they started.
    public var contentCosine: Double = 1
    /// Impressions of items the follow channel brought (a followed creator's new item).
    public var followImpressions: Int = 0
    /// New follows that day (likes that turned into follows).
    public var follows: Int = 0
}

/// One group's totals of one arm on one recorded day (a pre-period day ≤ 0 or a trial day ≥ 1):
/// the daily arm-level series of the single-pair test.
public struct GroupDayRecord: Sendable, Equatable {
    static let fields = 5
    public var arm: Int
    /// Which independent market pair (0 … replicates − 1) the record belongs to.
    public var replicate: Int = 0
    /// −preDays + 1 … 0 for the pre-period, 1 … D for the trial.
    public var day: Int
    public var group: Int
    /// The group's users in the arm.
    public var users: Int
    public var impressions: Int
    public var likes: Int
    public var coldStart: Int
    public var fresh: Int
    /// Σ over the group's users of the distinct topics each saw that day.
    public var topics: Int

    public init(arm: Int, replicate: Int = 0, day: Int, group: Int, users: Int, impressions: Int, likes: Int, coldStart: Int, fresh: Int, topics: Int) {
        self.arm = arm; self.replicate = replicate; self.day = day; self.group = group; self.users = users
        self.impressions = impressions; self.likes = likes; self.coldStart = coldStart; self.fresh = fresh; self.topics = topics
    }
}

/// A re-weighted group's weight at the end of a day.
public struct WeightRecord: Sendable, Equatable {
    public var arm: Int
    /// Which independent market pair (0 … replicates − 1) the record belongs to.
    public var replicate: Int = 0
    public var day: Int
    public var group: Int
    public var users: Int
    public var weight: Double
    /// The signal's estimate for the group behind today's update, before shrinkage, and its
    /// sampling variance (both 0 when the group had none).
    public var estimate: Double = 0
    public var variance: Double = 0
    /// The group's true under-service in its arm over the trial so far: 1 − (expected likes per
    /// impression of its feed, from true relevance) / (the arm's). Positive: served worse than the arm.
    public var underService: Double = 0
    /// The group's relevance gap in its arm over the trial so far: the best true relevance the day's
    /// sources held for its users minus what they were shown, per impression — a need measured apart
    /// from likes, which the signal reads (``GroupNeed``).
    public var relevanceGap: Double = 0
    /// Whether the mechanism dosed the group today (its weight has been measured); its cold-start
    /// K as a multiple of production's (1 when undosed, or under a mechanism that leaves K alone);
    /// and the percentile band p it was in (HMT's Table 1; production's p when undosed, else 1 − K/pool).
    public var dosed: Bool = false
    public var dose: Double = 1
    public var percentile: Double = 0
}

/// Everything one arm produced.
public struct ArmOutcome: Sendable {
    public var users: [UserRecord] = []
    public var creators: [CreatorRecord] = []
    /// Per recorded day: pre-period days −preDays + 1 … 0 first (when the trial has them), then 1 … D.
    public var daily: [DailyRecord] = []
    /// Per recorded day and group, pre-period days first.
    public var groupDays: [GroupDayRecord] = []
    public var weights: [WeightRecord] = []
    /// Set when the run measured its cold-start retrieval against exact search (a benchmark).
    public var retrieval: RetrievalMeasure?
    /// How the arm's exact established searches went (nil when it kept no lists).
    public var establishedSearches: EstablishedCounts?
}

/// How an arm's exact established searches went, over all its users and days.
public struct EstablishedCounts: Sendable, Equatable {
    /// Searches answered from the users' lists carried from day to day, and searched over the
    /// whole catalogue.
    public var answered: Int, full: Int
    /// Lists brought up to date from pending keys, and by scanning the entering rows.
    public var fromPending: Int, scanned: Int
    /// Pending keys recorded; of those, more than half of the slots, and more than all of them
    /// (not kept: the next update scans).
    public var recorded: Int, pastHalf: Int, overflowed: Int
}

/// What an arm's cold-start stage retrieved, and how much of the exact top K a sample of its
/// requests' retrievals found.
public struct RetrievalMeasure: Sendable, Equatable {
    /// Cold-start candidates retrieved (Σ K over users' feeds) and pool items scored for them.
    public var retrieved = 0
    public var scored = 0
    /// Over the sampled users and days: exact top-K items found, and how many the exact top K held
    /// (K, or the live pool when fewer items are still under the cap).
    public var found = 0
    public var wanted = 0
    public var recall: Double? { wanted > 0 ? Double(found) / Double(wanted) : nil }
    public init() {}
    /// Adds another serving thread's counts.
    public mutating func add(_ other: RetrievalMeasure) {
        retrieved += other.retrieved; scored += other.scored; found += other.found; wanted += other.wanted
    }
}

/// A two-sided market's trial-period totals split by the cell of each impression: the user's arm
/// × the creator's arm (units outside the experiment are in no cell). The interpolating TSR
/// estimators read the cross cells, which no arm's tables hold.
public struct TwoSidedCellCounts: Sendable, Equatable {
    /// One cell's totals over the trial days.
    public struct Counts: Sendable, Equatable {
        public var impressions = 0
        public var likes = 0
        public var coldStart = 0
        public var fresh = 0
        public init() {}
    }

    /// Cell of user arm x and creator arm y (0 control, 1 treatment) at `x * 2 + y`.
    public var cells: [Counts]
    /// Users and creators in each arm (control, treatment), and on the platform.
    public var users: [Int]
    public var creators: [Int]
    public var platformUsers: Int
    public var platformCreators: Int

    public init(cells: [Counts], users: [Int], creators: [Int], platformUsers: Int, platformCreators: Int) {
        precondition(cells.count == 4 && users.count == 2 && creators.count == 2, "four cells, two arms on each side")
        self.cells = cells
        self.users = users
        self.creators = creators
        self.platformUsers = platformUsers
        self.platformCreators = platformCreators
    }

    public subscript(user x: Int, creator y: Int) -> Counts {
        get { cells[x * 2 + y] }
        set { cells[x * 2 + y] = newValue }
    }
}

/// One independent pair (or set) of arm markets.
public struct ReplicateOutcome: Sendable {
    public var split: ArmSplit
    /// Arm by arm in config order.
    public var arms: [ArmOutcome]
    /// A two-sided market's cells (nil for every other design).
    public var cells: TwoSidedCellCounts? = nil

    /// Users and creators arm a holds (in a twin trial every arm holds the first arm's draw).
    public func size(ofArm a: Int) -> (users: Int, creators: Int) {
        (arms[a].users.filter { $0.week == 0 }.count, arms[a].creators.filter { $0.week == 0 }.count)
    }
}

/// Everything a trial produced: replicate by replicate, arm by arm.
public struct TrialOutcome: Sendable {
    public var armNames: [String]
    public var replicates: [ReplicateOutcome]

    /// The first replicate's split (the only one when `replicates` is 1).
    public var split: ArmSplit { replicates[0].split }
    /// The first replicate's arms.
    public var arms: [ArmOutcome] { replicates[0].arms }
}
