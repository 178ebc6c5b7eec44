import ArgumentParser
import Outputs
import Calibration
import Config
import Foundation
import Reports
import Runs

/// `twinarm calibrate`: fits free parameters of a config to target moments of its control market.
struct Calibrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fit a config's free parameters to target baseline moments of its control market (simulated method of moments).",
        discussion: """
        TARGETS (YAML) names the free parameters with their bounds and the control-market moments \
        with a target, a relative tolerance and a source each. Every evaluation runs the config's \
        control market (first arm on production) with the same seed; GSL's Nelder–Mead simplex \
        minimises Σ(relative miss / tolerance)². Writes calibrated.yaml (the fitted config), fit.json \
        and fit.md (each moment against its target; each parameter with its standard error).
        """
    )

    @Argument(help: "Trial config (YAML) whose control market is fitted.")
    var config: String

    @Option(help: "Targets file (YAML): parameters and moments.")
    var targets: String

    @Option(help: "Independent control markets per evaluation.")
    var replicates: Int = 2

    @Option(help: "Nelder–Mead iterations at most; 0 only measures the config's moments against the targets.")
    var iterations: Int = 80

    @Option(help: "Days per evaluation (overrides days).")
    var days: Int?

    @Option(help: "Folder for calibrated.yaml, fit.json and fit.md (default: reports/<name>-calibration).")
    var out: String?

    @Flag(help: "Use the output folder even if it holds files TwinArm did not write.")
    var force = false

    func validate() throws {
        guard (1...100).contains(replicates) else { throw ValidationError("--replicates must be between 1 and 100, not \(replicates)") }
        guard (0...10_000).contains(iterations) else { throw ValidationError("--iterations must be between 0 and 10000, not \(iterations)") }
    }

    func run() throws {
        let loaded = try LoadedTrial.load(config, days: days)
        let targets = try CalibrationTargets.load(path: self.targets)
        let folder = try OutputFolder.checked(out: out, default: "\(OutputFolder.safeName(loaded.config.name))-calibration", kind: .calibration, force: force)
        var options = SimulatedMoments.Options()
        options.replicates = replicates
        options.seed = loaded.config.seed
        options.maxIterations = iterations
        // Ctrl-C or SIGTERM: the documented message and 128 + the signal, nothing half-written.
        let interrupts = InterruptGuard()
        printError("twinarm: calibrating \(loaded.config.name): \(targets.parameters.count) parameters, \(targets.moments.count) moments, \(replicates) "
            + "control market(s) per evaluation")
        let started = Date(), budget = iterations * (targets.parameters.count + 2) + targets.parameters.count + 1
        let fit = try SimulatedMoments.fit(loaded.config, targets: targets, options: options) { n, d in
            guard n % 10 == 0 else { return }
            let elapsed = Date().timeIntervalSince(started)
            // Nelder–Mead evaluates about (parameters + 2) times per iteration; the budget bounds the ETA.
            let eta = elapsed / Double(n) * Double(Swift.max(0, budget - n))
            printError(String(format: "twinarm: calibrate: evaluation %d, distance %.4g · %.0f s elapsed · at most %.0f s to go", n, d, elapsed, eta))
        }
        try folder.commit(try CalibrationPages.files(fit, configPath: config, targetsPath: self.targets,
                                                                  source: loaded.text), interrupts: interrupts)
        print(CalibrationPages.markdown(fit, targetsPath: self.targets), terminator: "")
        printError("twinarm: calibration → \(folder.path)/calibrated.yaml")
    }
}
