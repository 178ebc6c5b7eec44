import Analysis
import Outputs
import Foundation
import Reports
import Runs
import Sweeps
import Trial

/// Runs one task of a study through the pipeline and writes its folder atomically:
/// `task.json`, `report.json` and `summary.md`.
package enum TaskRun {
    /// Returns the task's report (nil for a one-arm trial).
    @discardableResult
    package static func run(_ task: SweepTask, of plan: StudyPlan, in folder: SweepFolder, parallel: Bool,
                            interrupts: InterruptGuard? = nil) throws -> AnalysisReport? {
        let trial = try plan.trial(task.overrides)
        var options = TrialPipeline.Options()
        options.parallel = parallel
        // An A/A batch calibrates its trials on one another (AARates), so its tasks do not each run N more.
        options.calibrateSinglePair = plan.manifest.calibration == nil
        let result = try TrialPipeline.run(trial, seed: task.seed, options: options)
        var files: [RunFile] = [(name: "task.json", contents: try SweepFolder.encode(task))]
        if let report = result.analysis {
            if RunJSON.hasNonFinite(report) { throw RunFileError.nonFinite(file: "report.json") }
            files.append((name: "report.json", contents: try RunJSON.encode(report)))
        }
        let heading = "# task \(task.index): \(task.label.isEmpty ? "base config" : task.label), seed \(task.seed)\n\n"
        files.append((name: "summary.md", contents: Data((heading + RunTables.table(result.summaries)).utf8)))
        try OutputFolder(path: folder.folder(task).path, kind: .run).write(files, interrupts: interrupts)
        return result.analysis
    }
}
