import Analysis
import Config
import Foundation
import Reports
import Runs
import Testing
import TwinArmTestSupport
@testable import Studies

let tinyTrial = TestConfigs.tinyTrial

@Suite("The trial pipeline")
struct PipelineTests {
    static func trial(_ text: String = tinyTrial) throws -> LoadedTrial {
        try LoadedTrial(config: try ConfigLoader.decode(TrialConfig.self, text: text, path: "tiny.yaml"), text: text)
    }

    /// A twin trial's report says so and marks nothing significant; both arms hold the same users.
    @Test func aTwinReportSaysSoAndMarksNothingSignificant() throws {
        var twin = try Self.trial()
        try TypedOverride(key: "design", text: "twin", registry: TrialConfig.parameters).apply(to: &twin.config)
        twin = try LoadedTrial(config: twin.config, text: tinyTrial)
        let result = try TrialPipeline.run(twin, seed: 2)
        let record = result.record()
        let analysis = try #require(result.analysis)
        let report = TrialReport.document(TrialReportInput(record: record, analysis: analysis)).markdown
        #expect(report.contains("A **twin** trial (simulation only)"))
        #expect(!report.contains("| significant |") && report.contains("— (twin)"))
        #expect(record.manifest.design == .twin)
        #expect(record.manifest.arms[0].users == record.manifest.arms[1].users)
    }

    /// One significance level reaches every test, interval and verdict of the pipeline's analysis.
    @Test func alphaChangesTestsIntervalsAndVerdict() throws {
        var reports = [Double: AnalysisReport]()
        for alpha in [0.05, 0.1] {
            var trial = try Self.trial()
            trial.config.alpha = alpha
            // Seed 3: cold-start impressions have an adjusted p-value between 0.05 and 0.1 in this trial (market test, 6 df).
            reports[alpha] = try #require(try TrialPipeline.run(trial, seed: 3).analysis)
        }
        let strict = try #require(reports[0.05]), loose = try #require(reports[0.1])
        #expect(strict.alpha == 0.05 && loose.alpha == 0.1 && loose.level == 0.9)
        #expect(strict.tests.count == loose.tests.count)
        // The same p-values; more rows significant at the looser level.
        guard strict.tests.count == loose.tests.count else { return }
        #expect((strict.tests).count == (loose.tests).count, "paired lists of different lengths")
        #expect(zip(strict.tests, loose.tests).allSatisfy { $0.comparison.pValue == $1.comparison.pValue })
        #expect(loose.tests.filter(\.significant).count > strict.tests.filter(\.significant).count)
        // Every interval narrows and stays around its estimate.
        #expect((strict.tests).count == (loose.tests).count, "paired lists of different lengths")
        for (s, l) in zip(strict.tests, loose.tests) {
            guard let sl = s.comparison.absoluteLower, let su = s.comparison.absoluteUpper,
                  let ll = l.comparison.absoluteLower, let lu = l.comparison.absoluteUpper, su > sl else { continue }
            #expect(ll > sl && lu < su, "\(s.metric) \(s.breakdown.label)")
        }
        // A verdict turns from inconclusive to decided (cold-start: better), and none that was decided changes.
        let coldStart = { (r: AnalysisReport) in r.verdicts.first { $0.metric == .coldStartImpressions }?.call }
        #expect(coldStart(strict) == .inconclusive && coldStart(loose) == .better)
        guard strict.verdicts.count == loose.verdicts.count else { return }
        #expect((strict.verdicts).count == (loose.verdicts).count, "paired lists of different lengths")
        for (s, l) in zip(strict.verdicts, loose.verdicts) where s.call != .inconclusive { #expect(s.call == l.call, "\(s.metric)") }
    }

    /// The run folder's files come from the record: tables, manifest, report, pages; the pages render from the document.
    @Test func aRunsFilesAreTheRecordsAndItsPages() throws {
        let result = try TrialPipeline.run(try Self.trial(), seed: 2)
        let files = try TrialPipeline.runFiles(result)
        let names = Set(files.map(\.name))
        #expect(names.isSuperset(of: ["users.csv", "creators.csv", "daily.csv", "weights.csv", "manifest.json", "report.json", "summary.md", "report.md",
            "report.html"]))
        let html = try #require(files.first { $0.name == "report.html" }).contents
        #expect(String(decoding: html, as: UTF8.self).contains("<h2>Health checks</h2>"))
    }
}
