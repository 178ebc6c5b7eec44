import Foundation
import Analysis
import GSL
import Testing
import Simulation
@testable import Config
import Trial

@Suite("Config decoding")
struct ConfigTests {
    @Test func shippedConfigsValidate() throws {
        for path in ["experiments/paper-toy.yaml", "experiments/paper-synthetic.yaml"] {
            let config = try ConfigLoader.load(path: path)
            _ = try config.makeExperiment()
        }
    }

    @Test func errorsNameFieldValueAndAllowed() throws {
        let base = "environment: {kind: toy}\n"
        #expect(throws: ConfigError.invalidValue(field: "matching.k", value: "0", allowed: "an integer between 1 and 10000000")) {
            try ConfigLoader.decode(base + "matching: {k: 0}").makeExperiment()
        }
        #expect(throws: ConfigError.unknownKey(field: "dynamics.stepz", allowed: ["steps", "eta", "tailWindow"])) {
            try ConfigLoader.decode(base + "dynamics: {stepz: 3}")
        }
        #expect(throws: ConfigError.invalidValue(field: "environment.kind", value: "'cube'", allowed: "toy, synthetic, ratings")) {
            try ConfigLoader.decode("environment: {kind: cube}")
        }
        #expect(throws: ConfigError.unknownKey(field: "environment.clusterSizes",
                                               allowed: ["kind", "creators", "relevanceOffset", "relevanceScale",
                                                         "users", "startFrom", "startTo", "startJitter"])) {
            try ConfigLoader.decode("environment: {kind: toy, clusterSizes: [3]}")
        }
        #expect(throws: ConfigError.invalidValue(field: "--mechanism", value: "'abc'", allowed: "control, uir, smt, hmt, newitem, exposure, bandit")) {
            try ConfigLoader.decode(base).makeExperiment(.init(mechanism: "abc"))
        }
        #expect(throws: ConfigError.invalidValue(field: "reweighting.initialWeights", value: "[1.0, 2.0]",
                                                 allowed: "a list of 5 positive weights, one per group")) {
            try ConfigLoader.decode(base + "reweighting: {groups: perUser, initialWeights: [1, 2]}").makeExperiment()
        }
        #expect(ConfigError.malformed(path: "x", reason: "r").exitCode == 65)
        #expect(ConfigError.fileNotFound(path: "x").exitCode == 64)
    }
}

@Suite("Trial config decoding")
struct TrialConfigTests {
    let arms = "arms: [{name: a, mechanism: control}, {name: b, mechanism: hmt}]\n"

