/// How well each user group is truly served, measured two ways that no platform can see; the
/// simulation records them so that a report can say whether the group weights followed real need
/// or drifted (issues 17 and 32).
///
/// - Expected likes: from the true relevance σ of each impression (not the drawn likes). This is
///   the expectation of the `level` signal the weights are built from, so it checks an estimator
///   against its own mean.
/// - Relevance gap: per impression, the best true relevance that day's sources (the cold-start
///   pool and the catalogue) held for the user minus the relevance of what she was shown — built
///   from quantities the signal never reads (measured on a sample of users, ``ArmMarket/needStride``).
struct GroupNeed {
    var expectedLikes: [Double]
    var impressions: [Int]
    /// Σ (best available σ − shown σ) over the sampled users' impressions, and their count.
    var gap: [Double]
    var gapImpressions: [Int]

    init(groups: Int) {
        expectedLikes = [Double](repeating: 0, count: groups)
        impressions = [Int](repeating: 0, count: groups)
        gap = expectedLikes
        gapImpressions = impressions
    }

    /// Per group, 1 − (its expected like rate) / (the arm's); 0 before it has impressions. The
    /// arm's totals are summed once for all groups.
    func underService() -> [Double] {
        let total = impressions.reduce(0, +), expected = expectedLikes.reduce(0, +)
        return impressions.indices.map { g in
            guard impressions[g] > 0, total > 0, expected > 0 else { return 0 }
            return 1 - (expectedLikes[g] / Double(impressions[g])) / (expected / Double(total))
        }
    }

    /// Per group, its mean relevance gap per impression (relevance units) minus the arm's: positive
    /// when the group is shown further below the best its day held than the arm's average user.
    func relevanceGap() -> [Double] {
        let total = gapImpressions.reduce(0, +), sum = gap.reduce(0, +)
        guard total > 0 else { return gap.map { _ in 0 } }
        let arm = sum / Double(total)
        return gap.indices.map { g in gapImpressions[g] > 0 ? gap[g] / Double(gapImpressions[g]) - arm : 0 }
    }
}
