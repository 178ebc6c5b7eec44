import Analysis
import Config
import Foundation
import Outputs
import Sweeps
import Trial


/// One trial run as a typed value: the resolved config and manifest, the daily and weight
/// series, the analysis and the single-pair calibration, and (when it was simulated in this
/// process) the per-unit tables. `run` renders from the value it built; `report` and `analyze`
/// load a folder into the same value. Each file has one writer and one reader, both here.
package struct RunRecord: Sendable {
    package var manifest: RunManifest
    package var daily: [DailyRow]
    package var weights: [WeightRow]
    /// A two-sided run's cells per replicate (`cells.csv`); empty for every other design.
    package var cells: [CellRow] = []
    package var analysis: AnalysisReport?
    package var calibration: SinglePairInflation.File?
    /// The per-unit tables as written (`users.csv`, `creators.csv`, `daily.csv`, `weights.csv`,
    /// `daily-groups.csv`); empty for a loaded folder, whose tables stay on disk.
    package var tables: [RunFile] = []

    /// The record of a simulated trial; `config` is the resolved config it ran (seed and days included).
    package init(outcome: TrialOutcome, spec: TrialSpec, config: TrialConfig, configText: String,
                 schemas: RunSchemas = .standard) {
        let names = outcome.armNames
        let arms = outcome.replicates.flatMap(\.arms)
        daily = arms.flatMap { arm in arm.daily.map { DailyRow($0, arm: names[$0.arm]) } }
        weights = arms.flatMap { arm in arm.weights.map { WeightRow($0, arm: names[$0.arm]) } }
        let users = schemas.users.text(arms.lazy.flatMap(\.users).map { Named(arm: names[$0.arm], record: $0) })
        let creators = schemas.creators.text(arms.lazy.flatMap(\.creators).map { Named(arm: names[$0.arm], record: $0) })
        tables = [("users.csv", Data(users.utf8)), ("creators.csv", Data(creators.utf8)),
                  ("daily.csv", Data(schemas.daily.text(daily).utf8)), ("weights.csv", Data(schemas.weights.text(weights).utf8))]
        var rows = ["users.csv": arms.reduce(0) { $0 + $1.users.count }, "creators.csv": arms.reduce(0) { $0 + $1.creators.count },
                    "daily.csv": daily.count, "weights.csv": weights.count]
        cells = outcome.replicates.enumerated().flatMap { r, replicate in
            replicate.cells.map { CellRow.rows($0, replicate: r, arms: names) } ?? []
        }
        if !cells.isEmpty {
            tables.append(("cells.csv", Data(schemas.cells.text(cells).utf8)))
            rows["cells.csv"] = cells.count
        }
        // The daily group totals exist only with a pre-period: the data of a difference-in-differences.
        if spec.preDays > 0 {
            let groupDays = schemas.groupDays.text(arms.lazy.flatMap(\.groupDays).map { Named(arm: names[$0.arm], record: $0) })
            tables.append(("daily-groups.csv", Data(groupDays.utf8)))
            rows["daily-groups.csv"] = arms.reduce(0) { $0 + $1.groupDays.count }
        }
        var files = [String: RunManifest.File]()
        for file in tables { files[file.name] = RunManifest.File(rows: rows[file.name] ?? 0, sha256: ContentHash.sha256(file.contents)) }
        manifest = RunManifest(
            name: spec.name, design: spec.design, seed: config.seed, days: spec.days, replicates: outcome.replicates.count,
            version: TwinArmVersion.current, split: .init(users: spec.split.userFraction, creators: spec.split.creatorFraction),
            arms: spec.arms.enumerated().map { a, arm in
                RunManifest.Arm(name: arm.name, mechanism: arm.mechanism.name,
                                users: outcome.replicates.map { $0.size(ofArm: a).users },
                                creators: outcome.replicates.map { $0.size(ofArm: a).creators })
            },
            files: files, config: configText, resolved: config)
    }

    /// Every file of the record: the tables, `manifest.json`, and the calibration and analysis when there are.
    package func files() throws -> [RunFile] {
        // Never a non-finite number in an output: the series, the analysis and the calibration are checked.
        if daily.contains(where: { !($0.ltr.isFinite && $0.welfare.isFinite && $0.contentCosine.isFinite) }) { throw RunFileError.nonFinite(file: "daily.csv") }
        if weights.contains(where: { !$0.weight.isFinite }) { throw RunFileError.nonFinite(file: "weights.csv") }
        if let analysis, RunJSON.hasNonFinite(analysis) { throw RunFileError.nonFinite(file: "report.json") }
        if let calibration, RunJSON.hasNonFinite(calibration) { throw RunFileError.nonFinite(file: "calibration.json") }
        var out = tables
        out.append(("manifest.json", try RunJSON.encode(manifest)))
        if let calibration { out.append(("calibration.json", try RunJSON.encode(calibration))) }
        if let analysis { out.append(("report.json", try RunJSON.encode(analysis))) }
        return out
    }
}

