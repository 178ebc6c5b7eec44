/// The outcome of comparing a metric between two arms: absolute and relative deltas with
/// two-sided confidence intervals and p-values, or why the comparison cannot be tested.
public struct Comparison: Sendable, Equatable, Codable {
    public var nControl: Int
    public var nTreatment: Int
    public var control: Double?
    public var treatment: Double?
    public var absoluteDelta: Double?
    public var absoluteLower: Double?
    public var absoluteUpper: Double?
    /// Treatment / control − 1.
    public var relativeDelta: Double?
    public var relativeLower: Double?
    public var relativeUpper: Double?
    public var standardError: Double?
    public var degreesOfFreedom: Double?
    /// Two-sided p-value of the absolute delta (below the smallest double it is 0, and
    /// `log10PValue` holds its size).
    public var pValue: Double?
    /// log₁₀ of the two-sided p-value, computed in log space; written only when p < 10⁻³⁰⁰, where
    /// a double loses precision or underflows to 0.
    public var log10PValue: Double?
    /// Why no test was made (`nil` when it was).
    public var notTestable: String?

    /// A comparison that could not be tested, with the reason.
    public static func untestable(_ reason: String, nControl: Int, nTreatment: Int,
                                  control: Double? = nil, treatment: Double? = nil) -> Comparison {
        Comparison(nControl: nControl, nTreatment: nTreatment, control: finite(control), treatment: finite(treatment),
                   notTestable: reason)
    }

    public var isTestable: Bool { notTestable == nil }

    static func finite(_ x: Double?) -> Double? { x.flatMap { $0.isFinite ? $0 : nil } }
}

extension Comparison {
    /// Builds a tested comparison from arm estimates, their variances and the t degrees of freedom.
    /// The relative delta's variance comes from the delta method: Var(T/C) ≈ Var(T)/C² + T²·Var(C)/C⁴;
    /// its interval uses the same t quantile (and degrees of freedom) as the absolute one.
    init(nControl: Int, nTreatment: Int, control: Double, treatment: Double, varianceControl: Double,
         varianceTreatment: Double, degreesOfFreedom: Double, level: Double) {
        self.init(nControl: nControl, nTreatment: nTreatment)
        self.control = control
        self.treatment = treatment
        let delta = treatment - control
        let se = (varianceControl + varianceTreatment).squareRoot()
        let upperTail = (1 - level) / 2
        let quantile = Distribution.studentTUpperQuantile(upperTail, degreesOfFreedom: degreesOfFreedom)
        absoluteDelta = delta
        absoluteLower = delta - quantile * se
        absoluteUpper = delta + quantile * se
        standardError = se
        self.degreesOfFreedom = degreesOfFreedom
        setTwoSidedP(abs(delta / se), degreesOfFreedom: degreesOfFreedom)
        if control != 0 {
            let relative = treatment / control - 1
            let relativeSE = (varianceTreatment / (control * control)
                              + treatment * treatment * varianceControl / (control * control * control * control)).squareRoot()
            relativeDelta = relative
            relativeLower = relative - quantile * relativeSE
            relativeUpper = relative + quantile * relativeSE
        }
    }

    /// A tested comparison whose delta is not treatment − control (a regression-adjusted delta):
    /// the absolute interval from `variance`, the relative delta = delta / control with its own
    /// variance; both at the t quantile of `degreesOfFreedom`.
    init(nControl: Int, nTreatment: Int, control: Double, treatment: Double, delta: Double, variance: Double,
         relativeVariance: Double?, degreesOfFreedom df: Double, level: Double) {
        self.init(nControl: nControl, nTreatment: nTreatment)
        self.control = control
        self.treatment = treatment
        let se = variance.squareRoot()
        let quantile = Distribution.studentTUpperQuantile((1 - level) / 2, degreesOfFreedom: df)
        absoluteDelta = delta
        absoluteLower = delta - quantile * se
        absoluteUpper = delta + quantile * se
        standardError = se
        degreesOfFreedom = df
        setTwoSidedP(abs(delta / se), degreesOfFreedom: df)
        if control != 0, let relativeVariance {
            let relative = delta / control, relativeSE = relativeVariance.squareRoot()
            relativeDelta = relative
            relativeLower = relative - quantile * relativeSE
            relativeUpper = relative + quantile * relativeSE
        }
    }

    /// Sets the two-sided p-value of |t| at `df`: 2·P(T > |t|) where that is a normal double, and
    /// its log₁₀ from the tail's logarithm where it is below 10⁻³⁰⁰.
    mutating func setTwoSidedP(_ t: Double, degreesOfFreedom df: Double) {
        let p = Swift.min(1, 2 * Distribution.studentTUpperTail(t, degreesOfFreedom: df))
        guard p < 1e-300, t.isFinite else {
            pValue = p
            log10PValue = nil
            return
        }
        let log10P = (log(2) + Distribution.studentTLogUpperTail(t, degreesOfFreedom: df)) / log(10)
        log10PValue = log10P
        pValue = pow(10, log10P)
    }

    init(nControl: Int, nTreatment: Int) {
        self.nControl = nControl
        self.nTreatment = nTreatment
    }
}

import Foundation
import GSL
