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
        subcommands: [Simulate.self, Compare.self, Run.self, Analyze.self, Report.self, Plan.self, AA.self, Sweep.self, TaskCommand.self, Collect.self,
            Calibrate.self, Design.self, RatingsFit.self, Benchmark.self, Parameters.self]
    )

    public init() {}
}

/// Edits between two words (Levenshtein): how a mistyped command finds the one meant.
func distance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    guard !a.isEmpty else { return b.count }
    var row = Array(0...b.count)
    for i in 1...a.count {
        var previous = row[0]
        row[0] = i
        for j in stride(from: 1, through: b.count, by: 1) {
            let current = row[j]
            row[j] = a[i - 1] == b[j - 1] ? previous : 1 + Swift.min(previous, row[j], row[j - 1])
            previous = current
        }
    }
    return row[b.count]
}

extension TwinArmCommand {
    /// Parses, runs, and turns the library's typed failures into one `twinarm: error:` line and
    /// their documented exit code; anything else goes to ArgumentParser's own handling.
    public static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "help", arguments.count > 1,
           !configuration.subcommands.contains(where: { $0.configuration.commandName == arguments[1] || "\($0)".lowercased() == arguments[1] }) {
            let names = configuration.subcommands.map { $0.configuration.commandName ?? "\($0)".lowercased() }
            printError("twinarm: error: there is no command '\(arguments[1])'; the commands are \(names.joined(separator: ", "))")
            Foundation.exit(64)
        }
        // A mistyped command is named with the nearest one (`twinarm rn` → run).
        let names = configuration.subcommands.map { $0.configuration.commandName ?? "\($0)".lowercased() }
        if let first = arguments.first, !first.hasPrefix("-"), first != "help", !names.contains(first),
           !first.contains("/"), !first.contains(".") {
            let nearest = names.min { distance(first, $0) < distance(first, $1) }
            let hint = nearest.map { distance(first, $0) <= 2 ? "; did you mean '\($0)'?" : "" } ?? ""
            printError("twinarm: error: there is no command '\(first)'\(hint) The commands are \(names.joined(separator: ", ")) (see `twinarm help`)"
                .replacingOccurrences(of: "'?", with: "'?").replacingOccurrences(of: "' The", with: "'; the"))
            Foundation.exit(64)
        }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as any ReportedFailure {
            printError("twinarm: error: \(error.description)")
            Foundation.exit(error.exitCode)
        } catch {
            // Help, --version and a command's own exit status keep ArgumentParser's handling; any
            // other parse or validation error is one line, with the usage one command away.
            if error is CleanExit || error is ExitCode || exitCode(for: error) == .success { exit(withError: error) }
            var message = message(for: error).split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
            // ArgumentParser reads a negative number after an option as another option: name the
            // negative value itself (the option may be given more than once).
            if message.hasPrefix("Missing value for '"), let option = message.split(separator: "'").dropFirst().first?.split(separator: " ").first,
               let at = arguments.indices.first(where: { arguments[$0] == String(option) && $0 + 1 < arguments.count
                   && arguments[$0 + 1].hasPrefix("-") && Double(arguments[$0 + 1]) != nil }) {
                message = "\(option) has value '\(arguments[at + 1])'; allowed: not a negative number"
            }
            guard !message.isEmpty else { exit(withError: error) }
            printError("twinarm: error: \(message.hasPrefix("Error: ") ? String(message.dropFirst(7)) : message) (see `twinarm help`)")
            Foundation.exit(exitCode(for: error).rawValue)
        }
    }
}
