import ArgumentParser
import Foundation
import Reports
import Sweeps
import Config
import Runs
import Studies

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
        let manifest = try sweep.manifest()
        let plan = try StudyPlan(manifest: manifest, path: sweep.manifestURL.path)
        // The tasks computed their tests and intervals at the study's α: a collection says that level.
        if let alpha = significance.alpha, alpha != plan.alpha {
            throw SweepError.usage("--alpha \(alpha): the tasks of '\(folder)' ran at α = \(plan.alpha); their intervals and counts are at that level, so "
                + "rerun the study with --alpha \(alpha) instead")
        }
        let reports = try StudyCollection.reports(plan, in: sweep)
        if manifest.design != nil {
            let study = try StudyCollection.design(plan, in: sweep, reports: reports)
            print(DesignReport.markdown(study), terminator: "")
            if !study.missing.isEmpty {
                printError("twinarm: \(study.missing.count) of \(study.tasks) tasks are missing; rerun the design command to run them")
            }
            return
        }
        let summary = try StudyCollection.sweep(plan, in: sweep, reports: reports)
        if manifest.calibration != nil {
            print(AATable.table(try StudyCollection.aa(plan, in: sweep, reports: reports)), terminator: "")
        } else {
            print(SweepReport.markdown(summary), terminator: "")
        }
        if !summary.missing.isEmpty {
            printError("twinarm: \(summary.missing.count) of \(summary.tasks) tasks are missing: "
                + "\(summary.missing.prefix(10).map { String($0.index) }.joined(separator: ", "))\(summary.missing.count > 10 ? ", …" : ""); rerun the "
                + "sweep to run them")
        }
    }
}
