/// The pre-period (week −1) values of a cell's units, joined unit by unit with the period's row
/// (CUPED): their exact moments and cross products with the period's values. A unit of the cell
/// without a pre-period row counts with pre-period values 0 (as gbstats does).
public struct PreMoments: Sendable, Equatable {
    /// Units of the cell whose pre-period row was found.
    public var joined = 0
    public var impressions = CountMoments()
    public var likes = CountMoments()
    public var coldStart = CountMoments()
    public var fresh = CountMoments()
    public var topics = CountMoments()
    /// Σ of the units' attributes: follows and tier (``UnitCounts``).
    public var follows: Int128 = 0
    public var tier: Int128 = 0
    /// Σ likes⁰·impressions⁰ (pre × pre).
    public var likesTimesImpressions: Int128 = 0
    /// Period × pre-period: Σ likes·likes⁰, likes·impressions⁰, impressions·likes⁰, impressions·impressions⁰.
    public var likesLikes: Int128 = 0
    public var likesImpressions: Int128 = 0
    public var impressionsLikes: Int128 = 0
    public var impressionsImpressions: Int128 = 0
    /// Period × pre-period of the same count.
    public var coldStartCross: Int128 = 0
    public var freshCross: Int128 = 0
    public var topicsCross: Int128 = 0
    /// Every pre × pre product Σ x⁰ᵢ·x⁰ⱼ (i ≤ j, row by row) of the unit's covariates
    /// (``UnitCounts/covariate(_:)``: the five counts, then follows and tier), and every period ×
    /// pre product Σ yᵢ·x⁰ⱼ (5 counts × 7 covariates, row by row): the multi-covariate regression's moments.
    public var preProducts = [Int128](repeating: 0, count: UnitCounts.covariates * (UnitCounts.covariates + 1) / 2)
    public var postPre = [Int128](repeating: 0, count: 5 * UnitCounts.covariates)

    public init() {}

    /// One unit: its period values and its pre-period values.
    @inline(__always)
    public mutating func add(post: UnitCounts, pre: UnitCounts) {
        joined += 1
        impressions.add(pre.impressions)
        likes.add(pre.likes)
        coldStart.add(pre.coldStart)
        fresh.add(pre.fresh)
        topics.add(pre.topics)
        follows += Int128(pre.follows)
        tier += Int128(pre.tier)
        likesTimesImpressions += Int128(pre.likes) * Int128(pre.impressions)
        likesLikes += Int128(post.likes) * Int128(pre.likes)
        likesImpressions += Int128(post.likes) * Int128(pre.impressions)
        impressionsLikes += Int128(post.impressions) * Int128(pre.likes)
        impressionsImpressions += Int128(post.impressions) * Int128(pre.impressions)
        coldStartCross += Int128(post.coldStart) * Int128(pre.coldStart)
        freshCross += Int128(post.fresh) * Int128(pre.fresh)
        topicsCross += Int128(post.topics) * Int128(pre.topics)
        let n = UnitCounts.covariates
        var k = 0
        for i in 0..<n {
            let xi = Int128(pre.covariate(i))
            for j in i..<n { preProducts[k] += xi * Int128(pre.covariate(j)); k += 1 }
        }
        for i in 0..<5 {
            let yi = Int128(post.value(i))
            for j in 0..<n { postPre[n * i + j] += yi * Int128(pre.covariate(j)) }
        }
    }

    public mutating func merge(_ other: PreMoments) {
        joined += other.joined
        impressions.merge(other.impressions)
        likes.merge(other.likes)
        coldStart.merge(other.coldStart)
        fresh.merge(other.fresh)
        topics.merge(other.topics)
        follows += other.follows
        tier += other.tier
        likesTimesImpressions += other.likesTimesImpressions
        likesLikes += other.likesLikes
        likesImpressions += other.likesImpressions
        impressionsLikes += other.impressionsLikes
        impressionsImpressions += other.impressionsImpressions
        coldStartCross += other.coldStartCross
        freshCross += other.freshCross
        topicsCross += other.topicsCross
        for k in preProducts.indices { preProducts[k] += other.preProducts[k] }
        for k in postPre.indices { postPre[k] += other.postPre[k] }
    }

