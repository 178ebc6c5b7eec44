import Testing
@testable import Analysis

/// CUPED against gbstats 0.8.0 (PyPI) and a numpy reference: `Tests/AnalysisTests/reference_cuped.py`,
/// whose printed output is quoted next to each use.
@Suite("CUPED against gbstats")
struct CUPEDTests {
    func close(_ a: Double?, _ b: Double, _ tolerance: Double = 1e-9) -> Bool { StatisticsTests().close(a, b, tolerance) }

    /// Users of two arms with (pre-period, period) rows; `values` gives the counts of each row.
    static func users(_ arm: String, _ rows: [(pre: UnitCounts, post: UnitCounts)]) -> [UnitTable.User] {
        rows.enumerated().flatMap { k, row in
            [(-1, row.pre), (0, row.post)].map { week, c in
                UnitTable.User(arm: arm, id: "\(arm)\(k)", group: k % 3, week: week, impressions: Int(c.impressions), likes: Int(c.likes),
                               coldStart: Int(c.coldStart), fresh: Int(c.fresh), topics: Int(c.topics))
            }
        }
    }

    static func cold(_ pre: [Int64], _ post: [Int64]) -> [(pre: UnitCounts, post: UnitCounts)] {
        #expect(pre.count == post.count, "paired lists of different lengths")
        return zip(pre, post).map { (UnitCounts(impressions: 20, likes: 1, coldStart: $0, fresh: 0, topics: 1),
                              UnitCounts(impressions: 20, likes: 1, coldStart: $1, fresh: 0, topics: 1)) }
    }

    func row(_ report: AnalysisReport, _ metric: MetricID, _ breakdown: Breakdown = .total) -> Comparison {
        report.tests.first { $0.metric == metric && $0.breakdown == breakdown && $0.variance == .unit }!.comparison
    }

    // cuped-mean absolute 1.0796517130418328 [0.7596544331558868, 1.399648992927779] 1.7246425290107226e-06 16.99532961541772
    // cuped-mean relative 0.19279494875747016 [0.1295669560610192, 0.2560229414539211] 6.189982381110681e-06 16.99532961541772
    @Test func aMeanMetricMatchesGbstats() throws {
        let users = Self.users("control", Self.cold([3, 5, 2, 8, 6, 4, 7, 5, 3, 6], [4, 6, 2, 9, 7, 4, 8, 6, 3, 7]))
            + Self.users("treatment", Self.cold([4, 2, 6, 5, 7, 3, 8, 4, 5], [6, 3, 8, 7, 9, 4, 10, 6, 7]))
        let report = try TrialAnalysis.analyze(UnitTable(users: users, creators: []))
        #expect(report.cuped == true && report.varianceNote.cuped)
        let c = row(report, .coldStartImpressions)
        #expect(close(c.absoluteDelta, 1.0796517130418328, 1e-12))
        #expect(close(c.absoluteLower, 0.7596544331558868, 1e-8) && close(c.absoluteUpper, 1.399648992927779, 1e-8))
        #expect(close(c.pValue, 1.7246425290107226e-06, 1e-6) && close(c.degreesOfFreedom, 16.99532961541772, 1e-9))
        #expect(close(c.relativeDelta, 0.19279494875747016, 1e-12))
        #expect(close(c.relativeLower, 0.1295669560610192, 1e-8) && close(c.relativeUpper, 0.2560229414539211, 1e-8))
        // The arms' values are the unadjusted means; --no-cuped gives the plain Welch test.
        #expect(close(c.control, 5.6, 1e-12) && close(c.treatment, 60.0 / 9, 1e-12))
        var options = TrialAnalysis.Options()
        options.cuped = false
        let plain = try TrialAnalysis.analyze(UnitTable(users: users, creators: []), options: options)
        #expect(plain.cuped == false && close(row(plain, .coldStartImpressions).absoluteDelta, 60.0 / 9 - 5.6, 1e-12))
        #expect(row(plain, .coldStartImpressions).standardError! > c.standardError!)
        // No pre-period rows: no CUPED, and `cuped` absent.
        #expect(try TrialAnalysis.analyze(UnitTable(users: users.filter { $0.week == 0 }, creators: [])).cuped == nil)
    }

