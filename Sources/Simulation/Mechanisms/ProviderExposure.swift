/// Provider-exposure constraints at the ranking stage, after Sürer, Burke and Malthouse's
/// constrained re-ranking: users get the most relevant feeds subject to a minimum exposure for
/// providers, solved through the Lagrangian dual.
///
/// Each constraint has a multiplier λ ≥ 0 that is added to the ranking score of the items it
/// covers — the price at which the ranker trades relevance for the constrained exposure. After
/// each trial day, every λ takes a projected subgradient step on the dual: λ ← clamp(λ + η_t · g,
/// 0, `ceiling`), with g the day's shortfall against the target relative to the target (clipped
/// to [−1, 1], so a met constraint relaxes) and the decreasing step η_t = `step` / √t.
///
/// Targets (``Target``):
/// - `nonPopular`: the creators who are not popular at the start together get at least `share`
///   of the day's impressions (one multiplier, on all their items);
/// - `creator`: every creator who published that day gets at least `share` × her fair share (the
///   day's impressions over the creators who published), one multiplier per creator.
///
/// It leaves retrieval, matching and rewards alone, so in the offline game it acts like `control`.
public struct ProviderExposure: Mechanism, Equatable {
    public enum Target: String, Sendable, CaseIterable, Codable { case nonPopular, creator }

    public var target: Target
    public var share: Double
    public var step: Double
    public var ceiling: Double

    public init(target: Target = .creator, share: Double = 0.5, step: Double = 0.2, ceiling: Double = 1) {
        self.target = target
        self.share = share
        self.step = step
        self.ceiling = ceiling
    }

    public var name: String { "exposure" }
    public var altersMatching: Bool { false }
    public func matching(forWeight weight: Double, defaults: MatchingDefaults) -> UserMatching { Self.defaultMatching(defaults) }

    public func makeRankingPolicy(creators: Int) -> (any RankingPolicy)? {
        makeRankingPolicy(popular: [Bool](repeating: false, count: creators))
    }

    public func makeRankingPolicy(popular: [Bool]) -> (any RankingPolicy)? {
        Policy(mechanism: self, popular: popular)
    }

    /// The multipliers and the day count.
    public struct Policy: RankingPolicy {
        public let mechanism: ProviderExposure
        let popular: [Bool]
        /// Per creator (`creator`), or one shared by the non-popular creators (`nonPopular`).
        public private(set) var lambda: [Double]
        public private(set) var days = 0

        init(mechanism: ProviderExposure, popular: [Bool]) {
            self.mechanism = mechanism
            self.popular = popular
            lambda = [Double](repeating: 0, count: mechanism.target == .creator ? popular.count : 1)
        }

        public func adjustments() -> RankingAdjustments {
            switch mechanism.target {
            case .creator: return RankingAdjustments(perCreator: lambda)
            case .nonPopular: return RankingAdjustments(perCreator: popular.map { $0 ? 0 : lambda[0] })
            }
        }

        public mutating func observe(_ feedback: RankingFeedback) {
            days += 1
            let eta = mechanism.step / Double(days).squareRoot()
            let total = feedback.impressions.reduce(0, +)
            guard total > 0 else { return }
            @inline(__always) func stepped(_ l: Double, shortfall g: Double) -> Double {
                Swift.min(mechanism.ceiling, Swift.max(0, l + eta * Swift.min(1, Swift.max(-1, g))))
            }
            switch mechanism.target {
            case .nonPopular:
                let reached = feedback.impressions.indices.reduce(0) { $0 + (popular[$1] ? 0 : feedback.impressions[$1]) }
                let realised = Double(reached) / Double(total)
                lambda[0] = stepped(lambda[0], shortfall: (mechanism.share - realised) / mechanism.share)
            case .creator:
                let published = feedback.published.isEmpty ? feedback.impressions : feedback.published
                let eligible = published.filter { $0 > 0 }.count
                guard eligible > 0 else { return }
                let goal = mechanism.share * Double(total) / Double(eligible)
                for i in lambda.indices where published[i] > 0 {
                    lambda[i] = stepped(lambda[i], shortfall: (goal - Double(feedback.impressions[i])) / goal)
                }
            }
        }
    }
}
