import Foundation
import Testing
import GSL
@testable import Analysis

/// Log-space p-values, the mixture SPRT, the looks' methods and the margin tests, against
/// `reference_sequential.py` (mpmath 1.3.0, numpy and scipy 1.17.1; outside TwinArm).
@Suite("Sequential looks and margins")
struct SequentialTests {
    /// ln P(T > t): mpmath's regularised incomplete beta at 50 digits.
    @Test func logTailMatchesMpmath() {
        let cases: [(Double, Double, Double)] = [
            (40, 20, -46.368147221016399), (60, 1000, -767.27893372308117), (38, 2000, -547.7720031333237),
            (1e4, 5, -43.801445731210292), (200, 400, -926.93444888301721), (2.5, 7, -3.8875202014416807),
        ]
        for (t, df, reference) in cases {
            let found = Distribution.studentTLogUpperTail(t, degreesOfFreedom: df)
            #expect(abs(found - reference) <= 1e-9 * abs(reference), "t \(t), df \(df): \(found) against \(reference)")
        }
    }

    /// A p-value below the smallest normal double is kept (subnormal) with its log₁₀; one below every
    /// double is 0 with its log₁₀ (mpmath: −315.04972459515075 at t 46, df 2000; −337.6617323570653 at t 45, df 3000).
    @Test func tinyPValuesKeepTheirSize() {
        var c = Comparison(nControl: 10, nTreatment: 10)
        c.setTwoSidedP(46, degreesOfFreedom: 2000)
        #expect(abs(c.log10PValue! - -315.04972459515075) < 1e-9)
        #expect(c.pValue! > 0 && c.pValue! < 1e-314)
        c.setTwoSidedP(45, degreesOfFreedom: 3000)
        #expect(abs(c.log10PValue! - -337.6617323570653) < 1e-9)
        #expect(c.pValue == 0)
        // mpmath: log10 p −227.19948664725015 at t 37.5, df 1800 is an ordinary double: no log written.
        c.setTwoSidedP(37.5, degreesOfFreedom: 1800)
        #expect(c.log10PValue == nil)
        #expect(abs(log10(c.pValue!) - -227.19948664725015) < 1e-6)
    }

