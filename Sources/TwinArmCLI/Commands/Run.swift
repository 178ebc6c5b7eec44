import ArgumentParser
import Outputs
import Foundation
import Analysis
import Trial
import Reports
import Config
import Runs
import Studies

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

    @OptionGroup var significance: SignificanceOptions

    @Flag(help: "Do not CUPED-adjust report.json on the pre-period (preDays); by default every metric is when the trial has one.")
    var noCuped = false

    func run() throws {
        let loaded = try LoadedTrial.load(config, seed: seed, days: days, alpha: significance.alpha)
        let (config, spec) = (loaded.config, loaded.spec)
        let output = try OutputFolder.checked(out: out, default: OutputFolder.safeName(config.name), kind: .run, force: force)
        // The default folder is named after the config's `name`: a copied config that kept it
        // must not silently replace the run of another config.
        if out == nil, !force, let data = try? Data(contentsOf: output.destination.appendingPathComponent("manifest.json")),
           let earlier = try? RunJSON.decode(RunManifest.self, from: data), earlier.config != loaded.text {
            throw OutputError.refused(path: output.path,
                reason: "it holds the run of another config that has the same name (\(config.name)); pass --out DIR, or --force to replace it")
        }
        let interrupt = InterruptGuard()
        let progress = TrialProgress(days: spec.days, arms: spec.arms.map(\.name), pairs: spec.replicates)
        let started = Date()
        var options = TrialPipeline.Options()
        options.cuped = !noCuped
        options.progress = { job, day in progress.update(job: job, day: day) }
        options.calibrationProgress = { done, of in printError("twinarm: calibrating the single pair: A/A trial \(done)/\(of)") }
        let result = try TrialPipeline.run(loaded, seed: config.seed, options: options)
        progress.finish()
        if spec.arms.count == 1 {
            printError("twinarm: note: one arm, so nothing to compare: no report.json or report.md (add a second arm to test a mechanism)")
        } else if spec.arms.count > 2 {
            printError("twinarm: note: report.json compares \(spec.arms[1].name) with \(spec.arms[0].name); for another arm run `twinarm analyze "
                + "\(output.path) --treatment NAME`")
        }
        try output.commit(try TrialPipeline.runFiles(result), interrupts: interrupt)
        print(RunTables.table(result.summaries), terminator: "")
        if result.outcome.replicates.count > 1 {
            printError("twinarm: note: the table shows market pair 0 of \(result.outcome.replicates.count); report.md's tests and verdicts pool every pair")
        }
        printError(String(format: "twinarm: %d days × %d arms in %.1f s → %@", spec.days, spec.arms.count,
                          Date().timeIntervalSince(started), output.path))
    }
}

/// Day-by-day progress of every market pair's arms on stderr: a live line on a terminal; otherwise
/// a line per week of the first pair and one at every tenth of the trial.
final class TrialProgress: @unchecked Sendable {
    private let lock = NSLock()
    private let days: Int
    private let arms: [String]
    private let pairs: Int
    private var done: [Int]
    private var tenths = 0
    private let start = Date()
    private let live = isatty(STDERR_FILENO) == 1

    init(days: Int, arms: [String], pairs: Int) {
        self.days = days
        self.arms = arms
        self.pairs = Swift.max(1, pairs)
        done = [Int](repeating: 0, count: arms.count * self.pairs)
    }

    /// `job` = market pair × arms + arm.
    func update(job: Int, day: Int) {
        lock.lock(); defer { lock.unlock() }
        guard done.indices.contains(job) else { return }
        done[job] = Swift.min(day, days)
        let total = days * done.count, finished = done.reduce(0, +)
        let elapsed = Date().timeIntervalSince(start)
        let eta = finished > 0 ? elapsed * Double(Swift.max(0, total - finished)) / Double(finished) : 0
        let pairsDone = stride(from: 0, to: done.count, by: arms.count).filter { p in done[p..<(p + arms.count)].allSatisfy { $0 == days } }.count
        if live {
            let first = zip(arms, done).map { "\($0) day \($1)/\(days)" }.joined(separator: ", ")
            let state = pairs > 1 ? "\(first) · market pairs \(pairsDone)/\(pairs)" : first
            FileHandle.standardError.write(Data(String(format: "\r%@ · %.1fs elapsed · ETA %.1fs   ", state, elapsed, eta).utf8))
        } else if job < arms.count && (day % 7 == 0 || day == days) {
            FileHandle.standardError.write(Data(String(format: "twinarm · arm %@ day %d · %.1fs elapsed · ETA %.1fs\n", arms[job], day, elapsed, eta).utf8))
        } else if pairs > 1, finished * 10 / Swift.max(1, total) > tenths {
            tenths = finished * 10 / Swift.max(1, total)
            FileHandle.standardError.write(Data(String(format: "twinarm · %d%% of %d market pairs · %.1fs elapsed · ETA %.1fs\n", tenths * 10, pairs, elapsed,
                eta).utf8))
        }
    }

    func finish() {
        if live { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
