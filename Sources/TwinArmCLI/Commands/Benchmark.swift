import ArgumentParser
import Outputs
import Foundation
import UnitTables
import Simulation
import Trial
import Analysis
import GSL
import Config
import Runs

/// `twinarm benchmark`: one subcommand per thing it times (use a release build).
struct Benchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Time the engines: the offline game, a trial, a whole-platform arm, analyze, or a sweep.",
        discussion: "Build with `swift build -c release` for meaningful figures.",
        subcommands: [Offline.self, TrialBenchmark.self, Platform.self, RetrievalBenchmarkCommand.self, AnalyzeBenchmark.self, SweepBenchmark.self],
        defaultSubcommand: Offline.self
    )

    /// The seed every benchmark runs on.
    struct Seed: ParsableArguments {
        @Option(help: "Random seed.")
        var seed: UInt64 = 0
    }

    /// `benchmark offline`: the synthetic offline game per mechanism.
    struct Offline: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "offline",
            abstract: "Time the offline game per mechanism: wall time, steps/s, evaluations/s.",
            discussion: "Mechanisms run one after another, each on --threads threads."
        )

        @Argument(help: "Experiment config (default: experiments/paper-synthetic.yaml).")
        var config: String = "experiments/paper-synthetic.yaml"

        @Option(help: "Number of LBR steps T (overrides dynamics.steps).")
        var steps: Int?

        @Option(help: "Comma-separated mechanisms.")
        var mechanisms: String = "control,uir,smt,hmt"

        @OptionGroup var seed: Seed

        @Option(help: "Threads per run (default: all cores). Results are identical for any value.")
        var threads: Int = ProcessInfo.processInfo.activeProcessorCount

        func validate() throws {
            guard (1...1024).contains(threads) else { throw ValidationError("--threads must be between 1 and 1024, not \(threads)") }
        }

        func run() throws {
            print("threads: \(threads)")
            print("mechanism  steps  seconds  steps/s  evaluations/s  moves tried  moves accepted  final W (served/default)")
            for name in mechanisms.split(separator: ",").map(String.init) {
                let (config, experiment) = try ExperimentOptions.load(path: self.config, steps: steps, mechanism: name)
                let steps = self.steps ?? config.dynamics.steps
                let clock = ContinuousClock()
                var outcome: (ecosystem: EcosystemShape, result: GameResult)?
                // Progress on standard error (a bar with ETA on a terminal), as `simulate` shows it.
                let bar = ProgressBar(total: steps, label: "\(name) seed \(seed.seed)")
                let elapsed = clock.measure { outcome = experiment.run(seed: seed.seed, threads: threads) { bar.update($0) } }
                bar.finish()
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
                guard let result = outcome?.result else { continue }
                print(String(format: "%-9@  %5d  %7.2f  %7.1f  %13.3e  %11d  %14d  %.4f / %.4f",
                             name, steps, seconds, Double(steps) / seconds, Double(result.evaluations) / seconds,
                             result.proposedMoves, result.acceptedMoves,
                             GameResult.tailMean(result.welfareServed, window: config.dynamics.tailWindow),
                             GameResult.tailMean(result.welfareDefault, window: config.dynamics.tailWindow)))
            }
        }
    }

    /// `benchmark trial`: a whole trial's throughput.
    struct TrialBenchmark: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "trial",
            abstract: "Time a trial config: seconds per market pair, impressions/s and creator moves/s; the median of --runs runs."
        )

        @Argument(help: "Trial config (YAML), e.g. experiments/hmt-three-weeks.yaml.")
        var config: String

        @Option(help: "Market pairs (default: the config's replicates).")
        var replicates: Int?

        @Option(help: "Runs to time; the median is printed last.")
        var runs: Int = 1

        @OptionGroup var seed: Seed

        func validate() throws {
            guard (1...100).contains(runs) else { throw ValidationError("--runs has value \(runs); allowed: 1 to 100") }
        }

        func run() throws {
            var loaded = try LoadedTrial.load(config)
            if let replicates {
                guard let parameter = TrialConfig.parameters["replicates"], parameter.range?.contains(Double(replicates)) ?? false else {
                    throw ValidationError("--replicates has value \(replicates); allowed: \(TrialConfig.parameters["replicates"]?.allowed ?? "")")
                }
                try TypedOverride(parameter: parameter, arm: nil, value: .integer(replicates)).apply(to: &loaded.config)
                loaded = try LoadedTrial(config: loaded.config, text: loaded.text)
            }
            try Benchmark.trial(loaded.spec, runs: runs, seed: seed.seed)
        }
    }

    /// `benchmark platform`: one whole-platform arm.
    struct Platform: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "platform",
            abstract: "Time one whole-platform arm of a trial config (every user and creator, warm-up, pre-period and trial days): seconds, cold-start "
                + "items retrieved/s, recall against exact search and peak memory."
        )

        @Argument(help: "Trial config (YAML), e.g. experiments/hmt-three-weeks.yaml.")
        var config: String

        @Option(help: "The cold-start index (default: the config's serving.coldStartIndex).")
        var index: ServingSpec.ColdStartIndex?

        @Option(help: "Measure recall on every N-th user's cold-start retrieval, every day.")
        var recallStride: Int = 1000

        @Option(help: "Days of the trial proper (default: the config's).")
        var days: Int?

        @Option(help: "Warm-up days (default: the config's warmupDays).")
        var warmupDays: Int?

        @Option(help: "Pre-period days (default: the config's preDays).")
        var preDays: Int?

        @Option(help: "Threads that build users' feeds (default: all cores). Results are identical for any value.")
        var threads: Int = ProcessInfo.processInfo.activeProcessorCount

        @OptionGroup var seed: Seed

        func validate() throws {
            guard (1...1024).contains(threads) else { throw ValidationError("--threads must be between 1 and 1024, not \(threads)") }
            guard (1...100_000_000).contains(recallStride) else { throw ValidationError("--recall-stride must be between 1 and 100000000, not "
                + "\(recallStride)") }
        }

        func run() throws {
            // Days are the config's keys: their ranges are the parameter registry's.
            var values = [(String, Int)]()
            if let days { values.append(("days", days)) }
            if let warmupDays { values.append(("warmupDays", warmupDays)) }
            if let preDays { values.append(("preDays", preDays)) }
            var loaded = try LoadedTrial.load(config)
            for (key, value) in values {
                let option = "--" + key.replacingOccurrences(of: "Days", with: "-days")
                guard let parameter = TrialConfig.parameters[key], parameter.range?.contains(Double(value)) ?? false else {
                    throw ValidationError("\(option) has value \(value); allowed: \(TrialConfig.parameters[key]?.allowed ?? "")")
                }
                try TypedOverride(parameter: parameter, arm: nil, value: .integer(value)).apply(to: &loaded.config)
            }
            loaded = try LoadedTrial(config: loaded.config, text: loaded.text)
            try Benchmark.platform(loaded.spec, index: index, recallStride: recallStride, threads: threads, seed: seed.seed)
        }
    }

    /// `benchmark retrieval`: exact cold-start retrieval against a numpy reference, in one run.
    struct RetrievalBenchmarkCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "retrieval",
            abstract: "Time exact top-k retrieval (OpenBLAS products, threshold select, exact re-score) against numpy's matmul + argpartition on the "
                + "same pool and users, in the same run; prints both and their ratio.",
            discussion: "The defaults are one day of hmt-three-weeks.yaml's whole platform: a 51 000-item cold-start pool, K = 5 % of it (HMT's "
                + "largest), d = 32, measured on 20 000 of its 10⁶ users and scaled to the day."
        )

        @Option(help: "Users searched (the figure is scaled to --platform-users).")
        var users: Int = 20_000

        @Option(help: "Users a day on the platform the per-day figure is scaled to.")
        var platformUsers: Int = 1_000_000

        @Option(help: "Items in the pool.")
        var pool: Int = 51_000

        @Option(help: "Items retrieved per user (default: 5 % of the pool).")
        var k: Int?

        @Option(help: "Embedding dimension.")
        var dimension: Int = 32

        @Option(help: "Threads (default: all cores; numpy uses all cores too).")
        var threads: Int = ProcessInfo.processInfo.activeProcessorCount

        @Option(help: "The numpy reference script.")
        var reference: String = "scripts/retrieval-reference.py"

        @Option(help: "Also time FAISS (flat, IVF and HNSW, each at recall ≥ 0.95) through this script, e.g. scripts/faiss-reference.")
        var faiss: String?

        @OptionGroup var seed: Seed

        func validate() throws {
            guard (1...10_000_000).contains(users) else { throw ValidationError("--users has value \(users); allowed: 1 to 10000000") }
            guard (1...1_000_000_000).contains(platformUsers) else {
                throw ValidationError("--platform-users has value \(platformUsers); allowed: 1 to 1000000000")
            }
            guard (1...100_000_000).contains(pool) else { throw ValidationError("--pool has value \(pool); allowed: 1 to 100000000") }
            guard (1...4096).contains(dimension) else { throw ValidationError("--dimension has value \(dimension); allowed: 1 to 4096") }
            if let k, !(1...pool).contains(k) { throw ValidationError("--k has value \(k); allowed: 1 to the pool (\(pool))") }
            guard (1...1024).contains(threads) else { throw ValidationError("--threads has value \(threads); allowed: 1 to 1024") }
        }

        func run() throws {
            try Benchmark.retrieval(users: users, platformUsers: platformUsers, pool: pool, k: k ?? Swift.max(1, pool / 20), dimension: dimension,
                                    threads: threads, reference: reference, faiss: faiss, seed: seed.seed)
        }
    }

    /// `benchmark analyze`: reading and analysing a generated table.
    struct AnalyzeBenchmark: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "analyze",
                                                        abstract: "Time `analyze` on a generated units.csv of N users per arm (4 weeks): rows/s and peak "
                                                            + "memory.")

        @Argument(help: "Users per arm.")
        var users: Int

        @OptionGroup var seed: Seed

        func run() throws { try Benchmark.analyze(usersPerArm: users, seed: seed.seed) }
    }

    /// `benchmark sweep`: the local executor's throughput.
    struct SweepBenchmark: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sweep",
            abstract: "Time the local sweep executor on a trial config: --tasks seeds on one core (taskset -c 0), then on all cores; tasks/s and the ratio."
        )

        @Argument(help: "Trial config (YAML), e.g. experiments/quickstart.yaml.")
        var config: String

        @Option(help: "Tasks in the sweep.")
        var tasks: Int = 16

        func validate() throws {
            guard (2...10_000).contains(tasks) else { throw ValidationError("--tasks must be between 2 and 10000, not \(tasks)") }
        }

        func run() throws { try Benchmark.sweep(config, tasks: tasks) }
    }
}

