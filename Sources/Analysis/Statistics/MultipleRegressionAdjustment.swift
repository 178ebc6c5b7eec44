import GSL

/// One sample's moments of a metric's period value y and a covariate vector x (k covariates):
/// what a regression adjustment on several covariates needs. For a ratio metric y is the delta
/// method's linearised value (m − R·d)/d̄, as for CUPED.
public struct CovariateMatrixSummary: Sendable, Equatable {
    public var count: Int
    /// The metric's estimate (mean or ratio) and the covariates' means.
    public var estimate: Double
    public var means: [Double]
    /// Sample variance of y, covariances Cov(xⱼ, y), and Cov(x) (k × k, row by row); all n − 1.
    public var variance: Double
    public var covariances: [Double]
    public var covariance: [Double]

    public var dimension: Int { means.count }

    /// From exact sums: Σy, Σy², Σx (k), Σxy (k), Σxxᵀ (k × k); `estimate` the metric's own.
    public static func sums(count n: Int, estimate: Double, y: Double, y2: Double, x: [Double], xy: [Double], xx: [Double]) -> CovariateMatrixSummary {
        let k = x.count, m = Double(n)
        guard n >= 2 else {
            return CovariateMatrixSummary(count: n, estimate: estimate, means: x.map { n > 0 ? $0 / m : 0 }, variance: 0,
                                          covariances: Array(repeating: 0, count: k), covariance: Array(repeating: 0, count: k * k))
        }
        var cov = [Double](repeating: 0, count: k * k)
        for i in 0..<k { for j in 0..<k { cov[i * k + j] = (xx[i * k + j] - x[i] * x[j] / m) / (m - 1) } }
        return CovariateMatrixSummary(count: n, estimate: estimate, means: x.map { $0 / m }, variance: Swift.max(0, (y2 - y * y / m) / (m - 1)),
                                      covariances: (0..<k).map { (xy[$0] - x[$0] * y / m) / (m - 1) }, covariance: cov)
    }
}

/// Regression adjustment on several pre-period covariates at once (CUPED with a covariate vector,
/// as Eppo's CUPED++ and Statsig's CURE do): θ = Cov(x)⁻¹·Cov(x, y) over both arms' units pooled as
/// one sample — the slope of the pooled least-squares fit of y on x —; each arm's adjusted estimate
/// is its estimate − θ·(its covariates' means), with per-unit variance Var(y) − 2θ·Cov(x, y) +
/// θᵀCov(x)θ; Welch's df; the relative delta over the control's unadjusted value, its variance by
/// the delta method with the adjusted variances (as ``RegressionAdjustment``). Covariates with no variance are left out of the fit.
public enum MultipleRegressionAdjustment {
    public static func theta(joint: CovariateMatrixSummary) -> [Double] {
        let k = joint.dimension
        var theta = [Double](repeating: 0, count: k)
        guard joint.variance > 0 else { return theta }
        let used = (0..<k).filter { joint.covariance[$0 * k + $0] > 0 }
        guard !used.isEmpty else { return theta }
        let n = used.count
        var a = [Double](repeating: 0, count: n * n), b = [Double](repeating: 0, count: n)
        for (r, i) in used.enumerated() {
            b[r] = joint.covariances[i]
            for (c, j) in used.enumerated() { a[r * n + c] = joint.covariance[i * k + j] }
        }
        // A collinear set (a covariate that is a sum of others) is solved with a ridge a hair above
        // rounding: the fit's predictions, which are all the adjustment uses, barely move.
        var solved = b, factor = a
        if !LinearSystem.solvePositiveDefinite(&factor, &solved, n: n) {
            let ridge = 1e-10 * (0..<n).reduce(0) { $0 + a[$1 * n + $1] } / Double(n)
            factor = a
            for r in 0..<n { factor[r * n + r] += ridge }
            solved = b
            guard LinearSystem.solvePositiveDefinite(&factor, &solved, n: n) else { return theta }
        }
        for (r, i) in used.enumerated() { theta[i] = solved[r] }
        return theta
    }

    /// Per-unit variance of y − θᵀx.
    static func residualVariance(_ s: CovariateMatrixSummary, theta: [Double]) -> Double {
        let k = s.dimension
        var v = s.variance
        for i in 0..<k {
            v -= 2 * theta[i] * s.covariances[i]
            for j in 0..<k { v += theta[i] * theta[j] * s.covariance[i * k + j] }
        }
        return Swift.max(0, v)
    }

    /// The adjusted estimate of a sample (a market's value, for the market test): estimate − θ·(means − the joint means).
    public static func adjusted(_ s: CovariateMatrixSummary, theta: [Double], joint: CovariateMatrixSummary) -> Double {
        var value = s.estimate
        for i in 0..<s.dimension { value -= theta[i] * (s.means[i] - joint.means[i]) }
        return value
    }

    public static func compare(control c: CovariateMatrixSummary, treatment t: CovariateMatrixSummary, joint: CovariateMatrixSummary,
                               level: Double = 0.95) -> Comparison {
        if c.count < 2 || t.count < 2 {
            return .untestable("an arm has fewer than 2 units", nControl: c.count, nTreatment: t.count,
                               control: c.count > 0 ? c.estimate : nil, treatment: t.count > 0 ? t.estimate : nil)
        }
        let theta = theta(joint: joint)
        var delta = t.estimate - c.estimate
        for i in 0..<c.dimension { delta -= theta[i] * (t.means[i] - c.means[i]) }
        return RegressionAdjustment.adjustedComparison(
            control: (c.count, c.estimate, residualVariance(c, theta: theta) / Double(c.count)),
            treatment: (t.count, t.estimate, residualVariance(t, theta: theta) / Double(t.count)), delta: delta, level: level)
    }
}
