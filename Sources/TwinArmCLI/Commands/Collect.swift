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
        try sweep.writeCollected([("sweep.json", try SweepFolder.encode(summary), "\"points\""),
                                  ("sweep.md", Data(markdown.utf8), "# Sweep "),
                                  ("sweep.html", Data(SweepReport.html(summary).utf8), "<title>Sweep ")])
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
    /// Writes a collection's files (name, contents, the marker TwinArm's own file of that name holds)
    /// into the folder. The folder is TwinArm's (it holds tasks.json), but a file of one of these
    /// names that someone else put there is not replaced: every name is checked before any is written.
    func writeCollected(_ files: [(name: String, contents: Data, marker: String)]) throws {
        for file in files { try OutputFolder.refuseForeign(url.appendingPathComponent(file.name), marker: file.marker) }
        for file in files {
            let target = url.appendingPathComponent(file.name)
            do { try file.contents.write(to: target, options: .atomic) } catch {
                throw OutputError.writeFailed(path: target.path, reason: OutputFolder.reason(error)).reported()
            }
        }
    }
}
