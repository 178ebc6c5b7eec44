import Analysis
import Outputs
import ArgumentParser
import Foundation
import Trial
import Reports
import UnitTables
import Config
import Runs

/// `twinarm analyze`: the significance analysis of a finished run or an exported unit table.
struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Test the deltas of a run folder or a units.csv and write report.json (and, for an exported table, report.md and report.html).",
        discussion: "Metrics: LTR (delta method), cold-start and fresh impressions and topics per user (Welch), creator DAU (Welch) — in total, by "
            + "group-size bucket and by week; with ≥ 2 market pairs the lead test is Student's t on the markets' values (2R − 2 df); "
            + "BH and Holm adjusted p-values; sample-ratio check; MDE."
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

    @OptionGroup var significance: SignificanceOptions

    @Option(help: "Variance to lead with: unit, market or inflated (default: market with ≥ 2 replicates, else inflated when calibrated, else unit).")
    var variance: VarianceMethod?

    @Flag(help: "Do not CUPED-adjust on the pre-period (week −1 rows); by default every metric is, when the table has them.")
    var noCuped = false

    @Option(help: ArgumentHelp("The user metrics' pre-period adjustment: cuped (each metric's own pre-period value) or regression (every "
        + "metric's and the group size; default: the run's config, else cuped)."))
    var adjustment: CovariateAdjustment?

    @Option(name: .customLong("guardrail"), help: ArgumentHelp("A non-inferiority margin, relative: metric=margin, e.g. ltr=-0.005 (repeatable; "
        + "default: the run's config, else ltr=-0.005).", valueName: "metric=margin"), transform: MetricMargin.parse)
    var guardrails: [MetricMargin] = []

    @Option(name: .customLong("superiority"), help: ArgumentHelp("A superiority margin, relative: metric=margin, e.g. coldStartImpressions=0.05 "
        + "(repeatable).", valueName: "metric=margin"), transform: MetricMargin.parse)
    var superiority: [MetricMargin] = []

    @Option(help: ArgumentHelp("A single pair's A/A calibration: a calibration.json written by `twinarm run` or `twinarm aa --replicates 1` for a config "
        + "that models this test (default: the run folder's own)."))
    var calibration: String?

    func run() throws {
        let isFolder = input != "-" && FileManager.default.isFolder(input)
        // A run folder TwinArm wrote: its record (manifest, series, calibration) joins the analysis.
        let record = isFolder && FileManager.default.fileExists(atPath: UserPath.url(input).appendingPathComponent("manifest.json").path)
            ? try RunRecord.load(folder: input) : nil
        var options = TrialAnalysis.Options()
        options.control = control
        options.treatment = treatment
        options.alpha = significance.resolved(config: record?.manifest.resolved?.alpha ?? Significance.defaultAlpha)
        options.cuped = !noCuped
        options.variance = variance
        options.twin = record?.manifest.design == .twin
        if let resolved = record?.manifest.resolved {
            options.guardrails = resolved.guardrails
            options.superiority = resolved.superiority
            options.adjustment = resolved.adjustment
        }
        if let adjustment { options.adjustment = adjustment }
        if !guardrails.isEmpty { options.guardrails = try MetricMargin.margins(guardrails, option: "--guardrail", worse: true) }
        if !superiority.isEmpty { options.superiority = try MetricMargin.margins(superiority, option: "--superiority", worse: false) }
        let table: UnitStatistics
        do {
            table = try UnitTableStream().read(isFolder ? .runFolder(input) : .units(input), cuped: !noCuped).statistics
        } catch {
            throw CommandFailure.data("\(error.description)")
        }
        if calibration != nil, table.replicates.count >= 2 {
            throw CommandFailure.usage("--calibration is for a single market pair; this table has \(table.replicates.count), tested with the market variance")
        }
        if let calibration {
            do { options.inflation = try SinglePairInflation.File.read(Data(contentsOf: UserPath.url(calibration))).inflation } catch {
                throw CommandFailure.usage("--calibration '\(calibration)' is not a calibration.json TwinArm wrote (\(OutputFolder.reason(error)))")
            }
        } else {
            options.inflation = record?.calibration?.inflation
        }
        var report: AnalysisReport
        do {
            report = try TrialAnalysis.analyze(table, options: options)
        } catch {
            throw CommandFailure.usage("\(Self.phrase(error))")
        }
        if let record {
            TrialTables.setLooks(&report, record: record, statistics: table, inflation: options.inflation)
            TrialTables.setTwoSided(&report, cells: record.cells)
        }
        let folder = out ?? (isFolder ? input : input == "-" ? "." : (input as NSString).deletingLastPathComponent)
        let directory = UserPath.url(folder)
        // report.json, report.md and report.html: the folder is the user's (an export's), so only
        // files TwinArm wrote there are replaced.
        let pages = record.map { RunPages.trial($0, analysis: report) }
            ?? RunPages.render(.export(report, source: input == "-" ? "standard input" : (input as NSString).lastPathComponent))
        let files = [(name: "report.json", contents: try RunJSON.encode(report))] + pages
        try OutputFolder.refuseSystemFolder(directory)
        if !force { try FileLedger.refuseForeign(files.map(\.name), in: directory, hint: "pass --out DIR or --force") }
        try FileLedger.write(files, into: directory)
        print(RunTables.headline(report), terminator: "")
    }
}

