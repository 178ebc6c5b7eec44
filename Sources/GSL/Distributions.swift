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

    /// ln P(T > t) for Student's t with `df` degrees of freedom, finite far beyond the smallest
    /// double: where P itself is below 1e-280 it comes from the incomplete beta function's series
    /// P(T > t) = ½·I_x(df/2, ½), x = df / (df + t²), with
    /// I_x(a, b) = xᵃ(1 − x)ᵇ / (a·B(a, b)) · Σₙ (a + b)ₙ / (a + 1)ₙ · xⁿ (DLMF 8.17.8), summed in
    /// log space; above 10⁶ df, the normal tail's ln(½·erfc(t/√2)).
    public static func studentTLogUpperTail(_ t: Double, degreesOfFreedom df: Double) -> Double {
        _ = GSLRuntime.ready
        let q = gsl_cdf_tdist_Q(t, df)
        guard q < 1e-280, t > 0, t.isFinite, df > 0 else { return log(q) }
        if df > 1e6 { return log(0.5) + gsl_sf_log_erfc(t / 2.0.squareRoot()) }
        let a = df / 2, b = 0.5
        let x = df / (df + t * t), log1mx = log(t * t / (df + t * t))
        var term = 1.0, sum = 1.0, n = 0.0
        while n < 1e7 {
            term *= (a + b + n) / (a + 1 + n) * x
            sum += term
            n += 1
            if term < 1e-17 * sum { break }
        }
        return log(0.5) + a * log(x) + b * log1mx - log(a) - gsl_sf_lnbeta(a, b) + log(sum)
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
