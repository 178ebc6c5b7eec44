/// The sufficient statistics of the user metrics over one cell of users (an arm, market pair,
/// group and week): counts and exact moment sums, enough for every mean, ratio, variance and
/// delta-method covariance the analysis needs.
public struct UserCell: Sendable, Equatable {
    public var count = 0
    public var impressions = CountMoments()
    public var likes = CountMoments()
    public var coldStart = CountMoments()
    public var fresh = CountMoments()
    public var topics = CountMoments()
    /// Σ likes·impressions, for the delta method of LTR.
    public var likesTimesImpressions: Int128 = 0
    /// The units' pre-period values, joined (CUPED); empty without pre-period rows.
    public var pre = PreMoments()

    public init() {}

    @inline(__always)
    public mutating func add(impressions: Int64, likes: Int64, coldStart: Int64, fresh: Int64, topics: Int64) {
        count += 1
        self.impressions.add(impressions)
        self.likes.add(likes)
        self.coldStart.add(coldStart)
        self.fresh.add(fresh)
        self.topics.add(topics)
        likesTimesImpressions += Int128(likes) * Int128(impressions)
    }

    public mutating func merge(_ other: UserCell) {
        count += other.count
        impressions.merge(other.impressions)
        likes.merge(other.likes)
        coldStart.merge(other.coldStart)
        fresh.merge(other.fresh)
        topics.merge(other.topics)
        likesTimesImpressions += other.likesTimesImpressions
        pre.merge(other.pre)
    }
}
