import ArgumentParser

/// `twinarm`: simulate creator competition and symmetric A/B tests, and test their outcomes.
public struct TwinArmCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "twinarm",
        abstract: "Simulate two-sided content platforms and the mechanisms that steer their creators.",
        version: TwinArmVersion.current,
        subcommands: [Simulate.self, Compare.self, Run.self, Analyze.self, Report.self, Plan.self, AA.self, Sweep.self, Task.self, Collect.self, Benchmark.self]
    )

    public init() {}
}

/// The version written into outputs.
public enum TwinArmVersion {
    public static let current = "0.1.0"
}
