import Testing
import GSL
import Simulation

/// The fast market must reproduce the reference market's trajectory exactly (same seed).
@Suite("Fast and reference engines agree")
struct EngineEquivalenceTests {
    static let mechanisms: [(String, any Mechanism)] = [
        ("control", Control()),
        ("uir", UserImportanceReweighting()),
        ("smt", SoftMatchingTruncation()),
        ("hmt", HardMatchingTruncation()),
        ("hmt-percentile", HardMatchingTruncation(mapping: .percentile(StepTable.hmtPercentiles))),
    ]

    static func experiment(_ mechanism: any Mechanism, k: Int = 4, beta: Double = 0.1, creators: Int = 10) -> OfflineExperiment<SyntheticEnvironment> {
        OfflineExperiment(
            environment: SyntheticEnvironment(dimension: 3, clusterSizes: [18, 9, 5, 3, 2], creators: creators),
            grouping: .kMeans(groups: 4, maxIterations: 50), steps: 30, eta: 0.2, k: k, beta: beta,
            mechanism: mechanism, reweighting: AdaptiveReweighting(alphaEarly: 2, alphaLate: 1), epochLength: 3)
    }

    @Test("identical trajectories for every mechanism", arguments: 0..<5)
    func identicalTrajectories(mechanismIndex: Int) {
        let (name, mechanism) = Self.mechanisms[mechanismIndex]
        for seed: UInt64 in [1, 2] {
            let fast = Self.experiment(mechanism).run(seed: seed, engine: FastMarket<DistanceRelevance>.self).result
            let plain = Self.experiment(mechanism).run(seed: seed, engine: ReferenceMarket<DistanceRelevance>.self).result
            #expect(fast.finalStrategies == plain.finalStrategies, "\(name) seed \(seed): strategies differ")
            #expect(fast.acceptedMoves == plain.acceptedMoves, "\(name) seed \(seed)")
            #expect(fast.finalWeights.count == plain.finalWeights.count && fast.welfareServed.count == plain.welfareServed.count)
            #expect(fast.finalWeights == plain.finalWeights || zip(fast.finalWeights, plain.finalWeights).allSatisfy { abs($0 - $1) < 1e-12 })
            for (a, b) in zip(fast.welfareServed, plain.welfareServed) { #expect(abs(a - b) < 1e-12, "\(name) served") }
            #expect(fast.welfareDefault.count == plain.welfareDefault.count && !fast.welfareDefault.isEmpty)
            for (a, b) in zip(fast.welfareDefault, plain.welfareDefault) { #expect(abs(a - b) < 1e-12, "\(name) default") }
            #expect(fast.acceptedMoves > 0 && fast.acceptedMoves < fast.proposedMoves, "the test must exercise both outcomes")
        }
    }

    /// With many more creators than a user's list keeps, creators leave, join and refill lists.
    @Test("identical trajectories when lists hold only part of the creators", arguments: 0..<5)
    func partialLists(mechanismIndex: Int) {
        let (name, mechanism) = Self.mechanisms[mechanismIndex]
        let fast = Self.experiment(mechanism, k: 2, creators: 30).run(seed: 4, engine: FastMarket<DistanceRelevance>.self).result
        let plain = Self.experiment(mechanism, k: 2, creators: 30).run(seed: 4, engine: ReferenceMarket<DistanceRelevance>.self).result
        #expect(fast.finalStrategies == plain.finalStrategies, "\(name)")
        #expect(fast.acceptedMoves == plain.acceptedMoves, "\(name)")
        #expect(fast.welfareDefault.count == plain.welfareDefault.count && !fast.welfareDefault.isEmpty)
        for (a, b) in zip(fast.welfareDefault, plain.welfareDefault) { #expect(abs(a - b) < 1e-12, "\(name) default") }
    }

    /// Parallel windows of tries must not change a single decision.
    @Test("two threads give the single-thread trajectory")
    func threadsDoNotChangeResults() {
        for (name, mechanism) in [Self.mechanisms[0], Self.mechanisms[3]] {
            let one = Self.experiment(mechanism, k: 3, creators: 24).run(seed: 5, engine: FastMarket<DistanceRelevance>.self, threads: 1).result
            let two = Self.experiment(mechanism, k: 3, creators: 24).run(seed: 5, engine: FastMarket<DistanceRelevance>.self, threads: 2).result
            #expect(one == two, "\(name)")
        }
    }

    /// The dot-product relevance takes the generic (non-vectorised) selection path.
    @Test("identical trajectories with dot-product relevance")
    func dotProduct() {
        let source = SyntheticEnvironment(dimension: 4, clusterSizes: [12, 8, 4], creators: 14).makeEcosystem(stream: RandomStream(seed: 9))
        let ecosystem = Ecosystem(dimension: 4, users: source.users, initialStrategies: source.initialStrategies,
                                  relevance: DotProductRelevance(), strategySet: .ball(radius: 1))
        let spec = GameSpec(steps: 25, eta: 0.3, defaults: MatchingDefaults(k: 3, beta: 0.05, poolSize: 14),
                            mechanism: HardMatchingTruncation(), reweighting: AdaptiveReweighting(alphaEarly: 3, alphaLate: 1),
                            epochLength: 2, groups: (0..<24).map { $0 % 3 }, initialWeights: [1, 1, 1])
        let fast = OfflineGame.run(FastMarket<DotProductRelevance>.self, ecosystem: ecosystem, spec: spec, stream: RandomStream(seed: 1))
        let plain = OfflineGame.run(ReferenceMarket<DotProductRelevance>.self, ecosystem: ecosystem, spec: spec, stream: RandomStream(seed: 1))
        #expect(fast.finalStrategies == plain.finalStrategies)
        #expect(fast.acceptedMoves == plain.acceptedMoves && fast.acceptedMoves > 0)
        #expect(fast.welfareServed.count == plain.welfareServed.count && !fast.welfareServed.isEmpty)
        for (a, b) in zip(fast.welfareServed, plain.welfareServed) { #expect(abs(a - b) < 1e-12) }
    }

    @Test("agree with K ≥ n, K = 1 and tiny β")
    func edgeParameters() {
        for (k, beta) in [(50, 0.1), (1, 0.1), (3, 1e-6), (10, 0.0)] {
            let fast = Self.experiment(HardMatchingTruncation(), k: k, beta: beta).run(seed: 3, engine: FastMarket<DistanceRelevance>.self).result
            let plain = Self.experiment(HardMatchingTruncation(), k: k, beta: beta).run(seed: 3, engine: ReferenceMarket<DistanceRelevance>.self).result
            #expect(fast.finalStrategies == plain.finalStrategies, "k=\(k) beta=\(beta)")
            #expect(fast.welfareServed.count == plain.welfareServed.count && !fast.welfareServed.isEmpty)
            for (a, b) in zip(fast.welfareServed, plain.welfareServed) { #expect(abs(a - b) < 1e-9, "k=\(k) beta=\(beta)") }
        }
    }
}
