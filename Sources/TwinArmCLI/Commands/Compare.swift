import ArgumentParser
import Outputs
import Foundation
import GSL
import Simulation
import Reports
import Config
import Runs
import Trial

/// `twinarm compare`: several mechanisms × seeds on one experiment, as a Markdown table.
struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run several mechanisms over several seeds and tabulate welfare, weights and crowding.",
        discussion: """
        For each mechanism and seed: welfare (served / default reading) at step 0, on the first plateau \
        (mean of steps 50–100) and at the end (mean of the last dynamics.tailWindow steps), the end minus \
        control on the same seed, and Spearman's ρ between final group weight and group size. \
        With --near-user J, also the number of creators within --radius of user J at the end.
        """
    )

    @OptionGroup var options: ExperimentOptions

    @Option(help: "Seeds, e.g. 0,1,2 or 0..19.")
    var seeds: SeedList = SeedList(argument: "0")!

    @Option(help: "Comma-separated mechanisms, e.g. control,uir,smt,hmt.")
    var mechanisms: String = "control,uir,smt,hmt"

    @Option(help: "Count creators near this user (index) at the end.")
    var nearUser: Int?

    @Option(help: "Radius for --near-user.")
    var radius: Double = 0.3

    @Option(help: "Also write the table to this Markdown file.")
    var out: String?

    @Flag(help: "Overwrite --out even if it is a file TwinArm did not write.")
    var force = false

    func run() throws {
        if let out { try Self.checkOut(out, force: force) }
        let names = mechanisms.split(separator: ",").map(String.init)
        var experiments = [(String, ConfiguredExperiment)]()
        var config: ExperimentConfig?
        for name in names {
            let loaded = try options.load(mechanism: name)
            config = loaded.config
            experiments.append((name, loaded.experiment))
        }
        guard let config else { throw ValidationError("--mechanisms must name at least one mechanism") }
        if let nearUser, nearUser < 0 { throw ValidationError("--near-user must be a user index ≥ 0") }
        if nearUser == nil && radius != 0.3 { throw ValidationError("--radius applies only with --near-user J") }
        guard radius > 0 && radius.isFinite else { throw ValidationError("--radius must be a finite number > 0") }
        let jobs = experiments.flatMap { exp in seeds.seeds.map { (exp.0, exp.1, $0) } }
        let window = config.dynamics.tailWindow
        let nearUser = self.nearUser, radius = self.radius, name = config.name
        let started = Date()
        let rows: [CompareTable.Row] = ParallelRunner.map(jobs) { job in
            let (ecosystem, result) = job.1.run(seed: job.2)
            let summary = SimulationFiles.summary(name: name, mechanism: job.0, seed: job.2, ecosystem: ecosystem,
                                                  result: result, window: window)
            var near: Int?
            if let u = nearUser, u < ecosystem.userCount {
                let x = ecosystem.user(u), d = ecosystem.dimension
                near = (0..<ecosystem.creatorCount).filter { i in
                    let s = result.finalStrategies[(i * d)..<((i + 1) * d)]
                    return zip(s, x).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot() <= radius
                }.count
            }
            return CompareTable.Row(mechanism: job.0, seed: job.2, summary: summary, near: near)
        }
        if let nearUser, let users = rows.first?.summary.users, rows.contains(where: { $0.near == nil }) {
            throw ValidationError("--near-user \(nearUser) is beyond the experiment's \(users) users (indices 0 … \(users - 1))")
        }
        let table = CompareTable.render(rows: rows, name: config.name, tailWindow: config.dynamics.tailWindow, nearUser: nearUser, radius: radius)
        print(table, terminator: "")
        printError(String(format: "twinarm: %d runs in %.1f s", rows.count, Date().timeIntervalSince(started)))
        if let out {
            do {
                let url = UserPath.url(out)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(table.utf8).write(to: url, options: .atomic)
            } catch {
                throw OutputError.writeFailed(path: out, reason: OutputFolder.reason(error))
            }
        }
    }

    /// `--out` must be a new file, or a comparison TwinArm wrote before (unless forced); refused with 73 before any run.
    static func checkOut(_ out: String, force: Bool) throws {
        var isDirectory: ObjCBool = false
        guard !out.isEmpty else { throw OutputError.refused(path: out, reason: "the path is empty; give a file name such as compare.md") }
        guard FileManager.default.fileExists(atPath: out, isDirectory: &isDirectory) else {
            // A new file: its name must fit and its folder must be writable, checked before any run.
            let url = UserPath.url(out)
            guard url.lastPathComponent.utf8.count <= 255 else {
                throw OutputError.refused(path: out, reason: "its name is longer than 255 bytes")
            }
            try OutputFolder.refuseSystemFolder(url.deletingLastPathComponent())
            let parent = url.deletingLastPathComponent().path
            var parentIsFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: parent, isDirectory: &parentIsFolder), !parentIsFolder.boolValue {
                throw OutputError.refused(path: out, reason: "'\(parent)' is a file, not a folder")
            }
            return
        }
        if isDirectory.boolValue {
            throw OutputError.refused(path: out, reason: "it is a folder; --out takes a Markdown file name such as compare.md")
        }
        let text = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        if !force && !(text.hasPrefix("# ") && text.contains(": mechanisms compared")) {
            throw OutputError.refused(path: out, reason: "it is a file TwinArm did not write; choose another name or pass --force to overwrite it")
        }
    }
}
