import Foundation
import GSL

/// How a group-sequential design spends its type I error α over the information fraction t ∈ (0, 1]
/// (Lan & DeMets 1983; Kim & DeMets 1987). Two-sided, symmetric, no futility bound.
public enum AlphaSpending: Sendable, Equatable, Hashable {
    /// O'Brien–Fleming-type, per side: α/2 · … = 2 − 2Φ(z_{1−α/4} / √t) on each side (the two-sided
    /// form of gsDesign's `sfLDOF` and ldbounds), so α*(t) = 2·(2 − 2Φ(z_{1−α/4} / √t)) in all —
    /// almost nothing early, nearly all of α at the end.
    case obrienFleming
    /// Pocock-type: α*(t) = α · ln(1 + (e − 1)·t) — about evenly over the looks.
    case pocock
    /// The power family α*(t) = α · t^ρ (ρ = 1 spends in proportion to information; larger ρ waits).
    case power(Double)

    /// Cumulative α spent by information fraction t.
    public func spent(_ t: Double, alpha: Double) -> Double {
        let t = Swift.min(1, Swift.max(0, t))
        guard t > 0 else { return 0 }
        switch self {
        case .obrienFleming:
            return 2 * (2 - 2 * Distribution.normalCDF(Distribution.normalQuantile(1 - alpha / 4) / t.squareRoot()))
        case .pocock:
            return alpha * log(1 + (M_E - 1) * t)
        case .power(let rho):
            return alpha * pow(t, rho)
        }
    }
}

/// Two-sided group-sequential boundaries on the z scale: at look k (information fraction t_k) the
/// test stops and rejects when |Z_k| ≥ c_k.
///
/// Under the null the looks' statistics are a standardised Brownian motion read at t_k:
/// Z_k = W(t_k)/√t_k. The boundaries are found look by look so that the probability of first
/// crossing at look k is the α the spending function allots to it, α*(t_k) − α*(t_{k−1}) — the
/// sub-density of W(t_k) on the paths not yet stopped is carried from look to look on a grid
/// (Armitage, McPherson & Rowe 1969; Jennison & Turnbull 2000, ch. 19), integrated by Simpson's
/// rule, and each c_k solved by bisection.
public struct GroupSequentialBoundaries: Sendable, Equatable {
    /// Information fractions of the looks, increasing, the last one 1 (or less: a trial stopped early).
    public var fractions: [Double]
    /// Critical |z| per look.
    public var critical: [Double]
    /// Cumulative α spent by each look (what the boundaries were solved for).
    public var spent: [Double]

    /// Grid intervals over the continuation region (even, for Simpson's rule).
    static let intervals = 400

    /// Boundaries spending `alpha` (two-sided) by `spending` at the given information fractions.
    /// Fractions must increase within (0, 1].
    public init?(fractions: [Double], alpha: Double, spending: AlphaSpending) {
        guard !fractions.isEmpty, alpha > 0, alpha < 1,
              fractions.allSatisfy({ $0 > 0 && $0 <= 1 }), zip(fractions, fractions.dropFirst()).allSatisfy({ $0 < $1 }) else { return nil }
        let targets = fractions.map { spending.spent($0, alpha: alpha) }
        self.init(fractions: fractions, increments: zip(targets, [0] + targets.dropLast()).map { $0 - $1 })
        spent = targets
    }

    /// Classic boundaries of the Wang–Tsiatis family (O'Brien–Fleming: Δ = 0, Pocock: Δ = ½):
    /// c_k = C · t_k^(Δ − ½), C chosen so that the total crossing probability is `alpha`.
    public static func wangTsiatis(fractions: [Double], alpha: Double, delta: Double) -> GroupSequentialBoundaries? {
        guard !fractions.isEmpty, alpha > 0, alpha < 1 else { return nil }
        var low = 0.5, high = 12.0
        var result: GroupSequentialBoundaries?
        for _ in 0..<44 {
            let c = (low + high) / 2
            let shape = fractions.map { c * pow($0, delta - 0.5) }
            let crossing = Self.crossing(fractions: fractions, critical: shape)
            if crossing.reduce(0, +) > alpha { low = c } else { high = c }
            let spent = crossing.reduce(into: [Double]()) { $0.append(($0.last ?? 0) + $1) }
            result = GroupSequentialBoundaries(fractions: fractions, critical: shape, spent: spent)
        }
        return result
    }

