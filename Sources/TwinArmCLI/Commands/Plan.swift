import Analysis
import ArgumentParser
import Foundation
import Trial
import Reports
import Config
import Runs
import Studies

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

    @OptionGroup var significance: SignificanceOptions

    @Option(help: "Power.")
    var power: Double = 0.8

    func validate() throws {
        if mde != nil && fraction != nil { throw ValidationError("give either --mde or --fraction, not both") }
        if let mde, !(mde > 0) { throw ValidationError("--mde must be a positive relative effect, e.g. 0.01") }
        if let fraction, !SplitSpec.armFractions.contains(fraction) {
            throw ValidationError("--fraction has value \(fraction); allowed: \(SplitSpec.armFractions.text)")
        }
        if !(power > 0 && power < 1) { throw ValidationError("--power must be between 0 and 1") }
    }

    func run() throws {
        let loaded = try LoadedTrial.load(config, alpha: significance.alpha)
        let spec = loaded.spec
        guard spec.arms.count >= 2 else { throw ValidationError("the config needs two arms to plan a test") }
        printError("twinarm: plan: an A/A pilot of the configured design (\(spec.replicates) market pair(s), \(spec.days) days)…")
        var options = TrialPipeline.Options()
        options.calibrationProgress = { done, of in printError("twinarm: plan: calibrating the single pair: A/A trial \(done)/\(of)") }
        let pilot = try TrialPipeline.pilot(loaded, options: options)
        print(PlanTables.lead(pilot.report, power: power, design: "\(spec.replicates) market pair(s), \(spec.days) days"), terminator: "")
        print(PlanTables.units(spec, statistics: pilot.statistics, alpha: loaded.config.alpha, power: power, mde: mde, fraction: fraction))
    }
}
