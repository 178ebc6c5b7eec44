import GSL

/// One fully specified offline run: an environment, the grouping, the game and a seed.
///
/// Every random ingredient has its own stream derived from the seed — the ecosystem (0),
/// the grouping (1) and the creator dynamics (2) — so changing the mechanism leaves the
/// ecosystem and the groups unchanged.
public struct OfflineExperiment<Env: Environment>: Sendable {
    public var environment: Env
    public var grouping: Grouping
    public var steps: Int
    public var eta: Double
    public var k: Int
    public var beta: Double
    public var mechanism: any Mechanism
    public var reweighting: AdaptiveReweighting?
    public var epochLength: Int
    /// Starting weight per group; `nil` means 1 for every group.
    public var initialWeights: [Double]?
    public var tailWindow: Int

    public init(environment: Env, grouping: Grouping, steps: Int, eta: Double, k: Int, beta: Double,
                mechanism: any Mechanism, reweighting: AdaptiveReweighting?, epochLength: Int,
                initialWeights: [Double]? = nil, tailWindow: Int = 100) {
        self.environment = environment
        self.grouping = grouping
        self.steps = steps
        self.eta = eta
        self.k = k
        self.beta = beta
        self.mechanism = mechanism
        self.reweighting = reweighting
        self.epochLength = epochLength
        self.initialWeights = initialWeights
        self.tailWindow = tailWindow
    }

    /// The ecosystem and groups for `seed`.
    public func prepare(seed: UInt64) -> (ecosystem: Ecosystem<Env.Relevance>, spec: GameSpec) {
        let ecosystem = environment.makeEcosystem(stream: RandomStream(seed: seed, stream: 0))
        let (groups, count) = grouping.assign(ecosystem, stream: RandomStream(seed: seed, stream: 1))
        let spec = GameSpec(steps: steps, eta: eta,
                            defaults: MatchingDefaults(k: k, beta: beta, poolSize: ecosystem.creatorCount),
                            mechanism: mechanism, reweighting: reweighting, epochLength: epochLength,
                            groups: groups, initialWeights: initialWeights ?? [Double](repeating: 1, count: count),
                            tailWindow: tailWindow)
        return (ecosystem, spec)
    }

    /// Runs the experiment for `seed` on market implementation `Engine`.
    public func run<Engine: MarketEngine>(seed: UInt64, engine: Engine.Type, threads: Int = 1,
                                          progress: ((Int) -> Void)? = nil) -> (ecosystem: Ecosystem<Env.Relevance>, result: GameResult)
    where Engine.Relevance == Env.Relevance {
        let (ecosystem, spec) = prepare(seed: seed)
        let result = OfflineGame.run(engine, ecosystem: ecosystem, spec: spec,
                                     stream: RandomStream(seed: seed, stream: 2), threads: threads, progress: progress)
        return (ecosystem, result)
    }
}

extension OfflineExperiment where Env.Relevance == DistanceRelevance {
    /// Runs the experiment for `seed` on the fast market.
    ///
    /// Declared here, inside the module that owns the engine, so the optimiser specialises the
    /// whole game for `DistanceRelevance` instead of calling σ through a witness table.
    public func runFast(seed: UInt64, threads: Int = 1, progress: ((Int) -> Void)? = nil) -> (ecosystem: Ecosystem<DistanceRelevance>, result: GameResult) {
        run(seed: seed, engine: FastMarket<DistanceRelevance>.self, threads: threads, progress: progress)
    }
}

extension OfflineExperiment where Env.Relevance == DotProductRelevance {
    /// Runs the experiment for `seed` on the fast market, specialised for `DotProductRelevance` (the ratings environment).
    public func runFast(seed: UInt64, threads: Int = 1, progress: ((Int) -> Void)? = nil) -> (ecosystem: Ecosystem<DotProductRelevance>, result: GameResult) {
        run(seed: seed, engine: FastMarket<DotProductRelevance>.self, threads: threads, progress: progress)
    }
}
