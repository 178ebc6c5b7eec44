/// An offline-game experiment as written in YAML (see README, "Config reference").
///
/// Decoding only checks shapes and rejects unknown keys; ``makeExperiment()`` checks values.
public struct ExperimentConfig: Decodable, Sendable, Equatable {
    public var name: String
    public var seed: UInt64
    public var environment: EnvironmentConfig
    public var matching: MatchingConfig
    public var dynamics: DynamicsConfig
    public var mechanism: MechanismConfig
    public var reweighting: ReweightingConfig

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case name, seed, environment, matching, dynamics, mechanism, reweighting
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? "experiment"
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? 0
        guard c.contains(.environment) else {
            throw ConfigError.missingKey(field: "environment", allowed: "a mapping with kind: toy or kind: synthetic")
        }
        environment = try c.decode(EnvironmentConfig.self, forKey: .environment)
        matching = try c.decodeIfPresent(MatchingConfig.self, forKey: .matching) ?? MatchingConfig()
        dynamics = try c.decodeIfPresent(DynamicsConfig.self, forKey: .dynamics) ?? DynamicsConfig()
        mechanism = try c.decodeIfPresent(MechanismConfig.self, forKey: .mechanism) ?? MechanismConfig()
        reweighting = try c.decodeIfPresent(ReweightingConfig.self, forKey: .reweighting) ?? ReweightingConfig()
    }
}

/// `matching:` — the platform's default matching and reward.
public struct MatchingConfig: Decodable, Sendable, Equatable {
    public var k: Int = 20
    public var beta: Double = 0.1
    public var reward: String = "relevance"

    package enum CodingKeys: String, CodingKey, CaseIterable { case k, beta, reward }

    package init() {}

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        k = try c.decodeIfPresent(Int.self, forKey: .k) ?? k
        beta = try c.decodeIfPresent(Double.self, forKey: .beta) ?? beta
        reward = try c.decodeIfPresent(String.self, forKey: .reward) ?? reward
    }
}

/// `dynamics:` — the creators' Local Better Response.
public struct DynamicsConfig: Decodable, Sendable, Equatable {
    public var steps: Int = 3000
    public var eta: Double = 0.2
    public var tailWindow: Int = 100

    package enum CodingKeys: String, CodingKey, CaseIterable { case steps, eta, tailWindow }

    package init() {}

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        steps = try c.decodeIfPresent(Int.self, forKey: .steps) ?? steps
        eta = try c.decodeIfPresent(Double.self, forKey: .eta) ?? eta
        tailWindow = try c.decodeIfPresent(Int.self, forKey: .tailWindow) ?? tailWindow
    }
}

/// `mechanism:` — which mechanism deploys the weights, and its mapping.
public struct MechanismConfig: Decodable, Sendable, Equatable {
    public var name: String = "control"
    public var truncation: MappingConfig?
    public var temperature: MappingConfig?

    package enum CodingKeys: String, CodingKey, CaseIterable { case name, truncation, temperature }

    package init() {}

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? name
        truncation = try c.decodeIfPresent(MappingConfig.self, forKey: .truncation)
        temperature = try c.decodeIfPresent(MappingConfig.self, forKey: .temperature)
    }
}

/// A weight → K or weight → β mapping: `kind: scaled | table | percentile` with an optional table.
public struct MappingConfig: Codable, Sendable, Equatable {
    public var kind: String = "scaled"
    public var thresholds: [Double]?
    public var values: [Double]?

    package enum CodingKeys: String, CodingKey, CaseIterable { case kind, thresholds, values }

    public init(kind: String = "scaled", thresholds: [Double]? = nil, values: [Double]? = nil) {
        self.kind = kind
        self.thresholds = thresholds
        self.values = values
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decodeIfPresent(String.self, forKey: .kind) ?? kind
        thresholds = try c.decodeIfPresent([Double].self, forKey: .thresholds)
        values = try c.decodeIfPresent([Double].self, forKey: .values)
    }
}

/// `reweighting:` — Algorithm 1.
public struct ReweightingConfig: Decodable, Sendable, Equatable {
    public var enabled: Bool = true
    public var groups: String = "kmeans"
    public var groupCount: Int = 20
    public var kmeansIterations: Int = 100
    public var epochLength: Int = 5
    public var alphaEarly: Double = 0.5
    public var alphaLate: Double = 0.1
    public var alphaSwitch: Double = 0.5
    public var wMin: Double = 0.2
    public var wMax: Double = 5.0
    public var initialWeights: [Double]?

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case enabled, groups, groupCount, kmeansIterations, epochLength, alphaEarly, alphaLate, alphaSwitch
        case wMin, wMax, initialWeights
    }

    package init() {}

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        enabled = try c.decodeIfPresent(Bool.self, forKey: .enabled) ?? enabled
        groups = try c.decodeIfPresent(String.self, forKey: .groups) ?? groups
        groupCount = try c.decodeIfPresent(Int.self, forKey: .groupCount) ?? groupCount
        kmeansIterations = try c.decodeIfPresent(Int.self, forKey: .kmeansIterations) ?? kmeansIterations
        epochLength = try c.decodeIfPresent(Int.self, forKey: .epochLength) ?? epochLength
        alphaEarly = try c.decodeIfPresent(Double.self, forKey: .alphaEarly) ?? alphaEarly
        alphaLate = try c.decodeIfPresent(Double.self, forKey: .alphaLate) ?? alphaLate
        alphaSwitch = try c.decodeIfPresent(Double.self, forKey: .alphaSwitch) ?? alphaSwitch
        wMin = try c.decodeIfPresent(Double.self, forKey: .wMin) ?? wMin
        wMax = try c.decodeIfPresent(Double.self, forKey: .wMax) ?? wMax
        initialWeights = try c.decodeIfPresent([Double].self, forKey: .initialWeights)
    }
}
