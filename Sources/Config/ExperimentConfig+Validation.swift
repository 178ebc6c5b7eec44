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
        try require(steps >= 1, "dynamics.steps", steps, "an integer ≥ 1")
        try require(dynamics.eta > 0 && dynamics.eta.isFinite, "dynamics.eta", dynamics.eta, "a number > 0")
        try require(dynamics.tailWindow >= 1, "dynamics.tailWindow", dynamics.tailWindow, "an integer ≥ 1")
        try require(matching.k >= 1, "matching.k", matching.k, "an integer ≥ 1")
        try require(matching.beta >= 0 && matching.beta.isFinite, "matching.beta", matching.beta, "a number ≥ 0")
        guard let reward = Reward(rawValue: matching.reward) else {
            throw .invalidValue(field: "matching.reward", value: "'\(matching.reward)'",
                                allowed: Reward.allCases.map(\.rawValue).joined(separator: ", "))
        }
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
                try require(groups <= users, "reweighting.groupCount", groups, "an integer between 1 and the number of users (\(users))")
            }
            try checkInitialWeights(groupCount: grouping == .perUser ? users : nil, grouping: grouping)
            return .synthetic(OfflineExperiment(environment: env, grouping: grouping, steps: steps, eta: dynamics.eta,
                                                k: matching.k, beta: matching.beta, mechanism: mechanism, reweighting: rule,
                                                epochLength: r.epochLength, initialWeights: r.initialWeights,
                                                tailWindow: dynamics.tailWindow))
        }
    }

    private func makeReweighting() throws(ConfigError) -> AdaptiveReweighting? {
        let r = reweighting
        try require(r.epochLength >= 1, "reweighting.epochLength", r.epochLength, "an integer ≥ 1")
        try require(r.wMin > 0 && r.wMin.isFinite, "reweighting.wMin", r.wMin, "a number > 0 and ≤ reweighting.wMax")
        try require(r.wMax.isFinite && r.wMin <= r.wMax, "reweighting.wMax", r.wMax, "a number ≥ reweighting.wMin (\(r.wMin))")
        try require(r.alphaEarly >= 0 && r.alphaEarly.isFinite, "reweighting.alphaEarly", r.alphaEarly, "a number ≥ 0")
        try require(r.alphaLate >= 0 && r.alphaLate.isFinite, "reweighting.alphaLate", r.alphaLate, "a number ≥ 0")
        try require((0...1).contains(r.alphaSwitch), "reweighting.alphaSwitch", r.alphaSwitch, "a fraction of the horizon in [0, 1]")
        guard r.enabled else { return nil }
        return AdaptiveReweighting(alphaEarly: r.alphaEarly, alphaLate: r.alphaLate, switchFraction: r.alphaSwitch,
                                   minimumWeight: r.wMin, maximumWeight: r.wMax)
    }

    private func makeGrouping() throws(ConfigError) -> Grouping {
        let r = reweighting
        switch r.groups {
        case "kmeans":
            try require(r.groupCount >= 1, "reweighting.groupCount", r.groupCount, "an integer ≥ 1")
            try require(r.kmeansIterations >= 1, "reweighting.kmeansIterations", r.kmeansIterations, "an integer ≥ 1")
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
        try require(weights.count == expected, "reweighting.initialWeights", weights.description,
                    "a list of \(expected) positive weights, one per group")
        try require(weights.allSatisfy { $0 > 0 && $0.isFinite }, "reweighting.initialWeights", weights.description,
                    "positive, finite weights")
    }

    private func relevance(defaultOffset: Double, defaultScale: Double) throws(ConfigError) -> DistanceRelevance {
        let offset = environment.relevanceOffset ?? defaultOffset
        let scale = environment.relevanceScale ?? defaultScale
        try require(offset > 0 && offset.isFinite, "environment.relevanceOffset", offset, "a number > 0")
        try require(scale > 0 && scale.isFinite, "environment.relevanceScale", scale, "a number > 0")
        return DistanceRelevance(offset: offset, scale: scale)
    }

    private func makeToy(reward: Reward) throws(ConfigError) -> ToyEnvironment {
        var env = ToyEnvironment()
        let e = environment
        if let users = e.users { env.users = users }
        try require(!env.users.isEmpty, "environment.users", env.users.description, "a non-empty list of points")
        let d = env.users[0].count
        try require(d >= 1 && env.users.allSatisfy { $0.count == d && $0.allSatisfy(\.isFinite) }, "environment.users",
                    env.users.description, "finite points that all have the same number (≥ 1) of coordinates")
        env.creators = e.creators ?? env.creators
        try require(env.creators >= 1, "environment.creators", env.creators, "an integer ≥ 1")
        env.startFrom = e.startFrom ?? (d == 2 ? env.startFrom : [Double](repeating: 0, count: d))
        env.startTo = e.startTo ?? (d == 2 ? env.startTo : [Double](repeating: 0, count: d))
        try require(env.startFrom.count == d, "environment.startFrom", env.startFrom.description, "a point with \(d) coordinates")
        try require(env.startTo.count == d, "environment.startTo", env.startTo.description, "a point with \(d) coordinates")
        env.startJitter = e.startJitter ?? env.startJitter
        try require(env.startJitter >= 0 && env.startJitter.isFinite, "environment.startJitter", env.startJitter, "a finite number ≥ 0")
        env.relevance = try relevance(defaultOffset: 2, defaultScale: 1)
        env.reward = reward
        return env
    }

    private func makeSynthetic(reward: Reward) throws(ConfigError) -> SyntheticEnvironment {
        var env = SyntheticEnvironment()
        let e = environment
        env.dimension = e.dimension ?? env.dimension
        try require(env.dimension >= 1, "environment.dimension", env.dimension, "an integer ≥ 1")
        env.clusterSizes = e.clusterSizes ?? env.clusterSizes
        try require(!env.clusterSizes.isEmpty && env.clusterSizes.allSatisfy { $0 >= 1 }, "environment.clusterSizes",
                    env.clusterSizes.description, "a non-empty list of positive integers")
        env.creators = e.creators ?? env.creators
        try require(env.creators >= 1, "environment.creators", env.creators, "an integer ≥ 1")
        env.userSpread = e.userSpread ?? env.userSpread
        try require(env.userSpread >= 0 && env.userSpread.isFinite, "environment.userSpread", env.userSpread, "a finite number ≥ 0")
        env.creatorSpread = e.creatorSpread ?? env.creatorSpread
        try require(env.creatorSpread >= 0 && env.creatorSpread.isFinite, "environment.creatorSpread", env.creatorSpread, "a finite number ≥ 0")
        env.radius = e.radius ?? env.radius
        try require(env.radius > 0 && env.radius.isFinite, "environment.radius", env.radius, "a finite number > 0")
        env.relevance = try relevance(defaultOffset: 1, defaultScale: 3)
        env.reward = reward
        // Positions of users and creators, each user's ranked list, and per-step welfare, with room to spare.
        let users = env.clusterSizes.reduce(0.0) { $0 + Double($1) }, creators = Double(env.creators), d = Double(env.dimension)
        let bytes = (users + creators) * d * 8 * 4 + users * Swift.min(Double(matching.k), creators) * 32 + users * 64
        try MemoryBudget.check(bytes, field: users > creators ? "environment.clusterSizes" : "environment.creators",
                               value: users > creators ? env.clusterSizes.description : String(env.creators))
        return env
    }
}