extension Benchmark {
    /// Times a whole trial (arms side by side, one core each) and reports its throughput.
    static func trial(_ spec: TrialSpec, runs: Int = 1, seed: UInt64) throws {
        var times = [Double]()
        for run in 1...runs {
            let clock = ContinuousClock()
            var outcome: TrialOutcome?
            let elapsed = clock.measure { outcome = TrialRunner.run(spec, seed: seed) }
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            times.append(seconds)
            // Every market pair's days: the time covers all of them.
            let daily = outcome!.replicates.flatMap { $0.arms.flatMap(\.daily) }
            let impressions = daily.reduce(0) { $0 + $1.impressions }
            let moves = daily.reduce(0) { $0 + $1.movesTried }
            if run == 1 {
                print("trial \(spec.name): \(spec.replicates) market pair(s) of \(spec.arms.count) arms × \(outcome!.split.users.first ?? 0) users × "
                    + "\(outcome!.split.creators.first ?? 0) creators, d = \(spec.population.dimension), \(spec.days) days")
            }
            print(String(format: "seconds %.2f (%.2f per market pair)  impressions %d (%.3e/s)  creator moves %d (%.3e/s)  peak memory %.0f MiB",
                         seconds, seconds / Double(spec.replicates), impressions, Double(impressions) / seconds, moves, Double(moves) / seconds,
                         Self.peakMemoryMiB()))
            let searches = outcome!.replicates.flatMap(\.arms).compactMap(\.establishedSearches)
            let answered = searches.reduce(0) { $0 + $1.answered }, total = searches.reduce(0) { $0 + $1.answered + $1.full }
            if run == 1 && total > 0 {
                print(String(format: "established searches answered from the users' lists %.1f %% (%d of %d; the rest searched the whole catalogue)",
                             100 * Double(answered) / Double(total), answered, total))
                let pending = searches.reduce(0) { $0 + $1.fromPending }, updates = searches.reduce(0) { $0 + $1.fromPending + $1.scanned }
                print(String(format: "lists brought up to date from yesterday's cold-start search %.1f %% (%d of %d; the rest scanned the entering items)",
                             100 * Double(pending) / Double(Swift.max(1, updates)), pending, updates))
                let recorded = searches.reduce(0) { $0 + $1.recorded }, pastHalf = searches.reduce(0) { $0 + $1.pastHalf }
                let overflowed = searches.reduce(0) { $0 + $1.overflowed }
                print(String(format: "pending keys recorded %d times: more than half the slots %.2f %% (%d), more than all of them %.2f %% (%d)",
                             recorded, 100 * Double(pastHalf) / Double(Swift.max(1, recorded)), pastHalf,
                             100 * Double(overflowed) / Double(Swift.max(1, recorded)), overflowed))
            }
        }
        guard runs > 1 else { return }
        let sorted = times.sorted()
        let median = runs % 2 == 1 ? sorted[runs / 2] : (sorted[runs / 2 - 1] + sorted[runs / 2]) / 2
        print(String(format: "median of %d runs: %.2f s (%.2f s per market pair; range %.2f–%.2f s)", runs, median, median / Double(spec.replicates),
                     sorted.first!, sorted.last!))
    }

