import Analysis
import ArgumentParser
import Foundation
import Trial

/// `twinarm plan`: minimum detectable effects for a split, or the split for a target effect.
struct Plan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "MDE for the configured split and duration, or the split needed for a target MDE.",
        discussion: """
        Runs one pilot trial of the config (control arm variances), then applies the normal-approximation \
        power formula at α and power. --mde X asks for the user fraction per arm that detects a relative \
        change X (e.g. 0.01 = 1 %); --fraction F gives the MDE at that fraction instead of the configured one.
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
        let spec = try LoadedTrial.load(config).spec
        var pilot = spec
        pilot.replicates = 1
        let outcome = TrialRunner.run(pilot, seed: 0)
        let table = TrialTables.statistics(outcome)
        let control = outcome.armNames[0]
        let users = table.users { $0.arm == 0 && $0.week == 0 }
        let configured = spec.split.userFraction
        print("pilot: one \(spec.days)-day run of \(spec.name), control arm \(control) with \(users.count) users; α = \(alpha), power = \(power)")
        print("| metric | baseline | unit sd | users per arm | MDE (absolute) | MDE (relative) | fraction per arm for --mde |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for metric in TrialAnalysis.userMetrics {
            guard let (baseline, variance) = metric.baseline(users) else { continue }
            let fraction = self.fraction ?? configured
            let n = Int((Double(spec.population.users) * fraction).rounded())
            let absolute = Power.minimumDetectableEffect(variance: variance, control: n, treatment: n, alpha: alpha, power: power)
            var needed = "—"
            if let mde {
                let perArm = Power.unitsPerArm(variance: variance, effect: mde * abs(baseline), alpha: alpha, power: power)
                let f = perArm / Double(spec.population.users)
                needed = f <= 0.5 ? String(format: "%.4f (%.0f users)", f, perArm.rounded(.up)) : String(format: "> 0.5 (%.0f users)", perArm)
            }
            print(String(format: "| %@ | %.5g | %.4g | %d | %.4g | %.2f%% | %@ |", metric.id.rawValue, baseline, variance.squareRoot(), n, absolute,
                         100 * absolute / abs(baseline), needed))
        }
        print("User-level variances ignore the noise shared by a whole market; use `twinarm aa` with replicates to see how far that matters.")
    }
}