    // cuped-ratio 0.7439904604374273 0.0024363901646752215 0.0068606310253425925 16.059375156553973 0.727116084036938
    //             -0.012103128925550516 0.01697590925490096 -0.14382765456667723 0.20615863627961833
    @Test func aRatioMetricMatchesTheLinearisedNumpyReference() throws {
        func arm(_ m: [Int64], _ d: [Int64], _ m0: [Int64], _ d0: [Int64]) -> [(pre: UnitCounts, post: UnitCounts)] {
            (0..<m.count).map { k in (UnitCounts(impressions: d0[k], likes: m0[k], coldStart: 0, fresh: 0, topics: 1),
                                      UnitCounts(impressions: d[k], likes: m[k], coldStart: 0, fresh: 0, topics: 1)) }
        }
        let users = Self.users("control", arm([3, 0, 5, 2, 1, 4, 0, 2, 6, 1], [40, 10, 55, 30, 12, 50, 5, 25, 60, 20],
                                              [2, 1, 4, 2, 0, 3, 1, 1, 5, 1], [35, 12, 50, 28, 10, 45, 8, 20, 55, 18]))
            + Self.users("treatment", arm([4, 1, 3, 0, 2, 5, 3, 1, 2], [45, 20, 50, 15, 35, 52, 40, 9, 30],
                                          [3, 1, 2, 0, 2, 4, 2, 1, 1], [40, 22, 45, 12, 30, 50, 38, 10, 28]))
        let c = row(try TrialAnalysis.analyze(UnitTable(users: users, creators: [])), .ltr)
        #expect(close(c.absoluteDelta, 0.0024363901646752215, 1e-9))
        #expect(close(c.standardError, 0.0068606310253425925, 1e-9) && close(c.degreesOfFreedom, 16.059375156553973, 1e-8))
        #expect(close(c.pValue, 0.727116084036938, 1e-7))
        #expect(close(c.absoluteLower, -0.012103128925550516, 1e-8) && close(c.absoluteUpper, 0.01697590925490096, 1e-8))
        #expect(close(c.relativeLower, -0.14382765456667723, 1e-8) && close(c.relativeUpper, 0.20615863627961833, 1e-8))
    }

    // cuped-dau 0.035029219402894496 [-0.02307972521665813, 0.09313816402244712] 0.21266178127567548 11.541431949722464
    @Test func creatorDAUMatchesGbstatsOnTheFractions() throws {
        func arm(_ name: String, _ active: [Int], _ pre: [Int]) -> [UnitTable.Creator] {
            #expect(active.count == pre.count, "paired lists of different lengths")
            return zip(active, pre).enumerated().flatMap { k, v in
                [UnitTable.Creator(arm: name, id: "\(name)\(k)", popular: false, week: -1, days: 7, activeDays: v.1),
                 UnitTable.Creator(arm: name, id: "\(name)\(k)", popular: false, week: 0, days: 14, activeDays: v.0)]
            }
        }
        let creators = arm("control", [7, 10, 3, 14, 9, 5, 12, 8], [4, 5, 1, 7, 4, 2, 6, 4]) + arm("treatment", [11, 6, 13, 9, 14, 4, 10], [5, 3, 6, 4, 7, 2,
            4])
        let users = Self.users("control", Self.cold([1, 2], [1, 2])) + Self.users("treatment", Self.cold([1, 2], [2, 1]))
        let report = try TrialAnalysis.analyze(UnitTable(users: users, creators: creators))
        let c = row(report, .creatorDAU, .creators(popular: false, week: nil))
        #expect(close(c.absoluteDelta, 0.035029219402894496, 1e-12))
        #expect(close(c.absoluteLower, -0.02307972521665813, 1e-8) && close(c.absoluteUpper, 0.09313816402244712, 1e-8))
        #expect(close(c.pValue, 0.21266178127567548, 1e-7) && close(c.degreesOfFreedom, 11.541431949722464, 1e-8))
    }
}

@Suite("The market test on CUPED-adjusted values")
struct CUPEDMarketTests {
    // cuped-market 0.9714285714285714 1.0063492063492072 0.3099331879739862 (θ, delta, Student's p on the adjusted market values)
    static let delta = 1.0063492063492072, p = 0.3099331879739862

    @Test func marketValuesAreAdjustedWithThePooledUnitThetaAsNumpyDoes() throws {
        var users = [UnitTable.User]()
        for r in 0..<3 {
            for a in 0..<2 {
                for k in 0..<6 {
                    let pre = (3 * k + 2 * r + a) % 7 + 1, post = pre + (5 * k + r + 2 * a) % 4 + r + a
                    for (week, cold) in [(-1, pre), (0, post)] {
                        users.append(.init(arm: a == 0 ? "control" : "treatment", replicate: r, id: "\(k)", group: k % 2, week: week,
                                           impressions: 20, likes: 1, coldStart: cold, fresh: 0, topics: 1))
                    }
                }
            }
        }
        let report = try TrialAnalysis.analyze(UnitTable(users: users, creators: []))
        #expect(report.varianceMethod == .market && report.cuped == true)
        let c = report.tests.first { $0.metric == .coldStartImpressions && $0.breakdown == .total && $0.variance == .market }!.comparison
        #expect(abs(c.absoluteDelta! - CUPEDMarketTests.delta) < 1e-12)
        #expect(abs(c.pValue! - CUPEDMarketTests.p) < 1e-8)
    }
}
