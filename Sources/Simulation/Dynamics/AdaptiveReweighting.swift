import Foundation

/// Algorithm 1's platform side: multiplicative group-weight updates from each group's satisfaction.
public struct AdaptiveReweighting: Sendable, Equatable {
    /// Learning rate α for the first part of the horizon.
    public var alphaEarly: Double
    /// Learning rate α after the switch.
    public var alphaLate: Double
    /// Fraction of the horizon after which `alphaLate` applies (0.5: the second half).
    public var switchFraction: Double
    /// Lower clip of every weight.
    public var minimumWeight: Double
    /// Upper clip of every weight.
    public var maximumWeight: Double

    public init(alphaEarly: Double = 0.5, alphaLate: Double = 0.1, switchFraction: Double = 0.5,
                minimumWeight: Double = 0.2, maximumWeight: Double = 5.0) {
        self.alphaEarly = alphaEarly
        self.alphaLate = alphaLate
        self.switchFraction = switchFraction
        self.minimumWeight = minimumWeight
        self.maximumWeight = maximumWeight
    }

    /// α in force at `step` of a horizon of `horizon` steps.
    public func alpha(atStep step: Int, horizon: Int) -> Double {
        Double(step) < switchFraction * Double(horizon) ? alphaEarly : alphaLate
    }

    /// One update: `w_l ← w_l·exp(−α·π̄_l)`, then rescale so the weights sum to L, then clip.
    ///
    /// Groups whose satisfaction is `nil` (no users) keep their weight through the multiplicative
    /// step but take part in the renormalisation.
    public func updated(weights: [Double], satisfaction: [Double?], alpha: Double) -> [Double] {
        precondition(weights.count == satisfaction.count, "one satisfaction value per group")
        var next = zip(weights, satisfaction).map { w, s in s.map { w * exp(-alpha * $0) } ?? w }
        var total = next.reduce(0, +)
        if !(total.isFinite && total > 0) {
            // A large step overflows (or underflows) exp: take the same update in log space,
            // relative to its largest term, so no weight is ever infinite or NaN.
            let logs = zip(weights, satisfaction).map { w, s in log(w) - alpha * (s ?? 0) }
            let top = logs.max() ?? 0
            next = logs.map { exp($0 - top) }
            total = next.reduce(0, +)
        }
        guard total.isFinite && total > 0 else { return weights }
        let scale = Double(next.count) / total
        for l in next.indices {
            next[l] = Swift.min(Swift.max(next[l] * scale, minimumWeight), maximumWeight)
        }
        return next
    }
}
