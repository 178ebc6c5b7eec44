import ArgumentParser
import Foundation
import Reports
import Config
import Runs

/// `twinarm report`: re-render report.md and report.html from a run's files, without simulating.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Re-render report.md and report.html of a run folder from its data files.",
        discussion: "A trial folder (manifest.json, report.json, daily.csv, weights.csv) or a folder of offline runs (one subfolder per mechanism with summary.json and welfare.csv)."
    )

    @Argument(help: "The run folder.")
    var folder: String

    @Flag(help: "Overwrite a report.md or report.html in the folder even if TwinArm did not write it.")
    var force = false

    func run() throws {
        let url = UserPath.url(folder)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            printError("twinarm: error: '\(folder)' is not a folder; pass a run folder (with manifest.json) or an offline report folder")
            throw ExitCode(65)
        }
        let files: [RunFile]
        if FileManager.default.fileExists(atPath: url.appendingPathComponent("manifest.json").path) {
            let record = try RunRecord.load(folder: folder)
            guard let analysis = record.analysis else { throw RunFileError.missing(file: "report.json", folder: folder) }
            files = RunPages.trial(record, analysis: analysis)
        } else {
            files = RunPages.welfare(try OfflineRecord.load(folder: url))
        }
        try OutputFolder.refuseSystemFolder(url)
        // Only pages TwinArm wrote are replaced: a trial's have its health checks, an offline
        // folder's its side-by-side title.
        let marks = ["report.md": ["## Health checks", ": mechanisms side by side"], "report.html": ["<h2>Health checks</h2>", ": mechanisms side by side</title>"]]
        for file in files where !force {
            try OutputFolder.refuseForeign(url.appendingPathComponent(file.name), markers: marks[file.name] ?? [], hint: "move it away first or pass --force")
        }
        for file in files {
            do {
                try file.contents.write(to: url.appendingPathComponent(file.name), options: .atomic)
            } catch {
                printError("twinarm: error: '\(folder)/\(file.name)' could not be written (\(OutputFolder.reason(error)))")
                throw ExitCode(74)
            }
        }
        printError("twinarm: wrote \(files.map(\.name).joined(separator: " and ")) in \(folder)")
    }
}
