import Analysis
import Outputs
import Config
import Foundation
import Reports
import Runs
import Trial

/// The one path every trial takes, whichever command asks: config → resolved spec → runner →
/// outcome → analysis (with a single pair's calibration) → record and report document.
///
/// `run`, `task`, `plan`, `aa`, `design`, `sweep` and `calibrate` differ only in what they vary
/// (typed overrides on the config) and how their tasks execute (a ``StudyExecutor``).
package enum TrialPipeline {
    package struct Options: Sendable {
        /// Arms on several cores (the bytes are the same either way).
        package var parallel = true
        /// CUPED on the pre-period.
        package var cuped = true
        /// A single market pair learns its variance inflation from simulated A/A trials of the
        /// config (an A/A batch turns it off: its trials calibrate on one another).
        package var calibrateSinglePair = true
        /// Day-by-day progress of each (pair × arm) job.
        package var progress: (@Sendable (_ job: Int, _ day: Int) -> Void)?
        /// Each finished A/A trial of a single pair's calibration.
        package var calibrationProgress: (@Sendable (_ done: Int, _ of: Int) -> Void)?
        package init() {}
    }

    /// One trial carried through the pipeline.
    package struct Result: Sendable {
        package var trial: LoadedTrial
        package var seed: UInt64
        package var outcome: TrialOutcome
        package var calibration: SinglePairInflation.File?
        package var analysis: AnalysisReport?

        /// The arms' whole-trial read-outs (market pair 0).
        package var summaries: [ArmSummary] { zip(outcome.armNames, outcome.arms).map { ArmSummary(name: $0, outcome: $1) } }

        /// The typed run record: tables, manifest, series, analysis and calibration.
        package func record() -> RunRecord {
            var record = RunRecord(outcome: outcome, spec: trial.spec, config: trial.config, configText: trial.text)
            record.calibration = calibration
            record.analysis = analysis
            return record
        }
    }

    /// Runs `trial` on `seed` and analyses it at the config's α.
    package static func run(_ trial: LoadedTrial, seed: UInt64, options: Options = Options()) throws -> Result {
        var trial = trial
        trial.config.seed = seed
        let spec = trial.spec
        let outcome = TrialRunner.run(spec, seed: seed, parallel: options.parallel) { job, day in options.progress?(job, day) }
        var calibration: SinglePairInflation.File?
        if options.calibrateSinglePair, SinglePairInflation.applies(spec, trials: trial.config.calibrationTrials) {
            calibration = try SinglePairInflation.learn(trial.config, seed: seed, trials: trial.config.calibrationTrials, parallel: options.parallel,
                                                          cuped: options.cuped, progress: options.calibrationProgress)
        }
        let analysis = try TrialTables.report(outcome, spec: spec, inflation: calibration?.inflation, cuped: options.cuped, alpha: trial.config.alpha,
                                              settings: AnalysisSettings(trial.config))
        return Result(trial: trial, seed: seed, outcome: outcome, calibration: calibration, analysis: analysis)
    }

    /// `plan`'s A/A pilot: the config's design with both arms on production, analysed as its
    /// report would be (a single pair with its calibration).
    package static func pilot(_ trial: LoadedTrial, options: Options = Options()) throws -> (report: AnalysisReport, statistics: UnitStatistics) {
        let pilot = try SinglePairInflation.aaSpec(trial.config)
        let outcome = TrialRunner.run(pilot, seed: trial.config.seed, parallel: options.parallel)
        var inflation: AAInflation?
        if SinglePairInflation.applies(trial.spec, trials: trial.config.calibrationTrials) {
            inflation = try SinglePairInflation.learn(trial.config, seed: trial.config.seed, trials: trial.config.calibrationTrials,
                                                        parallel: options.parallel, progress: options.calibrationProgress).inflation
        }
        var analysis = TrialAnalysis.Options()
        analysis.alpha = trial.config.alpha
        analysis.inflation = inflation
        analysis.guardrails = trial.config.guardrails
        analysis.superiority = trial.config.superiority
        analysis.adjustment = trial.config.adjustment
        let statistics = TrialTables.statistics(outcome)
        return (try TrialAnalysis.analyze(statistics, options: analysis), statistics)
    }

    /// The files of a run folder: the record's tables and JSON, `summary.md`, and the report pages.
    package static func runFiles(_ result: Result) throws -> [RunFile] {
        let record = result.record()
        let spec = result.trial.spec
        let heading = "# \(spec.name), seed \(result.seed): \(spec.days) days\n\nWhole-trial figures per arm; in brackets, relative to the first arm. "
            + "Simulation read-outs, not significance tests.\n\n"
        var files = try record.files() + [(name: "summary.md", contents: Data((heading + RunTables.table(result.summaries)).utf8))]
        if let analysis = record.analysis { files += RunPages.trial(record, analysis: analysis) }
        return files
    }
}
