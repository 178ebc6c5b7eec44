import GSL

/// Power and minimum detectable effect of a two-sided test of a difference in means.
public enum Power {
    /// The smallest absolute difference detected with probability `power` at level `alpha`,
    /// for per-unit variance `variance` and the given arm sizes (normal approximation).
    public static func minimumDetectableEffect(variance: Double, control: Int, treatment: Int,
                                               alpha: Double = 0.05, power: Double = 0.8) -> Double {
        let z = Distribution.normalQuantile(1 - alpha / 2) + Distribution.normalQuantile(power)
        return z * (variance / Double(control) + variance / Double(treatment)).squareRoot()
    }

    /// Units per arm (equal arms) needed to detect an absolute difference `effect`.
    public static func unitsPerArm(variance: Double, effect: Double, alpha: Double = 0.05, power: Double = 0.8) -> Double {
        let z = Distribution.normalQuantile(1 - alpha / 2) + Distribution.normalQuantile(power)
        return z * z * 2 * variance / (effect * effect)
    }
}

/// An exact (Clopper–Pearson) confidence interval for a binomial proportion.
public struct BinomialInterval: Sendable, Equatable, Codable {
    public var successes: Int
    public var trials: Int
    public var rate: Double
    public var lower: Double
    public var upper: Double

    public init(successes: Int, trials: Int, level: Double = 0.95) {
        self.successes = successes
        self.trials = trials
        rate = trials > 0 ? Double(successes) / Double(trials) : 0
        let tail = (1 - level) / 2
        lower = successes == 0 ? 0 : Distribution.betaQuantile(tail, a: Double(successes), b: Double(trials - successes + 1))
        upper = successes == trials ? 1 : Distribution.betaQuantile(1 - tail, a: Double(successes + 1), b: Double(trials - successes))
    }
}

/// The test on per-market deltas: R independent market pairs give R deltas, tested against 0 with
/// a one-sample t-test (R − 1 df). It carries the between-market variance that unit-level tests miss.
public enum PairedMarkets {
    public static func compare(controls: [Double], treatments: [Double], level: Double = 0.95) -> Comparison {
        precondition(controls.count == treatments.count, "one control and one treatment value per market pair")
        let r = controls.count
        let meanC = controls.reduce(0, +) / Double(Swift.max(1, r)), meanT = treatments.reduce(0, +) / Double(Swift.max(1, r))
        guard r >= 2 else {
            return .untestable("fewer than 2 market pairs (set replicates ≥ 2)", nControl: r, nTreatment: r, control: meanC, treatment: meanT)
        }
        let deltas = zip(treatments, controls).map { $0 - $1 }
        let v = (Descriptive.variance(deltas) ?? 0) / Double(r)
        guard v > 0 else {
            return .untestable("zero variance of the market deltas", nControl: r, nTreatment: r, control: meanC, treatment: meanT)
        }
        var result = Comparison(nControl: r, nTreatment: r, control: meanC, treatment: meanT,
                                varianceControl: 0, varianceTreatment: v, degreesOfFreedom: Double(r - 1), level: level)
        // Relative delta: the ratio of the arms' mean values minus 1, so that it matches the control and
        // treatment columns; its interval by the delta method on the pairs, z_r = (t_r − ρ·c_r) / C̄ with
        // ρ = T̄ / C̄, with the same t quantile (R − 1 df) as the absolute interval.
        result.relativeDelta = nil
        result.relativeLower = nil
        result.relativeUpper = nil
        if meanC != 0 {
            let ratio = meanT / meanC
            let z = zip(treatments, controls).map { ($0 - ratio * $1) / meanC }
            let se = ((Descriptive.variance(z) ?? 0) / Double(r)).squareRoot()
            let q = Distribution.studentTUpperQuantile((1 - level) / 2, degreesOfFreedom: Double(r - 1))
            result.relativeDelta = ratio - 1
            result.relativeLower = ratio - 1 - q * se
            result.relativeUpper = ratio - 1 + q * se
        }
        return result
    }
}
