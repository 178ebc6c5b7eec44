import Foundation
import GSL

/// The multi-stakeholder contextual bandit at the ranking stage, after Arabghalizi and
/// Labrinidis: it learns, per request context, what showing an item is worth, and scores items
/// with a weighted relevance of the three sides of the market.
///
/// - **Contexts and arms.** A request's context is its user's group (country × gender × activity
///   tier) through the group's feature vector x (an intercept and the one-hot attributes); the
///   bandit's arms are content topics. Per topic k, disjoint LinUCB (``LinearBandit``) keeps
///   A_k = I·ridge + Σ n x xᵀ and b_k = Σ likes · x over the day's (group, topic) impressions, so
///   θ̂_kᵀx estimates the like rate of topic k in context x and α·√(xᵀA_k⁻¹x) is its exploration bonus.
/// - **The user's side** is that upper confidence bound, put on the ranker's scale through the like
///   model (relevance = (logit p − intercept) / slope) and centred per context, so it reorders
///   topics within a user's feed rather than shifting every score.
/// - **The creator's side** is a creator's exposure shortfall: 1 − yesterday's impressions ÷ a fair
///   share of them (impressions over the creators who published), clipped to [0, 1].
/// - **The platform's side** is new supply: a bonus on items with no feedback yet.
///
/// The score added to an item of topic k by creator i shown to group g is
/// `user · UCB(g, k) + creator · shortfall(i) + platform · [item is new]`. It learns from likes
/// only (what a platform observes). Matching and rewards are production's.
public struct ContextualBandit: Mechanism, Equatable {
    public var weights: LinearBandit.Stakeholders
    /// LinUCB's α, in like-rate units (a like's standard deviation is about 0.2 at a 4 % like rate).
    public var exploration: Double
    /// The ridge on A's diagonal (pseudo-impressions at a like rate of 0).
    public var ridge: Double

    public init(weights: LinearBandit.Stakeholders = .init(user: 1, creator: 0.1, platform: 0.05), exploration: Double = 0.2,
                ridge: Double = 1) {
        self.weights = weights
        self.exploration = exploration
        self.ridge = ridge
    }

    public var name: String { "bandit" }
    public var altersMatching: Bool { false }
    public func matching(forWeight weight: Double, defaults: MatchingDefaults) -> UserMatching { Self.defaultMatching(defaults) }

    public func makeRankingPolicy(popular: [Bool]) -> (any RankingPolicy)? {
        makeRankingPolicy(RankingSetting(popular: popular, groupFeatures: [[1]], topics: 1, likeIntercept: 0, likeSlope: 1))
    }

    public func makeRankingPolicy(_ setting: RankingSetting) -> (any RankingPolicy)? { Policy(mechanism: self, setting: setting) }

    public struct Policy: RankingPolicy {
        public let mechanism: ContextualBandit
        let setting: RankingSetting
        public private(set) var bandit: LinearBandit
        /// The creators' side from the last day's exposure.
        var shortfall: [Double]

        init(mechanism: ContextualBandit, setting: RankingSetting) {
            self.mechanism = mechanism
            self.setting = setting
            let d = setting.groupFeatures.first?.count ?? 1
            bandit = LinearBandit(arms: Swift.max(1, setting.topics), dimension: d, exploration: .upperConfidence(alpha: mechanism.exploration),
                                  weights: mechanism.weights, ridge: mechanism.ridge)
            shortfall = [Double](repeating: 0, count: setting.popular.count)
        }

        public var observesContexts: Bool { true }

        /// The user's side on the ranker's scale: the UCB of the like rate as a relevance.
        func relevance(_ p: Double) -> Double {
            let q = Swift.min(0.5, Swift.max(1e-4, p))
            return (log(q / (1 - q)) - setting.likeIntercept) / setting.likeSlope
        }

        public func adjustments() -> RankingAdjustments {
            let topics = setting.topics, w = mechanism.weights
            var table = [Double](repeating: 0, count: setting.groupFeatures.count * topics)
            let thetas = (0..<topics).map { bandit.theta(arm: $0) }   // once per topic, not per context
            for (g, x) in setting.groupFeatures.enumerated() {
                var mean = 0.0
                for k in 0..<topics {
                    let ucb = LinearBandit.dot(thetas[k], x) + mechanism.exploration * bandit.width(arm: k, context: x)
                    table[g * topics + k] = relevance(ucb)
                    mean += table[g * topics + k]
                }
                mean /= Double(topics)
                for k in 0..<topics { table[g * topics + k] = w.user * (table[g * topics + k] - mean) }
            }
            return RankingAdjustments(perCreator: shortfall.map { w.creator * $0 }, newItem: w.platform, contextTopic: table, topics: topics)
        }

        public mutating func observe(_ feedback: RankingFeedback) {
            let topics = setting.topics
            if feedback.contextImpressions.count == setting.groupFeatures.count * topics {
                for (g, x) in setting.groupFeatures.enumerated() {
                    for k in 0..<topics where feedback.contextImpressions[g * topics + k] > 0 {
                        bandit.update(arm: k, context: x, plays: feedback.contextImpressions[g * topics + k],
                                      rewards: Double(feedback.contextLikes[g * topics + k]))
                    }
                }
            }
            let published = feedback.published.isEmpty ? feedback.impressions : feedback.published
            let eligible = published.filter { $0 > 0 }.count, total = feedback.impressions.reduce(0, +)
            guard eligible > 0, total > 0 else { return }
            let fair = Double(total) / Double(eligible)
            for i in shortfall.indices {
                shortfall[i] = published[i] > 0 ? Swift.min(1, Swift.max(0, 1 - Double(feedback.impressions[i]) / fair)) : 0
            }
        }
    }
}
