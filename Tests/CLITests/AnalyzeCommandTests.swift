import Foundation
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
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("report.json"))) as! [String: Any]
        let tests = report["tests"] as! [[String: Any]]
        func row(_ metric: String, _ breakdown: String) -> [String: Any]? {
            tests.first { $0["metric"] as? String == metric && $0["breakdown"] as? String == breakdown && $0["variance"] as? String == "unit" }
                .map { $0["comparison"] as! [String: Any] }
        }
        func check(_ metric: String, _ breakdown: String, _ control: Double, _ treatment: Double, _ p: Double) {
            guard let c = row(metric, breakdown) else { Issue.record("no row \(metric) \(breakdown)"); return }
            #expect(abs((c["control"] as! Double) - control) < 1e-12, "\(metric)")
            #expect(abs((c["treatment"] as! Double) - treatment) < 1e-12, "\(metric)")
            #expect(abs((c["pValue"] as! Double) - p) < 1e-8, "\(metric)")
        }
        check("ltr", "total", 0.07482993197278913, 0.0481283422459893, 0.034049701249535255)
        check("coldStartImpressions", "total", 6.166666666666667, 7.666666666666667, 0.5835069784641885)
        check("topics", "total", 8.666666666666666, 10.166666666666666, 0.669379758378516)
        check("creatorDAU", "other creators", 0.5, 0.42857142857142855, 0.5733922538253554)
        // One popular creator per arm: not testable, said so, no NaN anywhere.
        let popular = row("creatorDAU", "popular creators")!
        #expect(popular["notTestable"] as? String == "an arm has fewer than 2 units")
        #expect(popular["pValue"] == nil)
        let srm = report["sampleRatioUsers"] as! [String: Any]
        #expect(abs((srm["pValue"] as! Double) - 1.0) < 1e-12)
        #expect(report["varianceMethod"] as? String == "unit")
        // Every tested row carries BH and Holm adjusted p-values no smaller than its raw p.
        for t in tests where (t["comparison"] as! [String: Any])["pValue"] != nil {
            let p = (t["comparison"] as! [String: Any])["pValue"] as! Double
            #expect((t["adjustedPValue"] as! Double) >= p - 1e-15 && (t["holmPValue"] as! Double) >= p - 1e-15)
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
