import GSL

/// Relative margins per metric (`guardrails:` and `superiority:` in a config), e.g. `ltr: -0.005`:
/// a share of the control's value. Written in the metric's id order.
public struct MetricMargins: Sendable, Equatable, Hashable, Codable {
    public var values: [MetricID: Double]

    public init(_ values: [MetricID: Double] = [:]) { self.values = values }

    /// The guardrail's default: LTR no worse than −0.5 % (README, "Guardrails").
    public static let defaultGuardrails = MetricMargins([.ltr: -0.005])

    public subscript(metric: MetricID) -> Double? { values[metric] }
    public var isEmpty: Bool { values.isEmpty }
    /// The metrics with a margin, in the metrics' order.
    public var metrics: [MetricID] { MetricID.allCases.filter { values[$0] != nil } }

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// The mapping as one line: `{ltr: -0.005}`.
    public static func text(_ margins: MetricMargins) -> String {
        "{" + margins.metrics.map { "\($0.rawValue): \(margins.values[$0]!)" }.joined(separator: ", ") + "}"
    }

    /// Names that are not metric ids are refused by the config's validation, which reads them here.
    public static func names(in decoder: any Decoder) throws -> [String] {
        try decoder.container(keyedBy: Key.self).allKeys.map(\.stringValue)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        var values = [MetricID: Double]()
        for key in c.allKeys {
            guard let metric = MetricID(rawValue: key.stringValue) else {
                throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription:
                    "'\(key.stringValue)' is not a metric; allowed: \(MetricID.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            values[metric] = try c.decode(Double.self, forKey: key)
        }
        self.values = values
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        for metric in metrics { try c.encode(values[metric]!, forKey: Key(stringValue: metric.rawValue)) }
    }
}

/// A one-sided test of a relative effect against a margin, on the lead test's estimate, standard
/// error and degrees of freedom.
public struct MarginVerdict: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        /// "Not worse by more than the margin": H₀ the effect is at or past the margin on the worse side.
        case nonInferiority
        /// "Better by at least the margin": H₀ the effect is at or short of the margin.
        case superiority
    }

    public enum Call: String, Sendable, Codable {
        /// Non-inferiority shown: the one-sided (1 − α) bound on the worse side is inside the margin.
        case noWorse
        /// Worse by more than the margin: the one-sided bound on the better side is past it.
        case worse
        /// Superiority shown: the bound on the worse side is beyond the margin on the better side.
        case better
        /// Shown short of the superiority margin: the bound on the better side is below it.
        case notBetter
        case inconclusive
        /// No calibrated test at this design.
        case uncalibrated
        case untestable
    }

    public var metric: MetricID
    public var breakdown: Breakdown
    public var kind: Kind
    /// The margin, a relative change (negative: a fall).
    public var margin: Double
    public var call: Call
    public var estimate: Double?
    /// The one-sided (1 − α) lower and upper bounds of the relative effect.
    public var lower: Double?
    public var upper: Double?
    /// The one-sided p-value of the margin's null hypothesis.
    public var p: Double?
    public var degreesOfFreedom: Double?
}

public enum MarginTest {
    /// Tests `comparison`'s relative effect against `margin` at level α (one-sided).
    ///
    /// The relative standard error is the one the comparison's two-sided interval at `level` was
    /// built with, (upper − estimate) / t_df(1 − (1 − level)/2); the bounds are estimate ∓ t_df(1 − α)·SE.
    /// For a metric where higher is better, the non-inferiority null is effect ≤ margin (p = P(T > (effect −
    /// margin)/SE)), the superiority null likewise; where lower is better, both are mirrored.
    public static func test(_ comparison: Comparison, metric: MetricID, breakdown: Breakdown, kind: MarginVerdict.Kind,
                            margin: Double, alpha: Double, level: Double, calibrated: Bool) -> MarginVerdict {
        var verdict = MarginVerdict(metric: metric, breakdown: breakdown, kind: kind, margin: margin, call: .untestable)
        guard let estimate = comparison.relativeDelta, let df = comparison.degreesOfFreedom,
              let se = relativeStandardError(comparison, level: level) else { return verdict }
        let q1 = Distribution.studentTUpperQuantile(alpha, degreesOfFreedom: df)
        verdict.estimate = estimate
        verdict.lower = estimate - q1 * se
        verdict.upper = estimate + q1 * se
        verdict.degreesOfFreedom = df
        // On the "better" axis: effect and margin times the metric's direction.
        let direction = metric.higherIsBetter ? 1.0 : -1.0
        let t = direction * (estimate - margin) / se
        verdict.p = Distribution.studentTUpperTail(t, degreesOfFreedom: df)
        guard calibrated else { verdict.call = .uncalibrated; return verdict }
        let worseBound = direction > 0 ? verdict.lower! : verdict.upper!, betterBound = direction > 0 ? verdict.upper! : verdict.lower!
        let beyond = { (x: Double) in direction * (x - margin) > 0 }
        switch kind {
        case .nonInferiority:
            verdict.call = beyond(worseBound) ? .noWorse : !beyond(betterBound) ? .worse : .inconclusive
        case .superiority:
            verdict.call = beyond(worseBound) ? .better : !beyond(betterBound) ? .notBetter : .inconclusive
        }
        return verdict
    }

    /// The relative delta's standard error its two-sided interval at `level` was built with:
    /// (upper − estimate) / t_df(1 − (1 − level)/2); `nil` when untested or not positive.
    public static func relativeStandardError(_ c: Comparison, level: Double) -> Double? {
        guard c.isTestable, let estimate = c.relativeDelta, let upper = c.relativeUpper, let df = c.degreesOfFreedom, df > 0 else { return nil }
        let se = (upper - estimate) / Distribution.studentTUpperQuantile((1 - level) / 2, degreesOfFreedom: df)
        return se > 0 && se.isFinite ? se : nil
    }

    /// Power of the non-inferiority test when the true effect is 0, and the smallest margin it
    /// meets with `power` (t at the test's df, as the report's MDE): for a relative standard error
    /// SE, power = P(T > t₁₋α − |m|/SE) and the margin (t₁₋α + t_power)·SE.
    public static func power(standardError se: Double, degreesOfFreedom df: Double, margin: Double, alpha: Double) -> Double {
        let q = Distribution.studentTUpperQuantile(alpha, degreesOfFreedom: df)
        return Distribution.studentTUpperTail(q - abs(margin) / se, degreesOfFreedom: df)
    }

    public static func smallestMargin(standardError se: Double, degreesOfFreedom df: Double, alpha: Double, power: Double = 0.8) -> Double {
        (Distribution.studentTUpperQuantile(alpha, degreesOfFreedom: df) + Distribution.studentTUpperQuantile(1 - power, degreesOfFreedom: df)) * se
    }
}
