import Simulation

extension ExperimentConfig {
    /// Every parameter of an offline experiment config (the creator-competition game), declared
    /// once. Environment keys apply to the kinds that read them (README, "Offline config reference").
    public static let parameters = ParameterRegistry<ExperimentConfig>([
        .text("name", \.name, "the experiment's name"),
        .seed("seed", \.seed, "the random seed"),
        Parameter(key: "environment.kind", meaning: "toy (hand-placed users), synthetic (clusters) or ratings (a factorised ratings file)",
                  kind: .choice(EnvironmentConfig.Kind.allCases.map(\.rawValue)), range: nil, read: { root, _ in root.environment.kind.rawValue },
                  numbers: nil, write: nil),
        optionalInteger("environment.creators", \.environment.creators, .closed(1, 1e7, note: "at most 100000 for ratings"), "creators in the game"),
        optionalNumber("environment.relevanceOffset", \.environment.relevanceOffset, .aboveUpTo(0, 1e6), "the distance relevance's offset"),
        optionalNumber("environment.relevanceScale", \.environment.relevanceScale, .aboveUpTo(0, 1e6), "the distance relevance's scale"),
        optionalInteger("environment.dimension", \.environment.dimension, .closed(1, 4096), "synthetic: the space's dimension"),
        Parameter(key: "environment.clusterSizes", meaning: "synthetic: users per cluster", kind: .numbers, range: .closed(1, 1e7, "an integer"),
                  read: { root, _ in root.environment.clusterSizes.map { "\($0)" } }, numbers: { root,
                      _ in (root.environment.clusterSizes ?? []).map(Double.init) },
                  write: nil),
        optionalNumber("environment.userSpread", \.environment.userSpread, .closed(0, 1e6), "synthetic: spread of users around their cluster"),
        optionalNumber("environment.creatorSpread", \.environment.creatorSpread, .closed(0, 1e6), "synthetic: spread of creators' starting points"),
        optionalNumber("environment.radius", \.environment.radius, .aboveUpTo(0, 1e6), "synthetic: the radius clusters are placed on"),
        Parameter(key: "environment.users", meaning: "toy: the users' points", kind: .other("a non-empty list of points with the same number of coordinates"),
                  range: nil, read: { root, _ in root.environment.users.map { "\($0)" } }, numbers: nil, write: nil),
        Parameter(key: "environment.startFrom", meaning: "toy: one end of the creators' starting segment", kind: .numbers, range: nil,
                  read: { root, _ in root.environment.startFrom.map { "\($0)" } }, numbers: nil, write: nil),
        Parameter(key: "environment.startTo", meaning: "toy: the other end of the creators' starting segment", kind: .numbers, range: nil,
                  read: { root, _ in root.environment.startTo.map { "\($0)" } }, numbers: nil, write: nil),
        optionalNumber("environment.startJitter", \.environment.startJitter, .closed(0, 1e6), "toy: jitter of the creators' starting points"),
        Parameter(key: "environment.ratings", meaning: "ratings: a MovieLens-format file (user item rating [timestamp])", kind: .text, range: nil,
                  read: { root, _ in root.environment.ratings }, numbers: nil, write: nil),
        optionalInteger("environment.factors", \.environment.factors, .closed(1, 256), "ratings: latent factors of the factorisation"),
        optionalNumber("environment.regularisation", \.environment.regularisation, .aboveUpTo(0, 1e6, "a ridge penalty"), "ratings: the factorisation's ridge"),
        optionalInteger("environment.minRatings", \.environment.minRatings, .closed(1, 1_000_000), "ratings: ratings a user needs to be kept"),
        optionalInteger("environment.commonItems", \.environment.commonItems, .closed(0, 1_000_000), "ratings: items every creator can make"),
        optionalInteger("environment.privateItems", \.environment.privateItems, .closed(0, 1_000_000), "ratings: items only one creator can make"),

        .integer("matching.k", \.matching.k, .closed(1, 1e7), "the default truncation K"),
        .number("matching.beta", \.matching.beta, .closed(0, 1e6), "the default softmax temperature β"),
        Parameter(key: "matching.reward", meaning: "what creators earn", kind: .choice(Reward.allCases.map(\.rawValue)), range: nil,
                  read: { root, _ in root.matching.reward }, numbers: nil, write: nil),
        .integer("dynamics.steps", \.dynamics.steps, .closed(1, 1e7), "LBR steps"),
        .number("dynamics.eta", \.dynamics.eta, .aboveUpTo(0, 1000), "LBR's step size"),
        .integer("dynamics.tailWindow", \.dynamics.tailWindow, .closed(1, 1e9), "steps the end-of-run readings average over"),
        Parameter(key: "mechanism.name", meaning: "the mechanism the game runs", kind: .choice(MechanismKind.allCases.map(\.rawValue)), range: nil,
                  read: { root, _ in root.mechanism.name }, numbers: nil, write: nil),
        Parameter(key: "mechanism.truncation", meaning: "HMT's weight → K mapping", kind: .other("a mapping: kind scaled, table or percentile"), range: nil,
                  read: { root, _ in root.mechanism.truncation?.kind }, numbers: nil, write: nil),
        Parameter(key: "mechanism.temperature", meaning: "SMT's weight → β mapping", kind: .other("a mapping: kind scaled or table"), range: nil,
                  read: { root, _ in root.mechanism.temperature?.kind }, numbers: nil, write: nil),
        .flag("reweighting.enabled", \.reweighting.enabled, "whether the platform re-weights groups"),
        Parameter(key: "reweighting.groups", meaning: "kmeans, perUser or single", kind: .choice(["kmeans", "perUser", "single"]), range: nil,
                  read: { root, _ in root.reweighting.groups }, numbers: nil, write: nil),
        .integer("reweighting.groupCount", \.reweighting.groupCount, .closed(1, 1e9), "k-means groups"),
        .integer("reweighting.kmeansIterations", \.reweighting.kmeansIterations, .closed(1, 1e9), "k-means iterations"),
        .integer("reweighting.epochLength", \.reweighting.epochLength, .closed(1, 1e9), "steps between re-weightings"),
        .number("reweighting.alphaEarly", \.reweighting.alphaEarly, .closed(0, 100, "a step size"), "the re-weighting step early on"),
        .number("reweighting.alphaLate", \.reweighting.alphaLate, .closed(0, 100, "a step size"), "the re-weighting step later"),
        .number("reweighting.alphaSwitch", \.reweighting.alphaSwitch, .closed(0, 1, "a fraction of the horizon"), "when the step switches"),
        .number("reweighting.wMin", \.reweighting.wMin, .aboveUpTo(0, 1e6, note: "at most reweighting.wMax"), "the smallest weight"),
        .number("reweighting.wMax", \.reweighting.wMax, .aboveUpTo(0, 1e6, note: "at least reweighting.wMin"), "the largest weight"),
        Parameter(key: "reweighting.initialWeights", meaning: "starting weights, one per group", kind: .numbers, range: .aboveUpTo(0, 1e300,
            "a positive weight"),
                  read: { root, _ in root.reweighting.initialWeights.map { "\($0)" } }, numbers: nil, write: nil),
    ])

    static func optionalNumber(_ key: String, _ path: WritableKeyPath<ExperimentConfig, Double?> & Sendable, _ range: ParameterRange,
                               _ meaning: String) -> Parameter<ExperimentConfig> {
        Parameter(key: key, meaning: meaning, kind: .number, range: range, read: { root, _ in root[keyPath: path].map(Parameter<ExperimentConfig>.plain) },
                  numbers: { root, _ in root[keyPath: path].map { [$0] } ?? [] }, write: { root, _, value in root[keyPath: path] = value.double })
    }

    static func optionalInteger(_ key: String, _ path: WritableKeyPath<ExperimentConfig, Int?> & Sendable, _ range: ParameterRange,
                                _ meaning: String) -> Parameter<ExperimentConfig> {
        var range = range
        if range.noun == "a number" { range.noun = "an integer" }
        return Parameter(key: key, meaning: meaning, kind: .integer, range: range, read: { root, _ in root[keyPath: path].map { "\($0)" } },
                         numbers: { root, _ in root[keyPath: path].map { [Double($0)] } ?? [] },
                         write: { root, _, value in if case let .integer(x) = value { root[keyPath: path] = x } })
    }
}
