import ArgumentParser
import Foundation

/// `twinarm report`: re-render report.md and report.html from a run's files, without simulating.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Re-render report.md and report.html of a run folder from its data files.",
        discussion: "A trial folder (manifest.json, report.json, daily.csv, weights.csv) or a folder of offline runs (one subfolder per mechanism with summary.json and welfare.csv)."
    )

    @Argument(help: "The run folder.")
    var folder: String

    func run() throws {
        let url = URL(fileURLWithPath: folder)
        let files: [(name: String, contents: Data)]
        do {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("manifest.json").path) {
                var data = [String: Data]()
                for name in ["manifest.json", "report.json", "daily.csv", "weights.csv"] {
                    data[name] = try? Data(contentsOf: url.appendingPathComponent(name))
                }
                files = try RunReport.trial(data)
            } else {
                files = try RunReport.welfare(folder: url)
            }
        } catch let error as RunReport.Failure {
            printError("twinarm: error: \(error.description)")
            throw ExitCode(65)
        }
        for file in files { try file.contents.write(to: url.appendingPathComponent(file.name), options: .atomic) }
        printError("twinarm: wrote \(files.map(\.name).joined(separator: " and ")) in \(folder)")
    }
}