extension RunRecord {
    /// Loads a run folder: its manifest, series, analysis and calibration (the unit tables are
    /// streamed by ``UnitTableStream`` when they are analysed).
    package static func load(folder: String, schemas: RunSchemas = .standard) throws(RunFileError) -> RunRecord {
        let url = UserPath.url(folder)
        func data(_ name: String) throws(RunFileError) -> Data {
            guard let data = try? Data(contentsOf: url.appendingPathComponent(name)) else { throw .missing(file: name, folder: folder) }
            return data
        }
        func optional(_ name: String) -> Data? { try? Data(contentsOf: url.appendingPathComponent(name)) }
        let manifest: RunManifest
        do { manifest = try RunJSON.decode(RunManifest.self, from: try data("manifest.json")) } catch let error as RunFileError {
            throw error
        } catch {
            throw .malformed(file: "manifest.json", reason: Self.reason(error))
        }
        // What the manifest records is checked: a table edited since TwinArm wrote it is refused.
        for (name, file) in manifest.files.sorted(by: { $0.key < $1.key }) {
            guard let bytes = optional(name) else { continue }
            if ContentHash.sha256(bytes) != file.sha256 {
                throw .malformed(file: name,
                    reason: "it changed since TwinArm wrote it (its SHA-256 is not manifest.json's); re-run the trial from its manifest")
            }
        }
        var record = RunRecord(manifest: manifest, daily: try schemas.daily.read(try data("daily.csv"), blank: DailyRow()),
                               weights: try schemas.weights.read(try data("weights.csv"), blank: WeightRow()))
        if manifest.files["cells.csv"] != nil { record.cells = try schemas.cells.read(try data("cells.csv"), blank: CellRow()) }
        if let report = optional("report.json") {
            do { record.analysis = try RunJSON.decode(AnalysisReport.self, from: report) } catch {
                throw .malformed(file: "report.json", reason: Self.reason(error))
            }
            if let analysis = record.analysis, RunJSON.hasNonFinite(analysis) {
                throw .malformed(file: "report.json", reason: "it holds a non-finite number (nan or inf), which TwinArm never writes")
            }
            if let analysis = record.analysis, let problem = Self.inconsistency(analysis) {
                throw .malformed(file: "report.json", reason: problem)
            }
        }
        if let calibration = optional("calibration.json") {
            do { record.calibration = try SinglePairInflation.File.read(calibration) } catch {
                throw .malformed(file: "calibration.json", reason: Self.reason(error))
            }
        }
        return record
    }

    /// What no report TwinArm writes can hold: a level outside the allowed range, or an estimate
    /// outside its own interval (a hand-edited file).
    static func inconsistency(_ report: AnalysisReport) -> String? {
        if let range = TrialConfig.parameters["alpha"]?.range, !range.contains(report.alpha) || abs(report.level - (1 - report.alpha)) > 1e-9 {
            return "its α \(report.alpha) (level \(report.level)) is not one TwinArm computes at (\(range.text), level 1 − α)"
        }
        for row in report.tests {
            let c = row.comparison
            if let e = c.absoluteDelta, let lo = c.absoluteLower, let hi = c.absoluteUpper, !(lo <= e && e <= hi) {
                return "the \(row.metric.rawValue) row (\(row.breakdown.label), \(row.variance.rawValue)) has its estimate \(e) outside its own interval "
                    + "[\(lo), \(hi)]"
            }
        }
        return nil
    }

    package init(manifest: RunManifest, daily: [DailyRow], weights: [WeightRow]) {
        self.manifest = manifest
        self.daily = daily
        self.weights = weights
    }

    static func reason(_ error: any Error) -> String {
        if case let DecodingError.keyNotFound(key, _) = error { return "no '\(key.stringValue)'" }
        if case let DecodingError.typeMismatch(_,
            context) = error { return "\(context.codingPath.map(\.stringValue).joined(separator: ".")) has the wrong type" }
        if case let DecodingError.dataCorrupted(context) = error { return context.debugDescription }
        return "\(error)"
    }
}
