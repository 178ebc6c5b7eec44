import Testing
@testable import Analysis

/// The multi-covariate adjustment against statsmodels OLS (the pooled slopes) and numpy (the
/// adjusted delta and its Welch standard error): `Tests/AnalysisTests/reference_regression.py`.
@Suite("Regression adjustment on several covariates")
struct RegressionAdjustmentTests {
    /// (group, pre-period counts, period counts): impressions, likes, cold-start, fresh, topics.
    static let control: [(Int, [Int], [Int])] = [
        (0, [37, 1, 10, 6, 7], [41, 1, 11, 8, 7]), (1, [55, 6, 6, 5, 6], [56, 2, 8, 7, 8]), (2, [34, 1, 3, 4, 8], [34, 2, 5, 4, 9]),
        (0, [13, 1, 7, 5, 6], [8, 0, 8, 5, 7]), (1, [38, 5, 0, 7, 6], [37, 1, 1, 8, 8]), (2, [43, 3, 7, 6, 6], [52, 4, 9, 7, 6]),
        (0, [13, 0, 7, 5, 2], [11, 0, 7, 6, 4]), (1, [33, 1, 7, 5, 5], [29, 2, 9, 7, 5]), (2, [27, 0, 2, 1, 4], [33, 1, 3, 1, 5]),
        (0, [43, 1, 11, 2, 5], [52, 3, 12, 3, 6]), (1, [44, 1, 7, 2, 4], [42, 4, 9, 3, 5]), (2, [11, 0, 6, 0, 2], [17, 1, 8, 0, 4]),
        (0, [19, 2, 4, 3, 3], [25, 3, 6, 4, 3]), (1, [12, 2, 1, 3, 4], [10, 1, 2, 3, 5])
    ]
    static let treatment: [(Int, [Int], [Int])] = [
        (0, [33, 1, 4, 5, 7], [30, 2, 5, 5, 9]), (1, [12, 0, 0, 0, 1], [17, 1, 2, 2, 2]), (2, [50, 1, 0, 1, 6], [54, 2, 2, 3, 7]),
        (0, [41, 2, 1, 4, 7], [36, 5, 2, 4, 9]), (1, [43, 3, 4, 4, 1], [46, 5, 8, 6, 3]), (2, [57, 4, 0, 3, 8], [54, 2, 4, 3, 9]),
        (0, [40, 0, 0, 3, 8], [48, 5, 2, 3, 10]), (1, [30, 3, 11, 1, 7], [30, 3, 15, 1, 8]), (2, [50, 0, 0, 1, 4], [52, 2, 3, 2, 6]),
        (0, [53, 5, 7, 2, 1], [54, 5, 10, 4, 3]), (1, [25, 1, 11, 2, 4], [22, 2, 13, 2, 6]), (2, [55, 1, 2, 6, 7], [60, 4, 5, 7, 8])
    ]

    static func users(_ arm: String, _ rows: [(Int, [Int], [Int])]) -> [UnitTable.User] {
        rows.enumerated().flatMap { k, row in
            [(-1, row.1), (0, row.2)].map { week, c in
                UnitTable.User(arm: arm, id: "\(arm)\(k)", group: row.0, week: week, impressions: c[0], likes: c[1], coldStart: c[2],
                               fresh: c[3], topics: c[4])
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
        // cold theta (statsmodels OLS on [pre counts, group size] with a constant, both arms pooled)
        let cold = try #require(TrialAnalysis.covariateSummary(.coldStartImpressions, stats.userCovariates(where: { $0.week == 0 }, groupSizes: sizes)))
        let coldTheta = [0.026515407256381112, 0.20198446864934697, 1.0164301953232908, -0.21159462664121334, -0.024305503525272085,
                         -0.41516894492270656]
        for (f, r) in zip(MultipleRegressionAdjustment.theta(joint: cold), coldTheta) { #expect(Self.close(f, r, 1e-8), "cold θ \(f) against \(r)") }
        let ltr = try #require(TrialAnalysis.covariateSummary(.ltr, stats.userCovariates(where: { $0.week == 0 }, groupSizes: sizes)))
        let ltrTheta = [0.0003184025071159975, -0.0020486103251533975, -0.0005010162389767884, -0.0023468244939811806, -0.0013552508292921678,
                        0.03388801345396057]
        for (f, r) in zip(MultipleRegressionAdjustment.theta(joint: ltr), ltrTheta) { #expect(Self.close(f, r, 1e-7), "LTR θ \(f) against \(r)") }

        var options = TrialAnalysis.Options()
        options.adjustment = .regression
        options.variance = .unit
        let report = try TrialAnalysis.analyze(table, options: options)
        #expect(report.adjustment == .regression)
        func row(_ m: MetricID) -> Comparison { report.tests.first { $0.metric == m && $0.breakdown == .total && $0.variance == .unit }!.comparison }
        // cold delta 0.6368971615781325 se 0.28737001343364665 df 19.214636846510906
        #expect(Self.close(row(.coldStartImpressions).absoluteDelta, 0.6368971615781325))
        #expect(Self.close(row(.coldStartImpressions).standardError, 0.28737001343364665))
        #expect(Self.close(row(.coldStartImpressions).degreesOfFreedom, 19.214636846510906))
        // ltr delta 0.014319230839057756 se 0.011596013877012356
        #expect(Self.close(row(.ltr).absoluteDelta, 0.014319230839057756, 1e-8))
        #expect(Self.close(row(.ltr).standardError, 0.011596013877012356, 1e-8))
        // The report also holds the CUPED test beside it.
        #expect(report.adjustments?.count == 4 && report.adjustments!.allSatisfy { $0.cuped?.isTestable == true && $0.regression?.isTestable == true })
    }
}
