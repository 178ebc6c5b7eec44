/// One sample's unit-level moments of a metric's period value and its pre-period covariate: what
/// CUPED needs. For a mean metric the values are the units' own; for a ratio metric (Σm / Σd) they
/// are the delta method's linearised values (m − R·d)/d̄ and (m⁰ − R⁰·d⁰)/d̄⁰.
public struct CovariateSummary: Sendable, Equatable {
    public var count: Int
    /// The sample's estimate of the metric (mean or ratio of sums) and of its pre-period covariate.
    public var estimate: Double
    public var preEstimate: Double
    /// Sample variances (n − 1) of the period and pre-period values and their covariance.
    public var variance: Double
    public var preVariance: Double
    public var covariance: Double

    /// A mean metric from sums of y (period), x (pre-period), their squares and Σxy.
    public static func mean(count n: Int, y: Double, y2: Double, x: Double, x2: Double, xy: Double) -> CovariateSummary {
        let m = Double(n)
        guard n >= 2 else {
            return CovariateSummary(count: n, estimate: n > 0 ? y / m : .nan, preEstimate: n > 0 ? x / m : .nan, variance: 0, preVariance: 0, covariance: 0)
        }
        return CovariateSummary(count: n, estimate: y / m, preEstimate: x / m,
                                variance: Swift.max(0, (y2 - y * y / m) / (m - 1)), preVariance: Swift.max(0, (x2 - x * x / m) / (m - 1)),
                                covariance: (xy - y * x / m) / (m - 1))
    }

    /// A ratio metric Σm / Σd from its period sums (m, d), pre-period sums (m⁰, d⁰) and every cross
    /// product; `nil` when either period has no denominator.
    public static func ratio(count n: Int, m: Double, m2: Double, d: Double, d2: Double, md: Double,
                             m0: Double, m02: Double, d0: Double, d02: Double, m0d0: Double,
                             mm0: Double, md0: Double, dm0: Double, dd0: Double) -> CovariateSummary? {
        guard n >= 2, d > 0, d0 > 0 else { return nil }
        let k = Double(n), r = m / d, r0 = m0 / d0, dbar = d / k, d0bar = d0 / k
        // Σ of the linearised values is 0 in each period, so their (co)variances need no mean correction.
        let ll = Swift.max(0, m2 - 2 * r * md + r * r * d2) / (k - 1) / (dbar * dbar)
        let l0l0 = Swift.max(0, m02 - 2 * r0 * m0d0 + r0 * r0 * d02) / (k - 1) / (d0bar * d0bar)
        let ll0 = (mm0 - r0 * md0 - r * dm0 + r * r0 * dd0) / (k - 1) / (dbar * d0bar)
        return CovariateSummary(count: n, estimate: r, preEstimate: r0, variance: ll, preVariance: l0l0, covariance: ll0)
    }
}

/// CUPED: regression adjustment on a pre-period covariate, as gbstats does it.
///
/// θ = Cov(y, x) / Var(x) over both arms' units pooled as one sample (0, i.e. no adjustment, when
/// either variance is 0). Each arm's adjusted estimate is its estimate − θ·(its covariate's), with
/// variance Var(y) + θ²·Var(x) − 2θ·Cov(y, x) per unit; the absolute delta is Welch's on the adjusted
/// values. The relative delta is the adjusted delta over the control's *unadjusted* value, with
/// the delta method's variance on the unadjusted values and the same df (gbstats' relative test).
public enum RegressionAdjustment {
    public static func theta(joint: CovariateSummary) -> Double {
        guard joint.preVariance > 0, joint.variance > 0 else { return 0 }
        return joint.covariance / joint.preVariance
    }

    public static func compare(control c: CovariateSummary, treatment t: CovariateSummary, joint: CovariateSummary,
                               level: Double = 0.95) -> Comparison {
        if c.count < 2 || t.count < 2 {
            return .untestable("an arm has fewer than 2 units", nControl: c.count, nTreatment: t.count,
                               control: c.count > 0 ? c.estimate : nil, treatment: t.count > 0 ? t.estimate : nil)
        }
        let theta = theta(joint: joint)
        func adjusted(_ s: CovariateSummary) -> (estimate: Double, variance: Double) {
            (s.estimate - theta * s.preEstimate,
             Swift.max(0, s.variance + theta * theta * s.preVariance - 2 * theta * s.covariance) / Double(s.count))
        }
        let ac = adjusted(c), at = adjusted(t)
        return adjustedComparison(control: (c.count, c.estimate, ac.variance), treatment: (t.count, t.estimate, at.variance),
                                  delta: at.estimate - ac.estimate, level: level)
    }

    /// The tested comparison of an adjusted delta from each arm's size, unadjusted estimate and
    /// adjusted variance of its mean: Welch's df; the relative delta over the control's unadjusted
    /// value, its variance by the delta method with the adjusted variances (gbstats' relative test).
    /// Shared by CUPED and ``MultipleRegressionAdjustment``.
    static func adjustedComparison(control c: (count: Int, estimate: Double, variance: Double),
                                   treatment t: (count: Int, estimate: Double, variance: Double),
                                   delta: Double, level: Double) -> Comparison {
        let vc = c.variance, vt = t.variance
        guard vc + vt > 0 else {
            return .untestable("zero variance in both arms", nControl: c.count, nTreatment: t.count, control: c.estimate, treatment: t.estimate)
        }
        let df = (vc + vt) * (vc + vt) / (vc * vc / Double(c.count - 1) + vt * vt / Double(t.count - 1))
        let relativeVariance = c.estimate != 0
            ? vt / (c.estimate * c.estimate) + vc * t.estimate * t.estimate / (c.estimate * c.estimate * c.estimate * c.estimate) : nil
        return Comparison(nControl: c.count, nTreatment: t.count, control: c.estimate, treatment: t.estimate,
                          delta: delta, variance: vc + vt, relativeVariance: relativeVariance, degreesOfFreedom: df, level: level)
    }
}
