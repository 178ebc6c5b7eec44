import Analysis
import Outputs
import Config
import Foundation
import Runs
import Sweeps
import Testing
import Trial
import UnitTables

/// The typed run record: one schema drives each file's writer and reader, and a run folder
/// re-runs from its manifest alone.
@Suite("The run record")
struct RunRecordTests {
    static func tiny() throws -> (LoadedTrial, TrialOutcome) {
        let loaded = try LoadedTrial.parse(tinyTrial, path: "tiny.yaml")
        return (loaded, TrialRunner.run(loaded.spec, seed: loaded.config.seed))
    }

    static func write(_ files: [RunFile], to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for file in files { try file.contents.write(to: folder.appendingPathComponent(file.name)) }
    }

    /// Renaming a column in the schema renames it in the written file, and the reader (the
    /// streaming unit-table reader for users.csv and creators.csv, the record for daily.csv)
    /// finds it under the new name; the standard names no longer read the folder.
    @Test func aRenamedColumnIsFollowedByWriterAndReader() throws {
        let (loaded, outcome) = try Self.tiny()
        var units = UnitColumns.standard
        units.likes = "likesShown"
        units.popular = "isPopular"
        var schemas = RunSchemas(units: units)
        schemas.daily = schemas.daily.renaming("ltr", to: "likeRate")
        let renamed = RunRecord(outcome: outcome, spec: loaded.spec, config: loaded.config, configText: loaded.text, schemas: schemas)
        let standard = RunRecord(outcome: outcome, spec: loaded.spec, config: loaded.config, configText: loaded.text)
        let scratch = try BinaryRunner.scratchFolder()
        let a = scratch.appendingPathComponent("renamed"), b = scratch.appendingPathComponent("standard")
        try Self.write(try renamed.files(), to: a)
        try Self.write(try standard.files(), to: b)

        let users = try String(contentsOf: a.appendingPathComponent("users.csv"), encoding: .utf8)
        #expect(users.hasPrefix("arm,replicate,user,group,tier,week,impressions,likesShown,coldStart,fresh,topics,follows\n"))
        let creators = try String(contentsOf: a.appendingPathComponent("creators.csv"), encoding: .utf8)
        #expect(creators.hasPrefix("arm,replicate,creator,isPopular,"))
        let daily = try Data(contentsOf: a.appendingPathComponent("daily.csv"))
        #expect(String(decoding: daily, as: UTF8.self).contains(",likeRate,"))

        // The reader follows the renamed schema and reads exactly what the standard one does.
        let fromRenamed = try UnitTableStream(names: units).read(.runFolder(a.path)).statistics
        let fromStandard = try UnitTableStream().read(.runFolder(b.path)).statistics
        #expect(try TrialAnalysis.analyze(fromRenamed, options: .init()) == TrialAnalysis.analyze(fromStandard, options: .init()))
        #expect(try schemas.daily.read(daily, blank: DailyRow()) == standard.daily)
        #expect(try RunRecord.load(folder: a.path, schemas: schemas).daily == standard.daily)
        // Standard names no longer find the renamed columns: the writer really renamed them.
        #expect(throws: UnitTableError.self) { try UnitTableStream().read(.runFolder(a.path)) }
        #expect(throws: RunFileError.self) { try RunSchemas.standard.daily.read(daily, blank: DailyRow()) }
    }

    /// Each file's reader reads back exactly what its writer wrote (shortest round-trip doubles).
    @Test func seriesRoundTripThroughTheirFiles() throws {
        let (loaded, outcome) = try Self.tiny()
        let record = RunRecord(outcome: outcome, spec: loaded.spec, config: loaded.config, configText: loaded.text)
        let folder = try BinaryRunner.scratchFolder().appendingPathComponent("run")
        try Self.write(try record.files(), to: folder)
        let back = try RunRecord.load(folder: folder.path)
        #expect(back.daily == record.daily && !record.daily.isEmpty)
        #expect(back.weights == record.weights && !record.weights.isEmpty)
        #expect(back.manifest.resolved?.seed == loaded.config.seed && back.manifest.files == record.manifest.files)
        #expect(back.daily.count == outcome.replicates.reduce(0) { $0 + $1.arms.reduce(0) { $0 + $1.daily.count } })
    }

