import Analysis
import ArgumentParser
import Foundation
import Reports
import UnitTables
import Config
import Runs

/// `twinarm analyze`: the significance analysis of a finished run or an exported unit table.
struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Test the deltas of a run folder or a units.csv and write report.json (and, for an exported table, report.md and report.html).",
        discussion: "Metrics: LTR (delta method), cold-start and fresh impressions and topics per user (Welch), creator DAU (Welch) — in total, by group-size bucket and by week; BH and Holm adjusted p-values; sample-ratio check; MDE."
    )

    @Argument(help: "A run folder (users.csv, creators.csv), a units.csv, or - to read a units.csv from standard input.")
    var input: String

    @Option(help: "Output folder for report.json (default: the run folder, the units.csv's folder, or the working folder for -).")
    var out: String?

    @Flag(help: "Overwrite a report.json in the output folder even if TwinArm did not write it.")
    var force = false

    @Option(help: "Control arm (default: the first arm in the table).")
    var control: String?

    @Option(help: "Treatment arm (default: the second arm).")
    var treatment: String?

    @Option(help: "Confidence level.")
    var level: Double = 0.95

    @Option(help: "Variance to lead with: unit, market or inflated (default: market with ≥ 2 replicates, else inflated when calibrated, else unit).")
    var variance: String?

    @Flag(help: "Do not CUPED-adjust on the pre-period (week −1 rows); by default every metric is, when the table has them.")
    var noCuped = false

    @Option(help: "A single pair's A/A calibration: a calibration.json written by `twinarm run` or `twinarm aa --replicates 1` for a config that models this test (default: the run folder's own).")
    var calibration: String?

    func run() throws {
        guard level > 0 && level < 1 else { throw ValidationError("--level must be between 0 and 1, e.g. 0.95") }
        var options = TrialAnalysis.Options()
        options.control = control
        options.treatment = treatment
        options.level = level
        options.cuped = !noCuped
        if let variance {
            guard let method = VarianceMethod(rawValue: variance) else { throw ValidationError("--variance must be unit, market or inflated, not '\(variance)'") }
            options.variance = method
        }
        let isFolder = input != "-" && FileManager.default.isFolder(input)
        if isFolder, let data = try? Data(contentsOf: URL(fileURLWithPath: input).appendingPathComponent("manifest.json")),
           let manifest = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            options.twin = manifest["design"] as? String == "twin"
        }
        let own = URL(fileURLWithPath: input).appendingPathComponent("calibration.json")
        if let path = calibration ?? (isFolder && FileManager.default.fileExists(atPath: own.path) ? own.path : nil) {
            do { options.inflation = try SinglePairCalibration.read(URL(fileURLWithPath: path)).inflation } catch {
                printError("twinarm: error: --calibration '\(path)' is not a calibration.json TwinArm wrote (\(OutputFolder.reason(error)))")
                throw ExitCode(calibration == nil ? 65 : 64)
            }
        }
        let table: UnitStatistics
        do {
            table = try UnitTableStream().read(isFolder ? .runFolder(input) : .units(input), cuped: !noCuped).statistics
        } catch {
            printError("twinarm: error: \(error.description)")
            throw ExitCode(65)
        }
        let report: AnalysisReport
        do {
            report = try TrialAnalysis.analyze(table, options: options)
        } catch {
            printError("twinarm: error: \(error.description)")
            throw ExitCode(64)
        }
        let folder = out ?? (isFolder ? input : input == "-" ? "." : (input as NSString).deletingLastPathComponent)
        let directory = URL(fileURLWithPath: folder.isEmpty ? "." : folder)
        // report.json, report.md and report.html: the folder is the user's (an export's), so only
        // files TwinArm wrote there are replaced.
        var files = [(name: "report.json", contents: try ReportFiles.json(report))]
        let run = URL(fileURLWithPath: input)
        if isFolder, let manifest = try? Data(contentsOf: run.appendingPathComponent("manifest.json")),
           let daily = try? Data(contentsOf: run.appendingPathComponent("daily.csv")),
           let weights = try? Data(contentsOf: run.appendingPathComponent("weights.csv")) {
            // A run folder: its report pages, re-rendered with this analysis.
            files += try RunReport.trial(["manifest.json": manifest, "report.json": files[0].contents, "daily.csv": daily, "weights.csv": weights])
        } else {
            let page = TrialReportInput.export(report, source: input == "-" ? "standard input" : (input as NSString).lastPathComponent)
            files += standardRenderers.map { (name: $0.fileName, contents: Data($0.render(page).utf8)) }
        }
        let marks = ["report.json": "\"varianceMethod\"", "report.md": "## Health checks", "report.html": "<h2>Health checks</h2>"]
        for file in files where !force {
            try OutputFolder.refuseForeign(directory.appendingPathComponent(file.name), marker: marks[file.name]!, hint: "pass --out DIR or --force")
        }
        for file in files {
            let target = directory.appendingPathComponent(file.name)
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                try file.contents.write(to: target, options: .atomic)
            } catch {
                throw OutputError.writeFailed(path: target.path, reason: OutputFolder.reason(error)).reported()
            }
        }
        print(ReportFiles.headline(report), terminator: "")
    }
}
