/// An offline-game experiment as written in YAML (see README, "Config reference").
///
/// Decoding only checks shapes and rejects unknown keys; ``makeExperiment()`` checks values.
public struct ExperimentConfig: DefaultedConfig, Sendable, Equatable {
    public var name = "experiment"
    public var seed: UInt64 = 0
    /// Required: its keys depend on its `kind`, so a file's `environment` replaces the default whole.
    public var environment = EnvironmentConfig(kind: .toy)
    public var matching = MatchingConfig()
    public var dynamics = DynamicsConfig()
    public var mechanism = MechanismConfig()
    public var reweighting = ReweightingConfig()

    public init() {}
    public static let requiredKeys = ["environment": "a mapping with kind: toy or kind: synthetic"]
    public static let replacedWhole: Set<String> = ["environment"]
}

/// `matching:` — the platform's default matching and reward.
public struct MatchingConfig: Codable, Sendable, Equatable {
    public var k: Int = 20
    public var beta: Double = 0.1
    public var reward: String = "relevance"

    package enum CodingKeys: String, CodingKey, CaseIterable { case k, beta, reward }

    package init() {}
}

/// `dynamics:` — the creators' Local Better Response.
public struct DynamicsConfig: Codable, Sendable, Equatable {
    public var steps: Int = 3000
    public var eta: Double = 0.2
    public var tailWindow: Int = 100

    package enum CodingKeys: String, CodingKey, CaseIterable { case steps, eta, tailWindow }

    package init() {}
}

/// `mechanism:` — which mechanism deploys the weights, and its mapping.
public struct MechanismConfig: Codable, Sendable, Equatable {
    public var name: String = "control"
    public var truncation: MappingConfig?
    public var temperature: MappingConfig?

    package enum CodingKeys: String, CodingKey, CaseIterable { case name, truncation, temperature }

    package init() {}

    /// Absent mappings are written as null, so the defaults hold every key a file may give.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(truncation, forKey: .truncation)
        try c.encode(temperature, forKey: .temperature)
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
public struct ReweightingConfig: Codable, Sendable, Equatable {
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

    /// `initialWeights` is written as null when absent, so the defaults hold every key a file may give.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(enabled, forKey: .enabled); try c.encode(groups, forKey: .groups); try c.encode(groupCount, forKey: .groupCount)
        try c.encode(kmeansIterations, forKey: .kmeansIterations); try c.encode(epochLength, forKey: .epochLength)
        try c.encode(alphaEarly, forKey: .alphaEarly); try c.encode(alphaLate, forKey: .alphaLate); try c.encode(alphaSwitch, forKey: .alphaSwitch)
        try c.encode(wMin, forKey: .wMin); try c.encode(wMax, forKey: .wMax); try c.encode(initialWeights, forKey: .initialWeights)
    }
}
