import GSL
import Simulation

extension ExperimentConfig {
    /// Command-line overrides applied before validation.
    public struct Overrides: Sendable {
        public var mechanism: String?
        public var steps: Int?
        public init(mechanism: String? = nil, steps: Int? = nil) {
            self.mechanism = mechanism
            self.steps = steps
        }
    }

    /// Checks every value and builds the experiment; errors name the field, the value and what is allowed.
    public func makeExperiment(_ overrides: Overrides = Overrides()) throws(ConfigError) -> ConfiguredExperiment {
        let steps = overrides.steps ?? dynamics.steps
        // Ranges are the parameter registry's; the rules between values follow.
        try Self.parameters.require("dynamics.steps", Double(steps))
        try Self.parameters.checkScalarRanges(self, keys: ["dynamics.eta", "dynamics.tailWindow", "matching.k", "matching.beta"])
        guard let reward = Reward(rawValue: matching.reward) else {
            throw .invalidValue(field: "matching.reward", value: "'\(matching.reward)'",
                                allowed: Reward.allCases.map(\.rawValue).joined(separator: ", "))
        }
        // The file's own mechanism must be valid even when --mechanism overrides it.
        try check(\.mechanism.name, MechanismKind.allowedNames) { MechanismKind(rawValue: $0) != nil }
        let mechanism = try MechanismFactory.make(name: overrides.mechanism ?? self.mechanism.name,
                                                  field: overrides.mechanism == nil ? "mechanism.name" : "--mechanism",
                                                  truncation: self.mechanism.truncation, temperature: self.mechanism.temperature,
                                                  path: "mechanism")
        let rule = try makeReweighting()
        let grouping = try makeGrouping()
        let r = reweighting

        switch environment.kind {
        case .toy:
            let env = try makeToy(reward: reward)
            try checkInitialWeights(groupCount: grouping == .perUser ? env.users.count : nil, grouping: grouping)
            return .toy(OfflineExperiment(environment: env, grouping: grouping, steps: steps, eta: dynamics.eta,
                                          k: matching.k, beta: matching.beta, mechanism: mechanism, reweighting: rule,
                                          epochLength: r.epochLength, initialWeights: r.initialWeights,
                                          tailWindow: dynamics.tailWindow))
        case .synthetic:
            let env = try makeSynthetic(reward: reward)
            let users = env.clusterSizes.reduce(0, +)
            if case .kMeans(let groups, _) = grouping {
                try check(\.reweighting.groupCount, "an integer between 1 and the number of users (\(users))", shown: groups) { _ in groups <= users }
            }
            try checkInitialWeights(groupCount: grouping == .perUser ? users : nil, grouping: grouping)
            return .synthetic(OfflineExperiment(environment: env, grouping: grouping, steps: steps, eta: dynamics.eta,
                                                k: matching.k, beta: matching.beta, mechanism: mechanism, reweighting: rule,
                                                epochLength: r.epochLength, initialWeights: r.initialWeights,
                                                tailWindow: dynamics.tailWindow))
        case .ratings:
            let env = try makeRatings(reward: reward)
            if case .kMeans(let groups, _) = grouping {
                try check(\.reweighting.groupCount, "an integer between 1 and the number of users kept (\(env.userCount))",
                    shown: groups) { _ in groups <= env.userCount }
            }
            try checkInitialWeights(groupCount: grouping == .perUser ? env.userCount : nil, grouping: grouping)
            return .ratings(OfflineExperiment(environment: env, grouping: grouping, steps: steps, eta: dynamics.eta,
                                              k: matching.k, beta: matching.beta, mechanism: mechanism, reweighting: rule,
                                              epochLength: r.epochLength, initialWeights: r.initialWeights,
                                              tailWindow: dynamics.tailWindow))
        }
    }

