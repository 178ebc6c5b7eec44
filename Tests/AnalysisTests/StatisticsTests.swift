import Testing
@testable import Analysis
import Foundation

/// Every reference value below was computed outside TwinArm by `Tests/AnalysisTests/reference.py`
/// (numpy + scipy 1.17.1); its printed output is quoted next to each use.
@Suite("Statistics against scipy")
struct StatisticsTests {
    func close(_ a: Double?, _ b: Double, _ tolerance: Double = 1e-9) -> Bool {
        guard let a else { return false }
        return abs(a - b) <= tolerance * Swift.max(1, abs(b))
    }

    static let a: [Double] = [12.1, 14.3, 11.8, 15.2, 13.9, 12.7, 14.8, 13.1]
    static let b: [Double] = [10.2, 11.9, 12.5, 10.8, 11.1, 13.0, 10.5, 11.7, 12.2, 10.9]

    // welch 3.7817736617955826 0.0024328887239951987 12.522803920641184 0.8562413253423837 3.1587586746576166
    // relative-welch 0.174869337979094 0.06899922875587476 0.2807394472023132 (t quantile, Welch df)
    @Test func welchMatchesScipy() {
        let r = Welch.compare(control: SampleSummary(Self.b), treatment: SampleSummary(Self.a))
        #expect(close(r.absoluteDelta! / r.standardError!, 3.7817736617955826))
        #expect(close(r.pValue, 0.0024328887239951987, 1e-7))
        #expect(close(r.degreesOfFreedom, 12.522803920641184))
        #expect(close(r.absoluteLower, 0.8562413253423837, 1e-7))
        #expect(close(r.absoluteUpper, 3.1587586746576166, 1e-7))
        #expect(close(r.relativeDelta, 0.174869337979094, 1e-12))
        #expect(close(r.relativeLower, 0.06899922875587476, 1e-7))
        #expect(close(r.relativeUpper, 0.2807394472023132, 1e-7))
    }

    static let likesT: [Double] = [3, 0, 5, 2, 1, 4, 0, 2, 6, 1], impsT: [Double] = [40, 10, 55, 30, 12, 50, 0, 25, 60, 20]
    static let likesC: [Double] = [2, 1, 3, 0, 2, 1, 4, 0, 1], impsC: [Double] = [45, 20, 50, 15, 35, 22, 58, 9, 30]

    // ratio 0.07947019867549669 0.04929577464788732 0.03017442402760937 0.008660022043849901 16.938975527048278 0.0028515075051133163
    // relative 0.6121097445600758 0.23571357969902207 0.11466104832528173 1.10955844079487
    @Test func deltaMethodMatchesNumpy() {
        let r = DeltaMethod.compare(control: RatioSummary(x: Self.likesC, y: Self.impsC),
                                    treatment: RatioSummary(x: Self.likesT, y: Self.impsT))
        #expect(close(r.treatment, 0.07947019867549669))
        #expect(close(r.control, 0.04929577464788732))
        #expect(close(r.absoluteDelta, 0.03017442402760937))
        #expect(close(r.standardError, 0.008660022043849901, 1e-7))
        #expect(close(r.degreesOfFreedom, 16.938975527048278, 1e-7))
        #expect(close(r.pValue, 0.0028515075051133163, 1e-6))
        #expect(close(r.relativeDelta, 0.6121097445600758))
        #expect(close(r.relativeLower, 0.11466104832528173, 1e-6))
        #expect(close(r.relativeUpper, 1.10955844079487, 1e-6))
    }

    // ratio-welch 3.484335706632336 0.002851507505113326: Welch on R + (x − R·y)/ȳ per user.
    @Test func welchOnLinearisedValuesEqualsDeltaMethod() {
        func linearised(_ x: [Double], _ y: [Double]) -> [Double] {
            #expect(x.count == y.count, "paired lists of different lengths")
            let r = x.reduce(0, +) / y.reduce(0, +), meanY = y.reduce(0, +) / Double(y.count)
            return zip(x, y).map { r + ($0 - r * $1) / meanY }
        }
        let welch = Welch.compare(control: SampleSummary(linearised(Self.likesC, Self.impsC)),
                                  treatment: SampleSummary(linearised(Self.likesT, Self.impsT)))
        let delta = DeltaMethod.compare(control: RatioSummary(x: Self.likesC, y: Self.impsC),
                                        treatment: RatioSummary(x: Self.likesT, y: Self.impsT))
        #expect(close(welch.pValue, delta.pValue!, 1e-9))
        #expect(close(welch.absoluteDelta, delta.absoluteDelta!, 1e-12))
        #expect(close(welch.pValue, 0.002851507505113326, 1e-6))
        #expect(close(welch.absoluteDelta! / welch.standardError!, 3.484335706632336, 1e-7))
    }

