/// The header names of a unit table's columns: one value that the run writer (`users.csv`,
/// `creators.csv`) and this module's reader both follow, so a renamed column changes both.
public struct UnitColumns: Sendable, Equatable {
    public var arm = "arm"
    public var replicate = "replicate"
    public var user = "user"
    public var creator = "creator"
    public var unit = "unit"
    public var kind = "kind"
    public var group = "group"
    public var tier = "tier"
    public var week = "week"
    public var impressions = "impressions"
    public var likes = "likes"
    public var coldStart = "coldStart"
    public var fresh = "fresh"
    public var topics = "topics"
    /// A user's follows when the trial starts (optional: a covariate of the regression adjustment).
    public var follows = "follows"
    public var popular = "popular"
    public var followers = "followers"
    public var days = "days"
    public var activeDays = "activeDays"
    /// A creator's days with at least one impression (optional: the coverage metric).
    public var servedDays = "servedDays"
    public var creatorImpressions = "impressions"
    public var creatorColdStart = "coldStart"
    public var creatorLikes = "likes"
    public var followersEnd = "followersEnd"

    public init() {}

    /// The names TwinArm writes and the README documents.
    public static let standard = UnitColumns()

    /// The measurement columns a user row needs, and a creator row.
    var userMeasures: [String] { [group, week, impressions, likes, coldStart, fresh, topics] }
    var creatorMeasures: [String] { [popular, week, days, activeDays] }
}
