/// The sufficient statistics of creator DAU (active days / observed days, per creator) over one
/// cell of creators (an arm, market pair, popularity and week).
///
/// A creator's value is a fraction, so the sums are kept exactly per number of observed days
/// and combined in the order of that number: the result does not depend on row order.
public struct CreatorCell: Sendable, Equatable {
    /// Every creator row, including creators observed for 0 days (counted for the sample-ratio check).
    public var count = 0
    /// Active-day moments by number of observed days (> 0).
    public var byDays: [Int: Observed] = [:]
    /// The creators' pre-period active days, joined (CUPED); empty without pre-period rows.
    public var pre = CreatorPreMoments()

    public struct Observed: Sendable, Equatable {
        public var count = 0
        public var activeDays = CountMoments()
        /// The creators' followers when the trial starts: Σf, Σf², and Σ f·active days.
        public var followers = CountMoments()
        public var followersActive: Int128 = 0
    }

    public init() {}

    public mutating func add(days: Int, activeDays: Int64, followers: Int64 = 0) {
        count += 1
        guard days > 0 else { return }
        byDays[days, default: Observed()].count += 1
        byDays[days, default: Observed()].activeDays.add(activeDays)
        byDays[days, default: Observed()].followers.add(followers)
        byDays[days, default: Observed()].followersActive += Int128(followers) * Int128(activeDays)
    }

    public mutating func merge(_ other: CreatorCell) {
        count += other.count
        pre.merge(other.pre)
        for (days, observed) in other.byDays {
            byDays[days, default: Observed()].count += observed.count
            byDays[days, default: Observed()].activeDays.merge(observed.activeDays)
            byDays[days, default: Observed()].followers.merge(observed.followers)
            byDays[days, default: Observed()].followersActive += observed.followersActive
        }
    }

    /// The creators observed at least one day, and sums over them in a fixed order (by days
    /// observed) of y = active days / days, y², and of their followers f, f² and f·y.
    private var fractionSums: (n: Int, y: Double, y2: Double, f: Double, f2: Double, fy: Double) {
        var n = 0, y = 0.0, y2 = 0.0, f = 0.0, f2 = 0.0, fy = 0.0
        for (days, observed) in byDays.sorted(by: { $0.key < $1.key }) {
            let d = Double(days)
            n += observed.count
            y += Double(observed.activeDays.sum) / d
            y2 += Double(observed.activeDays.sumSquares) / (d * d)
            f += Double(observed.followers.sum)
            f2 += Double(observed.followers.sumSquares)
            fy += Double(observed.followersActive) / d
        }
        return (n, y, y2, f, f2, fy)
    }

    /// Mean and sample variance of active days / days over the creators observed at least one day.
    public var dailyActivity: SampleSummary {
        let s = fractionSums, n = s.n
        guard n > 0 else { return SampleSummary(count: 0, mean: .nan, variance: 0) }
        let mean = s.y / Double(n)
        guard n >= 2 else { return SampleSummary(count: n, mean: mean, variance: 0) }
        return SampleSummary(count: n, mean: mean, variance: Swift.max(0, (s.y2 - Double(n) * mean * mean) / Double(n - 1)))
    }

    /// Daily activity with its pre-period covariate (CUPED): the fractions' sums over the creators
    /// observed at least one day (those without a pre-period row have covariate 0).
    public var covariate: CovariateSummary {
        let s = fractionSums, x = pre.sums
        return .mean(count: s.n, y: s.y, y2: s.y2, x: x.x, x2: x.x2, xy: x.xy)
    }

    /// Daily activity with both creator covariates (the regression adjustment): the pre-period
    /// fraction and the followers when the trial starts (``CreatorCovariates``).
    public var covariates: CovariateMatrixSummary {
        let s = fractionSums, x = pre.sums, fx = pre.followersCross
        return .sums(count: s.n, estimate: s.n > 0 ? s.y / Double(s.n) : .nan, y: s.y, y2: s.y2, x: [x.x, s.f], xy: [x.xy, s.fy],
                     xx: [x.x2, fx, fx, s.f2])
    }
}

/// The covariates of creator DAU's regression adjustment: the creator's pre-period active
/// fraction (CUPED's one) and her followers when the trial starts (a unit attribute).
public enum CreatorCovariates {
    public static let names = ["pre-period active fraction", "followers at the start"]
}
