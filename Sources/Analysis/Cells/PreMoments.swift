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
    /// Every pre × pre product Σ x⁰ᵢ·x⁰ⱼ (i ≤ j, row by row) and every period × pre product
    /// Σ xᵢ·x⁰ⱼ (5 × 5, row by row), of the counts in ``UnitCounts/order``: the multi-covariate
    /// regression's moments.
    public var preProducts = [Int128](repeating: 0, count: 15)
    public var postPre = [Int128](repeating: 0, count: 25)

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
        likesTimesImpressions += Int128(pre.likes) * Int128(pre.impressions)
        likesLikes += Int128(post.likes) * Int128(pre.likes)
        likesImpressions += Int128(post.likes) * Int128(pre.impressions)
        impressionsLikes += Int128(post.impressions) * Int128(pre.likes)
        impressionsImpressions += Int128(post.impressions) * Int128(pre.impressions)
        coldStartCross += Int128(post.coldStart) * Int128(pre.coldStart)
        freshCross += Int128(post.fresh) * Int128(pre.fresh)
        topicsCross += Int128(post.topics) * Int128(pre.topics)
        var k = 0
        for i in 0..<5 {
            let xi = Int128(pre.value(i)), yi = Int128(post.value(i))
            for j in i..<5 { preProducts[k] += xi * Int128(pre.value(j)); k += 1 }
            for j in 0..<5 { postPre[5 * i + j] += yi * Int128(pre.value(j)) }
        }
    }

    public mutating func merge(_ other: PreMoments) {
        joined += other.joined
        impressions.merge(other.impressions)
        likes.merge(other.likes)
        coldStart.merge(other.coldStart)
        fresh.merge(other.fresh)
        topics.merge(other.topics)
        likesTimesImpressions += other.likesTimesImpressions
        likesLikes += other.likesLikes
        likesImpressions += other.likesImpressions
        impressionsLikes += other.impressionsLikes
        impressionsImpressions += other.impressionsImpressions
        coldStartCross += other.coldStartCross
        freshCross += other.freshCross
        topicsCross += other.topicsCross
        for k in 0..<15 { preProducts[k] += other.preProducts[k] }
        for k in 0..<25 { postPre[k] += other.postPre[k] }
    }

    /// Σ x⁰ᵢ·x⁰ⱼ for any i, j.
    public func preProduct(_ i: Int, _ j: Int) -> Int128 {
        let (a, b) = i <= j ? (i, j) : (j, i)
        return preProducts[a * 5 - a * (a - 1) / 2 + (b - a)]
    }
}

/// One user's counts in one period.
public struct UnitCounts: Sendable, Equatable {
    public var impressions: Int64
    public var likes: Int64
    public var coldStart: Int64
    public var fresh: Int64
    public var topics: Int64

    public init(impressions: Int64, likes: Int64, coldStart: Int64, fresh: Int64, topics: Int64) {
        self.impressions = impressions; self.likes = likes; self.coldStart = coldStart; self.fresh = fresh; self.topics = topics
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

    public init(days: Int, activeDays: Int64, servedDays: Int64? = nil, impressions: Int64? = nil) {
        self.days = days; self.activeDays = activeDays; self.servedDays = servedDays; self.impressions = impressions
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
        activity.add(days: post.days, active: post.activeDays, preDays: pre.days, preActive: pre.activeDays)
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
    }
    public var joined = 0
    public var byDays: [Days: Sums] = [:]

    public init() {}

    /// One creator observed `days` > 0 days, active `active` of them; pre-period `preActive` of `preDays` (0, 0 without a row).
    public mutating func add(days: Int, active: Int64, preDays: Int, preActive: Int64) {
        joined += preDays > 0 ? 1 : 0
        guard days > 0, preDays > 0 else { return }
        let key = Days(period: days, pre: preDays)
        byDays[key, default: Sums()].count += 1
        byDays[key, default: Sums()].preActive.add(preActive)
        byDays[key, default: Sums()].cross += Int128(active) * Int128(preActive)
    }

    public mutating func merge(_ other: CreatorPreMoments) {
        joined += other.joined
        for (key, sums) in other.byDays {
            byDays[key, default: Sums()].count += sums.count
            byDays[key, default: Sums()].preActive.merge(sums.preActive)
            byDays[key, default: Sums()].cross += sums.cross
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
}
