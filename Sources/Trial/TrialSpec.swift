import Simulation

/// The platform population that arms are drawn from (MODEL.md §6 "trial population").
///
/// Units are independent draws, so TwinArm generates only the users and creators that land in an
/// arm — the same distribution as drawing the whole population and then splitting it.
public struct PopulationSpec: Sendable, Equatable {
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
    /// Activity tiers: share of users and mean daily requests of each tier.
    public var tierShares: [Double] = [0.5, 0.35, 0.15]
    public var tierRequests: [Double] = [3, 8, 20]
    /// Log-normal spread of a user's mean daily requests around her tier's mean.
    public var requestSpread: Double = 0.8
    /// How far a user's taste strays from her country's (noise scale before normalising).
    public var tasteNoise: Double = 0.8
    /// Followers: log-normal with this median and log-scale spread; popular = more than `popularFollowers`.
    public var followersMedian: Double = 200
    public var followersSpread: Double = 1.5
    public var popularFollowers: Double = 1000
    /// Mean daily probability that a creator is active, before rewards move it.
    public var activity: Double = 0.5
    /// Groups with fewer users than this in an arm keep weight 1 and are not re-weighted.
    public var minGroupSize: Int = 20

    public init() {}

    /// Number of user groups (country × gender × tier).
    public var groupCount: Int { countries * genders * tierShares.count }
}

/// How units are assigned to arms: the same fraction of users and of creators for every arm.
public struct SplitSpec: Sendable, Equatable {
    public var creatorFraction: Double = 0.03
    public var userFraction: Double = 0.03
    public init() {}
}

/// One arm: a name and the mechanism its platform runs.
public struct ArmSpec: Sendable {
    public var name: String
    public var mechanism: any Mechanism
    public init(name: String, mechanism: any Mechanism) {
        self.name = name
        self.mechanism = mechanism
    }
}

/// The platform side of every arm: serving, likes and the daily re-weighting (Algorithm 1, §5.2.1).
public struct PlatformSpec: Sendable, Equatable {
    /// Share of requests served from the cold-start pool (the rest from established content).
    public var coldStartShare: Double = 0.2
    /// Softmax temperature of the cold-start matching.
    public var beta: Double = 0.05
    /// Production percentile p: the default K is max(1, ⌈(1 − p)·pool⌉).
    public var productionPercentile: Double = 0.99
    /// Like probability = logistic(likeIntercept + likeSlope·σ).
    public var likeIntercept: Double = -4.5
    public var likeSlope: Double = 2.5
    /// Weight update: w ← w·exp(−α·relative LTR change), renormalised, clipped to [wMin, wMax].
    public var alpha: Double = 0.5
    public var wMin: Double = 0.2
    public var wMax: Double = 5.0
    /// Content younger than this many hours at impression time is fresh.
    public var freshHours: Double = 2
    public init() {}
}

/// How creators adapt: Local Better Response on the utility they can observe, and activity.
public struct CreatorSpec: Sendable, Equatable {
    /// LBR step length η and tries per active day.
    public var eta: Double = 0.2
    public var movesPerDay: Int = 1
    /// Users a creator's utility estimate is taken over; `nil` means every user of her arm (exact).
    public var utilitySample: Int? = 1000
    /// Activity logit moves by `rewardResponse` × (smoothed relative reward − 1).
    public var rewardResponse: Double = 1.5
    /// Half-life, in days, of the smoothing of rewards (the lag of creators' reaction).
    public var rewardHalfLife: Double = 7
    public init() {}
}

/// A whole symmetric trial.
public struct TrialSpec: Sendable {
    public var name: String
    public var population: PopulationSpec
    public var split: SplitSpec
    public var arms: [ArmSpec]
    public var days: Int
    public var platform: PlatformSpec
    public var creators: CreatorSpec
    /// Independent market pairs drawn from the same population, each with its own units and streams.
    public var replicates: Int

    public init(name: String, population: PopulationSpec, split: SplitSpec, arms: [ArmSpec], days: Int,
                platform: PlatformSpec, creators: CreatorSpec, replicates: Int = 1) {
        self.replicates = replicates
        self.name = name
        self.population = population
        self.split = split
        self.arms = arms
        self.days = days
        self.platform = platform
        self.creators = creators
    }
}