    private func makeReweighting() throws(ConfigError) -> AdaptiveReweighting? {
        let r = reweighting
        try Self.parameters.checkScalarRanges(self, keys: ["reweighting.epochLength", "reweighting.wMin", "reweighting.wMax",
                                                           "reweighting.alphaEarly", "reweighting.alphaLate", "reweighting.alphaSwitch"])
        try check(\.reweighting.wMax, "a number ≥ reweighting.wMin (\(r.wMin)) and at most 1e6") { r.wMin <= $0 }
        guard r.enabled else { return nil }
        return AdaptiveReweighting(alphaEarly: r.alphaEarly, alphaLate: r.alphaLate, switchFraction: r.alphaSwitch,
                                   minimumWeight: r.wMin, maximumWeight: r.wMax)
    }

    private func makeGrouping() throws(ConfigError) -> Grouping {
        let r = reweighting
        switch r.groups {
        case "kmeans":
            try Self.parameters.checkScalarRanges(self, keys: ["reweighting.groupCount", "reweighting.kmeansIterations"])
            return .kMeans(groups: r.groupCount, maxIterations: r.kmeansIterations)
        case "perUser": return .perUser
        case "single": return .single
        default: throw .invalidValue(field: "reweighting.groups", value: "'\(r.groups)'", allowed: "kmeans, perUser, single")
        }
    }

    private func checkInitialWeights(groupCount: Int?, grouping: Grouping) throws(ConfigError) {
        guard let weights = reweighting.initialWeights else { return }
        let expected: Int
        switch grouping {
        case .kMeans(let groups, _): expected = groups
        case .single: expected = 1
        case .perUser: expected = groupCount ?? weights.count
        }
        try check(\.reweighting.initialWeights, "a list of \(expected) positive weights, one per group",
            shown: weights.description) { _ in weights.count == expected }
        try check(\.reweighting.initialWeights, "positive, finite weights", shown: weights.description) { _ in weights.allSatisfy { $0 > 0 && $0.isFinite } }
    }

    private func relevance(defaultOffset: Double, defaultScale: Double) throws(ConfigError) -> DistanceRelevance {
        let offset = environment.relevanceOffset ?? defaultOffset
        let scale = environment.relevanceScale ?? defaultScale
        try Self.parameters.require("environment.relevanceOffset", offset)
        try Self.parameters.require("environment.relevanceScale", scale)
        return DistanceRelevance(offset: offset, scale: scale)
    }

    private func makeToy(reward: Reward) throws(ConfigError) -> ToyEnvironment {
        var env = ToyEnvironment()
        let e = environment
        if let users = e.users { env.users = users }
        try check(\.environment.users, "a non-empty list of points", shown: env.users.description) { _ in !env.users.isEmpty }
        let d = env.users[0].count
        try check(\.environment.users, "points that all have the same number (≥ 1) of coordinates, each between −1e6 and 1e6",
            shown: env.users.description) { _ in d >= 1 && env.users.allSatisfy { $0.count == d && $0.allSatisfy { abs($0) <= 1e6 } } }
        env.creators = e.creators ?? env.creators
        try Self.parameters.require("environment.creators", Double(env.creators))
        env.startFrom = e.startFrom ?? (d == 2 ? env.startFrom : [Double](repeating: 0, count: d))
        env.startTo = e.startTo ?? (d == 2 ? env.startTo : [Double](repeating: 0, count: d))
        try check(\.environment.startFrom, "a point with \(d) coordinates", shown: env.startFrom.description) { _ in env.startFrom.count == d }
        try check(\.environment.startTo, "a point with \(d) coordinates", shown: env.startTo.description) { _ in env.startTo.count == d }
        env.startJitter = e.startJitter ?? env.startJitter
        try Self.parameters.require("environment.startJitter", env.startJitter)
        env.relevance = try relevance(defaultOffset: 2, defaultScale: 1)
        env.reward = reward
        return env
    }