    private init(fractions: [Double], critical: [Double], spent: [Double]) {
        self.fractions = fractions
        self.critical = critical
        self.spent = spent
    }

    /// Solves each look's boundary for its increment of α.
    private init(fractions: [Double], increments: [Double]) {
        self.fractions = fractions
        spent = []
        var critical = [Double]()
        var density = Density.start(at: fractions[0])
        for (k, increment) in increments.enumerated() {
            let t = fractions[k]
            let c: Double
            if increment <= 0 {
                c = .infinity
            } else if k == 0 {
                c = Distribution.normalQuantile(1 - increment / 2)
            } else {
                // P(first crossing at k | b) decreases in b: bisection on b = c·√t.
                var low = 0.0, high = 40.0
                for _ in 0..<48 {
                    let b = (low + high) / 2
                    if density.crossing(at: t, bound: b) > increment { low = b } else { high = b }
                }
                c = (low + high) / 2 / t.squareRoot()
            }
            critical.append(c)
            density = k == 0 ? Density.first(at: t, bound: Swift.min(c, 40) * t.squareRoot())
                             : density.carried(to: t, bound: Swift.min(c, 40) * t.squareRoot())
        }
        self.critical = critical
    }

    /// Probability of first crossing at each look for given boundaries (the α they spend).
    static func crossing(fractions: [Double], critical: [Double]) -> [Double] {
        var result = [Double]()
        var density = Density.start(at: fractions[0])
        for (k, t) in fractions.enumerated() {
            let b = Swift.min(critical[k], 40) * t.squareRoot()
            if k == 0 {
                result.append(2 * (1 - Distribution.normalCDF(critical[k])))
                density = Density.first(at: t, bound: b)
            } else {
                result.append(density.crossing(at: t, bound: b))
                density = density.carried(to: t, bound: b)
            }
        }
        return result
    }

    /// The sub-density of W(t) over the paths that have not crossed, on a grid over (−b, b).
    struct Density {
        var t: Double
        var points: [Double]
        var values: [Double]
        /// Simpson weights of the grid.
        var weights: [Double]

        init(t: Double, points: [Double], values: [Double]) {
            self.t = t
            self.points = points
            self.values = values
            let n = points.count - 1
            if n > 0 {
                let h = (points[n] - points[0]) / Double(n)
                weights = (0...n).map { i in h / 3 * (i == 0 || i == n ? 1 : (i % 2 == 1 ? 4 : 2)) }
            } else {
                weights = []
            }
        }

        static func start(at t: Double) -> Density { Density(t: t, points: [], values: []) }

        /// W(t₁) ~ N(0, t₁) restricted to (−b, b).
        static func first(at t: Double, bound b: Double) -> Density {
            let n = GroupSequentialBoundaries.intervals
            let points = (0...n).map { -b + 2 * b * Double($0) / Double(n) }
            let sd = t.squareRoot()
            return Density(t: t, points: points, values: points.map { normalDensity($0 / sd) / sd })
        }

        /// P(|W(t)| ≥ b and no earlier crossing).
        func crossing(at t: Double, bound b: Double) -> Double {
            let sd = (t - self.t).squareRoot(), w = weights
            var sum = 0.0
            for (i, v) in points.enumerated() {
                let outside = Distribution.normalCDF((-b - v) / sd) + (1 - Distribution.normalCDF((b - v) / sd))
                sum += w[i] * values[i] * outside
            }
            return sum
        }

        /// The sub-density at t over (−b, b): the convolution of this one with N(0, t − self.t).
        func carried(to t: Double, bound b: Double) -> Density {
            let n = GroupSequentialBoundaries.intervals
            let next = (0...n).map { -b + 2 * b * Double($0) / Double(n) }
            let sd = (t - self.t).squareRoot(), w = weights
            let values = next.map { x in
                var sum = 0.0
                for (i, v) in points.enumerated() { sum += w[i] * self.values[i] * normalDensity((x - v) / sd) }
                return sum / sd
            }
            return Density(t: t, points: next, values: values)
        }
    }

    @inline(__always) static func normalDensity(_ z: Double) -> Double { exp(-0.5 * z * z) / (2 * Double.pi).squareRoot() }
}
