import ArgumentParser
import Outputs
import Foundation
import Reports
import Config
import Runs

/// `twinarm report`: re-render report.md and report.html from a run's files, without simulating.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Re-render report.md and report.html of a run folder from its data files.",
        discussion: "A trial folder (manifest.json, report.json, daily.csv, weights.csv) or a folder of offline runs (one subfolder per mechanism with "
            + "summary.json and welfare.csv)."
    )

    @Argument(help: "The run folder.")
    var folder: String

    @Flag(help: "Overwrite a report.md or report.html in the folder even if TwinArm did not write it.")
    var force = false

    func run() throws {
        let url = UserPath.url(folder)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CommandFailure.data("'\(folder)' is not a folder; pass a run folder (with manifest.json) or an offline report folder")
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
        // Only pages TwinArm wrote (its ledger lists them, unchanged) are replaced.
        if !force { try FileLedger.refuseForeign(files.map(\.name), in: url, hint: "move it away first or pass --force") }
        try FileLedger.write(files, into: url)
        printError("twinarm: wrote \(files.map(\.name).joined(separator: " and ")) in \(folder)")
    }
}
