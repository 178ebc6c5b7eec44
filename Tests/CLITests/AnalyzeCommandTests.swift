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

    /// A two-sided run writes its four cells to `cells.csv`; `analyze` of the folder reads them back
    /// into the same `twoSided` section (3 metrics × naive, TSRI-1, TSRI-2), and the TSRI values
    /// follow from the file's totals by the paper's formulas, recomputed here by hand.
    @Test func aTwoSidedRunsCellsAreReadBack() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        var config = try String(contentsOf: root.appendingPathComponent("experiments/design-aa-tiny.yaml"), encoding: .utf8)
        config = config.replacingOccurrences(of: "design: symmetric ", with: "design: two-sided ")
        let folder = try BinaryRunner.scratchFolder()
        let yaml = folder.appendingPathComponent("two-sided.yaml")
        try config.write(to: yaml, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("run")
        let run = try BinaryRunner.run(["run", yaml.path, "--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        let written = try Data(contentsOf: out.appendingPathComponent("report.json"))
        let report = try RunJSON.decode(AnalysisReport.self, from: written)
        let rows = try #require(report.twoSided)
        #expect(rows.count == 9)
        // Each market's cold-start TSRI-1 at β = 0.5 relative to ŷ_cc, by hand from cells.csv; their mean is the report's.
        let lines = try String(contentsOf: out.appendingPathComponent("cells.csv"), encoding: .utf8).split(separator: "\n").dropFirst()
        let fields = lines.map { $0.split(separator: ",").map(String.init) }
        func scaled(_ c: [String]) -> Double {
            Double(c[9])! / ((Double(c[3])! / Double(c[5])!) * (Double(c[4])! / Double(c[6])!))
        }
        var relative = [Double]()
        for r in ["0", "1", "2"] {
            let cells = fields.filter { $0[0] == r }
            #expect(cells.count == 4)
            guard cells.count == 4 else { continue }
            let (cc, ct, tc, tt) = (scaled(cells[0]), scaled(cells[1]), scaled(cells[2]), scaled(cells[3]))
            relative.append((0.5 * (tt - ct) + 0.5 * (tt - tc) - 0.25 * (2 * cc - ct - tc)) / cc)
        }
        let row = try #require(rows.first { $0.metric == .coldStartImpressions && $0.estimator == .tsri1 })
        #expect(row.markets == 3 && row.degreesOfFreedom == 2 && row.weight == 0.5)
        let mean = relative.reduce(0, +) / Double(relative.count)
        #expect(abs(try #require(row.relativeDelta) - mean) <= 1e-12 * Swift.max(1, abs(mean)))
        // analyze of the folder: the same report.json, byte for byte.
        let again = try BinaryRunner.run(["analyze", out.path, "--force"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try Data(contentsOf: out.appendingPathComponent("report.json")) == written)
        // cells.csv is TwinArm's: the run replaces its own folder without --force, to the same bytes.
        let rerun = try BinaryRunner.run(["run", yaml.path, "--out", out.path])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(try Data(contentsOf: out.appendingPathComponent("report.json")) == written)
        // A symmetric run has neither the file nor the section.
        let symmetric = folder.appendingPathComponent("symmetric")
        #expect(try BinaryRunner.run(["run", root.appendingPathComponent("experiments/design-aa-tiny.yaml").path, "--out", symmetric.path]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: symmetric.appendingPathComponent("cells.csv").path))
        #expect(try RunJSON.decode(AnalysisReport.self, from: Data(contentsOf: symmetric.appendingPathComponent("report.json"))).twoSided == nil)
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
