import Foundation

/// The mixture sequential probability ratio test for a normal estimate (Robbins 1970; Johari,
/// Koomen, Pekelis & Walsh 2017, as in Optimizely's engine), two-sided.
///
/// An estimate θ̂ with variance V, the effect mixed over N(0, τ²): the likelihood ratio against
/// θ = 0 is Λ = √(V / (V + τ²)) · exp(θ̂²·τ² / (2V(V + τ²))). With r = τ²/V and z = θ̂/√V,
/// Λ = (1 + r)^(−½) · exp(z²·r / (2(1 + r))). Under the null Λ is a martingale in the looks, so by
/// Ville's inequality P(Λ ever ≥ 1/α) ≤ α: the always-valid p-value min over looks of 1/Λ may be
/// read after every look. The matching confidence sequence is θ̂ ± √V·c with
/// c² = (1 + r)/r · (ln(1 + r) − 2 ln α).
public enum MixtureSPRT {
    /// Λ at a look, from the z-score and r = τ²/V.
    public static func likelihoodRatio(z: Double, ratio r: Double) -> Double {
        exp(logLikelihoodRatio(z: z, ratio: r))
    }

    public static func logLikelihoodRatio(z: Double, ratio r: Double) -> Double {
        -0.5 * log1p(r) + z * z * r / (2 * (1 + r))
    }

    /// The |z| at which Λ reaches 1/α (the look's boundary; the confidence sequence's half-width in SEs).
    public static func boundary(alpha: Double, ratio r: Double) -> Double {
        ((1 + r) / r * (log1p(r) - 2 * log(alpha))).squareRoot()
    }

    /// The mixing variance as a multiple of the final look's variance that makes the boundary
    /// lowest at that look: r = −2 ln α + ln(1 − 2 ln α) (Howard, Ramdas, McAuliffe & Sekhon 2021,
    /// the normal mixture's tuning), 7.94 at α = 0.05.
    public static func tunedRatio(alpha: Double) -> Double {
        let a = -2 * log(alpha)
        return a + log1p(a)
    }

    /// Always-valid p-values of a sequence of looks: pₖ = min(1, min over j ≤ k of 1/Λⱼ).
    public static func pValues(z: [Double], ratios: [Double]) -> [Double] {
        var running = 1.0
        return zip(z, ratios).map { z, r in
            running = Swift.min(running, exp(-logLikelihoodRatio(z: z, ratio: r)))
            return running
        }
    }
}
