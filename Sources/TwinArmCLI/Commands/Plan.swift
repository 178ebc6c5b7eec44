import Analysis
import ArgumentParser
import Foundation
import Trial
import Config
import Runs

/// `twinarm plan`: minimum detectable effects of the test a report would lead with, and the unit-level
/// figures for another split or a target effect.
struct Plan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "MDE of the lead test at the configured design, and unit-level MDEs or the split for a target MDE.",
        discussion: """
        Runs an A/A pilot of the config at its design (both arms on production; R market pairs, or one \
        pair with its simulated A/A calibration) and prints each headline metric's MDE under the test \
        a report of that design leads with — its own standard error and degrees of freedom. Then, \
        from the pilot's control arm, the unit-level MDE at the configured (or --fraction) split, and \
        with --mde X the user fraction per arm a unit-level test needs for a relative change X. \
        Unit-level figures ignore the noise a whole market shares: they are lower bounds.
        """
    )

    @Argument(help: "Trial config (YAML).")
    var config: String

    @Option(help: "Target relative MDE, e.g. 0.01 for 1 %.")
    var mde: Double?

    @Option(help: "User fraction per arm to evaluate (default: the config's split.users).")
    var fraction: Double?

    @Option(help: "Significance level α.")
    var alpha: Double = 0.05

    @Option(help: "Power.")
    var power: Double = 0.8

    func validate() throws {
        if mde != nil && fraction != nil { throw ValidationError("give either --mde or --fraction, not both") }
        if let mde, !(mde > 0) { throw ValidationError("--mde must be a positive relative effect, e.g. 0.01") }
        if let fraction, !(fraction > 0 && fraction <= 0.5) { throw ValidationError("--fraction must be in (0, 0.5]") }
        if !(alpha > 0 && alpha < 1) || !(power > 0 && power < 1) { throw ValidationError("--alpha and --power must be between 0 and 1") }
    }

    func run() throws {
        let loaded = try LoadedTrial.load(config)
        let spec = loaded.spec
        guard spec.arms.count >= 2 else { throw ValidationError("the config needs two arms to plan a test") }
        let pilot = SinglePairCalibration.aaSpec(spec)
        let outcome = TrialRunner.run(pilot, seed: loaded.config.seed)
        var inflation: AAInflation?
        if SinglePairCalibration.applies(spec, trials: loaded.config.calibrationTrials) {
            inflation = try SinglePairCalibration.learn(spec, seed: loaded.config.seed, trials: loaded.config.calibrationTrials).inflation
        }
        var options = TrialAnalysis.Options()
        options.level = 1 - alpha
        options.inflation = inflation
        let report = try TrialAnalysis.analyze(TrialTables.statistics(outcome), options: options)
        print(Self.leadTable(report, power: power, design: "\(spec.replicates) market pair(s), \(spec.days) days"), terminator: "")
        print(unitTable(spec, outcome: outcome))
    }

    /// The lead test's MDE per headline metric, (t₁₋α/₂ + t_power)·SE at its own df.
    static func leadTable(_ report: AnalysisReport, power: Double, design: String) -> String {
        var s = "A/A pilot at the configured design (\(design)); lead test: \(report.varianceMethod.rawValue)"
        s += report.calibrated ? "" : " (not calibrated: no verdict at this design)"
        s += report.cuped == true ? ", CUPED on the pre-period" : ""
        s += String(format: "; α = %g, power = %g\n", report.alpha, power)
        s += "| metric | baseline | standard error | df | MDE (absolute) | MDE (relative) |\n|---|---:|---:|---:|---:|---:|\n"
        for row in TrialAnalysis.powerRows(report, power: power) {
            s += String(format: "| %@ | %.5g | %.4g | %.1f | %.4g | %.2f%% |\n", row.metric.title + (row.breakdown == .total ? "" : ", " + row.breakdown.label),
                        row.baseline, row.standardError, row.degreesOfFreedom, row.minimumDetectableEffect, 100 * row.relativeMinimumDetectableEffect)
        }
        return s + "\n"
    }

    func unitTable(_ spec: TrialSpec, outcome: TrialOutcome) -> String {
        let table = TrialTables.statistics(outcome)
        let users = table.users { $0.arm == 0 && $0.replicate == 0 && $0.week == 0 }
        var s = "Unit level, from the pilot's first control market (\(users.count) users): lower bounds, they ignore the noise a market shares\n"
        s += "| metric | baseline | unit sd | users per arm | MDE (absolute) | MDE (relative) | fraction per arm for --mde |\n|---|---:|---:|---:|---:|---:|---:|\n"
        for metric in TrialAnalysis.userMetrics {
            guard let (baseline, variance) = metric.baseline(users) else { continue }
            let n = Int((Double(spec.population.users) * (fraction ?? spec.split.userFraction)).rounded())
            let absolute = Power.minimumDetectableEffect(variance: variance, control: n, treatment: n, alpha: alpha, power: power)
            var needed = "—"
            if let mde {
                let perArm = Power.unitsPerArm(variance: variance, effect: mde * abs(baseline), alpha: alpha, power: power)
                let f = perArm / Double(spec.population.users)
                needed = f <= 0.5 ? String(format: "%.4f (%.0f users)", f, perArm.rounded(.up)) : String(format: "> 0.5 (%.0f users)", perArm)
            }
            s += String(format: "| %@ | %.5g | %.4g | %d | %.4g | %.2f%% | %@ |\n", metric.id.rawValue, baseline, variance.squareRoot(), n, absolute,
                        100 * absolute / abs(baseline), needed)
        }
        return s
    }
}
