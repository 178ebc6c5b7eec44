import ArgumentParser
import Sweeps
import Foundation
import Config
import Runs

/// Options shared by the commands that run an experiment file.
struct ExperimentOptions: ParsableArguments {
    @Argument(help: "Experiment config (YAML), e.g. experiments/paper-synthetic.yaml.")
    var config: String

    @Option(help: "Number of LBR steps T (overrides dynamics.steps).")
    var steps: Int?

    /// Loads and validates the config, or prints a one-line error and exits 64/65.
    func load(mechanism: String? = nil) throws -> (config: ExperimentConfig, experiment: ConfiguredExperiment) {
        try Self.load(path: config, steps: steps, mechanism: mechanism)
    }

    /// Loads and validates the config at `path` with the command line's steps and mechanism.
    static func load(path: String, steps: Int?, mechanism: String?) throws -> (config: ExperimentConfig, experiment: ConfiguredExperiment) {
        do throws(ConfigError) {
            let config = try ConfigLoader.load(path: path)
            if let steps, steps < 1 {
                throw ConfigError.invalidValue(field: "--steps", value: "\(steps)", allowed: "an integer ≥ 1")
            }
            let experiment = try config.makeExperiment(.init(mechanism: mechanism, steps: steps))
            return (config, experiment)
        } catch {
            throw error
        }
    }
}

/// Parses seed lists such as `0,1,2` or `0..19`.
struct SeedList: ExpressibleByArgument {
    var seeds: [UInt64]

    init?(argument: String) {
        // The sweep's own parser: distinct seeds, at most 100 000 of them.
        guard let seeds = SweepGrid.seeds(argument) else { return nil }
        self.seeds = seeds
    }
}
