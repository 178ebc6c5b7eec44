/// The platform population that arms are drawn from (docs/MODEL.md §6 "trial population").
///
/// Units are independent draws, so TwinArm generates only the users and creators that land in an
/// arm — the same distribution as drawing the whole population and then splitting it.
public struct PopulationSpec: Codable, Sendable, Equatable {
    /// Users U and creators C on the platform.
    public var users: Int = 1_000_000
    public var creators: Int = 100_000
    /// Embedding dimension d.
    public var dimension: Int = 32
    /// Content topics T (each item's topic is its nearest topic centroid).
    public var topics: Int = 300
    /// Country-like attribute: number of values and the Zipf exponent of their shares.
    public var countries: Int = 40
    public var countryExponent: Double = 1.1
    /// Gender-like attribute: number of values (equally likely).
    public var genders: Int = 2
    /// Activity tiers: share of users and mean daily requests of each tier (the means calibrated to
    /// `experiments/targets/short-video.yaml` with `twinarm calibrate`, like `activity`).
    public var tierShares: [Double] = [0.5, 0.35, 0.15]
    public var tierRequests: [Double] = [4.9, 13.1, 32.7]
    /// Log-normal spread of a user's mean daily requests around her tier's mean.
    public var requestSpread: Double = 0.8
    /// How far a user's taste strays from her country's (noise scale before normalising).
    public var tasteNoise: Double = 0.8
    /// Followers: log-normal with this median and log-scale spread; popular = more than `popularFollowers`.
    public var followersMedian: Double = 200
    public var followersSpread: Double = 1.5
    public var popularFollowers: Double = 1000
    /// Mean daily probability that a creator is active, before rewards move it.
    public var activity: Double = 0.329
    /// Groups with fewer users than this in an arm keep weight 1 and are not re-weighted.
    public var minGroupSize: Int = 20
    /// An embeddings file (`twinarm ratings … --embeddings FILE`) to draw users' tastes and
    /// creators' content from instead of the synthetic world; empty: the synthetic world.
    public var embeddings: String = ""
    /// The seed of the platform's fixed structure (topic centroids, attribute tastes: ``World``),
    /// apart from the trial's seed: repeated trials of one platform fix it and vary the seed.
    public var worldSeed: WorldSeed = .trial

    public init() {}

    /// The world's seed for a trial run on `seed`.
    public func worldSeed(trial seed: UInt64) -> UInt64 {
        if case let .fixed(x) = worldSeed { return x }
        return seed
    }

    /// Number of user groups (country × gender × tier).
    public var groupCount: Int { countries * genders * tierShares.count }
}

/// Which seed draws the platform's world: the trial's (`trial`, the default) or a fixed one.
public enum WorldSeed: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    case trial
    case fixed(UInt64)

    public var description: String {
        switch self {
        case .trial: return "trial"
        case let .fixed(x): return "\(x)"
        }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let x = try? c.decode(UInt64.self) { self = .fixed(x); return }
        if let text = try? c.decode(String.self), text == "trial" { self = .trial; return }
        throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                debugDescription: "a whole number between 0 and \(UInt64.max), or trial (the trial's seed)"))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .trial: try c.encode("trial")
        case let .fixed(x): try c.encode(x)
        }
    }
}

/// How units are assigned to arms: the same fraction of users and of creators for every arm.
public struct SplitSpec: Codable, Sendable, Equatable {
    /// The fractions one arm of a split may hold (two disjoint arms fit in the platform); a twin's
    /// arms share their units and may hold all of it.
    public static let armFractions = ParameterRangeText(lower: 0, upper: 0.5, text: "a fraction in (0, 0.5]")

    public var creatorFraction: Double = 0.03
    public var userFraction: Double = 0.03
    public init() {}
    enum CodingKeys: String, CodingKey { case creatorFraction = "creators", userFraction = "users" }
}

/// A range declared in the trial model itself (the registry's ranges live in Config), with its words.
public struct ParameterRangeText: Sendable, Equatable {
    public let lower: Double
    public let upper: Double
    public let text: String
    /// Whether `x` lies in (lower, upper].
    public func contains(_ x: Double) -> Bool { x > lower && x <= upper && x.isFinite }
}

extension PopulationSpec {
    enum CodingKeys: String, CodingKey {
        case users, creators, dimension, topics, countries, countryExponent, genders, tierShares, tierRequests, requestSpread, tasteNoise
        case followersMedian, followersSpread, popularFollowers, activity, minGroupSize, embeddings, worldSeed
    }

    /// Every key optional: a key a newer TwinArm added keeps its default when an older run's
    /// manifest (its resolved config) lacks it. A YAML file is laid over the defaults first, so
    /// there every key is present.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = PopulationSpec()
        users = try c.decodeIfPresent(Int.self, forKey: .users) ?? d.users
        creators = try c.decodeIfPresent(Int.self, forKey: .creators) ?? d.creators
        dimension = try c.decodeIfPresent(Int.self, forKey: .dimension) ?? d.dimension
        topics = try c.decodeIfPresent(Int.self, forKey: .topics) ?? d.topics
        countries = try c.decodeIfPresent(Int.self, forKey: .countries) ?? d.countries
        countryExponent = try c.decodeIfPresent(Double.self, forKey: .countryExponent) ?? d.countryExponent
        genders = try c.decodeIfPresent(Int.self, forKey: .genders) ?? d.genders
        tierShares = try c.decodeIfPresent([Double].self, forKey: .tierShares) ?? d.tierShares
        tierRequests = try c.decodeIfPresent([Double].self, forKey: .tierRequests) ?? d.tierRequests
        requestSpread = try c.decodeIfPresent(Double.self, forKey: .requestSpread) ?? d.requestSpread
        tasteNoise = try c.decodeIfPresent(Double.self, forKey: .tasteNoise) ?? d.tasteNoise
        followersMedian = try c.decodeIfPresent(Double.self, forKey: .followersMedian) ?? d.followersMedian
        followersSpread = try c.decodeIfPresent(Double.self, forKey: .followersSpread) ?? d.followersSpread
        popularFollowers = try c.decodeIfPresent(Double.self, forKey: .popularFollowers) ?? d.popularFollowers
        activity = try c.decodeIfPresent(Double.self, forKey: .activity) ?? d.activity
        minGroupSize = try c.decodeIfPresent(Int.self, forKey: .minGroupSize) ?? d.minGroupSize
        embeddings = try c.decodeIfPresent(String.self, forKey: .embeddings) ?? d.embeddings
        worldSeed = try c.decodeIfPresent(WorldSeed.self, forKey: .worldSeed) ?? d.worldSeed
    }
}
