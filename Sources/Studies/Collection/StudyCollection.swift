import Analysis
import Outputs
import Foundation
import Reports
import Runs
import Sweeps

/// What a study's finished tasks add up to, written beside them: `sweep.json`/`.md`/`.html`, a
/// design study's `design.*`, an A/A batch's `aa.json` (and `calibration.json` for one pair).
/// Every level printed is the study's α, the one its tasks computed at.
package enum StudyCollection {
    /// The finished tasks' reports: those this process ran (kept in memory), the rest from their folders.
    package static func reports(_ plan: StudyPlan, in folder: SweepFolder, known: [Int: AnalysisReport] = [:]) throws -> [Int: AnalysisReport] {
        var reports = known
        let others = plan.manifest.tasks.filter { reports[$0.index] == nil }
        for (index, report) in try folder.reports(others) { reports[index] = report }
        return reports
    }

    /// A sweep's collection: `sweep.json`, `sweep.md` and `sweep.html`.
    @discardableResult
    package static func sweep(_ plan: StudyPlan, in folder: SweepFolder, reports: [Int: AnalysisReport]) throws -> SweepSummary {
        let summary = SweepSummary(manifest: plan.manifest, reports: reports, alpha: plan.alpha)
        try write("sweep", summary, SweepReport.document(summary, charts: true), in: folder)
        return summary
    }

    /// A design study's collection: `design.json`, `design.md` and `design.html`.
    @discardableResult
    package static func design(_ plan: StudyPlan, in folder: SweepFolder, reports: [Int: AnalysisReport]) throws -> DesignSummary {
        let summary = DesignSummary(manifest: plan.manifest, reports: reports, alpha: plan.alpha)
        try write("design", summary, DesignReport.document(summary, charts: true), in: folder)
        return summary
    }

    /// `name.json`, and `name.md` and `name.html` rendered from one document (the Markdown leaves
    /// the page's charts out).
    private static func write(_ name: String, _ summary: some Encodable, _ document: ReportDocument, in folder: SweepFolder) throws {
        try folder.writeCollected([("\(name).json", try SweepFolder.encode(summary)), ("\(name).md", Data(document.markdown.utf8)),
                                   ("\(name).html", Data(document.html.utf8))])
    }

    /// An A/A batch's `aa.json`; with one market pair per trial also `calibration.json`, the
    /// factors `analyze --calibration` applies to an exported single-pair test this config models.
    @discardableResult
    package static func aa(_ plan: StudyPlan, in folder: SweepFolder, reports: [Int: AnalysisReport]) throws -> AARates {
        guard let batch = plan.manifest.calibration else { throw SweepError.data("'\(folder.path)' is not an A/A batch") }
        let finished = plan.manifest.tasks.compactMap { reports[$0.index] }
        let calibration = AARates(name: plan.manifest.name, seed: plan.manifest.seeds.first ?? 0, replicates: batch.replicates, days: batch.days,
                                        alpha: batch.alpha, reports: finished, block: plan.base.calibrationTrials + 1)
        if batch.replicates == 1 && finished.count >= 2 {
            let seeds = plan.manifest.tasks.filter { reports[$0.index] != nil }.map(\.seed)
            try folder.writeCollected([("calibration.json", try RunJSON.encode(SinglePairInflation.File(seeds: seeds,
                inflation: AAInflation(reports: finished))))])
        }
        try folder.writeCollected([("aa.json", try SweepFolder.encode(calibration))])
        return calibration
    }
}

extension SweepFolder {
    /// Writes a collection's files into the folder. The folder is TwinArm's (it holds tasks.json),
    /// but a file of one of these names that TwinArm did not write there (or that changed since) is
    /// not replaced: every name is checked before any is written.
    package func writeCollected(_ files: [RunFile]) throws {
        try FileLedger.refuseForeign(files.map(\.name), in: url, hint: "move it away first")
        try FileLedger.write(files, into: url)
    }
}
