/// How creators publish, adapt their content and decide to be active (docs/MODEL.md §4, §7).
public struct CreatorSpec: Codable, Sendable, Equatable {
    /// How a creator changes her content direction.
    public enum Adaptation: String, ConfigChoice {
        /// From what she observes: she moves toward those of her recent items that earned more reward.
        case feedback
        /// Local Better Response on her estimated utility (exact or sampled over her arm's users).
        case lbr
    }

    /// Users the LBR utility estimate is taken over: a sample size, or every user of the arm.
    public enum Sample: Codable, Sendable, Equatable {
        case users(Int)
        case all
        public init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let n = try? c.decode(Int.self) { self = .users(n); return }
            guard (try? c.decode(String.self)) == "all" else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "an integer ≥ 1, or all"))
            }
            self = .all
        }
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            switch self {
            case .users(let n): try c.encode(n)
            case .all: try c.encode("all")
            }
        }
    }

    /// Mean items an active creator publishes a day (1 + Poisson(itemsPerDay − 1)).
    public var itemsPerDay: Double = 1.49
    /// Spread of her items around her content direction (noise norm, renormalised).
    public var contentNoise: Double = 0.4
    public var adaptation: Adaptation = .feedback
    /// `feedback`: the share of the gap between her reward-weighted and plain item centroids she moves a day.
    public var pace: Double = 0.3
    /// `lbr`: step length η, tries per active day, and the users her utility is estimated over.
    public var eta: Double = 0.2
    public var movesPerDay: Int = 1
    public var utilitySample: Sample = .users(1000)
    /// Activity logit moves by `rewardResponse` × log(recent reward / her own reference reward).
    public var rewardResponse: Double = 1
    /// Half-lives, in days, of her recent reward and of her reference (her own longer history).
    public var rewardHalfLife: Double = 3
    public var referenceHalfLife: Double = 28
    /// The probability that a like turns into a follow (when the user does not follow her yet).
    public var followPerLike: Double = 0.055
    /// What a creator's reward is made of: what she can see (`likes`, the default): `likeReward` per
    /// like, `impressionReward` per impression and `followReward` per new follower; or the true
    /// relevance σ of her impressions (`relevance`, the paper's offline game — no creator can observe it).
    public var rewardSource: RewardSource = .likes
    public var likeReward: Double = 1
    public var impressionReward: Double = 0
    /// Assumption: a new follower is worth a few likes to a creator (future reach).
    public var followReward: Double = 3
    public init() {}

    /// The observable or unobservable quantity creators are rewarded with.
    public enum RewardSource: String, ConfigChoice {
        /// The true relevance σ: the paper's offline game, which no creator can observe.
        case relevance
        /// Observable feedback: likes, impressions and new followers, weighted.
        case likes
    }
}