    /// `run DIR/manifest.json` re-runs the folder from the manifest alone (its resolved config,
    /// with the first run's --seed and --alpha) to the same bytes, every file.
    @Test func aRunFolderReRunsFromItsManifestAloneToTheSameBytes() throws {
        let scratch = try BinaryRunner.scratchFolder()
        let config = scratch.appendingPathComponent("trial.yaml")
        try tinyTrial.write(to: config, atomically: true, encoding: .utf8)
        let first = scratch.appendingPathComponent("first")
        let run = try BinaryRunner.run(["run", config.path, "--seed", "7", "--alpha", "0.1", "--days", "9", "--out", first.path])
        #expect(run.status == 0, "\(run.stderr)")
        // Only the manifest travels: a folder of its own, the config file gone.
        let alone = scratch.appendingPathComponent("alone")
        try FileManager.default.createDirectory(at: alone, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: first.appendingPathComponent("manifest.json"), to: alone.appendingPathComponent("manifest.json"))
        try FileManager.default.removeItem(at: config)
        let again = scratch.appendingPathComponent("again")
        let rerun = try BinaryRunner.run(["run", alone.appendingPathComponent("manifest.json").path, "--out", again.path])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: first.path).sorted()
        #expect(try FileManager.default.contentsOfDirectory(atPath: again.path).sorted() == names)
        #expect(names.contains("report.json") && names.contains("users.csv"))
        for name in names {
            #expect(try Data(contentsOf: first.appendingPathComponent(name)) == Data(contentsOf: again.appendingPathComponent(name)), "\(name)")
        }
        let manifest = try RunJSON.decode(RunManifest.self, from: Data(contentsOf: again.appendingPathComponent("manifest.json")))
        #expect(manifest.resolved?.seed == 7 && manifest.resolved?.alpha == 0.1 && manifest.resolved?.days == 9)
        #expect(manifest.config == tinyTrial)
        // The report names what differs from the defaults.
        let report = try String(contentsOf: again.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(report.contains("`alpha: 0.1`") && report.contains("`seed: 7`") && report.contains("`days: 9`"))
    }
}

/// Validators name fields by key path; the names must be the YAML keys a user writes.
@Suite("Config field names from key paths")
struct ConfigFieldTests {
}

/// A seeded A/A regression check (issue 17): the lead (market) test must hold α on simulated
/// A/A trials of a small config.
@Suite("Seeded A/A calibration (the built binary)")
struct SeededAACalibrationTests {
    @Test func theMarketTestHoldsAlphaOnSeededAATrials() throws {
        let scratch = try BinaryRunner.scratchFolder()
        let config = scratch.appendingPathComponent("trial.yaml")
        try tinyTrial.replacingOccurrences(of: "days: 8", with: "days: 4").write(to: config, atomically: true, encoding: .utf8)
        let out = scratch.appendingPathComponent("aa")
        let run = try BinaryRunner.run(["aa", config.path, "--trials", "40", "--replicates", "2", "--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        let calibration = try JSONDecoder().decode(AARates.self, from: Data(contentsOf: out.appendingPathComponent("aa.json")))
        let rows = calibration.rates.filter { $0.variance == .market && $0.metric != nil && $0.look == .fixedHorizon }
        let headline = rows.filter { !$0.metric!.isEcosystem }, ecosystem = rows.filter { $0.metric!.isEcosystem }
        let trials = headline.reduce(0) { $0 + $1.trials }, rejections = headline.reduce(0) { $0 + $1.rejections }
        #expect(headline.count == 6 && trials >= 230, "\(trials) tests in \(headline.count) rows")
        // scipy.stats.binom.ppf(0.9995, 238, 0.05) = 24.0: at most 24 rejections in about 238
        // tests at α = 0.05, or the lead test rejects A/A trials beyond chance (this seed: 4).
        #expect(rejections <= 24, "\(rejections) of \(trials) A/A tests rejected at α = 0.05")
        // The ecosystem metrics (issue 19), the same way: scipy.stats.binom.ppf(0.9995, 200, 0.05) = 21.0
        // (this seed: 2 of 200).
        let tested = ecosystem.reduce(0) { $0 + $1.trials }, rejected = ecosystem.reduce(0) { $0 + $1.rejections }
        #expect(ecosystem.count == 5 && tested == 200, "\(ecosystem.map { "\($0.metric!.rawValue) \($0.rejections)/\($0.trials)" })")
        #expect(rejected <= 21, "\(rejected) of \(tested) ecosystem A/A tests rejected at α = 0.05")
    }
}