    /// The looks, the margins and the world's seed: defaults, values, and one-line refusals.
    @Test func sequentialMarginsAndWorldSeed() throws {
        let defaults = try ConfigLoader.decode(TrialConfig.self, text: arms)
        #expect(defaults.sequential == SequentialPlan(method: .obrienFleming, looks: .daily, information: .calendar))
        #expect(defaults.guardrails == MetricMargins([.ltr: -0.005]) && defaults.superiority.isEmpty)
        #expect(defaults.population.worldSeed == .trial && defaults.population.worldSeed(trial: 9) == 9)
        let set = try ConfigLoader.decode(TrialConfig.self, text: arms + """
            sequential: {method: msprt, looks: [7, 14]}
            guardrails: {topics: -0.01}
            superiority: {coldStartImpressions: 0.05}
            population: {worldSeed: 5}
            """)
        #expect(set.sequential == SequentialPlan(method: .msprt, looks: .days([7, 14])))
        // The file's mapping replaces the default whole: LTR's default guardrail is gone.
        #expect(set.guardrails == MetricMargins([.topics: -0.01]) && set.superiority == MetricMargins([.coldStartImpressions: 0.05]))
        #expect(set.population.worldSeed == .fixed(5) && set.population.worldSeed(trial: 9) == 5)
        _ = try set.makeSpec()
        #expect(throws: ConfigError.invalidValue(field: "guardrails.ltr", value: "0.01",
                                                 allowed: "a relative margin in (-1, 0], e.g. -0.005 (a fall of 0.5 %)")) {
            try ConfigLoader.decode(TrialConfig.self, text: arms + "guardrails: {ltr: 0.01}").makeSpec()
        }
        #expect(throws: ConfigError.invalidValue(field: "superiority.topics", value: "-0.1",
                                                 allowed: "a relative margin in [0, 10), e.g. 0.02 (a rise of 2 %)")) {
            try ConfigLoader.decode(TrialConfig.self, text: arms + "superiority: {topics: -0.1}").makeSpec()
        }
        #expect(throws: ConfigError.invalidValue(field: "guardrails.exposureGini", value: "0.1",
            allowed: "a margin on a headline metric: ltr, coldStartImpressions, freshImpressions, topics, creatorDAU")) {
            try ConfigLoader.decode(TrialConfig.self, text: arms + "guardrails: {exposureGini: 0.1}").makeSpec()
        }
        #expect(throws: ConfigError.invalidValue(field: "sequential.looks", value: "30", allowed: "days between 1 and the trial's 21")) {
            try ConfigLoader.decode(TrialConfig.self, text: arms + "sequential: {looks: [7, 30]}").makeSpec()
        }
        #expect(throws: ConfigError.self) { try ConfigLoader.decode(TrialConfig.self, text: arms + "guardrails: {ltrr: -0.01}") }
        #expect(throws: ConfigError.self) { try ConfigLoader.decode(TrialConfig.self, text: arms + "sequential: {method: bonferroni}") }
        #expect(throws: ConfigError.self) { try ConfigLoader.decode(TrialConfig.self, text: arms + "population: {worldSeed: -3}") }
    }

    /// A fixed world seed draws the same world for every trial seed; without one each seed draws its own.
    @Test func aFixedWorldSeedFixesTheWorld() throws {
        var spec = PopulationSpec()
        spec.dimension = 8
        spec.topics = 5
        let free = (World(spec: spec, trialSeed: 1), World(spec: spec, trialSeed: 2))
        #expect(free.0.topicCentroids != free.1.topicCentroids)
        spec.worldSeed = .fixed(7)
        let fixed = (World(spec: spec, trialSeed: 1), World(spec: spec, trialSeed: 2))
        #expect(fixed.0.topicCentroids == fixed.1.topicCentroids && fixed.0.countryTastes == fixed.1.countryTastes)
    }

    @Test func unwrittenFieldsKeepTheSpecDefaults() throws {
        let config = try ConfigLoader.decode(TrialConfig.self, text: arms)
        let spec = try config.makeSpec()
        #expect(spec.population == PopulationSpec() && spec.split == SplitSpec())
        #expect(spec.serving == ServingSpec() && spec.platform == PlatformSpec())
        #expect(spec.creators == CreatorSpec() && spec.users == UserSpec())
        #expect(spec.design == .symmetric && spec.warmupDays == 7 && spec.days == 21 && spec.replicates == 4)
        // A written field replaces its default and leaves its neighbours alone.
        let edited = try ConfigLoader.decode(TrialConfig.self,
            text: arms + "design: twin\nserving: {rankerNoise: 0}\ncreators: {adaptation: lbr, utilitySample: all}\n")
        #expect(edited.design == .twin && edited.serving.rankerNoise == 0 && edited.serving.newItemNoise == ServingSpec().newItemNoise)
        #expect(edited.creators.adaptation == .lbr && edited.creators.utilitySample == .all)
    }

    @Test func shippedTrialConfigsValidate() throws {
        for name in ["quickstart", "twin-perfect-ranker", "hmt-three-weeks", "aa-three-weeks", "three-weeks-small"] {
            let config = try ConfigLoader.decode(TrialConfig.self, text: try ConfigLoader.read(path: "experiments/\(name).yaml"))
            _ = try config.makeSpec()
        }
    }

    @Test func errorsNameFieldValueAndAllowed() throws {
        #expect(throws: ConfigError.unknownKey(field: "serving.rankerNoize", allowed: [
            "productionPercentile", "coldStartDays", "coldStartImpressions", "retrievalNoise", "establishedCandidates", "catalogueDays",
            "followCandidates", "followReach", "followBonus", "probeTopics", "establishedIndex", "coldStartIndex", "coldStartProbes",
            "rankerNoise", "newItemNoise", "explorationBonus", "selection", "beta"])) {
            try ConfigLoader.decode(TrialConfig.self, text: arms + "serving: {rankerNoize: 0}")
        }
        #expect(throws: ConfigError.invalidValue(field: "design", value: "that cannot be read",
            allowed: "one of symmetric, twin, user, creator, two-sided (got 'tw1n')")) {
            try ConfigLoader.decode(TrialConfig.self, text: arms + "design: tw1n")
        }
        #expect(throws: ConfigError.invalidValue(field: "creators.adaptation", value: "that cannot be read",
                                                 allowed: "one of feedback, lbr (got 'gradient')")) {
            try ConfigLoader.decode(TrialConfig.self, text: arms + "creators: {adaptation: gradient}")
        }
        #expect(throws: ConfigError.missingKey(field: "arms", allowed: "a list of arms, each with name: and mechanism:")) {
            try ConfigLoader.decode(TrialConfig.self, text: "days: 3")
        }
        #expect(throws: ConfigError.invalidValue(field: "serving.rankerNoise", value: "nan", allowed: "a number between 0 and 100 (0: a perfect ranker)")) {
            try ConfigLoader.decode(TrialConfig.self, text: arms + "serving: {rankerNoise: .nan}").makeSpec()
        }
        #expect(throws: ConfigError.invalidValue(field: "population.followersMedian", value: "inf", allowed: "a number > 0 and at most 1e9")) {
            try ConfigLoader.decode(TrialConfig.self, text: arms + "population: {followersMedian: .inf}").makeSpec()
        }
        #expect(throws: ConfigError.invalidValue(field: "creators.utilitySample", value: "that cannot be read", allowed: "an integer ≥ 1, or all")) {
            try ConfigLoader.decode(TrialConfig.self, text: arms + "creators: {utilitySample: some}")
        }
    }

    @Test func theExposureBlockIsCheckedAndReachesTheMechanism() throws {
        func spec(_ arm: String) throws -> TrialSpec {
            try ConfigLoader.decode(TrialConfig.self, text: "arms:\n  - {name: control, mechanism: control}\n  - \(arm)\n").makeSpec()
        }
        let made = try spec("{name: e, mechanism: exposure, exposure: {target: creator, share: 0.5, step: 0.1, ceiling: 2}}")
        #expect(made.arms[1].mechanism as? ProviderExposure == ProviderExposure(target: .creator, share: 0.5, step: 0.1, ceiling: 2))
        #expect(try spec("{name: e, mechanism: exposure}").arms[1].mechanism as? ProviderExposure == ProviderExposure())
        #expect(throws: ConfigError.invalidValue(field: "arms[1].exposure", value: "a block", allowed: "only with mechanism: exposure")) {
            try spec("{name: e, mechanism: hmt, exposure: {share: 0.5}}")
        }
        #expect(throws: ConfigError.invalidValue(field: "arms[1].exposure.target", value: "'popular'", allowed: "nonPopular, creator")) {
            try spec("{name: e, mechanism: exposure, exposure: {target: popular}}")
        }
        #expect(throws: ConfigError.invalidValue(field: "arms[1].exposure.share", value: "1.5",
            allowed: "a share of impressions between 0.001 and 1 (target nonPopular)")) {
            try spec("{name: e, mechanism: exposure, exposure: {target: nonPopular, share: 1.5}}")
        }
        #expect(throws: ConfigError.unknownKey(field: "arms[1].exposure.shares", allowed: ["target", "share", "step", "ceiling"])) {
            try spec("{name: e, mechanism: exposure, exposure: {shares: 0.5}}")
        }
    }

    @Test func theBanditBlockIsCheckedAndReachesTheMechanism() throws {
        func spec(_ arm: String) throws -> TrialSpec {
            try ConfigLoader.decode(TrialConfig.self, text: "arms:\n  - {name: control, mechanism: control}\n  - \(arm)\n").makeSpec()
        }
        let made = try spec("{name: b, mechanism: bandit, bandit: {userWeight: 2, creatorWeight: 0, platformWeight: 0.5, exploration: 0.1, ridge: 4}}")
        #expect(made.arms[1].mechanism as? ContextualBandit
                == ContextualBandit(weights: .init(user: 2, creator: 0, platform: 0.5), exploration: 0.1, ridge: 4))
        #expect(try spec("{name: b, mechanism: bandit}").arms[1].mechanism as? ContextualBandit == ContextualBandit())
        #expect(throws: ConfigError.invalidValue(field: "arms[1].bandit", value: "a block", allowed: "only with mechanism: bandit")) {
            try spec("{name: b, mechanism: exposure, bandit: {ridge: 2}}")
        }
        #expect(throws: ConfigError.invalidValue(field: "arms[1].bandit.creatorWeight", value: "-1.0", allowed: "a weight between 0 and 100")) {
            try spec("{name: b, mechanism: bandit, bandit: {creatorWeight: -1}}")
        }
        #expect(throws: ConfigError.invalidValue(field: "arms[1].bandit.ridge", value: "0.0", allowed: "a ridge between 1e-6 and 1000000")) {
            try spec("{name: b, mechanism: bandit, bandit: {ridge: 0}}")
        }
    }

    /// `population.embeddings`: users' tastes and creators' content come from the file's vectors
    /// (normalised); the file's dimension must be the population's; a missing file is exit 66's error.
    @Test func embeddingsFileDrawsTastesAndContentFromItsVectors() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("twinarm-embeddings-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("e.csv")
        let text = EmbeddingsFile.text(dimension: 2, users: [3, 4, 0, 2, -1, 0], userIDs: ["a", "b", "c"], items: [0, -5, 1, 1], itemIDs: ["x", "y"])
        try text.write(to: file, atomically: true, encoding: .utf8)
        func spec(_ population: String) throws -> TrialSpec {
            try ConfigLoader.decode(TrialConfig.self,
                text: "population: {\(population)}\narms:\n  - {name: control, mechanism: control}\n  - {name: h, mechanism: hmt}\n").makeSpec()
        }
        let made = try spec("users: 2000, creators: 2000, dimension: 2, topics: 3, embeddings: \(file.path)")
        let tastes = try #require(made.tastes)
        #expect(tastes.users == [0.6, 0.8, 0, 1, -1, 0] && tastes.itemCount == 2)
        let world = World(spec: made.population, stream: RandomStream(seed: 1, stream: 100))
        let population = ArmPopulation(spec: made.population, world: world, users: 50, creators: 20, stream: RandomStream(seed: 1), tastes: tastes)
        let userRows = Set((0..<3).map { [tastes.users[2 * $0], tastes.users[2 * $0 + 1]] })
        let itemRows = Set((0..<2).map { [tastes.items[2 * $0], tastes.items[2 * $0 + 1]] })
        #expect((0..<50).allSatisfy { userRows.contains([population.userTaste[2 * $0], population.userTaste[2 * $0 + 1]]) })
        #expect((0..<20).allSatisfy { itemRows.contains([population.creatorStart[2 * $0], population.creatorStart[2 * $0 + 1]]) })
        #expect(Set((0..<50).map { population.userTaste[2 * $0] }).count == 3, "every user vector is drawn")
        #expect(throws: ConfigError.invalidValue(field: "population.dimension", value: "4",
            allowed: "the embeddings file's dimension (2) when population.embeddings is set")) {
            try spec("dimension: 4, embeddings: \(file.path)")
        }
        #expect(throws: ConfigError.inputNotFound(path: folder.appendingPathComponent("none.csv").path,
                                                  what: "embeddings file (population.embeddings); write one with `twinarm ratings FILE --embeddings PATH`")) {
            try spec("dimension: 2, embeddings: \(folder.appendingPathComponent("none.csv").path)")
        }
        #expect(try spec("users: 2000, creators: 2000").tastes == nil)
    }
}
