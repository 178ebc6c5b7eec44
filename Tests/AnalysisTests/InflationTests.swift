import Testing
@testable import Analysis

/// The single-pair test against scipy (`Tests/AnalysisTests/reference.py`, printed output quoted).
@Suite("The single-pair test: variance inflated from simulated A/A trials")
struct InflationTests {
    func close(_ a: Double?, _ b: Double, _ tolerance: Double = 1e-9) -> Bool { StatisticsTests().close(a, b, tolerance) }

    /// An A/A report holding one unit-level row of topics with z-score `z`.
    static func report(z: Double, metric: MetricID = .topics, breakdown: Breakdown = .total, buckets: [String] = []) -> AnalysisReport {
        var comparison = Comparison(nControl: 100, nTreatment: 100)
        comparison.absoluteDelta = z * 0.5
        comparison.standardError = 0.5
        comparison.degreesOfFreedom = 198
        comparison.pValue = 0.5
        let row = TestRow(metric: metric, breakdown: breakdown, control: "a", treatment: "b", variance: .unit, comparison: comparison)
        return AnalysisReport(control: "a", treatment: "b", level: 0.95, alpha: 0.05, replicates: 1, varianceMethod: .unit,
            varianceNote: .init(basis: .market, marketPairs: 2),
                              calibrated: false, bucketLabels: buckets, verdicts: [], power: [], tests: [row])
    }

    // inflated 2.29625 0.037192541178674245 0.15256076443271271 3.8624392355672876 0.004288543414963958 0.345450132543224
    @Test func anInflatedWelchTestMatchesScipy() throws {
        let zs = [1.3, -0.4, 2.2, -1.7, 0.9, -2.6, 0.1, 1.1]
        let inflation = AAInflation(reports: zs.map { Self.report(z: $0) })
        let factor = try #require(inflation.factor(.topics, slot: "total"))
        #expect(close(factor.factor, 2.29625, 1e-12) && factor.trials == 8 && inflation.trials == 8)
        let unit = Welch.compare(control: SampleSummary(StatisticsTests.b), treatment: SampleSummary(StatisticsTests.a))
        let r = inflation.test(unit, metric: .topics, slot: "total", level: 0.95)
        #expect(r.degreesOfFreedom == 8)
        #expect(close(r.pValue, 0.037192541178674245, 1e-7))
        #expect(close(r.absoluteLower, 0.15256076443271271, 1e-7) && close(r.absoluteUpper, 3.8624392355672876, 1e-7))
        #expect(close(r.relativeLower, 0.004288543414963958, 1e-7) && close(r.relativeUpper, 0.345450132543224, 1e-7))
        #expect(r.absoluteDelta == unit.absoluteDelta && r.relativeDelta == unit.relativeDelta)
        // A row the A/A trials could not test has no factor, so no test.
        #expect(!inflation.test(unit, metric: .ltr, slot: "total", level: 0.95).isTestable)
    }

    @Test func bucketsAreCalibratedByRankNotByLabel() throws {
        let a = Self.report(z: 2, breakdown: .bucket("groups 1–5"), buckets: ["groups 1–5", "groups 6–20"])
        let b = Self.report(z: 1, breakdown: .bucket("groups 1–6"), buckets: ["groups 1–6", "groups 7–20"])
        let inflation = AAInflation(reports: [a, b])
        let factor = try #require(inflation.factor(.topics, slot: "bucket 1"))
        #expect(factor.trials == 2 && close(factor.factor, 2.5))
    }

    @Test func aCalibratedSinglePairLeadsWithTheInflatedTestAndMarksOnlyIt() throws {
        let table = SignificanceRuleTests().table(replicates: 1)
        let uncalibrated = try TrialAnalysis.analyze(table)
        // Factors of 1 for every row: the inflated rows then carry the unit-level estimates at N = 20 df.
        let factors = uncalibrated.tests.filter { $0.variance == .unit }.map {
            AAInflation.Factor(metric: $0.metric, slot: AAInflation.slot($0.breakdown, bucketLabels: uncalibrated.bucketLabels), trials: 20, factor: 1)
        }
        var options = TrialAnalysis.Options()
        options.inflation = AAInflation(trials: 20, factors: factors)
        let report = try TrialAnalysis.analyze(table, options: options)
        #expect(report.calibrated && report.varianceMethod == .inflated)
        #expect(report.tests.contains { $0.significant })
        for row in report.tests {
            if row.variance == .unit { #expect(!row.significant) }
            guard row.variance == .inflated, let lo = row.adjustedLower, let hi = row.adjustedUpper else { continue }
            #expect(row.comparison.degreesOfFreedom == 20)
            #expect(row.significant == (lo > 0 || hi < 0))
        }
        #expect(report.power.allSatisfy { $0.variance == .inflated && $0.degreesOfFreedom == 20 })
        // With two market pairs the market test leads and the calibration is not used.
        #expect(try TrialAnalysis.analyze(SignificanceRuleTests().table(replicates: 2), options: options).varianceMethod == .market)
        // Asking for the inflated test without a calibration is a usage error.
        var ask = TrialAnalysis.Options()
        ask.variance = .inflated
        #expect(throws: TrialAnalysis.Failure.inflatedVarianceNeedsCalibration(replicates: 1)) { try TrialAnalysis.analyze(table, options: ask) }
    }
}
