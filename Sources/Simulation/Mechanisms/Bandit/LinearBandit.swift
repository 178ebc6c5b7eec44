import GSL

/// A contextual bandit over a fixed set of arms with linear payoffs (disjoint LinUCB, Li, Chu,
/// Langford and Schapire 2010), scored with the multi-stakeholder relevance of Arabghalizi and
/// Labrinidis: a weighted sum of the user's side (the estimated payoff, plus LinUCB's exploration
/// bonus), the creator's side and the platform's side, both given per arm by the caller (for
/// example a creator's exposure shortfall, or a protected group).
///
/// Per arm a: A_a = ridge·I + Σ x xᵀ and b_a = Σ r x over the contexts it was played in; θ̂_a = A_a⁻¹ b_a.
/// A_a⁻¹ is kept up to date by the Sherman–Morrison formula, so a choice costs O(arms · d²) and no
/// solve. The exploration rule (``Exploration``) is LinUCB's bonus α·√(xᵀA_a⁻¹x), none (greedy),
/// or ε-greedy (a uniformly random arm with probability ε) — the paper's baselines.
public struct LinearBandit: Sendable {
    public enum Exploration: Sendable, Equatable {
        case upperConfidence(alpha: Double)
        case greedy
        case epsilonGreedy(epsilon: Double)
    }

    /// Weights of the user's, the creator's and the platform's side of the relevance.
    public struct Stakeholders: Sendable, Equatable {
        public var user: Double, creator: Double, platform: Double
        public init(user: Double = 1, creator: Double = 0, platform: Double = 0) {
            self.user = user; self.creator = creator; self.platform = platform
        }
    }

    public let arms: Int
    public let dimension: Int
    public let exploration: Exploration
    public let weights: Stakeholders
    /// Per arm, A⁻¹ (`d × d`, row-major) and b (`d`).
    private var inverse: [Double]
    private var b: [Double]
    private var scratch: [Double]

    /// - Parameter ridge: A's starting diagonal (A = ridge · I).
    public init(arms: Int, dimension: Int, exploration: Exploration, weights: Stakeholders = Stakeholders(), ridge: Double = 1) {
        precondition(arms >= 1 && dimension >= 1)
        self.arms = arms
        self.dimension = dimension
        self.exploration = exploration
        self.weights = weights
        let d = dimension
        inverse = [Double](repeating: 0, count: arms * d * d)
        for a in 0..<arms { for k in 0..<d { inverse[a * d * d + k * d + k] = 1 / ridge } }
        b = [Double](repeating: 0, count: arms * d)
        scratch = [Double](repeating: 0, count: d)
    }

    /// θ̂_a = A_a⁻¹ b_a.
    public func theta(arm a: Int) -> [Double] {
        let d = dimension
        return (0..<d).map { i in
            var theta = 0.0
            for j in 0..<d { theta += inverse[a * d * d + i * d + j] * b[a * d + j] }
            return theta
        }
    }

    /// θ̂_a·x: the estimated payoff of arm a in context x.
    public func estimate(arm a: Int, context x: [Double]) -> Double { Self.dot(theta(arm: a), x) }

    /// Σ θᵢ xᵢ in index order (so an estimate from a θ taken once equals ``estimate(arm:context:)`` bit for bit).
    public static func dot(_ theta: [Double], _ x: [Double]) -> Double {
        var value = 0.0
        for i in theta.indices { value += theta[i] * x[i] }
        return value
    }

    /// √(xᵀA_a⁻¹x): the width of arm a's confidence interval in context x (up to α).
    public func width(arm a: Int, context x: [Double]) -> Double {
        let d = dimension
        var q = 0.0
        for i in 0..<d { for j in 0..<d { q += x[i] * inverse[a * d * d + i * d + j] * x[j] } }
        return Swift.max(0, q).squareRoot()
    }

    /// The arm to play in context x (ties to the lower arm). `creatorSide` and `platformSide`, when
    /// given, hold each arm's value for those stakeholders; `stream` draws ε-greedy's exploration.
    public func choose(context x: [Double], creatorSide: [Double]? = nil, platformSide: [Double]? = nil, stream: RandomStream) -> Int {
        if case let .epsilonGreedy(epsilon) = exploration, stream.uniform() < epsilon { return stream.integer(below: arms) }
        var best = 0, bestScore = -Double.infinity
        for a in 0..<arms {
            var user = estimate(arm: a, context: x)
            if case let .upperConfidence(alpha) = exploration { user += alpha * width(arm: a, context: x) }
            let score = weights.user * user + weights.creator * (creatorSide?[a] ?? 0) + weights.platform * (platformSide?[a] ?? 0)
            if score > bestScore { best = a; bestScore = score }
        }
        return best
    }

    /// Learns the payoff `reward` of arm a in context x: A_a += x xᵀ (by Sherman–Morrison on A⁻¹), b_a += r x.
    public mutating func update(arm a: Int, context x: [Double], reward: Double) {
        update(arm: a, context: x, plays: 1, rewards: reward)
    }

    /// Learns `plays` plays of arm a in the same context x with payoffs summing to `rewards` (a
    /// day's batch): A_a += n x xᵀ, one rank-one Sherman–Morrison step; b_a += (Σ r) x.
    public mutating func update(arm a: Int, context x: [Double], plays n: Int, rewards: Double) {
        guard n > 0 else { return }
        let d = dimension, base = a * d * d, weight = Double(n)
        // u = A⁻¹x; A⁻¹ ← A⁻¹ − n u uᵀ / (1 + n xᵀu).
        for i in 0..<d {
            var s = 0.0
            for j in 0..<d { s += inverse[base + i * d + j] * x[j] }
            scratch[i] = s
        }
        var q = 0.0
        for i in 0..<d { q += x[i] * scratch[i] }
        let factor = weight / (1 + weight * q)
        for i in 0..<d { for j in 0..<d { inverse[base + i * d + j] -= factor * scratch[i] * scratch[j] } }
        for i in 0..<d { b[a * d + i] += rewards * x[i] }
    }
}
