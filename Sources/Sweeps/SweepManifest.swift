import Foundation

/// A batch of deterministic tasks — a sweep's grid × seeds — as written to `DIR/tasks.json`.
///
/// The manifest holds everything a task needs (the base config's text, its overrides and seed),
/// so any machine that can read the folder can run any task: the local executor, a Slurm array
/// task or a Kubernetes Indexed Job.
public struct SweepManifest: Codable, Sendable, Equatable {
    /// Bumped when the format changes (2: `base` and `aa`, typed overrides by registry key).
    public var format = 2
    public var name: String
    /// The base config, verbatim.
    public var config: String
    /// Values set on the base config before any grid point's (a command's `--days`, `--replicates`,
    /// `--alpha`), as registry keys: every task's config is the file's, then these, then its own.
    public var base: [Override] = []
    /// Every arm past the first two dropped and both on production (``TrialConfig/aa``): an A/A
    /// batch, or a design study's `--aa`.
    public var aa = false
    /// The swept keys and their values, in the order given.
    public var parameters: [SweepParameter]
    public var seeds: [UInt64]
    /// Set for a batch of A/A trials (`twinarm aa`): `collect` then also writes `aa.json`.
    public var calibration: Calibration?
    /// Set for a design study (`twinarm design`): `collect` then writes `design.json`.
    public var design: DesignPlan?
    public var tasks: [SweepTask]

    enum CodingKeys: String, CodingKey { case format, name, config, base, aa, parameters, seeds, calibration, design, tasks }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        format = try c.decode(Int.self, forKey: .format)
        name = try c.decode(String.self, forKey: .name)
        config = try c.decode(String.self, forKey: .config)
        // Format 1 had neither: its tasks set every value by their own overrides.
        base = try c.decodeIfPresent([Override].self, forKey: .base) ?? []
        aa = try c.decodeIfPresent(Bool.self, forKey: .aa) ?? false
        parameters = try c.decode([SweepParameter].self, forKey: .parameters)
        seeds = try c.decode([UInt64].self, forKey: .seeds)
        calibration = try c.decodeIfPresent(Calibration.self, forKey: .calibration)
        design = try c.decodeIfPresent(DesignPlan.self, forKey: .design)
        tasks = try c.decode([SweepTask].self, forKey: .tasks)
    }

    /// What an A/A batch reports with.
    public struct Calibration: Codable, Sendable, Equatable {
        public var alpha: Double
        public var replicates: Int
        public var days: Int
        public init(alpha: Double, replicates: Int, days: Int) {
            self.alpha = alpha
            self.replicates = replicates
            self.days = days
        }
    }

    public init(name: String, config: String, base: [Override] = [], aa: Bool = false, parameters: [SweepParameter], seeds: [UInt64],
                calibration: Calibration? = nil) {
        self.calibration = calibration
        self.name = name
        self.config = config
        self.base = base
        self.aa = aa
        self.parameters = parameters
        self.seeds = seeds
        let content = SweepTask.content(config: config, base: base, aa: aa)
        tasks = SweepGrid.points(parameters).flatMap { overrides in seeds.map { (overrides, $0) } }
            .enumerated().map { index, task in
                SweepTask(index: index, overrides: task.0, seed: task.1, config: content)
            }
    }
}

/// One swept config key (`serving.rankerNoise`, `arms.1.mechanism`) and its values as written.
public struct SweepParameter: Codable, Sendable, Equatable {
    public var key: String
    public var values: [String]
    public init(key: String, values: [String]) {
        self.key = key
        self.values = values
    }
}

/// A config key set to one value.
public struct Override: Codable, Sendable, Hashable {
    public var key: String
    public var value: String
    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

/// One task: a grid point and a seed, with an id derived from its content.
public struct SweepTask: Codable, Sendable, Equatable {
    public var index: Int
    /// 16 hex digits of SHA-256 over the base config, the overrides and the seed: the same task
    /// gets the same id (and folder) in any sweep.
    public var id: String
    public var overrides: [Override]
    public var seed: UInt64

    public init(index: Int, overrides: [Override], seed: UInt64, config: String) {
        self.index = index
        self.overrides = overrides
        self.seed = seed
        var content = "twinarm task 1\n\(config)\n"
        for o in overrides { content += "set \(o.key)=\(o.value)\n" }
        content += "seed \(seed)\n"
        id = String(ContentHash.sha256(Array(content.utf8)).prefix(16))
    }

    /// What a task's id covers besides its own overrides and seed: the base config, the values set
    /// on it, and whether the arms are on production.
    public static func content(config: String, base: [Override], aa: Bool) -> String {
        config + base.map { "\nbase \($0.key)=\($0.value)" }.joined() + (aa ? "\naa" : "")
    }

    /// The task's output folder, relative to the sweep folder.
    public var folder: String { "tasks/\(id)" }

    /// `key=value, …` for messages and tables.
    public var label: String { overrides.map { "\($0.key)=\($0.value)" }.joined(separator: ", ") }
}

/// The grid of a sweep: every combination of the parameters' values, the first parameter
/// varying slowest.
public enum SweepGrid {
    public static func points(_ parameters: [SweepParameter]) -> [[Override]] {
        var points: [[Override]] = [[]]
        for parameter in parameters {
            points = points.flatMap { point in parameter.values.map { point + [Override(key: parameter.key, value: $0)] } }
        }
        return points
    }

    /// Seeds written as `0..7`, `3` or `0,2,5` (or a mix: `0..3,9`).
    public static func seeds(_ text: String) -> [UInt64]? {
        var seeds = [UInt64]()
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = part.components(separatedBy: "..")
            if bounds.count == 2, let lo = UInt64(bounds[0]), let hi = UInt64(bounds[1]), lo <= hi, hi - lo < 100_000 {
                seeds += Array(lo...hi)
                if seeds.count > 100_000 { return nil }
            } else if bounds.count == 1, let seed = UInt64(bounds[0]) {
                seeds.append(seed)
            } else {
                return nil
            }
        }
        // Distinct seeds, at most 100 000 in all.
        return seeds.isEmpty || seeds.count > 100_000 || Set(seeds).count != seeds.count ? nil : seeds
    }
}
