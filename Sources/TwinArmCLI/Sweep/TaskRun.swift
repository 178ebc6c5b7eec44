import Analysis
import Foundation
import Sweeps
import Trial
import Config
import Runs
import Reports

/// Runs one task of a sweep in this process and writes its folder atomically.
enum TaskRun {
    /// The config of `task`: the manifest's base text with the task's overrides.
    static func trial(_ manifest: SweepManifest, overrides: [Override]) throws(ConfigError) -> LoadedTrial {
        let text = try ConfigOverrides.apply(overrides, to: manifest.config, path: "tasks.json")
        return try LoadedTrial.parse(text, path: overrides.isEmpty ? "tasks.json" : "tasks.json (\(overrides.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")))")
    }

    /// Runs the task's trial and writes `tasks/<id>/` with `task.json`, `report.json` and `summary.md`.
    static func run(_ task: SweepTask, of manifest: SweepManifest, in folder: SweepFolder, parallel: Bool, alpha: Double? = nil, interrupts: InterruptGuard) throws {
        let loaded: LoadedTrial
        do { loaded = try trial(manifest, overrides: task.overrides) } catch { throw error.reported() }
        let spec = loaded.spec
        let outcome = TrialRunner.run(spec, seed: task.seed, parallel: parallel)
        var files: [(name: String, contents: Data)] = [(name: "task.json", contents: try SweepFolder.encode(task))]
        // A single pair's calibration; an A/A batch calibrates its trials on one another instead
        // (AACalibration), so its tasks do not each run N more.
        var inflation: AAInflation?
        if manifest.calibration == nil, SinglePairCalibration.applies(spec, trials: loaded.config.calibrationTrials) {
            inflation = try SinglePairCalibration.learn(loaded.config, seed: task.seed, trials: loaded.config.calibrationTrials, parallel: parallel).inflation
        }
        if let report = try TrialTables.report(outcome, spec: spec, inflation: inflation, alpha: alpha ?? loaded.config.alpha) {
            files.append((name: "report.json", contents: try RunJSON.encode(report)))
        }
        let summaries = zip(outcome.armNames, outcome.arms).map { ArmSummary(name: $0, outcome: $1) }
        files.append((name: "summary.md", contents: Data(("# task \(task.index): \(task.label.isEmpty ? "base config" : task.label), seed \(task.seed)\n\n" + RunTables.table(summaries)).utf8)))
        do {
            try OutputFolder(path: folder.folder(task).path, kind: .run).write(files, interrupts: interrupts)
        } catch {
            throw error.reported()
        }
    }
}