    /// Times one arm of the config's whole platform — the arm a whole-platform twin runs per core —
    /// and measures its cold-start retrieval against exact search on every `recallStride`-th user.
    static func platform(_ spec: TrialSpec, index: ServingSpec.ColdStartIndex?, recallStride: Int, threads: Int, seed: UInt64) throws {
        var spec = spec
        spec.design = .twin
        spec.split.userFraction = 1
        spec.split.creatorFraction = 1
        spec.replicates = 1
        if let index { spec.serving.coldStartIndex = index }
        let arm = spec.arms.count - 1
        let world = World(spec: spec.population, trialSeed: seed)
        let split = ArmSplit(spec: spec, stream: RandomStream(seed: seed, stream: 101))
        let clock = ContinuousClock()
        let total = spec.warmupDays + spec.preDays + spec.days
        printError("twinarm: benchmark: \(spec.arms[arm].name) arm of \(spec.name)'s whole platform, \(split.users[0]) users × \(split.creators[0]) "
            + "creators, \(total) days, cold-start index \(spec.serving.coldStartIndex.rawValue), \(threads) serving threads")
        var outcome: ArmOutcome?
        let start = Date(), days = spec.days, warmup = spec.warmupDays, pre = spec.preDays, run = spec
        let elapsed = clock.measure {
            outcome = TrialRunner.runArm(arm, spec: run, seed: seed, world: world, split: split, recallStride: recallStride,
                                         servingThreads: threads, simulated: { done in
                // Every simulated day, by its phase: the warm-up's and pre-period's days cost as much as the trial's.
                guard done > 0 else { return printError(String(format: "twinarm: set-up · %.0f s", Date().timeIntervalSince(start))) }
                let (phase, day, of) = done <= warmup ? ("warm-up", done, warmup)
                    : done <= warmup + pre ? ("pre-period", done - warmup, pre) : ("trial", done - warmup - pre, days)
                printError(String(format: "twinarm: %@ day %d/%d · %.0f s", phase, day, of, Date().timeIntervalSince(start)))
            })
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let measure = outcome?.retrieval ?? RetrievalMeasure()
        let daily = outcome?.daily ?? []
        let pool = daily.filter { $0.day > 0 }.map(\.published)
        print("platform \(spec.name): arm \(spec.arms[arm].name), \(split.users[0]) users × \(split.creators[0]) creators, d = "
            + "\(spec.population.dimension), \(total) days (\(spec.warmupDays) warm-up, \(spec.preDays) pre-period, \(spec.days) trial), cold-start index "
            + "\(spec.serving.coldStartIndex.rawValue)\(spec.serving.coldStartIndex == .ivf ? " (\(spec.serving.coldStartProbes) probes)" : ""), "
            + "\(threads) serving threads")
        print(String(format: "seconds %.1f  cold-start pool %.0f items/day  retrieved %ld (%.3e/s)  scored %ld (%.3e/s)  recall %@ (%ld of %ld, every "
            + "%ld-th user)  peak memory %.0f MiB",
                     seconds, pool.isEmpty ? 0 : Double(pool.reduce(0, +)) / Double(pool.count), measure.retrieved, Double(measure.retrieved) / seconds,
                     measure.scored, Double(measure.scored) / seconds, measure.recall.map { String(format: "%.4f", $0) } ?? "—",
                     measure.found, measure.wanted, recallStride, Self.peakMemoryMiB()))
        if let searches = outcome?.establishedSearches {
            let updates = searches.fromPending + searches.scanned
            print(String(format: "established searches answered from the users' lists %.1f %% (%d of %d); lists brought up to date from "
                + "yesterday's cold-start search %.1f %% (%d of %d)", 100 * Double(searches.answered) / Double(Swift.max(1, searches.answered + searches.full)),
                         searches.answered, searches.answered + searches.full, 100 * Double(searches.fromPending) / Double(Swift.max(1, updates)),
                         searches.fromPending, updates))
            print(String(format: "pending keys recorded %d times: more than half the slots %.2f %% (%d), more than all of them %.2f %% (%d)",
                         searches.recorded, 100 * Double(searches.pastHalf) / Double(Swift.max(1, searches.recorded)), searches.pastHalf,
                         100 * Double(searches.overflowed) / Double(Swift.max(1, searches.recorded)), searches.overflowed))
        }
    }

    /// Times exact top-k retrieval of `users` random unit tastes against a `pool` of random unit
    /// items, in process, then the numpy reference on the same vectors (written to a temporary
    /// folder it reads), and prints both, scaled to `platformUsers` a day, and their ratio.
    static func retrieval(users m: Int, platformUsers: Int, pool n: Int, k: Int, dimension d: Int, threads: Int, reference: String,
                          faiss: String? = nil, seed: UInt64) throws {
        func unitRows(_ count: Int, stream: RandomStream) -> [Float] {
            var rows = [Float](repeating: 0, count: count * d)
            for r in 0..<count {
                var n2 = 0.0
                for c in 0..<d { let g = stream.gaussian(); rows[r * d + c] = Float(g); n2 += g * g }
                let scale = Float(1 / n2.squareRoot())
                for c in 0..<d { rows[r * d + c] *= scale }
            }
            return rows
        }
        let items = unitRows(n, stream: RandomStream(seed: seed, stream: 1)), tastes = unitRows(m, stream: RandomStream(seed: seed, stream: 2))
        print("retrieval: exact top \(k) of a \(n)-item pool for \(m) users, d = \(d), \(threads) threads; "
              + (RetrievalBlocking.standard.usesBFloat16 ? "the fused AVX-512 kernel on bfloat16 rows (AVX512-BF16), re-scored exactly"
                 : RetrievalBlocking.standard.usesFusedKernel ? "the fused AVX-512 kernel" : BLAS.configuration))
        let twinarm = RetrievalBenchmark.exactTopK(pool: items, users: tastes, dimension: d, k: k, threads: threads)
        let scale = Double(platformUsers) / Double(m)
        print(String(format: "twinarm  seconds %.3f  (%.1f s a day for %d users)  %.3e multiply-adds/s", twinarm.seconds, twinarm.seconds * scale,
                     platformUsers, Double(m) * Double(n) * Double(d) / twinarm.seconds))
        guard FileManager.default.fileExists(atPath: reference) else {
            print("numpy    not run: \(reference) not found (run from the repository, or pass --reference)")
            return
        }
        // A new folder of its own (creation fails if the name exists), so the cleanup removes only what it wrote.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("twinarm-retrieval-\(UUID().uuidString)")
        let interrupts = InterruptGuard()
        try interrupts.step(staging: folder) { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false) }
        defer { try? FileManager.default.removeItem(at: folder) }
        try items.withUnsafeBytes { try Data($0).write(to: folder.appendingPathComponent("pool.f32")) }
        try tastes.withUnsafeBytes { try Data($0).write(to: folder.appendingPathComponent("users.f32")) }
        func launch(_ arguments: [String]) throws -> (status: Int32, output: String) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = arguments
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return (process.terminationStatus, output.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let numpy = try launch(["python3", reference, folder.path, String(d), String(k)])
        let fields = numpy.output.split(whereSeparator: { $0 == " " || $0 == "\n" })
        if numpy.status == 0, fields.count >= 2, fields[0] == "seconds", let seconds = Double(fields[1]) {
            print(String(format: "numpy    seconds %.3f  (%.1f s a day for %d users)", seconds, seconds * scale, platformUsers))
            print(String(format: "ratio    twinarm / numpy = %.2f", twinarm.seconds / seconds))
        } else {
            print("numpy    failed (exit \(numpy.status)): \(numpy.output)")
        }
        guard let faiss else { return }
        // FAISS's own lines: index, parameters, build and search seconds, recall against exact search.
        let run = try launch([faiss, folder.path, String(d), String(k), String(threads)])
        for line in run.output.split(separator: "\n") { print("faiss    \(line)") }
        if run.status != 0 { print("faiss    failed (exit \(run.status))") }
    }


    static func peakMemoryMiB() -> Double {
        var usage = rusage()
        #if os(Linux)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        return Double(usage.ru_maxrss) / 1024
    }

    /// Writes a units.csv of `usersPerArm` users per arm (two arms, weeks 0–4) and a tenth as many
    /// creators to a temporary folder, then times reading and analysing it as `analyze` does.
    static func analyze(usersPerArm: Int, seed: UInt64) throws {
        guard usersPerArm >= 2 && usersPerArm <= 100_000_000 else { throw ValidationError("users per arm must be between 2 and 100000000, not \(usersPerArm)") }
        let temporary = FileManager.default.temporaryDirectory
        // About 5 rows of ~40 bytes per user and arm: refuse a table that would fill half the free space.
        let needed = Double(usersPerArm) * 2 * 5 * 45
        if let free = (try? FileManager.default.attributesOfFileSystem(forPath: temporary.path))?[.systemFreeSize] as? NSNumber,
           needed > 0.5 * free.doubleValue {
            throw ValidationError(String(format: "%d users per arm need about %.1f GiB in %@, which has %.1f GiB free; give fewer users per arm",
                                         usersPerArm, needed / 1_073_741_824, temporary.path, free.doubleValue / 1_073_741_824))
        }
        let folder = temporary.appendingPathComponent("twinarm-bench-\(ProcessInfo.processInfo.processIdentifier)")
        // Ctrl-C or SIGTERM removes the table too (the guard treats it as its staging folder).
        let interrupts = InterruptGuard()
        try interrupts.step(staging: folder) { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("units.csv")
        let rows = try SyntheticUnitTable.write(to: file, usersPerArm: usersPerArm, seed: seed)
        let bytes = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0
        let clock = ContinuousClock()
        var report: AnalysisReport?
        var outcome: UnitTableStream.Outcome?
        let elapsed = try clock.measure {
            outcome = try UnitTableStream().read(.units(file.path))
            report = try TrialAnalysis.analyze(outcome!.statistics)
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        print("analyze: \(usersPerArm) users per arm × 5 periods, \(rows) rows (\(bytes >> 20) MiB), \(outcome!.units) units, \(report?.tests.count ?? 0) "
            + "tests, \(ProcessInfo.processInfo.activeProcessorCount) cores")
        print(String(format: "seconds %.2f  rows %d (%.3e/s)  peak memory %.0f MiB  (unit ledger %.0f MiB)", seconds, rows, Double(rows) / seconds,
                     Self.peakMemoryMiB(), Double(outcome!.ledgerBytes) / 1048576))
    }
}

extension ServingSpec.ColdStartIndex: ExpressibleByArgument {}
