/// One arm market's daily totals (an arm of one market pair): what daily looks need.
public struct MarketSeries: Sendable, Equatable {
    public struct Day: Sendable, Equatable {
        public var impressions: Int
        public var likes: Int
        public var coldStart: Int
        public var fresh: Int
        public var activePopular: Int
        public var activeOther: Int
        public init(impressions: Int, likes: Int, coldStart: Int, fresh: Int, activePopular: Int, activeOther: Int) {
            self.impressions = impressions; self.likes = likes; self.coldStart = coldStart; self.fresh = fresh
            self.activePopular = activePopular; self.activeOther = activeOther
        }
    }

    public var users: Int
    public var popularCreators: Int
    public var otherCreators: Int
    public var days: [Day]

    public init(users: Int, popularCreators: Int, otherCreators: Int, days: [Day]) {
        self.users = users
        self.popularCreators = popularCreators
        self.otherCreators = otherCreators
        self.days = days
    }

    /// The metric's value over days 1 … `day` (cumulative), or `nil` when undefined.
    func value(_ metric: MetricID, _ breakdown: Breakdown, through day: Int) -> Double? {
        let slice = days.prefix(day)
        switch (metric, breakdown) {
        case (.ltr, _):
            let impressions = slice.reduce(0) { $0 + $1.impressions }
            return impressions > 0 ? Double(slice.reduce(0) { $0 + $1.likes }) / Double(impressions) : nil
        case (.coldStartImpressions, _):
            return users > 0 ? Double(slice.reduce(0) { $0 + $1.coldStart }) / Double(users) : nil
        case (.freshImpressions, _):
            return users > 0 ? Double(slice.reduce(0) { $0 + $1.fresh }) / Double(users) : nil
        case (.creatorDAU, .creators(popular: true, _)):
            return popularCreators > 0 ? Double(slice.reduce(0) { $0 + $1.activePopular }) / Double(popularCreators * day) : nil
        case (.creatorDAU, _):
            return otherCreators > 0 ? Double(slice.reduce(0) { $0 + $1.activeOther }) / Double(otherCreators * day) : nil
        default:
            return nil
        }
    }
}
