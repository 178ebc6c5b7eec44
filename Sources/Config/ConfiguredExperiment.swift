import Simulation

/// A validated experiment, ready to run: the environment kind picks the concrete generic type.
public enum ConfiguredExperiment: Sendable {
    case toy(OfflineExperiment<ToyEnvironment>)
    case synthetic(OfflineExperiment<SyntheticEnvironment>)
    case ratings(OfflineExperiment<RatingsEnvironment>)

    /// Name of the mechanism it runs.
    public var mechanismName: String {
        switch self {
        case .toy(let e): return e.mechanism.name
        case .synthetic(let e): return e.mechanism.name
        case .ratings(let e): return e.mechanism.name
        }
    }

    /// Runs it for `seed` with the fast engine.
    public func run(seed: UInt64, threads: Int = 1, progress: ((Int) -> Void)? = nil) -> (ecosystem: EcosystemShape, result: GameResult) {
        switch self {
        case .toy(let e):
            let (ecosystem, result) = e.runFast(seed: seed, threads: threads, progress: progress)
            return (ecosystem.shape, result)
        case .synthetic(let e):
            let (ecosystem, result) = e.runFast(seed: seed, threads: threads, progress: progress)
            return (ecosystem.shape, result)
        case .ratings(let e):
            let (ecosystem, result) = e.runFast(seed: seed, threads: threads, progress: progress)
            return (ecosystem.shape, result)
        }
    }
}
