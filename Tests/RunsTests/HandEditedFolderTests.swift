import Analysis
import Config
import Foundation
import Testing
import Trial
@testable import Runs

/// A run folder edited by hand (issue 29): what the manifest records is checked, and a report
/// TwinArm could not have written is refused, before anything is re-rendered from it.
@Suite("Hand-edited run folders")
struct HandEditedFolderTests {
    static let small = """
    name: edited
    seed: 3
    days: 4
    warmupDays: 2
    preDays: 0
    replicates: 2
    population: {users: 4000, creators: 400, dimension: 8, topics: 20, countries: 4, minGroupSize: 5}
    split: {users: 0.05, creators: 0.05}
    arms: [{name: control, mechanism: control}, {name: treatment, mechanism: hmt}]
    """

    /// A run folder written from a record, as `run` writes it.
    static func folder() throws -> URL {
        let loaded = try LoadedTrial.parse(small, path: "edited.yaml")
        let outcome = TrialRunner.run(loaded.spec, seed: loaded.config.seed)
        var record = RunRecord(outcome: outcome, spec: loaded.spec, config: loaded.config, configText: loaded.text)
        record.analysis = try TrialTables.report(outcome, spec: loaded.spec, alpha: loaded.config.alpha)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("twinarm-edited-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for file in try record.files() { try file.contents.write(to: url.appendingPathComponent(file.name)) }
        return url
    }

    @Test func anEditedTableIsRefusedByItsChecksum() throws {
        let url = try Self.folder()
        _ = try RunRecord.load(folder: url.path)
        let daily = url.appendingPathComponent("daily.csv")
        var text = try String(contentsOf: daily, encoding: .utf8)
        text = text.replacingOccurrences(of: "\n1,", with: "\n1,", options: [], range: nil) + "\n"
        try text.write(to: daily, atomically: true, encoding: .utf8)
        do {
            _ = try RunRecord.load(folder: url.path)
            Issue.record("an edited daily.csv was read")
        } catch {
            #expect(error.description.contains("daily.csv") && error.description.contains("SHA-256"), "\(error.description)")
        }
    }

    @Test func aReportTwinArmCouldNotHaveWrittenIsRefused() throws {
        let url = try Self.folder()
        let file = url.appendingPathComponent("report.json")
        var report = try RunJSON.decode(AnalysisReport.self, from: Data(contentsOf: file))
        var edited = report
        edited.alpha = 0.9
        edited.level = 0.1
        try RunJSON.encode(edited).write(to: file)
        #expect(throws: RunFileError.self) { try RunRecord.load(folder: url.path) }
        let i = try #require(report.tests.firstIndex { $0.comparison.absoluteUpper != nil })
        report.tests[i].comparison.absoluteDelta = (report.tests[i].comparison.absoluteUpper ?? 0) + 1
        try RunJSON.encode(report).write(to: file)
        do {
            _ = try RunRecord.load(folder: url.path)
            Issue.record("an estimate outside its interval was read")
        } catch {
            #expect(error.description.contains("outside its own interval"), "\(error.description)")
        }
    }
}
