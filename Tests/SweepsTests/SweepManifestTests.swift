@testable import Analysis
import Testing
@testable import Sweeps

@Suite("Sweep manifests")
struct SweepManifestTests {
    @Test func gridIsEveryCombinationFirstParameterSlowest() {
        let manifest = SweepManifest(name: "s", config: "name: s\n", parameters: [
            SweepParameter(key: "a", values: ["1", "2"]), SweepParameter(key: "b", values: ["x", "y", "z"]),
        ], seeds: [0, 1])
        #expect(manifest.tasks.count == 12)
        #expect(manifest.tasks.map(\.index) == Array(0..<12))
        #expect(manifest.tasks[0].label == "a=1, b=x" && manifest.tasks[0].seed == 0)
        #expect(manifest.tasks[1].label == "a=1, b=x" && manifest.tasks[1].seed == 1)
        #expect(manifest.tasks[2].label == "a=1, b=y")
        #expect(manifest.tasks[11].label == "a=2, b=z" && manifest.tasks[11].seed == 1)
        // Ids come from content: distinct per task, equal for the same task in another sweep.
        #expect(Set(manifest.tasks.map(\.id)).count == 12)
        let other = SweepManifest(name: "t", config: "name: s\n", parameters: [SweepParameter(key: "a", values: ["2"]),
                                                                             SweepParameter(key: "b", values: ["z"])], seeds: [1])
        #expect(other.tasks[0].id == manifest.tasks[11].id)
        let changed = SweepManifest(name: "s", config: "name: s2\n", parameters: manifest.parameters, seeds: [0, 1])
        #expect(changed.tasks[0].id != manifest.tasks[0].id)
    }

    @Test func seedListsParse() {
        #expect(SweepGrid.seeds("0..3") == [0, 1, 2, 3])
        #expect(SweepGrid.seeds("5") == [5])
        #expect(SweepGrid.seeds("0..1,7") == [0, 1, 7])
        #expect(SweepGrid.seeds("3..1") == nil)
        #expect(SweepGrid.seeds("0,0") == nil)
        #expect(SweepGrid.seeds("x") == nil)
        #expect(SweepGrid.seeds("") == nil)
    }

    @Test func summaryAveragesSeedsWithATIntervalAndListsMissingTasks() throws {
        let manifest = SweepManifest(name: "s", config: "c", parameters: [SweepParameter(key: "a", values: ["1"])], seeds: [0, 1, 2])
        func report(_ lift: Double, p: Double) -> AnalysisReport {
            var comparison = Comparison.untestable("", nControl: 1, nTreatment: 1)
            comparison.notTestable = nil
            comparison.relativeDelta = lift
            comparison.pValue = p
            var row = TestRow(metric: .ltr, breakdown: .total, control: "c", treatment: "t", variance: .market, comparison: comparison)
            row.significant = p < 0.05
            row.adjustedPValue = p
            return AnalysisReport(control: "c", treatment: "t", level: 0.95, alpha: 0.05, replicates: 2, varianceMethod: .market,
                                  varianceNote: .init(basis: .market,
                                      marketPairs: 2), calibrated: true, bucketLabels: [], verdicts: [], power: [], tests: [row])
        }
        let summary = SweepSummary(manifest: manifest, reports: [0: report(0.01, p: 0.01), 1: report(0.03, p: 0.2)], alpha: 0.05)
        #expect(summary.finished == 2 && summary.missing.map(\.index) == [2])
        let ltr = summary.points[0].effects[0]
        #expect(ltr.seeds == 2 && ltr.significant == 1 && ltr.method == .market)
        // scipy.stats.t.interval(0.95, df=1, loc=0.02, scale=0.01): (-0.10706204736174695, 0.14706204736174694)
        #expect(abs(ltr.mean! - 0.02) < 1e-15)
        #expect(abs(ltr.lower! - -0.10706204736174695) < 1e-12 && abs(ltr.upper! - 0.14706204736174694) < 1e-12)
        #expect(summary.points[0].effects[1].seeds == 0 && summary.points[0].effects[1].mean == nil)

        // `collect --alpha 0.1`: a seed whose adjusted p is 0.07 now counts, and the interval is at 90 %.
        let loose = [0: report(0.01, p: 0.01), 1: report(0.03, p: 0.07)]
        #expect(SweepSummary(manifest: manifest, reports: loose, alpha: 0.05).points[0].effects[0].significant == 1)
        let wide = SweepSummary(manifest: manifest, reports: loose, alpha: 0.1)
        #expect(wide.points[0].effects[0].significant == 2 && abs(wide.level - 0.9) < 1e-15)
        // scipy.stats.t.interval(0.90, df=1, loc=0.02, scale=0.01): (-0.043137515146750446, 0.08313751514675037)
        let effect = wide.points[0].effects[0]
        #expect(abs(effect.lower! - -0.043137515146750446) < 1e-12 && abs(effect.upper! - 0.08313751514675037) < 1e-12)
    }
}
