/// How well each user group is truly served: the expected likes (from the true relevance σ of each
/// impression, not the drawn likes) of its impressions over the trial days so far. No platform can
/// see this; the simulation records it so that a report can say whether the group weights
/// followed real need or drifted (issue 17).
struct GroupNeed {
    var expectedLikes: [Double]
    var impressions: [Int]

    init(groups: Int) {
        expectedLikes = [Double](repeating: 0, count: groups)
        impressions = [Int](repeating: 0, count: groups)
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
}
