import ArgumentParser
import Foundation
import Config
import Runs

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

extension TwinArmCommand {
    /// Parses, runs, and turns the library's typed failures into one `twinarm: error:` line and
    /// their documented exit code; anything else goes to ArgumentParser's own handling.
    public static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as ConfigError {
            printError("twinarm: error: \(error.description)")
            Foundation.exit(error.exitCode)
        } catch let error as OutputError {
            printError("twinarm: error: \(error.description)")
            Foundation.exit(error.exitCode)
        } catch let error as RunFileError {
            printError("twinarm: error: \(error.description)")
            Foundation.exit(error.exitCode)
        } catch let error as SweepError {
            printError("twinarm: error: \(error.description)")
            Foundation.exit(error.exitCode)
        } catch {
            exit(withError: error)
        }
    }
}
