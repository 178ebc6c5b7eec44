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
        return gsl_cdf_beta_Pinv(p, a, b)
    }

    /// P(X > x) for a χ² variable with `df` degrees of freedom.
    public static func chiSquaredUpperTail(_ x: Double, degreesOfFreedom df: Double) -> Double {
        _ = GSLRuntime.ready
        return gsl_cdf_chisq_Q(x, df)
    }
}
