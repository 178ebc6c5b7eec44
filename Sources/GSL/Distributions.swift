import CGSL

/// Cumulative distribution functions and their inverses, through GSL.
///
/// Upper-tail functions (`…Q`) are used for p-values because they keep precision far in the tail.
public enum Distribution {
    /// P(Z ≤ z) for a standard normal Z.
    public static func normalCDF(_ z: Double) -> Double {
        _ = GSLRuntime.ready
        return gsl_cdf_ugaussian_P(z)
    }

    /// The standard normal quantile: z with P(Z ≤ z) = p.
    public static func normalQuantile(_ p: Double) -> Double {
        _ = GSLRuntime.ready
        return gsl_cdf_ugaussian_Pinv(p)
    }

    /// P(T > t) for Student's t with `df` degrees of freedom.
    public static func studentTUpperTail(_ t: Double, degreesOfFreedom df: Double) -> Double {
        _ = GSLRuntime.ready
        return gsl_cdf_tdist_Q(t, df)
    }

    /// The t quantile with upper tail `q`: t with P(T > t) = q.
    public static func studentTUpperQuantile(_ q: Double, degreesOfFreedom df: Double) -> Double {
        _ = GSLRuntime.ready
        return gsl_cdf_tdist_Qinv(q, df)
    }

    /// The quantile of a Beta(a, b) distribution: x with P(X ≤ x) = p.
    public static func betaQuantile(_ p: Double, a: Double, b: Double) -> Double {
        _ = GSLRuntime.ready
        let x = gsl_cdf_beta_Pinv(p, a, b)
        if x.isFinite { return x }
        // GSL's inverse gives up on some shapes (its Newton steps fail to converge, e.g. p 0.975,
        // a 21, b 620); the CDF itself is reliable and monotone, so bisect it instead.
        guard p > 0, p < 1, a > 0, b > 0 else { return p <= 0 ? 0 : p >= 1 ? 1 : .nan }
        var lo = 0.0, hi = 1.0
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if gsl_cdf_beta_P(mid, a, b) < p { lo = mid } else { hi = mid }
            if hi - lo < 1e-15 { break }
        }
        return (lo + hi) / 2
    }

    /// P(X > x) for a χ² variable with `df` degrees of freedom.
    public static func chiSquaredUpperTail(_ x: Double, degreesOfFreedom df: Double) -> Double {
        _ = GSLRuntime.ready
        return gsl_cdf_chisq_Q(x, df)
    }
}
