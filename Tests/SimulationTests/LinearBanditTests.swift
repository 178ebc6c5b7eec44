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
}
