import Trial

/// A symmetric trial as written in YAML (see README, "Trial config reference").
public struct TrialConfig: Decodable, Sendable {
    public var name: String
    public var seed: UInt64
    public var days: Int
    public var population: PopulationSpec
    public var split: SplitSpec
    public var arms: [ArmConfig]
    public var platform: PlatformSpec
    public var creators: CreatorSpec
    public var replicates: Int

    enum CodingKeys: String, CodingKey, CaseIterable { case name, seed, days, replicates, population, split, arms, platform, creators }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? "trial"
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? 0
        days = try c.decodeIfPresent(Int.self, forKey: .days) ?? 21
        replicates = try c.decodeIfPresent(Int.self, forKey: .replicates) ?? 1
        population = try c.decodeIfPresent(PopulationConfig.self, forKey: .population)?.spec ?? PopulationSpec()
        split = try c.decodeIfPresent(SplitConfig.self, forKey: .split)?.spec ?? SplitSpec()
        guard c.contains(.arms) else {
            throw ConfigError.missingKey(field: "arms", allowed: "a list of arms, each with name: and mechanism:")
        }
        arms = try c.decode([ArmConfig].self, forKey: .arms)
        platform = try c.decodeIfPresent(PlatformConfig.self, forKey: .platform)?.spec ?? PlatformSpec()
        creators = try c.decodeIfPresent(CreatorConfig.self, forKey: .creators)?.spec ?? CreatorSpec()
    }
}

/// `arms[i]`: a name, a mechanism and its optional mappings.
public struct ArmConfig: Decodable, Sendable {
    public var name: String
    public var mechanism: String
    public var truncation: MappingConfig?
    public var temperature: MappingConfig?

    enum CodingKeys: String, CodingKey, CaseIterable { case name, mechanism, truncation, temperature }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        guard let name = try c.decodeIfPresent(String.self, forKey: .name) else {
            throw ConfigError.missingKey(field: "\(decoder.fieldPath).name", allowed: "a unique arm name")
        }
        self.name = name
        mechanism = try c.decodeIfPresent(String.self, forKey: .mechanism) ?? "control"
        truncation = try c.decodeIfPresent(MappingConfig.self, forKey: .truncation)
        temperature = try c.decodeIfPresent(MappingConfig.self, forKey: .temperature)
    }
}

/// Decodes a flat mapping of optional fields onto a default value, rejecting unknown keys.
protocol DefaultedConfig: Decodable {
    associatedtype Spec
    var spec: Spec { get }
}

struct SplitConfig: DefaultedConfig {
    var spec = SplitSpec()
    enum CodingKeys: String, CodingKey, CaseIterable { case creators, users }
    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        spec.creatorFraction = try c.decodeIfPresent(Double.self, forKey: .creators) ?? spec.creatorFraction
        spec.userFraction = try c.decodeIfPresent(Double.self, forKey: .users) ?? spec.userFraction
    }
}

struct PopulationConfig: DefaultedConfig {
    var spec = PopulationSpec()
    enum CodingKeys: String, CodingKey, CaseIterable {
        case users, creators, dimension, topics, countries, countryExponent, genders, tierShares, tierRequests
        case requestSpread, tasteNoise, followersMedian, followersSpread, popularFollowers, activity, minGroupSize
    }
    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        var s = PopulationSpec()
        s.users = try c.decodeIfPresent(Int.self, forKey: .users) ?? s.users
        s.creators = try c.decodeIfPresent(Int.self, forKey: .creators) ?? s.creators
        s.dimension = try c.decodeIfPresent(Int.self, forKey: .dimension) ?? s.dimension
        s.topics = try c.decodeIfPresent(Int.self, forKey: .topics) ?? s.topics
        s.countries = try c.decodeIfPresent(Int.self, forKey: .countries) ?? s.countries
        s.countryExponent = try c.decodeIfPresent(Double.self, forKey: .countryExponent) ?? s.countryExponent
        s.genders = try c.decodeIfPresent(Int.self, forKey: .genders) ?? s.genders
        s.tierShares = try c.decodeIfPresent([Double].self, forKey: .tierShares) ?? s.tierShares
        s.tierRequests = try c.decodeIfPresent([Double].self, forKey: .tierRequests) ?? s.tierRequests
        s.requestSpread = try c.decodeIfPresent(Double.self, forKey: .requestSpread) ?? s.requestSpread
        s.tasteNoise = try c.decodeIfPresent(Double.self, forKey: .tasteNoise) ?? s.tasteNoise
        s.followersMedian = try c.decodeIfPresent(Double.self, forKey: .followersMedian) ?? s.followersMedian
        s.followersSpread = try c.decodeIfPresent(Double.self, forKey: .followersSpread) ?? s.followersSpread
        s.popularFollowers = try c.decodeIfPresent(Double.self, forKey: .popularFollowers) ?? s.popularFollowers
        s.activity = try c.decodeIfPresent(Double.self, forKey: .activity) ?? s.activity
        s.minGroupSize = try c.decodeIfPresent(Int.self, forKey: .minGroupSize) ?? s.minGroupSize
        spec = s
    }
}

struct PlatformConfig: DefaultedConfig {
    var spec = PlatformSpec()
    enum CodingKeys: String, CodingKey, CaseIterable {
        case coldStartShare, beta, productionPercentile, likeIntercept, likeSlope, alpha, wMin, wMax, freshHours
    }
    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        var s = PlatformSpec()
        s.coldStartShare = try c.decodeIfPresent(Double.self, forKey: .coldStartShare) ?? s.coldStartShare
        s.beta = try c.decodeIfPresent(Double.self, forKey: .beta) ?? s.beta
        s.productionPercentile = try c.decodeIfPresent(Double.self, forKey: .productionPercentile) ?? s.productionPercentile
        s.likeIntercept = try c.decodeIfPresent(Double.self, forKey: .likeIntercept) ?? s.likeIntercept
        s.likeSlope = try c.decodeIfPresent(Double.self, forKey: .likeSlope) ?? s.likeSlope
        s.alpha = try c.decodeIfPresent(Double.self, forKey: .alpha) ?? s.alpha
        s.wMin = try c.decodeIfPresent(Double.self, forKey: .wMin) ?? s.wMin
        s.wMax = try c.decodeIfPresent(Double.self, forKey: .wMax) ?? s.wMax
        s.freshHours = try c.decodeIfPresent(Double.self, forKey: .freshHours) ?? s.freshHours
        spec = s
    }
}

struct CreatorConfig: DefaultedConfig {
    var spec = CreatorSpec()
    enum CodingKeys: String, CodingKey, CaseIterable { case eta, movesPerDay, utilitySample, rewardResponse, rewardHalfLife }
    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        var s = CreatorSpec()
        s.eta = try c.decodeIfPresent(Double.self, forKey: .eta) ?? s.eta
        s.movesPerDay = try c.decodeIfPresent(Int.self, forKey: .movesPerDay) ?? s.movesPerDay
        if let text = try? c.decodeIfPresent(String.self, forKey: .utilitySample), text == "all" {
            s.utilitySample = nil
        } else {
            s.utilitySample = try c.decodeIfPresent(Int.self, forKey: .utilitySample) ?? s.utilitySample
        }
        s.rewardResponse = try c.decodeIfPresent(Double.self, forKey: .rewardResponse) ?? s.rewardResponse
        s.rewardHalfLife = try c.decodeIfPresent(Double.self, forKey: .rewardHalfLife) ?? s.rewardHalfLife
        spec = s
    }
}
