import Analysis
import ArgumentParser
import Config

/// `--alpha` as given; checked against the registry's range of `alpha` in ``SignificanceOptions/validate()``.
struct SignificanceLevel: ExpressibleByArgument, Sendable {
    var text: String
    var value: Double?

    init?(argument: String) {
        text = argument
        value = Double(argument)
    }

    static var defaultValueDescription: String { "\(Significance.defaultAlpha), or the config's alpha" }
}

/// `--alpha`: the one significance option of every command that tests or counts (run, analyze,
/// plan, aa, sweep, task, design, collect). Intervals are at 1 − α.
struct SignificanceOptions: ParsableArguments {
    @Option(name: .customLong("alpha"),
        help: ArgumentHelp("Significance level α of every test, adjusted p-value rule, interval (1 − α) and significance count.",
                                            valueName: "alpha"))
    var level: SignificanceLevel?

    /// The range of the config's `alpha`, which `--alpha` sets.
    static var range: ParameterRange { TrialConfig.parameters["alpha"]?.range ?? .closed(1e-6, 0.5) }

    func validate() throws {
        guard let level else { return }
        guard let value = level.value, Self.range.contains(value) else {
            throw ValidationError("--alpha has value '\(level.text)'; allowed: \(Self.range.text)")
        }
    }

    /// `--alpha` when given (validated).
    var alpha: Double? { level?.value }

    /// The level in force: `--alpha`, else the config's (or the default where there is no config).
    func resolved(config: Double = Significance.defaultAlpha) -> Double { alpha ?? config }
}