    /// Σ x⁰ᵢ·x⁰ⱼ for any i, j.
    public func preProduct(_ i: Int, _ j: Int) -> Int128 {
        let (a, b) = i <= j ? (i, j) : (j, i)
        return preProducts[a * UnitCounts.covariates - a * (a - 1) / 2 + (b - a)]
    }

    /// Σ x⁰ⱼ of covariate j (``UnitCounts/covariate(_:)``).
    public var covariateSums: [Int128] {
        [impressions.sum, likes.sum, coldStart.sum, fresh.sum, topics.sum].map { Int128($0) } + [follows, tier]
    }
}

/// One user's counts in one period, and her attributes (pre-treatment values, the same on each
/// of her rows; 0 when a table lacks them).
public struct UnitCounts: Sendable, Equatable {
    public var impressions: Int64
    public var likes: Int64
    public var coldStart: Int64
    public var fresh: Int64
    public var topics: Int64
    /// Creators she follows when the trial starts.
    public var follows: Int64
    /// Her activity tier's index (tiers ordered by mean requests).
    public var tier: Int64

    public init(impressions: Int64, likes: Int64, coldStart: Int64, fresh: Int64, topics: Int64, follows: Int64 = 0, tier: Int64 = 0) {
        self.impressions = impressions; self.likes = likes; self.coldStart = coldStart; self.fresh = fresh; self.topics = topics
        self.follows = follows; self.tier = tier
    }

    /// The covariates a pre-period row gives the regression: the five counts, then follows and tier.
    public static let covariates = 7
    public static let covariateNames = order + ["follows", "tier"]

    @inline(__always)
    public func covariate(_ i: Int) -> Int64 {
        switch i {
        case 5: return follows
        case 6: return tier
        default: return value(i)
        }
    }

    public static let zero = UnitCounts(impressions: 0, likes: 0, coldStart: 0, fresh: 0, topics: 0)

    /// Count `i` in a fixed order: impressions, likes, cold-start, fresh, topics.
    @inline(__always)
    public func value(_ i: Int) -> Int64 {
        switch i {
        case 0: return impressions
        case 1: return likes
        case 2: return coldStart
        case 3: return fresh
        default: return topics
        }
    }
    public static let order = ["impressions", "likes", "coldStart", "fresh", "topics"]
}

/// One creator's row in one period: days observed, days active (published), and — when the table
/// has the columns — days with at least one impression and impressions.
public struct CreatorCounts: Sendable, Equatable {
    public var days: Int
    public var activeDays: Int64
    /// Days with at least one impression (`servedDays`), `nil` when the table lacks the column.
    public var servedDays: Int64?
    /// Impressions of the creator's items, `nil` when the table lacks the column.
    public var impressions: Int64?
    /// Her followers when the trial starts, to the nearest whole follower (a pre-treatment attribute,
    /// the same on each of her rows; 0 when the table lacks the column).
    public var followers: Int64

    public init(days: Int, activeDays: Int64, servedDays: Int64? = nil, impressions: Int64? = nil, followers: Int64 = 0) {
        self.days = days; self.activeDays = activeDays; self.servedDays = servedDays; self.impressions = impressions
        self.followers = followers
    }

    /// A follower count as the tables hold it (fractional in a simulated arm's share of the
    /// platform), as the whole number the covariate sums keep exactly; `nil` unless finite, ≥ 0 and below 2³¹.
    public static func wholeFollowers(_ value: Double) -> Int64? {
        guard value.isFinite, value >= 0, value < 2_147_483_647 else { return nil }
        return Int64(value.rounded(.toNearestOrEven))
    }

    /// 1 when the creator published on none of the period's days (a churn indicator), else 0.
    var inactive: Int64 { activeDays == 0 ? 1 : 0 }
}

