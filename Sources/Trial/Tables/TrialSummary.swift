import GSL

/// Headline figures of each arm over the whole trial — simulation read-outs, not tests
/// (significance testing is the analysis step's job).
public struct ArmSummary: Sendable, Equatable {
    public var name: String
    public var users: Int
    public var creators: Int
    /// Σ likes / Σ impressions.
    public var ltr: Double
    /// Per user, over the trial.
    public var coldStartPerUser: Double
    public var freshPerUser: Double
    public var topicsPerUser: Double
    /// Share of days a creator was active, for popular and other creators.
    public var popularDAU: Double
    public var otherDAU: Double
    /// Spearman's ρ of final group weight against the group's size in the arm (re-weighted groups only).
    public var weightSizeSpearman: Double?

    public init(name: String, outcome: ArmOutcome) {
        self.name = name
        let whole = outcome.users.filter { $0.week == 0 }
        users = whole.count
        let impressions = whole.reduce(0) { $0 + $1.impressions }, likes = whole.reduce(0) { $0 + $1.likes }
        ltr = impressions > 0 ? Double(likes) / Double(impressions) : 0
        let n = Double(Swift.max(1, whole.count))
        coldStartPerUser = Double(whole.reduce(0) { $0 + $1.coldStart }) / n
        freshPerUser = Double(whole.reduce(0) { $0 + $1.fresh }) / n
        topicsPerUser = Double(whole.reduce(0) { $0 + $1.topics }) / n
        let creatorsWhole = outcome.creators.filter { $0.week == 0 }
        creators = creatorsWhole.count
        func dau(_ rows: [CreatorRecord]) -> Double {
            let days = rows.reduce(0) { $0 + $1.days }
            return days > 0 ? Double(rows.reduce(0) { $0 + $1.activeDays }) / Double(days) : 0
        }
        popularDAU = dau(creatorsWhole.filter(\.popular))
        otherDAU = dau(creatorsWhole.filter { !$0.popular })
        let lastDay = outcome.weights.map(\.day).max() ?? 0
        let final = outcome.weights.filter { $0.day == lastDay }
        weightSizeSpearman = Descriptive.spearman(final.map { Double($0.users) }, final.map(\.weight))
    }
}