    // bh [0.03, 0.0588, 0.0588, 0.03, 0.2, 0.0588]; holm [0.05, 0.12, 0.12, 0.03, 0.2, 0.12]
    @Test func adjustmentsMatchScipy() {
        let p = [0.01, 0.04, 0.03, 0.005, 0.20, 0.049]
        #expect((MultipleTesting.benjaminiHochberg(p)).count == ([0.03, 0.0588, 0.0588, 0.03, 0.2, 0.0588]).count, "paired lists of different lengths")
        for (x, y) in zip(MultipleTesting.benjaminiHochberg(p), [0.03, 0.0588, 0.0588, 0.03, 0.2, 0.0588]) { #expect(close(x, y, 1e-12)) }
        for (x, y) in zip(MultipleTesting.holm(p), [0.05, 0.12, 0.12, 0.03, 0.2, 0.12]) { #expect(close(x, y, 1e-12)) }
    }

    // srm statistic=0.10881499295132266, pvalue=0.7414973035520623
    // srm3 statistic=7.649438416143156, pvalue=0.02182456283183872 (expected 1020, 1030, 1000)
    @Test func sampleRatioMismatchMatchesScipy() {
        let two = SampleRatioMismatch(observed: [30188, 30107], shares: [0.03, 0.03])
        #expect(close(two.chiSquared, 0.10881499295132266) && close(two.pValue, 0.7414973035520623, 1e-8))
        let three = SampleRatioMismatch(observed: [1000, 1100, 950], shares: [1020, 1030, 1000])
        #expect(close(three.chiSquared, 7.649438416143156) && close(three.pValue, 0.02182456283183872, 1e-8))
    }

    // mde 0.2505813996983669 n-per-arm 1569.7759468698173; clopper-pearson (0.03506070865698193, 0.10858723650381787)
    @Test func powerAndBinomialIntervals() {
        #expect(close(Power.minimumDetectableEffect(variance: 4, control: 1000, treatment: 1000), 0.2505813996983669))
        #expect(close(Power.unitsPerArm(variance: 4, effect: 0.2), 1569.7759468698173))
        let ci = BinomialInterval(successes: 13, trials: 200)
        #expect(close(ci.lower, 0.03506070865698193, 1e-8) && close(ci.upper, 0.10858723650381787, 1e-8))
    }

    // reference.py "market-student": scipy.stats.ttest_ind(t, c, equal_var=True) on the markets' values (Student's
    // t, 2R − 2 df); the relative delta = ratio of the arms' means − 1 with the delta-method interval at that df.
    @Test func marketTestMatchesScipy() {
        let r = MarketTest.compare(controls: [0.050, 0.051, 0.049, 0.052, 0.050],
                                   treatments: [0.0512, 0.0508, 0.0497, 0.0531, 0.0503])
        #expect(close(r.absoluteDelta! / r.standardError!, 0.8048555043474075, 1e-9))
        #expect(close(r.pValue, 0.44416269460223645, 1e-8))
        #expect(r.degreesOfFreedom == 8)
        #expect(close(r.relativeDelta, 0.012301587301587258, 1e-12))
        #expect(close(r.relativeLower, -0.02313450879046596, 1e-8))
        #expect(close(r.relativeUpper, 0.04773768339364048, 1e-8))
        // Arms with different numbers of markets (not a symmetric run's) keep Welch's df (scipy.stats.ttest_ind(t, c,
        // equal_var=False).df on these values: 6.567883052128815).
        let unequal = MarketTest.compare(controls: [0.050, 0.051, 0.049, 0.052], treatments: [0.0512, 0.0508, 0.0497, 0.0531, 0.0503])
        #expect(close(unequal.degreesOfFreedom, 6.567883052128815, 1e-9))
        // The relative delta matches the control and treatment columns.
        #expect(close(r.relativeDelta, r.treatment! / r.control! - 1, 1e-14))
    }

    @Test func minimumDetectableEffectsUseTheLeadTestsDegreesOfFreedom() throws {
        // reference.py "mde-t": (scipy.stats.t.ppf(0.975, df) + t.ppf(0.8, df)) * se.
        var rows = [TestRow]()
        for (metric, df, se) in [(MetricID.ltr, 3.0, 0.0004), (.topics, 250.5, 0.012)] {
            var c = Comparison.untestable("", nControl: 4, nTreatment: 4)
            c.notTestable = nil
            c.control = 0.05; c.treatment = 0.051; c.absoluteDelta = 0.001; c.standardError = se; c.degreesOfFreedom = df; c.pValue = 0.5
            rows.append(TestRow(metric: metric, breakdown: .total, control: "a", treatment: "b", variance: .market, comparison: c))
        }
        let report = AnalysisReport(control: "a", treatment: "b", level: 0.95, alpha: 0.05, replicates: 4, varianceMethod: .market,
                                    varianceNote: .init(basis: .market,
                                        marketPairs: 2), calibrated: true, bucketLabels: [], verdicts: [], power: [], tests: rows)
        let power = TrialAnalysis.powerRows(report)
        #expect(power.count == 2)
        #expect(close(power[0].minimumDetectableEffect, 0.001664367447058805, 1e-10))
        #expect(close(power[1].minimumDetectableEffect, 0.03375045304291753, 1e-10))
        #expect(close(power[0].relativeMinimumDetectableEffect, 0.001664367447058805 / 0.05, 1e-10))
    }

    @Test func breakdownLabelsRoundTripAndFamiliesSplitHeadlineFromExploratory() throws {
        let all: [Breakdown] = [.total, .bucket("groups 1–5"), .week(3), .creators(popular: true, week: nil), .creators(popular: false, week: 2)]
        for b in all { #expect(Breakdown(label: b.label) == b) }
        #expect(all.map(\.family) == [.primary, .exploratory, .exploratory, .primary, .exploratory])
        #expect(Breakdown(label: "other creators, week 2")!.label == "other creators, week 2")
        #expect(Breakdown(label: "weekly") == nil)
        let json = try JSONEncoder().encode(all)
        #expect(String(decoding: json, as: UTF8.self) == #"["total","bucket groups 1–5","week 3","popular creators","other creators, week 2"]"#)
        #expect(try JSONDecoder().decode([Breakdown].self, from: json) == all)
    }

    @Test func edgeCasesAreNotTestable() {
        let empty = Welch.compare(control: SampleSummary([]), treatment: SampleSummary([1, 2]))
        #expect(!empty.isTestable && empty.pValue == nil)
        let one = Welch.compare(control: SampleSummary([3]), treatment: SampleSummary([1, 2]))
        #expect(!one.isTestable)
        let flat = Welch.compare(control: SampleSummary([2, 2, 2]), treatment: SampleSummary([2, 2]))
        #expect(flat.notTestable == "zero variance in both arms")
        let noImpressions = DeltaMethod.compare(control: RatioSummary(x: [0, 0], y: [0, 0]), treatment: RatioSummary(x: [1, 0], y: [3, 4]))
        #expect(!noImpressions.isTestable && noImpressions.control == nil)
        let pairs = MarketTest.compare(controls: [1], treatments: [2])
        #expect(!pairs.isTestable)
        // Untestable comparisons still carry each arm's estimate where one exists (means and the
        // ratio worked by hand), nil where none does, and no delta or p-value. (The loop this
        // replaces passed when every value was nil.)
        #expect(empty.control == nil && empty.treatment == 1.5)
        #expect(one.control == 3 && one.treatment == 1.5)
        #expect(flat.control == 2 && flat.treatment == 2)
        #expect(noImpressions.treatment.map { abs($0 - 1.0 / 7) < 1e-15 } == true)
        #expect(pairs.control == 1 && pairs.treatment == 2)
        for c in [empty, one, flat, noImpressions, pairs] {
            #expect(c.absoluteDelta == nil && c.pValue == nil)
        }
    }
}

@Suite("Significance rules of the trial analysis")
struct SignificanceRuleTests {
    /// `replicates` market pairs of 200 users and 40 creators per arm; treatment raises cold-start impressions.
    func table(replicates: Int) -> UnitTable {
        var state: UInt64 = 7
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        var users = [UnitTable.User](), creators = [UnitTable.Creator]()
        for r in 0..<replicates {
            let shift = next(5)   // a market-level shock shared by the pair's treatment arm
            for arm in ["control", "treatment"] {
                for u in 0..<200 {
                    let imps = 20 + next(30), likes = next(imps / 8 + 1)
                    let cold = min(imps, next(10) + (arm == "treatment" ? 6 + shift : 0))
                    for week in [0, 1] {
                        users.append(.init(arm: arm, replicate: r, id: "\(u)", group: u % 7, week: week, impressions: imps, likes: likes,
                                           coldStart: cold, fresh: cold / 2, topics: next(12)))
                    }
                }
                for c in 0..<40 {
                    creators.append(.init(arm: arm, replicate: r, id: "\(c)", popular: c < 8, week: 0, days: 14, activeDays: next(15)))
                }
            }
        }
        return UnitTable(users: users, creators: creators)
    }

    @Test func theMarkAgreesWithTheAdjustedIntervalAndNeedsACalibratedLeadTest() throws {
        let report = try TrialAnalysis.analyze(table(replicates: 4))
        #expect(report.calibrated && report.varianceMethod == .market)
        #expect(report.tests.contains { $0.significant })
        for row in report.tests {
            if row.variance == .unit { #expect(!row.significant, "unit rows are diagnostics once a market test exists") }
            guard row.variance == .market, let lo = row.adjustedLower, let hi = row.adjustedUpper else { continue }
            #expect(row.significant == (lo > 0 || hi < 0), "\(row.metric) \(row.breakdown): \(lo)…\(hi), adjusted p \(row.adjustedPValue!)")
        }
        // Families: the primary family is the six headline rows of each method.
        #expect(report.tests.filter { $0.family == .primary && $0.variance == .market }.count == 6)
        let cold = report.verdicts.first { $0.metric == .coldStartImpressions }!
        #expect(cold.call == .better && cold.relativeLower! > 0)
    }

    @Test func aSingleMarketPairMarksNothingSignificant() throws {
        let report = try TrialAnalysis.analyze(table(replicates: 1))
        #expect(!report.calibrated && report.varianceMethod == .unit)
        #expect(!report.tests.contains { $0.significant })
        #expect(report.verdicts.allSatisfy { $0.call == .uncalibrated })
        #expect(report.varianceNote.basis == .unitSinglePair)
    }
}

@Suite("Daily looks")
struct SequentialLookTests {
    /// Three market pairs over two days; LTR only (no users or creators counted).
    func series(_ days: [(Int, Int)]) -> MarketSeries {
        MarketSeries(users: 0, popularCreators: 0, otherCreators: 0,
                     days: days.map { .init(impressions: $0.0, likes: $0.1, coldStart: 0, fresh: 0, activePopular: 0, activeOther: 0) })
    }

    @Test func dayTwoMatchesScipyWithABonferroniLevelAcrossTheDays() {
        let control = [series([(1000, 50), (1100, 52)]), series([(900, 47), (1000, 49)]), series([(1200, 58), (1150, 60)])]
        let treatment = [series([(1000, 53), (1050, 55)]), series([(950, 49), (1000, 52)]), series([(1100, 57), (1200, 63)])]
        let looks = SequentialLooks.looks(control: control, treatment: treatment, alpha: 0.05,
                                          plan: SequentialPlan(method: .union)).filter { $0.metric == .ltr }
        #expect(looks.map(\.day) == [1, 2])
        let day2 = looks[1]
        // scipy.stats.ttest_ind(equal_var=True) on the markets' cumulative LTRs through day 2 (Student's t, 4 df):
        // p = 0.02054429889924566; interval: delta ± t.ppf(1 − 0.05/2/2, 4)·se, ÷ the control's mean.
        #expect(abs(day2.fixedHorizonP! - 0.02054429889924566) < 1e-9)
        #expect(abs(day2.p! - 0.04108859779849132) < 1e-9)
        #expect(abs(day2.estimate - 0.049167344841410644) < 1e-12)
        #expect(abs(day2.lower! - 0.0029199895578256464) < 1e-9 && abs(day2.upper! - 0.09541470012499564) < 1e-9)
        // Metrics without their counts (no users, no creators) are left out, not NaN.
        #expect(SequentialLooks.looks(control: control, treatment: treatment, alpha: 0.05).allSatisfy { $0.metric == .ltr })
        // One market pair: its raw looks only (the estimate; A/A trials calibrate them).
        let single = SequentialLooks.looks(control: [control[0]], treatment: [treatment[0]], alpha: 0.05)
        #expect(!single.isEmpty && single.allSatisfy { $0.crossed == nil && $0.lower == nil })
        #expect(abs(single[1].estimate - ((53.0 + 55) / 2050) / ((50.0 + 52) / 2100) + 1) < 1e-12)
    }
}
