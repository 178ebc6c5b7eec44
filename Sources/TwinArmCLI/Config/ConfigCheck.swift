/// Throws ``ConfigError/invalidValue(field:value:allowed:)`` unless `ok`: the one way validators reject a value.
func require(_ ok: Bool, _ field: String, _ value: some CustomStringConvertible, _ allowed: String) throws(ConfigError) {
    if !ok { throw .invalidValue(field: field, value: value.description, allowed: allowed) }
}

extension ConfigError {
    /// Prints the one-line error to stderr and returns the exit code a command should throw.
    func reported() -> ExitCode {
        printError("twinarm: error: \(description)")
        return ExitCode(exitCode)
    }
}

import ArgumentParser