    private func makeSynthetic(reward: Reward) throws(ConfigError) -> SyntheticEnvironment {
        var env = SyntheticEnvironment()
        let e = environment
        env.dimension = e.dimension ?? env.dimension
        try Self.parameters.require("environment.dimension", Double(env.dimension))
        env.clusterSizes = e.clusterSizes ?? env.clusterSizes
        try check(\.environment.clusterSizes, "a non-empty list of at most 1000 integers between 1 and 10000000",
            shown: env.clusterSizes.description) { _ in !env.clusterSizes.isEmpty && env.clusterSizes.count <= 1000 }
        try Self.parameters.checkScalarRanges(self, keys: ["environment.clusterSizes"])
        env.creators = e.creators ?? env.creators
        try Self.parameters.require("environment.creators", Double(env.creators))
        env.userSpread = e.userSpread ?? env.userSpread
        try Self.parameters.require("environment.userSpread", env.userSpread)
        env.creatorSpread = e.creatorSpread ?? env.creatorSpread
        try Self.parameters.require("environment.creatorSpread", env.creatorSpread)
        env.radius = e.radius ?? env.radius
        try Self.parameters.require("environment.radius", env.radius)
        env.relevance = try relevance(defaultOffset: 1, defaultScale: 3)
        env.reward = reward
        // Positions of users and creators, each user's ranked list, and per-step welfare, with room to spare.
        let users = env.clusterSizes.reduce(0.0) { $0 + Double($1) }, creators = Double(env.creators), d = Double(env.dimension)
        let bytes = (users + creators) * d * 8 * 4 + users * Swift.min(Double(matching.k), creators) * 32 + users * 64
        try MemoryBudget.check(bytes, field: users > creators ? "environment.clusterSizes" : "environment.creators",
                               value: users > creators ? env.clusterSizes.description : String(env.creators))
        return env
    }

    /// The ratings environment: the file read and factorised (a fixed stream, so the environment
    /// does not change with the run's seed), users with enough ratings kept.
    private func makeRatings(reward: Reward) throws(ConfigError) -> RatingsEnvironment {
        let e = environment
        guard let path = e.ratings else {
            throw .missingKey(field: "environment.ratings",
                allowed: "a MovieLens-format ratings file (user item rating [timestamp]), e.g. from scripts/ml-100k")
        }
        let factors = e.factors ?? 16, lambda = e.regularisation ?? 0.1, minimum = e.minRatings ?? 50
        let creators = e.creators ?? 100, common = e.commonItems ?? 300, own = e.privateItems ?? 100
        try Self.parameters.require("environment.factors", Double(factors))
        try Self.parameters.require("environment.regularisation", lambda)
        try Self.parameters.require("environment.minRatings", Double(minimum))
        try Self.parameters.require("environment.creators", Double(creators))
        try check(\.environment.creators, "an integer between 1 and 100000 (a ratings environment)", shown: creators) { _ in creators <= 100_000 }
        try Self.parameters.require("environment.commonItems", Double(common))
        try Self.parameters.require("environment.privateItems", Double(own))
        try check(\.environment.privateItems, "with commonItems, at least one item per creator", shown: own) { _ in common + own >= 1 }
        let table: RatingsFile.Table
        do { table = try RatingsFile.read(path) } catch {
            if case .fileNotFound = error { throw .fileNotFound(path: path) }
            throw .malformed(path: path, reason: error.description)
        }
        let mf = MatrixFactorisation(fitting: table.ratings, factors: factors, regularisation: lambda, sweeps: 10,
                                     stream: RandomStream(seed: 0x5EED_4A71, stream: 0))
        let env = RatingsEnvironment(factorisation: mf, ratings: table.ratings, minimumRatings: minimum, creators: creators,
                                     commonItems: common, privateItems: own, reward: reward)
        try check(\.environment.minRatings, "a threshold that keeps at least 2 users (the file's busiest user has fewer ratings)",
            shown: minimum) { _ in env.userCount >= 2 }
        return env
    }
}
