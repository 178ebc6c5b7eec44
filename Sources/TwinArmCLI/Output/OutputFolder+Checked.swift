import ArgumentParser
import Outputs
import Config

extension ConfigError {
    /// Prints the one-line error to stderr and returns the exit code a command should throw.
    func reported() -> ExitCode {
        printError("twinarm: error: \(description)")
        return ExitCode(exitCode)
    }
}

import ArgumentParser
import Foundation
import Runs

extension OutputError {
    /// Prints the one-line error to stderr and returns the exit code a command should throw.
    func reported() -> ExitCode {
        printError("twinarm: error: \(description)")
        return ExitCode(exitCode)
    }
}

extension OutputFolder {
    /// The folder a command writes to, checked before any work: `--out`, or `reports/<safe name>`.
    static func checked(out: String?, default name: String, kind: Kind, force: Bool) throws -> OutputFolder {
        let folder = OutputFolder(path: out ?? "reports/\(name)", kind: kind)
        do throws(OutputError) { try folder.check(force: force) } catch { throw error.reported() }
        return folder
    }

    /// Writes, turning a failure into its one-line error and exit code.
    func commit(_ files: [(name: String, contents: Data)], interrupts: InterruptGuard? = nil) throws {
        do throws(OutputError) { try write(files, interrupts: interrupts) } catch { throw error.reported() }
    }
}
