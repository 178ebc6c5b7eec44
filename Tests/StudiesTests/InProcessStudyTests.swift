import Analysis
import Config
import Foundation
import Runs
import Outputs
import Sweeps
import Testing
import TwinArmTestSupport
@testable import Studies

let tinyPlatform = TestConfigs.tinyPlatform

/// A study run wholly in this process: the plan from the decoded config, the in-process
/// executor, the collection from the reports it kept.
struct InProcessStudy {
    let folder: SweepFolder
    let plan: StudyPlan
    let outcome: ExecutionOutcome
    let reports: [Int: AnalysisReport]

    static func run(_ manifest: (String) -> SweepManifest) throws -> InProcessStudy {
        let config = try ConfigLoader.decode(TrialConfig.self, text: tinyPlatform, path: "tiny.yaml")
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("twinarm-studies-\(UUID().uuidString)")
        let folder = SweepFolder(path: scratch.path)
        let m = manifest(tinyPlatform)
        let plan = try StudyPlan(manifest: m, config: config)
        try folder.prepare(m, force: false)
        let outcome = try InProcessExecutor().execute(m.tasks, of: plan, in: folder, observer: SilentObserver())
        return InProcessStudy(folder: folder, plan: plan, outcome: outcome, reports: try StudyCollection.reports(plan, in: folder, known: outcome.reports))
    }
}

@Suite("Studies in this process")
struct InProcessStudyTests {
    /// The acceptance of issue 28: an A/A batch, a sweep and a design study run in-process, every
    /// report kept in memory (none read back), and every task's folder written.
    @Test func anAABatchASweepAndADesignStudyRunWithoutAChildProcess() throws {
        let aa = try InProcessStudy.run { text in
            SweepManifest(name: "tiny", config: text, base: [Override(key: "replicates", value: "1")], aa: true, parameters: [], seeds: [2, 3, 4],
                          calibration: .init(alpha: 0.05, replicates: 1, days: 5))
        }
        #expect(aa.outcome.finished == 3 && aa.outcome.failed.isEmpty)
        #expect(aa.outcome.reports.count == 3, "the in-process executor keeps every report in memory")
        #expect(aa.plan.base.arms.allSatisfy { $0.mechanism == "control" } && aa.plan.base.replicates == 1)
        let calibration = try StudyCollection.aa(aa.plan, in: aa.folder, reports: aa.reports)
        #expect(calibration.trials == 3)
        #expect(FileManager.default.fileExists(atPath: aa.folder.url.appendingPathComponent("calibration.json").path))

        let sweep = try InProcessStudy.run { text in
            SweepManifest(name: "tiny", config: text, parameters: [SweepParameter(key: "serving.rankerNoise", values: ["0", "0.04"])], seeds: [2])
        }
        let summary = try StudyCollection.sweep(sweep.plan, in: sweep.folder, reports: sweep.reports)
        #expect(summary.points.count == 2 && summary.finished == 2 && summary.missing.isEmpty)
        #expect(sweep.outcome.reports.count == 2)

        let design = try InProcessStudy.run { text in
            SweepManifest(name: "tiny", config: text, seeds: [2, 3], design: DesignPlan(designs: ["symmetric", "two-sided"], fractions: [0.25]))
        }
        let study = try StudyCollection.design(design.plan, in: design.folder, reports: design.reports)
        #expect(study.finished == 6 && design.outcome.reports.count == 6)
        for file in ["design.json", "design.md", "design.html", FileLedger.name] {
            #expect(FileManager.default.fileExists(atPath: design.folder.url.appendingPathComponent(file).path), "\(file)")
        }
    }

