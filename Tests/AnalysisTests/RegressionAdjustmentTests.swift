import Testing
@testable import Analysis

/// The multi-covariate adjustment against statsmodels OLS (the pooled slopes) and numpy (the
/// adjusted delta and its Welch standard error): `Tests/AnalysisTests/reference_regression.py`.
@Suite("Regression adjustment on several covariates")
struct RegressionAdjustmentTests {
    /// (group, pre-period row, period counts): impressions, likes, cold-start, fresh, topics; the
    /// pre-period row then holds the attributes, follows when the trial starts and tier.
    static let control: [(Int, [Int], [Int])] = [
        (0, [23, 1, 9, 5, 7, 21, 2], [25, 1, 9, 6, 7]), (1, [31, 2, 7, 3, 3, 36, 0], [35, 1, 9, 3, 4]), (2, [42, 2, 11, 2, 4, 19, 2], [48, 3, 13, 4, 6]),
        (0, [15, 1, 8, 0, 2, 2, 2], [16, 1, 10, 1, 2]), (1, [37, 6, 8, 2, 5, 22, 1], [46, 1, 11, 3, 6]), (2, [24, 1, 8, 7, 5, 26, 0], [28, 2, 9, 9, 6]),
        (0, [10, 0, 2, 1, 1, 3, 0], [16, 0, 5, 2, 3]), (1, [25, 2, 7, 0, 1, 18, 1], [32, 5, 8, 1, 3]), (2, [33, 2, 5, 5, 6, 14, 2], [37, 1, 7, 7, 7]),
        (0, [10, 1, 7, 7, 4, 27, 2], [15, 0, 9, 9, 6]), (1, [45, 3, 5, 1, 5, 27, 0], [51, 4, 7, 1, 7]), (2, [52, 2, 2, 6, 7, 1, 2], [60, 3, 5, 8, 7]),
        (0, [57, 0, 4, 5, 1, 7, 0], [57, 2, 4, 6, 1]), (1, [54, 2, 4, 1, 4, 2, 0], [61, 2, 6, 1, 6])
    ]
    static let treatment: [(Int, [Int], [Int])] = [
        (0, [40, 4, 6, 2, 8, 24, 1], [48, 3, 9, 3, 10]), (1, [29, 3, 2, 2, 8, 2, 0], [27, 2, 6, 2, 9]), (2, [29, 0, 4, 5, 3, 9, 0], [28, 4, 8, 5, 3]),
        (0, [18, 2, 11, 6, 8, 36, 2], [14, 1, 15, 8, 9]), (1, [19, 1, 1, 5, 6, 31, 0], [21, 1, 5, 7, 8]), (2, [24, 0, 10, 5, 5, 19, 1], [33, 2, 11, 7, 7]),
        (0, [23, 0, 6, 1, 3, 7, 2], [21, 1, 8, 1, 5]), (1, [47, 2, 3, 4, 6, 2, 0], [49, 2, 6, 6, 7]), (2, [49, 2, 7, 0, 3, 14, 1], [56, 3, 9, 2, 4]),
        (0, [11, 1, 10, 2, 7, 0, 0], [11, 1, 12, 2, 9]), (1, [46, 3, 7, 3, 8, 3, 0], [49, 2, 11, 3, 10]), (2, [50, 3, 9, 0, 1, 5, 1], [56, 4, 12, 1, 1])
    ]

    static func users(_ arm: String, _ rows: [(Int, [Int], [Int])]) -> [UnitTable.User] {
        rows.enumerated().flatMap { k, row in
            [(-1, row.1), (0, row.2 + [0, 0])].map { week, c in
                UnitTable.User(arm: arm, id: "\(arm)\(k)", group: row.0, week: week, impressions: c[0], likes: c[1], coldStart: c[2],
                               fresh: c[3], topics: c[4], follows: c[5], tier: c[6])
            }
        }
    }

    static func close(_ a: Double?, _ b: Double, _ tolerance: Double = 1e-9) -> Bool {
        guard let a else { return false }
        return abs(a - b) <= tolerance * Swift.max(1, abs(b))
    }

