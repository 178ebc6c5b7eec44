import ArgumentParser
import Foundation
import Analysis
import Trial
import Config
import Runs

/// `twinarm run`: a symmetric multi-week trial, written as per-unit tables.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a symmetric two-arm trial and write its per-unit tables.",
        discussion: """
        Writes DIR/users.csv, creators.csv, daily.csv, weights.csv and manifest.json (see README for \
        every column). The folder is replaced only when every file is complete; an interrupted run \
        leaves an earlier report in DIR untouched.
        """
    )

    @Argument(help: "Trial config (YAML), e.g. experiments/hmt-three-weeks.yaml.")
    var config: String

    @Option(help: "Random seed (overrides the config's seed).")
    var seed: UInt64?

    @Option(help: "Days to simulate (overrides days).")
    var days: Int?

    @Option(help: "Output folder (default: reports/<name>).")
    var out: String?

    @Flag(help: "Replace the output folder even if it holds files TwinArm did not write.")
    var force = false

    @Flag(help: "Do not CUPED-adjust report.json on the pre-period (preDays); by default every metric is when the trial has one.")
    var noCuped = false

    func run() throws {
        let loaded = try LoadedTrial.load(self.config, days: days)
        let (config, spec, text) = (loaded.config, loaded.spec, loaded.text)
        let seed = self.seed ?? config.seed
        let output = try OutputFolder.checked(out: out, default: OutputFolder.safeName(config.name), force: force)
        let interrupt = InterruptGuard()
        let progress = TrialProgress(days: spec.days, arms: spec.arms.map(\.name))
        let started = Date()
        let outcome = TrialRunner.run(spec, seed: seed) { arm, day in progress.update(arm: arm, day: day) }
        progress.finish()
        let summaries = zip(outcome.armNames, outcome.arms).map { ArmSummary(name: $0, outcome: $1) }
        let table = Self.table(summaries)
        var files = try TrialFiles.files(outcome: outcome, spec: spec, seed: seed, configText: text)
        let heading = "# \(spec.name), seed \(seed): \(spec.days) days\n\nWhole-trial figures per arm; in brackets, relative to the first arm. Simulation read-outs, not significance tests.\n\n"
        files.append((name: "summary.md", contents: Data((heading + table).utf8)))
        // The significance analysis of the same tables, so a run leaves a complete report.json.
        if spec.arms.count == 1 {
            printError("twinarm: note: one arm, so nothing to compare: no report.json or report.md (add a second arm to test a mechanism)")
        } else if spec.arms.count > 2 {
            printError("twinarm: note: report.json compares \(spec.arms[1].name) with \(spec.arms[0].name); for another arm run `twinarm analyze \(output.path) --treatment NAME`")
        }
        // One market pair: its report leads with the test calibrated on simulated A/A trials of this config.
        var inflation: AAInflation?
        if SinglePairCalibration.applies(spec, trials: config.calibrationTrials) {
            let calibration = try SinglePairCalibration.learn(spec, seed: seed, trials: config.calibrationTrials, cuped: !noCuped) { done, of in
                printError("twinarm: calibrating the single pair: A/A trial \(done)/\(of)")
            }
            inflation = calibration.inflation
            files.append((name: "calibration.json", contents: try ReportFiles.json(calibration)))
        }
        if let report = try TrialTables.report(outcome, spec: spec, inflation: inflation, cuped: !noCuped) {
            files.append((name: "report.json", contents: try ReportFiles.json(report)))
            files += try RunReport.trial(Dictionary(files.map { ($0.name, $0.contents) }, uniquingKeysWith: { a, _ in a }))
        }
        try output.commit(files, interrupts: interrupt)
        print(table, terminator: "")
        printError(String(format: "twinarm: %d days × %d arms in %.1f s → %@", spec.days, spec.arms.count,
                          Date().timeIntervalSince(started), output.path))
    }
}

extension Run {
    /// The arms' headline figures, each relative to the first arm (simulation read-outs, not tests).
    static func table(_ arms: [ArmSummary]) -> String {
        func f(_ x: Double) -> String { String(format: "%.4f", x) }
        func rel(_ x: Double, _ base: Double) -> String { base != 0 ? String(format: "%+.2f%%", 100 * (x / base - 1)) : "—" }
        var s = "| arm | users | creators | LTR | cold-start / user | fresh / user | topics / user | DAU popular | DAU other | ρ(weight, size) |\n"
        s += "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
        guard let base = arms.first else { return s }
        for a in arms {
            let first = a.name == base.name
            func cell(_ x: Double, _ b: Double) -> String { first ? f(x) : "\(f(x)) (\(rel(x, b)))" }
            s += "| \(a.name) | \(a.users) | \(a.creators) | \(cell(a.ltr, base.ltr)) | \(cell(a.coldStartPerUser, base.coldStartPerUser)) "
            s += "| \(cell(a.freshPerUser, base.freshPerUser)) | \(cell(a.topicsPerUser, base.topicsPerUser)) "
            s += "| \(cell(a.popularDAU, base.popularDAU)) | \(cell(a.otherDAU, base.otherDAU)) "
            s += "| \(a.weightSizeSpearman.map { String(format: "%+.3f", $0) } ?? "—") |\n"
        }
        return s
    }
}

/// Day-by-day progress of every arm on stderr: a live line on a terminal, a line per week otherwise.
final class TrialProgress: @unchecked Sendable {
    private let lock = NSLock()
    private let days: Int
    private let arms: [String]
    private var done: [Int]
    private let start = Date()
    private let live = isatty(STDERR_FILENO) == 1

    init(days: Int, arms: [String]) {
        self.days = days
        self.arms = arms
        done = [Int](repeating: 0, count: arms.count)
    }

    func update(arm: Int, day: Int) {
        lock.lock(); defer { lock.unlock() }
        done[arm] = day
        let total = days * arms.count, finished = done.reduce(0, +)
        let elapsed = Date().timeIntervalSince(start)
        let eta = finished > 0 ? elapsed * Double(total - finished) / Double(finished) : 0
        let state = zip(arms, done).map { "\($0) day \($1)/\(days)" }.joined(separator: ", ")
        if live {
            FileHandle.standardError.write(Data(String(format: "\r%@ · %.1fs elapsed · ETA %.1fs   ", state, elapsed, eta).utf8))
        } else if day % 7 == 0 || day == days {
            FileHandle.standardError.write(Data(String(format: "%@ · arm %@ day %d · %.1fs elapsed · ETA %.1fs\n",
                                                       "twinarm", arms[arm], day, elapsed, eta).utf8))
        }
    }

    func finish() {
        if live { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
