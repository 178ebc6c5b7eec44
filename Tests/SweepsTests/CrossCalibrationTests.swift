import Testing
@testable import Analysis
@testable import Sweeps

@Suite("A/A batches of one market pair")
struct CrossCalibrationTests {
    static func report(z: Double) -> AnalysisReport {
        var comparison = Comparison(nControl: 100, nTreatment: 100)
        comparison.absoluteDelta = z * 0.5
        comparison.standardError = 0.5
        comparison.degreesOfFreedom = 198
        comparison.pValue = 0.5
        let row = TestRow(metric: .ltr, breakdown: .total, control: "a", treatment: "b", variance: .unit, comparison: comparison)
        return AnalysisReport(control: "a", treatment: "b", level: 0.95, alpha: 0.05, replicates: 1, varianceMethod: .unit,
            varianceNote: .init(basis: .market, marketPairs: 2),
                              calibrated: false, bucketLabels: [], verdicts: [], power: [], tests: [row])
    }

    // scipy (Tests/AnalysisTests/reference.py):
    // cross [0.4973909625324116, 0.8453510653945882, 0.14943085967023503]
    @Test func eachTrialIsTestedWithTheFactorsOfTheOthersInItsBlock() {
        let reports = AARates.crossCalibrated([1.3, -0.4, 2.2].map(Self.report), block: 3)
        let p = reports.map { $0.tests.first { $0.variance == .inflated }!.comparison.pValue! }
        #expect(p.count == 3)
        for (value, reference) in zip(p, [0.4973909625324116, 0.8453510653945882, 0.14943085967023503]) {
            #expect(abs(value - reference) < 1e-7)
        }
        let calibration = AARates(name: "x", seed: 0, replicates: 1, days: 14, alpha: 0.05, reports: [1.3, -0.4, 2.2].map(Self.report), block: 3)
        let rate = calibration.rates.first { $0.variance == .inflated && $0.metric == .ltr }!
        #expect(rate.trials == 3 && rate.rejections == 0)
    }
}