    /// The mixture SPRT against the numpy reference: Λ, the running always-valid p and the boundary.
    @Test func mixtureSPRTMatchesNumpy() {
        let z = [0.8, 1.9, 2.4, 3.1, 2.9], v = [5.0, 2.6, 1.7, 1.3, 1.0]
        let rStar = MixtureSPRT.tunedRatio(alpha: 0.05)
        #expect(abs(rStar - 7.936154601737565) < 1e-12)
        let ratios = v.map { rStar * v.last! / $0 }
        let lambda = zip(z, ratios).map { MixtureSPRT.likelihoodRatio(z: $0, ratio: $1) }
        let lambdaRef = [0.7565562141572788, 1.9346583171996454, 4.501751610779879, 23.296653407211267, 14.004615765842203]
        for (f, r) in zip(lambda, lambdaRef) { #expect(abs(f - r) <= 1e-12 * r) }
        let p = MixtureSPRT.pValues(z: z, ratios: ratios)
        let pRef = [1.0, 0.5168871376975068, 0.22213575658092807, 0.042924620224227536, 0.042924620224227536]
        for (f, r) in zip(p, pRef) { #expect(abs(f - r) <= 1e-12) }
        let boundary = ratios.map { MixtureSPRT.boundary(alpha: 0.05, ratio: $0) }
        let bRef = [3.3638877257827806, 3.1324253214166307, 3.062910067731438, 3.0421798945857876, 3.0352089903762534]
        for (f, r) in zip(boundary, bRef) { #expect(abs(f - r) <= 1e-12 * r) }
    }

    /// Looks of known variances on a large df: O'Brien–Fleming's nominal levels are the ldbounds
    /// boundaries' (4.8769 … 2.0310 at equal fractions), the union bound's α/K; a look crosses
    /// when its p is below its level and stays crossed.
    @Test func lookMethodsUseTheirBoundaries() {
        let ses = [1 / 0.2, 1 / 0.4, 1 / 0.6, 1 / 0.8, 1.0].map { $0.squareRoot() }
        let z = [1.0, 2.0, 2.75, 2.0, 1.0]
        let stats = zip(ses, z).enumerated().map { k, v in
            LookStatistic(day: k + 1, delta: v.1 * v.0, standardError: v.0, degreesOfFreedom: 1e7, scale: 1,
                          pValue: 2 * Distribution.studentTUpperTail(v.1, degreesOfFreedom: 1e7))
        }
        #expect(SequentialLooks.informationFractions(ses.map { $0 * $0 }).enumerated().allSatisfy { abs($1 - [0.2, 0.4, 0.6, 0.8, 1][$0]) < 1e-9 })
        let obf = SequentialLooks.tested(stats, metric: .ltr, breakdown: .total, plan: SequentialPlan(method: .obrienFleming, information: .variance),
                                         alpha: 0.05)
        // Calendar information on days 1 … 5 is the same five equal fractions.
        let calendar = SequentialLooks.tested(stats, metric: .ltr, breakdown: .total, plan: SequentialPlan(method: .obrienFleming), alpha: 0.05)
        #expect(zip(calendar, obf).allSatisfy { abs($0.nominalAlpha! - $1.nominalAlpha!) < 1e-12 })
        let bounds = obf.map { -Distribution.normalQuantile($0.nominalAlpha! / 2) }
        for (f, r) in zip(bounds, [4.8769, 3.3569, 2.6803, 2.2898, 2.0310]) { #expect(abs(f - r) < 6e-4) }
        #expect(obf.map { $0.crossed! } == [false, false, true, true, true])
        #expect(obf.allSatisfy { $0.p == nil })
        let union = SequentialLooks.tested(stats, metric: .ltr, breakdown: .total, plan: SequentialPlan(method: .union), alpha: 0.05)
        #expect(union.allSatisfy { abs($0.nominalAlpha! - 0.01) < 1e-15 })
        #expect(union.map { $0.crossed! } == [false, false, true, true, true])   // 2.75 > z(0.995) = 2.576
        #expect(abs(union[2].p! - 5 * 2 * Distribution.studentTUpperTail(2.75, degreesOfFreedom: 1e7)) < 1e-12)
        // The interval is the estimate ± the boundary's t quantile × SE.
        let q = Distribution.studentTUpperQuantile(0.005, degreesOfFreedom: 1e7)
        #expect(abs(union[2].lower! - (2.75 * ses[2] - q * ses[2])) < 1e-9)
        let msprt = SequentialLooks.tested(stats, metric: .ltr, breakdown: .total, plan: SequentialPlan(method: .msprt), alpha: 0.05)
        #expect(msprt.map { $0.crossed! } == [false, false, false, false, false])   // boundary ≈ 3.0–3.4 at every look
        // Re-testing the tested looks under another method reproduces that method's looks.
        let again = SequentialLooks.retested(union, method: .obrienFleming, alpha: 0.05)
        #expect(again.map(\.crossed) == obf.map(\.crossed))
        #expect(zip(again, obf).allSatisfy { abs($0.nominalAlpha! - $1.nominalAlpha!) < 1e-12 })
    }

    /// The stop rule names the first crossed look with its effect and interval.
    @Test func stopRuleIsTheFirstCrossing() {
        var looks = (1...4).map { SequentialLook(metric: .ltr, breakdown: .total, day: $0, estimate: Double($0) / 100) }
        for i in looks.indices { looks[i].crossed = i >= 2; looks[i].lower = 0.001; looks[i].upper = 0.05 }
        let stop = SequentialLooks.stops(looks).first!
        #expect(stop.day == 3 && stop.estimate == 0.03 && stop.looks == 4)
        for i in looks.indices { looks[i].crossed = false }
        #expect(SequentialLooks.stops(looks).first!.day == nil)
    }

    /// Information fractions stay increasing in (0, 1] when a later look's variance is larger.
    @Test func informationFractionsAreMonotone() {
        let f = SequentialLooks.informationFractions([4, 1.5, 2, 1.2, 1, 1.1])
        #expect(f.last == 1)
        #expect(zip(f, f.dropFirst()).allSatisfy { $0 < $1 })
        #expect(f.allSatisfy { $0 > 0 && $0 <= 1 })
    }

    /// Non-inferiority: scipy's one-sided t test (estimate 0.004, SE 0.003, df 6, margin −0.005):
    /// p 0.01200409837786546, bounds −0.001829540841545913 / 0.009829540841545914; power at a true 0
    /// 0.3957159603141057 and the margin met with power 0.8, 0.008546650697087507.
    @Test func nonInferiorityMatchesScipy() {
        let q2 = Distribution.studentTUpperQuantile(0.025, degreesOfFreedom: 6)
        var c = Comparison(nControl: 4, nTreatment: 4)
        c.relativeDelta = 0.004
        c.relativeLower = 0.004 - q2 * 0.003
        c.relativeUpper = 0.004 + q2 * 0.003
        c.degreesOfFreedom = 6
        let v = MarginTest.test(c, metric: .ltr, breakdown: .total, kind: .nonInferiority, margin: -0.005, alpha: 0.05, level: 0.95, calibrated: true)
        #expect(abs(v.p! - 0.01200409837786546) < 1e-12)
        #expect(abs(v.lower! - -0.001829540841545913) < 1e-12)
        #expect(abs(v.upper! - 0.009829540841545914) < 1e-12)
        #expect(v.call == .noWorse)
        #expect(abs(MarginTest.power(standardError: 0.003, degreesOfFreedom: 6, margin: -0.005, alpha: 0.05) - 0.3957159603141057) < 1e-9)
        #expect(abs(MarginTest.smallestMargin(standardError: 0.003, degreesOfFreedom: 6, alpha: 0.05) - 0.008546650697087507) < 1e-12)
        // Worse: the upper bound below the margin; inconclusive between; superiority mirrors.
        c.relativeDelta = -0.02; c.relativeUpper = -0.02 + q2 * 0.003
        #expect(MarginTest.test(c, metric: .ltr, breakdown: .total, kind: .nonInferiority, margin: -0.005, alpha: 0.05, level: 0.95,
                                calibrated: true).call == .worse)
        c.relativeDelta = -0.006; c.relativeUpper = -0.006 + q2 * 0.003
        #expect(MarginTest.test(c, metric: .ltr, breakdown: .total, kind: .nonInferiority, margin: -0.005, alpha: 0.05, level: 0.95,
                                calibrated: true).call == .inconclusive)
        c.relativeDelta = 0.03; c.relativeUpper = 0.03 + q2 * 0.003
        #expect(MarginTest.test(c, metric: .coldStartImpressions, breakdown: .total, kind: .superiority, margin: 0.01, alpha: 0.05, level: 0.95,
                                calibrated: true).call == .better)
        #expect(MarginTest.test(c, metric: .coldStartImpressions, breakdown: .total, kind: .superiority, margin: 0.01, alpha: 0.05, level: 0.95,
                                calibrated: false).call == .uncalibrated)
    }

    /// A single pair's looks: each day's variance learned from A/A reports' estimates (mean square),
    /// then t with their count as df.
    @Test func singlePairLooksUseTheirDailyVariance() {
        func report(_ estimates: [Double]) -> AnalysisReport {
            var r = AnalysisReport(control: "a", treatment: "b", level: 0.95, alpha: 0.05, replicates: 1, varianceMethod: .unit,
                                   varianceNote: VarianceNote(basis: .unitSinglePair, marketPairs: 1), calibrated: false,
                                   bucketLabels: [], verdicts: [], power: [], tests: [])
            r.sequential = estimates.enumerated().map { SequentialLook(metric: .ltr, breakdown: .total, day: $0 + 1, estimate: $1) }
            return r
        }
        let inflation = AAInflation(reports: [report([0.01, 0.02]), report([-0.03, 0.0]), report([0.02, -0.02])])
        let day1 = inflation.dailyVariance(.ltr, .total, day: 1)!
        #expect(day1.trials == 3 && abs(day1.variance - (0.0001 + 0.0009 + 0.0004) / 3) < 1e-15)
        let raw = report([0.05, 0.04]).sequential!
        let looks = SequentialLooks.calibrated(raw, by: inflation, plan: SequentialPlan(method: .union), alpha: 0.05)
        #expect(looks.count == 2)
        let p = 2 * Distribution.studentTUpperTail(0.05 / day1.variance.squareRoot(), degreesOfFreedom: 3)
        #expect(abs(looks[0].fixedHorizonP! - p) < 1e-15)
        #expect(looks[0].degreesOfFreedom == 3)
    }
}
