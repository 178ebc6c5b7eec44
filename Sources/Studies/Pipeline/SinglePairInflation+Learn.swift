import Analysis
import Config
import GSL
import Runs
import Trial

extension SinglePairInflation {
    /// Whether a trial is calibrated this way: one market pair of a symmetric design with two arms
    /// or more (a twin trial is ground truth and marks nothing; R ≥ 2 pairs lead with the market test).
    package static func applies(_ spec: TrialSpec, trials: Int) -> Bool {
        trials >= 2 && spec.replicates == 1 && spec.design == .symmetric && spec.arms.count >= 2
    }

    /// The A/A trials' seeds: distinct from the trial's own seed and from each other.
    package static func seeds(for seed: UInt64, trials: Int) -> [UInt64] {
        var mixer = SplitMix64(seed: seed)
        return (0..<trials).map { _ in mixer.next() }
    }

    /// The trial the A/A trials run: ``TrialConfig/aa`` of the config.
    package static func aaSpec(_ config: TrialConfig) throws(ConfigError) -> TrialSpec {
        try config.aa.makeSpec()
    }

    /// Runs the A/A trials of `config` and learns the factors; `progress` hears each finished trial.
    package static func learn(_ config: TrialConfig, seed: UInt64, trials: Int, parallel: Bool = true, cuped: Bool = true,
                              progress: ((_ done: Int, _ of: Int) -> Void)? = nil) throws -> File {
        let aa = try aaSpec(config), seeds = seeds(for: seed, trials: trials)
        var reports = [AnalysisReport]()
        for (k, s) in seeds.enumerated() {
            let outcome = TrialRunner.run(aa, seed: s, parallel: parallel)
            if let report = try TrialTables.report(outcome, spec: aa, cuped: cuped, alpha: config.alpha,
                                                   settings: AnalysisSettings(config)) { reports.append(report) }
            progress?(k + 1, trials)
        }
        return File(seeds: seeds, inflation: AAInflation(reports: reports))
    }
}
