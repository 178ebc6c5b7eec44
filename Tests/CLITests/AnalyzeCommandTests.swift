import Analysis
import Foundation
import Runs
import Testing

@Suite("twinarm analyze (the built binary)")
struct AnalyzeCommandTests {
    /// Expected values from `Tests/CLITests/Fixtures/expected.py` (numpy + scipy, outside TwinArm):
    ///   ltr 0.07482993197278913 0.0481283422459893 0.034049701249535255
    ///   coldStart 6.166666666666667 7.666666666666667 0.5835069784641885
    ///   topics 8.666666666666666 10.166666666666666 0.669379758378516
    ///   dau other 0.5 0.42857142857142855 0.5733922538253554
    ///   srm 1.0
    @Test func handWrittenUnitsGiveTheExpectedValues() throws {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/units.csv")
        let out = try BinaryRunner.scratchFolder()
        let run = try BinaryRunner.run(["analyze", fixture.path, "--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try RunJSON.decode(AnalysisReport.self, from: Data(contentsOf: out.appendingPathComponent("report.json")))
        func row(_ metric: MetricID, _ breakdown: Breakdown) -> Comparison? {
            report.tests.first { $0.metric == metric && $0.breakdown == breakdown && $0.variance == .unit }?.comparison
        }
        func check(_ metric: MetricID, _ breakdown: Breakdown, _ control: Double, _ treatment: Double, _ p: Double) {
            guard let c = row(metric, breakdown), let cc = c.control, let ct = c.treatment, let cp = c.pValue else {
                Issue.record("no tested row \(metric) \(breakdown)"); return
            }
            #expect(abs(cc - control) < 1e-12, "\(metric)")
            #expect(abs(ct - treatment) < 1e-12, "\(metric)")
            #expect(abs(cp - p) < 1e-8, "\(metric)")
        }
        check(.ltr, .total, 0.07482993197278913, 0.0481283422459893, 0.034049701249535255)
        check(.coldStartImpressions, .total, 6.166666666666667, 7.666666666666667, 0.5835069784641885)
        check(.topics, .total, 8.666666666666666, 10.166666666666666, 0.669379758378516)
        check(.creatorDAU, .creators(popular: false, week: nil), 0.5, 0.42857142857142855, 0.5733922538253554)
        // One popular creator per arm: not testable, said so, no NaN anywhere.
        let popular = try #require(row(.creatorDAU, .creators(popular: true, week: nil)))
        #expect(popular.notTestable == "an arm has fewer than 2 units")
        #expect(popular.pValue == nil)
        let srm = try #require(report.sampleRatioUsers)
        #expect(abs(srm.pValue - 1.0) < 1e-12)
        #expect(report.varianceMethod == .unit)
        // Every tested row carries BH and Holm adjusted p-values no smaller than its raw p.
        for t in report.tests {
            guard let p = t.comparison.pValue else { continue }
            #expect((t.adjustedPValue ?? -1) >= p - 1e-15 && (t.holmPValue ?? -1) >= p - 1e-15)
        }
        let text = try String(contentsOf: out.appendingPathComponent("report.json"), encoding: .utf8)
        #expect(!text.contains("nan") && !text.contains("NaN"))
    }

    @Test func unreadableTableIsExit65() throws {
        let folder = try BinaryRunner.scratchFolder()
        let bad = folder.appendingPathComponent("units.csv")
        try "arm,unit,kind,week\nA,u1,user\n".write(to: bad, atomically: true, encoding: .utf8)
        let run = try BinaryRunner.run(["analyze", bad.path])
        #expect(run.status == 65)
        #expect(run.stderr.contains("line 2"))
    }
}
