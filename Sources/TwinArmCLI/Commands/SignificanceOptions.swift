import ArgumentParser

/// A significance level strictly between 0 and 1, checked when it is parsed.
struct SignificanceLevel: ExpressibleByArgument, Sendable {
    var value: Double

    init?(argument: String) {
        guard let value = Double(argument), value >= 1e-6, value <= 0.5 else { return nil }
        self.value = value
    }

    static var defaultValueDescription: String { "0.05, or the config's alpha" }
}

/// `--alpha`: the one significance option of every command that tests or counts (run, analyze,
/// plan, aa, sweep, task, collect). Intervals are at 1 − α.
struct SignificanceOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Significance level α of every test, adjusted p-value rule, interval (1 − α) and significance count, in [1e-6, 0.5].",
                                            valueName: "alpha"))
    var alpha: SignificanceLevel?

    /// The level in force: `--alpha`, else the config's (or 0.05 where there is no config).
    func resolved(config: Double = 0.05) -> Double { alpha?.value ?? config }
}
