import GSL

/// A biased matrix factorisation of explicit ratings: r̂(u, i) = μ + b_u + b_i + p_uᵀ q_i, fitted by
/// alternating least squares with weighted-λ regularisation (each user's and item's penalty
/// scales with its number of ratings, after Zhou, Wilkinson, Schreiber and Pan, 2008).
///
/// One half-sweep holds the items fixed and solves, per user, the ridge regression of her
/// ratings less μ and the item biases on the items' factors and a constant (the constant's
/// coefficient is her bias); the other half-sweep swaps the roles. With no factors it is the plain
/// baseline: the global mean plus user and item biases.
public struct MatrixFactorisation: Sendable {
    public let factors: Int
    public let regularisation: Double
    /// μ: the training ratings' mean.
    public private(set) var mean: Double
    public private(set) var userBias: [Double]
    public private(set) var itemBias: [Double]
    /// `users × factors` and `items × factors`, row-major.
    public private(set) var userFactors: [Double]
    public private(set) var itemFactors: [Double]
    /// The training ratings' range: predictions are clamped to it.
    public let lowest: Double
    public let highest: Double

    /// Fits `ratings` with `factors` latent dimensions over `sweeps` alternations; item factors
    /// start as N(0, 0.1²) draws from `stream`; `progress` hears each finished sweep (1 … sweeps).
    public init(fitting ratings: Ratings, factors: Int, regularisation: Double, sweeps: Int, stream: RandomStream,
                progress: ((Int) -> Void)? = nil) {
        precondition(factors >= 0 && regularisation > 0 && sweeps >= 0)
        self.factors = factors
        self.regularisation = regularisation
        mean = ratings.mean
        userBias = [Double](repeating: 0, count: ratings.users)
        itemBias = [Double](repeating: 0, count: ratings.items)
        userFactors = [Double](repeating: 0, count: ratings.users * factors)
        itemFactors = (0..<(ratings.items * factors)).map { _ in stream.gaussian(sd: 0.1) }
        lowest = ratings.value.min() ?? 0
        highest = ratings.value.max() ?? 0
        let byUser = Self.rows(of: ratings.user, count: ratings.users)
        let byItem = Self.rows(of: ratings.item, count: ratings.items)
        for sweep in 0..<Swift.max(1, sweeps) {
            defer { progress?(sweep + 1) }
            Self.solve(rows: byUser, own: &userFactors, bias: &userBias, other: ratings.item, otherFactors: itemFactors,
                       otherBias: itemBias, ratings: ratings, mean: mean, factors: factors, lambda: regularisation)
            Self.solve(rows: byItem, own: &itemFactors, bias: &itemBias, other: ratings.user, otherFactors: userFactors,
                       otherBias: userBias, ratings: ratings, mean: mean, factors: factors, lambda: regularisation)
        }
    }

    /// The ratings of each unit: `rows[u]` lists the positions of unit u's ratings.
    static func rows(of unit: [Int32], count: Int) -> [[Int]] {
        var rows = [[Int]](repeating: [], count: count)
        for (r, u) in unit.enumerated() { rows[Int(u)].append(r) }
        return rows
    }

    /// One half-sweep: every unit's factors and bias from its ratings, the other side held fixed.
    static func solve(rows: [[Int]], own: inout [Double], bias: inout [Double], other: [Int32], otherFactors: [Double],
                      otherBias: [Double], ratings: Ratings, mean: Double, factors k: Int, lambda: Double) {
        let n = k + 1
        var a = [Double](repeating: 0, count: n * n), b = [Double](repeating: 0, count: n)
        var z = [Double](repeating: 0, count: n)
        for (u, positions) in rows.enumerated() where !positions.isEmpty {
            for t in 0..<(n * n) { a[t] = 0 }
            for t in 0..<n { b[t] = 0 }
            for r in positions {
                let v = Int(other[r])
                for f in 0..<k { z[f] = otherFactors[v * k + f] }
                z[k] = 1
                let y = ratings.value[r] - mean - otherBias[v]
                for row in 0..<n {
                    b[row] += z[row] * y
                    for col in 0...row { a[row * n + col] += z[row] * z[col] }
                }
            }
            let penalty = lambda * Double(positions.count)
            for d in 0..<n { a[d * n + d] += penalty }
            guard LinearSystem.solvePositiveDefinite(&a, &b, n: n) else { continue }
            for f in 0..<k { own[u * k + f] = b[f] }
            bias[u] = b[k]
        }
    }

    /// The predicted rating of user u for item i, clamped to the training range.
    public func predict(user u: Int, item i: Int) -> Double {
        var r = mean + userBias[u] + itemBias[i]
        for f in 0..<factors { r += userFactors[u * factors + f] * itemFactors[i * factors + f] }
        return Swift.min(highest, Swift.max(lowest, r))
    }

    /// Root mean squared error of the predictions on `ratings` (numbered as the training table).
    public func rmse(_ ratings: Ratings) -> Double {
        guard ratings.count > 0 else { return 0 }
        var sum = 0.0
        for r in 0..<ratings.count {
            let e = predict(user: Int(ratings.user[r]), item: Int(ratings.item[r])) - ratings.value[r]
            sum += e * e
        }
        return (sum / Double(ratings.count)).squareRoot()
    }
}