extension VarianceMethod: ExpressibleByArgument {}
extension CovariateAdjustment: ExpressibleByArgument {}

/// `metric=margin` on the command line: a relative margin on a headline metric.
struct MetricMargin {
    var metric: MetricID
    var margin: Double

    /// Parses `metric=margin`, or says what is allowed.
    static func parse(_ argument: String) throws -> MetricMargin {
        let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, let metric = MetricID(rawValue: parts[0]), let margin = Double(parts[1]), margin.isFinite else {
            let metrics = MetricID.allCases.filter { m in AnalysisReport.headline.contains { $0.metric == m } }.map(\.rawValue)
            throw ValidationError("'\(argument)' is not allowed; allowed: metric=margin, a metric among "
                + "\(metrics.joined(separator: ", ")) and a relative margin such as -0.005")
        }
        return MetricMargin(metric: metric, margin: margin)
    }

    /// The margins, each on a headline metric and on its side of 0 (the config's rules).
    static func margins(_ list: [MetricMargin], option: String, worse: Bool) throws -> MetricMargins {
        var config = TrialConfig()
        // A metric given twice is refused, naming both values, as `--set` refuses a key given twice.
        var seen = [MetricID: Double]()
        for m in list {
            if let first = seen[m.metric] {
                throw CommandFailure.usage("\(option) \(m.metric.rawValue) is given twice (\(first) and \(m.margin)); give each metric once")
            }
            seen[m.metric] = m.margin
        }
        let margins = MetricMargins(seen)
        if worse { config.guardrails = margins } else { config.guardrails = MetricMargins(); config.superiority = margins }
        let problem: ConfigError?
        do { try config.checkAnalysis(days: config.days); problem = nil } catch { problem = error }
        switch problem {
        case nil: break
        case let .invalidValue(field, value, allowed)?:
            throw CommandFailure.usage("\(option) \(field.split(separator: ".").last ?? ""): \(value) is not allowed; allowed: \(allowed)")
        case let other?:
            throw CommandFailure.usage("\(option): \(other)")
        }
        return margins
    }
}

extension Analyze {
    /// An analysis failure in this command's words: which option to give.
    static func phrase(_ failure: TrialAnalysis.Failure) -> String {
        switch failure {
        case let .sameArm(name):
            return "--control and --treatment both name '\(name)'; an arm compared with itself tells nothing"
        case .chooseTreatment:
            return "\(failure.description): name the arm to test against the control with --treatment"
        case .marketVarianceNeedsReplicates:
            return "--variance market: \(failure.description); use --variance unit"
        case let .inflatedVarianceNeedsCalibration(replicates):
            return replicates >= 2
                ? "--variance inflated: \(failure.description); use --variance market"
                : "--variance inflated: \(failure.description) (--calibration FILE: a run's or an A/A batch's calibration.json)"
        case .unknownArm, .needTwoArms:
            return failure.description
        }
    }
}