    /// The GTE of a design study is the whole-platform twin that the pipeline runs for `twinarm run`
    /// (design twin, split 1), seed by seed; and every field is there for every metric and design.
    @Test func theGTEIsTheWholePlatformTwinOfTheTrialPipeline() throws {
        let design = try InProcessStudy.run { text in
            SweepManifest(name: "tiny", config: text, seeds: [2, 3], design: DesignPlan(designs: ["symmetric", "two-sided"], fractions: [0.25]))
        }
        let study = try StudyCollection.design(design.plan, in: design.folder, reports: design.reports)
        var ltr = [Double]()
        for seed: UInt64 in [2, 3] {
            let twin = try design.plan.trial(DesignPlan.gteOverrides)
            #expect(twin.spec.design == .twin && twin.spec.split.userFraction == 1)
            let result = try TrialPipeline.run(twin, seed: seed)
            let report = try #require(result.analysis)
            let row = try #require(report.row(.ltr, .total))
            ltr.append(try #require(row.comparison.relativeDelta))
        }
        let gte = try #require(study.gte.first { $0.metric == HeadlineMetric(.ltr) })
        let estimate = try #require(gte.estimate)
        #expect(abs(estimate - (ltr[0] + ltr[1]) / 2) < 1e-12, "design.json \(estimate), the pipeline \(ltr)")
        #expect(estimate != 0)
        #expect(study.cells.count == 6 * 2)
        for cell in study.cells where cell.metric != HeadlineMetric(.creatorDAU, .creators(popular: true, week: nil)) {
            let values = [cell.estimate, cell.gte, cell.bias, cell.relativeBias, cell.sd, cell.rmse, cell.coverage, cell.halfWidth, cell.lower, cell.upper]
            #expect(values.allSatisfy { $0 != nil }, "\(cell.metric.title) \(cell.design): a field is missing")
        }
        #expect(study.extrapolation.count == 6)
    }

    /// Known by construction: control in both arms. The whole-platform twin's arms are the same
    /// market, so the GTE is exactly 0; every design's estimate is 0 within its own intervals
    /// (99.9 % here, so that 40 cells do not fail by chance), and every level is the one computed.
    @Test func withTheSameMechanismInBothArmsTheGTEAndEveryEstimateAreZero() throws {
        let design = try InProcessStudy.run { text in
            SweepManifest(name: "tiny", config: text, base: [Override(key: "alpha", value: "0.001")], aa: true, seeds: [2, 3],
                          design: DesignPlan(designs: StudyDesigns.all, fractions: [0.1, 0.25]))
        }
        let study = try StudyCollection.design(design.plan, in: design.folder, reports: design.reports)
        #expect(abs(study.level - 0.999) < 1e-12)
        #expect(design.reports.values.allSatisfy { $0.alpha == 0.001 }, "every task computed at the study's α")
        #expect(study.gte.count == 6)
        for g in study.gte { #expect(g.estimate == 0, "\(g.metric.title)") }
        #expect(study.cells.count == 6 * 4 * 2)
        // A platform of 100 creators has a handful of popular ones: their DAU is not testable in every replicate.
        for cell in study.cells where cell.measured && cell.metric != HeadlineMetric(.creatorDAU, .creators(popular: true, week: nil)) {
            let label = "\(cell.metric.title) \(cell.design) \(cell.fraction)"
            #expect(cell.coverage == 1, "\(label): an interval missed 0")
            if let lo = cell.lower, let hi = cell.upper { #expect(lo <= 0 && 0 <= hi, "\(label)") }
        }
    }

    /// A sweep at α 0.5 runs its tasks at 0.5 and its table says 50 %: the level printed is the one computed.
    @Test func aSweepStatesTheLevelItsTasksComputedAt() throws {
        for alpha in ["0.1", "0.5"] {
            let sweep = try InProcessStudy.run { text in
                SweepManifest(name: "tiny", config: text, base: [Override(key: "alpha", value: alpha)],
                              parameters: [SweepParameter(key: "serving.rankerNoise", values: ["0", "0.04"])], seeds: [2])
            }
            let summary = try StudyCollection.sweep(sweep.plan, in: sweep.folder, reports: sweep.reports)
            let a = try #require(Double(alpha))
            #expect(abs(summary.level - (1 - a)) < 1e-12)
            #expect(sweep.reports.values.allSatisfy { $0.alpha == a })
            let markdown = try String(contentsOf: sweep.folder.url.appendingPathComponent("sweep.md"), encoding: .utf8)
            #expect(markdown.contains("\(Int(((1 - a) * 100).rounded())) % t interval"), "\(markdown.prefix(400))")
        }
    }

    /// A design study at α 0.1 or 0.5 runs every task at that α, and `design.md` names the level
    /// each seed's interval was computed at (issue 29: it said 90 % of intervals computed at 95 %).
    @Test(arguments: ["0.1", "0.5"])
    func aDesignStudyStatesTheLevelItsTasksComputedAt(_ alpha: String) throws {
        let design = try InProcessStudy.run { text in
            SweepManifest(name: "tiny", config: text, base: [Override(key: "alpha", value: alpha)], seeds: [2],
                          design: DesignPlan(designs: ["symmetric"], fractions: [0.1]))
        }
        let study = try StudyCollection.design(design.plan, in: design.folder, reports: design.reports)
        let a = try #require(Double(alpha))
        #expect(abs(study.level - (1 - a)) < 1e-12)
        #expect(design.reports.values.allSatisfy { $0.alpha == a && abs($0.level - (1 - a)) < 1e-12 })
        let percent = Int(((1 - a) * 100).rounded())
        let markdown = try String(contentsOf: design.folder.url.appendingPathComponent("design.md"), encoding: .utf8)
        #expect(markdown.contains("own \(percent) % interval covers the GTE"), "\(markdown.prefix(600))")
        #expect(!markdown.contains(" 95 % interval") && !markdown.contains("own 95 %"), "a level the tasks were not computed at")
    }

    /// A grid point that makes an invalid trial is refused before anything runs, naming the point and the range.
    @Test func anInvalidGridPointIsRefusedWithItsRange() throws {
        let config = try ConfigLoader.decode(TrialConfig.self, text: tinyPlatform, path: "tiny.yaml")
        let manifest = SweepManifest(name: "tiny", config: tinyPlatform, parameters: [SweepParameter(key: "serving.rankerNoise", values: ["0", "500"])],
            seeds: [2])
        let plan = try StudyPlan(manifest: manifest, config: config)
        #expect(throws: StudyError.self) { try plan.checkEveryPoint(SweepGrid.points(manifest.parameters)) }
        do { try plan.checkEveryPoint(SweepGrid.points(manifest.parameters)) } catch {
            #expect(error.description.contains("serving.rankerNoise=500") && error.description.contains("between 0 and 100"), "\(error.description)")
        }
        let unknown = SweepManifest(name: "tiny", config: tinyPlatform, parameters: [SweepParameter(key: "serving.rankrNoise", values: ["0"])], seeds: [2])
        #expect(throws: StudyError.self) { try StudyPlan(manifest: unknown, config: config).checkEveryPoint(SweepGrid.points(unknown.parameters)) }
    }
}

/// The designs a study compares, as a config's `design` names them.
enum StudyDesigns {
    static let all = ["symmetric", "user", "creator", "two-sided"]
}

@Suite("The shipped design study")
struct ShippedDesignStudyTests {
    /// reports/design-small (reproduced in CI) has every field of every metric, design and
    /// fraction, the extrapolation's included; a user-side study has no creator arms.
    @Test func theShippedStudyHasEveryField() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../reports/design-small/design.json")
        let study = try JSONDecoder().decode(DesignSummary.self, from: Data(contentsOf: url))
        #expect(study.cells.count == 6 * 4 * 4)
        for cell in study.cells {
            let label = "\(cell.metric.title) \(cell.design) \(cell.fraction)"
            guard cell.measured else {
                #expect(cell.design == "user" && cell.metric.metric == .creatorDAU, "\(label)")
                continue
            }
            let values = [cell.estimate, cell.gte, cell.bias, cell.relativeBias, cell.sd, cell.rmse, cell.coverage, cell.halfWidth, cell.lower, cell.upper]
            #expect(values.allSatisfy { $0 != nil }, "\(label): a field is missing")
        }
        for e in study.extrapolation {
            #expect([e.estimate, e.lower, e.upper, e.gte, e.error, e.relativeError, e.slope].allSatisfy { $0 != nil }, "\(e.metric.title)")
        }
        for g in study.gte { #expect([g.estimate, g.lower, g.upper, g.sd].allSatisfy { $0 != nil }, "\(g.metric.title)") }
    }
}
