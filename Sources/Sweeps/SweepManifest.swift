import Foundation

/// A batch of deterministic tasks — a sweep's grid × seeds — as written to `DIR/tasks.json`.
///
/// The manifest holds everything a task needs (the base config's text, its overrides and seed),
/// so any machine that can read the folder can run any task: the local executor, a Slurm array
/// task or a Kubernetes Indexed Job.
public struct SweepManifest: Codable, Sendable, Equatable {
    /// Bumped when the format changes.
    public var format = 1
    public var name: String
    /// The base config, verbatim.
    public var config: String
    /// The swept keys and their values, in the order given.
    public var parameters: [SweepParameter]
    public var seeds: [UInt64]
    /// Set for a batch of A/A trials (`twinarm aa`): `collect` then also writes `aa.json`.
    public var calibration: Calibration?
    /// Set for a design study (`twinarm design`): `collect` then writes `design.json`.
    public var design: DesignPlan?
    public var tasks: [SweepTask]

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

    public init(name: String, config: String, parameters: [SweepParameter], seeds: [UInt64], calibration: Calibration? = nil) {
        self.calibration = calibration
        self.name = name
        self.config = config
        self.parameters = parameters
        self.seeds = seeds
        tasks = SweepGrid.points(parameters).flatMap { overrides in seeds.map { (overrides, $0) } }
            .enumerated().map { index, task in
                SweepTask(index: index, overrides: task.0, seed: task.1, config: config)
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
