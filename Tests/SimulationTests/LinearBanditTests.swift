import Foundation
import GSL
import Simulation
import Testing

/// The multi-stakeholder contextual bandit on a stationary toy problem with a known optimal policy.
@Suite("Linear bandit")
struct LinearBanditTests {
    /// Eight arms with payoffs θ_aᵀx in d = 5; contexts uniform on the sphere; rewards with N(0, 0.1²) noise.
    /// Returns the regret against the optimal policy (argmax θ_aᵀx) of each round.
    static func regret(_ exploration: LinearBandit.Exploration, rounds: Int = 4_000) -> [Double] {
        let (arms, d) = (8, 5)
        let world = RandomStream(seed: 7, stream: 1), noise = RandomStream(seed: 7, stream: 2), choice = RandomStream(seed: 7, stream: 3)
        let theta = (0..<(arms * d)).map { _ in world.gaussian() }
        var bandit = LinearBandit(arms: arms, dimension: d, exploration: exploration)
        var regret = [Double]()
        for _ in 0..<rounds {
            var x = (0..<d).map { _ in world.gaussian() }
            let norm = x.reduce(0) { $0 + $1 * $1 }.squareRoot()
            x = x.map { $0 / norm }
            let payoff = (0..<arms).map { a in (0..<d).reduce(0.0) { $0 + theta[a * d + $1] * x[$1] } }
            let a = bandit.choose(context: x, stream: choice)
            bandit.update(arm: a, context: x, reward: payoff[a] + noise.gaussian(sd: 0.1))
            regret.append(payoff.max()! - payoff[a])
        }
        return regret
    }

    static func quarters(_ r: [Double]) -> [Double] {
        let q = r.count / 4
        return (0..<4).map { r[($0 * q)..<(($0 + 1) * q)].reduce(0, +) }
    }

    @Test func linUCBsRegretIsSublinearAndBelowEpsilonGreedys() {
        let ucb = Self.quarters(Self.regret(.upperConfidence(alpha: 1)))
        let epsilon = Self.quarters(Self.regret(.epsilonGreedy(epsilon: 0.1)))
        // Sublinear: each quarter of the rounds costs less than the one before, and the last far less than the first.
        for q in 1..<4 { #expect(ucb[q] < ucb[q - 1], "LinUCB regret by quarter \(ucb)") }
        #expect(ucb[3] < 0.25 * ucb[0], "LinUCB regret by quarter \(ucb)")
        // ε-greedy keeps paying for its random rounds: linear regret, above LinUCB's in the end.
        #expect(epsilon[3] > 0.5 * epsilon[1], "ε-greedy regret by quarter \(epsilon)")
        #expect(epsilon.reduce(0, +) > ucb.reduce(0, +), "ε-greedy \(epsilon) against LinUCB \(ucb)")
    }

    @Test func theCreatorsSideWeighsOnTheChoice() {
        var bandit = LinearBandit(arms: 3, dimension: 2, exploration: .greedy, weights: .init(user: 1, creator: 5))
        let x = [1.0, 0.0]
        for _ in 0..<20 { bandit.update(arm: 0, context: x, reward: 1); bandit.update(arm: 2, context: x, reward: 0.5) }
        let stream = RandomStream(seed: 1)
        #expect(bandit.choose(context: x, stream: stream) == 0)
        // A creator-side shortfall on arm 2 outweighs arm 0's better payoff.
        #expect(bandit.choose(context: x, creatorSide: [0, 0, 0.2], stream: stream) == 2)
        // The exact estimate after 20 updates of reward 1: θ = (A⁻¹b) with A = I + 20 x xᵀ, so θ₁ = 20/21.
        #expect(abs(bandit.estimate(arm: 0, context: x) - 20.0 / 21.0) < 1e-12)
    }

    /// A day's batch of n plays in one context is one rank-one step, equal to n single updates.
    @Test func aBatchOfPlaysIsTheSameAsPlayingThemOneByOne() {
        var one = LinearBandit(arms: 2, dimension: 3, exploration: .greedy, ridge: 2)
        var batch = one
        let x = [1.0, 0.5, -0.25], y = [1.0, -1.0, 0.0]
        for r in [1.0, 0, 0, 1, 0, 0, 0] { one.update(arm: 1, context: x, reward: r) }
        for r in [0.0, 1] { one.update(arm: 1, context: y, reward: r) }
        batch.update(arm: 1, context: x, plays: 7, rewards: 2)
        batch.update(arm: 1, context: y, plays: 2, rewards: 1)
        for c in [x, y, [0.0, 1, 1]] {
            #expect(abs(one.estimate(arm: 1, context: c) - batch.estimate(arm: 1, context: c)) < 1e-12)
            #expect(abs(one.width(arm: 1, context: c) - batch.width(arm: 1, context: c)) < 1e-12)
        }
        // One context, closed form: θᵀx = Σr·q / (1 + n·q) with q = xᵀx / ridge.
        var single = LinearBandit(arms: 1, dimension: 3, exploration: .greedy, ridge: 2)
        single.update(arm: 0, context: x, plays: 7, rewards: 2)
        let q = x.reduce(0) { $0 + $1 * $1 } / 2
        #expect(abs(single.estimate(arm: 0, context: x) - 2 * q / (1 + 7 * q)) < 1e-12)
    }

    /// The trial mechanism learns from (group, topic) likes which topic each context prefers, and
    /// ranks it up for that context only; the creators' side lifts the creator short of exposure.
    @Test func theContextualPolicyLearnsEachGroupsTopicAndTheShortfall() throws {
        let setting = RankingSetting(popular: [false, false], groupFeatures: [[1, 1, 0], [1, 0, 1]], topics: 2,
                                     likeIntercept: -5.92, likeSlope: 3.5)
        var policy = try #require(ContextualBandit(exploration: 0.01).makeRankingPolicy(setting))
        #expect(policy.observesContexts)
        // Group 0 likes topic 0 at 12 %, topic 1 at 2 %; group 1 the reverse. Creator 1 got 10 of 100 impressions.
        for _ in 0..<5 {
            policy.observe(RankingFeedback(impressions: [90, 10], likes: [5, 1], published: [1, 1],
                                           contextImpressions: [500, 500, 500, 500], contextLikes: [60, 10, 10, 60]))
        }
        let a = policy.adjustments()
        #expect(a.topics == 2 && a.contextTopic.count == 4)
        #expect(a.contextTopic[0] > a.contextTopic[1] && a.contextTopic[3] > a.contextTopic[2])
        // Centred per context, on the ranker's scale: logit(0.12) − logit(0.02) over the slope, split ±.
        let logit = { (p: Double) in log(p / (1 - p)) }
        #expect(abs((a.contextTopic[0] - a.contextTopic[1]) - (logit(0.12) - logit(0.02)) / 3.5) < 0.05)
        // Shortfall: creator 1 has 10 of a fair 50 → 0.8, times the creator weight 0.1.
        #expect(abs(a.perCreator[1] - 0.08) < 1e-12 && a.perCreator[0] == 0)
        #expect(a.newItem == 0.05)
    }
}
