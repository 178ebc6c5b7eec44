import ArgumentParser
import Foundation
import Reports
import Sweeps
import Config
import Runs

/// `twinarm collect`: merges a sweep's finished tasks into sweep.json, sweep.md and sweep.html.
struct Collect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Merge a sweep's finished tasks into DIR/sweep.json, sweep.md and sweep.html (and aa.json for an A/A batch).",
        discussion: "Says which tasks are missing; the files hold no timings or host names, so any executor gives the same bytes."
    )

    @Argument(help: "The sweep folder (holding tasks.json).")
    var folder: String

    @OptionGroup var significance: SignificanceOptions

    func run() throws {
        let sweep = SweepFolder(path: folder)
        let summary: SweepSummary
        let manifest: SweepManifest
        do {
            manifest = try sweep.manifest()
            if manifest.design != nil {
                let study = try Design.write(manifest, in: sweep, alpha: significance.resolved())
                print(DesignReport.markdown(study), terminator: "")
                if !study.missing.isEmpty {
                    printError("twinarm: \(study.missing.count) of \(study.tasks) tasks are missing; rerun the design command to run them")
                }
                return
            }
            summary = SweepSummary(manifest: manifest, reports: try sweep.reports(manifest), alpha: significance.resolved())
        } catch let error as SweepError {
            printError("twinarm: error: \(error.description)")
            throw ExitCode(error.exitCode)
        }
        let markdown = SweepReport.markdown(summary)
        try sweep.writeCollected([("sweep.json", try SweepFolder.encode(summary)), ("sweep.md", Data(markdown.utf8)),
                                  ("sweep.html", Data(SweepReport.html(summary).utf8))])
        if manifest.calibration != nil {
            print(AATable.table(try AA.write(manifest, in: sweep)), terminator: "")
        } else {
            print(markdown, terminator: "")
        }
        if !summary.missing.isEmpty {
            printError("twinarm: \(summary.missing.count) of \(summary.tasks) tasks are missing: \(summary.missing.prefix(10).map { String($0.index) }.joined(separator: ", "))\(summary.missing.count > 10 ? ", …" : ""); rerun the sweep to run them")
        }
    }
}

extension SweepFolder {
    /// Writes a collection's files into the folder. The folder is TwinArm's (it holds tasks.json),
    /// but a file of one of these names that TwinArm did not write there (or that changed since) is
    /// not replaced: every name is checked before any is written.
    func writeCollected(_ files: [RunFile]) throws {
        try FileLedger.refuseForeign(files.map(\.name), in: url, hint: "move it away first")
        try FileLedger.write(files, into: url)
    }
}