    @Test func matchesStatsmodelsAndNumpy() throws {
        let table = UnitTable(users: Self.users("control", Self.control) + Self.users("treatment", Self.treatment), creators: [])
        let stats = table.statistics
        let sizes = stats.groupSizes
        #expect(sizes == [0: 9, 1: 9, 2: 8])
        // cold theta (statsmodels OLS on [pre counts, follows, tier, group size] with a constant, both arms pooled)
        let cold = try #require(TrialAnalysis.covariateSummary(.coldStartImpressions, stats.userCovariates(where: { $0.week == 0 }, groupSizes: sizes)))
        let coldTheta = [-0.03291425579492385, 0.38526943132515196, 0.8286205493610289, -0.06210239186150965,
                         0.14802853658007392, -0.009799691568326663, -0.1542138502505831, -0.6439551259976315]
        #expect(MultipleRegressionAdjustment.theta(joint: cold).count == coldTheta.count)
        for (f, r) in zip(MultipleRegressionAdjustment.theta(joint: cold), coldTheta) { #expect(Self.close(f, r, 1e-8), "cold θ \(f) against \(r)") }
        let ltr = try #require(TrialAnalysis.covariateSummary(.ltr, stats.userCovariates(where: { $0.week == 0 }, groupSizes: sizes)))
        let ltrTheta = [-0.0005202064975279141, -0.00347115701826176, 0.00010453413523432039, -0.006275248668763479,
                        0.0012828386595214315, 0.0005738900433859217, -0.005881151321051971, -0.027067989104453235]
        for (f, r) in zip(MultipleRegressionAdjustment.theta(joint: ltr), ltrTheta) { #expect(Self.close(f, r, 1e-7), "LTR θ \(f) against \(r)") }

        var options = TrialAnalysis.Options()
        options.adjustment = .regression
        options.variance = .unit
        let report = try TrialAnalysis.analyze(table, options: options)
        #expect(report.adjustment == .regression)
        func row(_ m: MetricID) -> Comparison { report.tests.first { $0.metric == m && $0.breakdown == .total && $0.variance == .unit }!.comparison }
        // cold delta 0.8611464347449811 se 0.31198868337678387 df 19.66036792829014
        #expect(Self.close(row(.coldStartImpressions).absoluteDelta, 0.8611464347449811))
        #expect(Self.close(row(.coldStartImpressions).standardError, 0.31198868337678387))
        #expect(Self.close(row(.coldStartImpressions).degreesOfFreedom, 19.66036792829014))
        // ltr delta 0.007974592285122095 se 0.010224462756442034
        #expect(Self.close(row(.ltr).absoluteDelta, 0.007974592285122095, 1e-8))
        #expect(Self.close(row(.ltr).standardError, 0.010224462756442034, 1e-8))
        // The report also holds the CUPED test beside it.
        #expect(report.adjustments?.count == 4 && report.adjustments!.allSatisfy { $0.cuped?.isTestable == true && $0.regression?.isTestable == true })
    }

    /// (days observed, active days, pre-period active days of 7, followers when the trial starts).
    static let creatorControl: [(Int, Int, Int, Int)] = [
        (14, 13, 5, 70), (21, 7, 1, 67), (21, 16, 7, 83), (21, 7, 1, 384), (14, 11, 6, 44), (21, 16, 7, 134), (21, 10, 3, 356), (21, 21, 6, 1333),
        (14, 5, 0, 150), (21, 12, 5, 211), (21, 9, 3, 84), (21, 19, 1, 1450), (14, 5, 1, 174), (21, 15, 5, 188), (21, 5, 0, 232), (21, 7, 4, 80)
    ]
    static let creatorTreatment: [(Int, Int, Int, Int)] = [
        (14, 10, 5, 148), (21, 15, 5, 584), (21, 10, 4, 164), (21, 13, 2, 832), (14, 12, 6, 334), (21, 18, 5, 200), (21, 16, 6, 268),
        (21, 6, 2, 34), (14, 6, 0, 355), (21, 19, 6, 224), (21, 14, 5, 67), (21, 11, 2, 300), (14, 5, 1, 275), (21, 14, 5, 286)
    ]

    /// Creator DAU on its pre-period fraction and the followers: the same reference script.
    @Test func creatorDAUOnFollowersMatchesStatsmodels() throws {
        func creators(_ arm: String, _ rows: [(Int, Int, Int, Int)]) -> [UnitTable.Creator] {
            rows.enumerated().flatMap { k, row in
                [UnitTable.Creator(arm: arm, id: "\(arm)\(k)", popular: false, week: -1, days: 7, activeDays: row.2, followers: row.3),
                 UnitTable.Creator(arm: arm, id: "\(arm)\(k)", popular: false, week: 0, days: row.0, activeDays: row.1, followers: row.3)]
            }
        }
        let table = UnitTable(users: [], creators: creators("control", Self.creatorControl) + creators("treatment", Self.creatorTreatment))
        let joint = table.statistics.creators { $0.week == 0 }.covariates
        let theta = MultipleRegressionAdjustment.theta(joint: joint)
        // creator theta (statsmodels OLS on [pre-period active / 7, followers] with a constant)
        #expect(theta.count == 2 && Self.close(theta[0], 0.5533734128238964, 1e-8) && Self.close(theta[1], 0.000314379041368781, 1e-8), "\(theta)")
        var options = TrialAnalysis.Options()
        options.adjustment = .regression
        options.variance = .unit
        let report = try TrialAnalysis.analyze(table, options: options)
        let row = try #require(report.tests.first { $0.metric == .creatorDAU && $0.breakdown == .creators(popular: false, week: nil) && $0.variance == .unit })
        // creator delta 0.025033530593480346 se 0.03862119990713436 df 27.069550094356458
        #expect(Self.close(row.comparison.absoluteDelta, 0.025033530593480346))
        #expect(Self.close(row.comparison.standardError, 0.03862119990713436))
        #expect(Self.close(row.comparison.degreesOfFreedom, 27.069550094356458))
        // CUPED beside it differs: the followers carry information the pre-period fraction lacks.
        let side = try #require(report.adjustments?.first { $0.metric == .creatorDAU && $0.breakdown == .creators(popular: false, week: nil) })
        #expect(side.regression == row.comparison && side.cuped?.standardError != row.comparison.standardError)
    }
}
