import Simulation

/// A validated experiment, ready to run: the environment kind picks the concrete generic type.
public enum ConfiguredExperiment: Sendable {
    case toy(OfflineExperiment<ToyEnvironment>)
    case synthetic(OfflineExperiment<SyntheticEnvironment>)

    /// Name of the mechanism it runs.
    public var mechanismName: String {
        switch self {
        case .toy(let e): return e.mechanism.name
        case .synthetic(let e): return e.mechanism.name
        }
    }

    /// Runs it for `seed` with the fast engine.
    public func run(seed: UInt64, threads: Int = 1, progress: ((Int) -> Void)? = nil) -> (ecosystem: Ecosystem<DistanceRelevance>, result: GameResult) {
        switch self {
        case .toy(let e): return e.runFast(seed: seed, threads: threads, progress: progress)
        case .synthetic(let e): return e.runFast(seed: seed, threads: threads, progress: progress)
        }
    }
}