/// A creator's pre-period row joined to a later row, for every per-creator fraction that has a
/// CUPED covariate: creator DAU (active days), coverage (served days) and churn (inactivity).
public struct CreatorPreJoin: Sendable, Equatable {
    public var activity = CreatorPreMoments()
    public var coverage = CreatorPreMoments()
    public var churn = CreatorPreMoments()

    public init() {}

    public mutating func add(post: CreatorCounts, pre: CreatorCounts, week: Int) {
        activity.add(days: post.days, active: post.activeDays, preDays: pre.days, preActive: pre.activeDays, followers: post.followers)
        if let served = post.servedDays, let preServed = pre.servedDays {
            coverage.add(days: post.days, active: served, preDays: pre.days, preActive: preServed)
        }
        if week >= 1, post.days > 0, pre.days > 0 { churn.add(days: 1, active: post.inactive, preDays: 1, preActive: pre.inactive) }
    }

    public mutating func merge(_ other: CreatorPreJoin) {
        activity.merge(other.activity)
        coverage.merge(other.coverage)
        churn.merge(other.churn)
    }
}

/// The pre-period active days of a cell's creators, joined creator by creator: exact sums per
/// (days in the period, days in the pre-period), so that fractions combine in a fixed order.
public struct CreatorPreMoments: Sendable, Equatable {
    public struct Days: Hashable, Sendable { public var period: Int; public var pre: Int }
    public struct Sums: Sendable, Equatable {
        public var count = 0
        public var preActive = CountMoments()
        /// Σ active·active⁰.
        public var cross: Int128 = 0
        /// Σ followers·active⁰ (the regression's cross product of its two creator covariates).
        public var followersCross: Int128 = 0
    }
    public var joined = 0
    public var byDays: [Days: Sums] = [:]

    public init() {}

    /// One creator observed `days` > 0 days, active `active` of them; pre-period `preActive` of `preDays` (0, 0 without a row).
    public mutating func add(days: Int, active: Int64, preDays: Int, preActive: Int64, followers: Int64 = 0) {
        joined += preDays > 0 ? 1 : 0
        guard days > 0, preDays > 0 else { return }
        let key = Days(period: days, pre: preDays)
        byDays[key, default: Sums()].count += 1
        byDays[key, default: Sums()].preActive.add(preActive)
        byDays[key, default: Sums()].cross += Int128(active) * Int128(preActive)
        byDays[key, default: Sums()].followersCross += Int128(followers) * Int128(preActive)
    }

    public mutating func merge(_ other: CreatorPreMoments) {
        joined += other.joined
        for (key, sums) in other.byDays {
            byDays[key, default: Sums()].count += sums.count
            byDays[key, default: Sums()].preActive.merge(sums.preActive)
            byDays[key, default: Sums()].cross += sums.cross
            byDays[key, default: Sums()].followersCross += sums.followersCross
        }
    }

    /// Σx, Σx², Σxy of the fractions x = active⁰ / preDays and y = active / days (creators without a pre-period row add 0).
    public var sums: (x: Double, x2: Double, xy: Double) {
        var x = 0.0, x2 = 0.0, xy = 0.0
        for (key, s) in byDays.sorted(by: { ($0.key.period, $0.key.pre) < ($1.key.period, $1.key.pre) }) {
            let p = Double(key.pre), d = Double(key.period)
            x += Double(s.preActive.sum) / p
            x2 += Double(s.preActive.sumSquares) / (p * p)
            xy += Double(s.cross) / (d * p)
        }
        return (x, x2, xy)
    }

    /// Σ followers·x of the pre-period fractions x = active⁰ / preDays.
    public var followersCross: Double {
        byDays.sorted(by: { ($0.key.period, $0.key.pre) < ($1.key.period, $1.key.pre) })
            .reduce(0) { $0 + Double($1.value.followersCross) / Double($1.key.pre) }
    }
}
