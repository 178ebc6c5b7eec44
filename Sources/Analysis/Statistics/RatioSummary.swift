/// Per-unit sufficient statistics of a ratio metric R = Σx / Σy (e.g. likes / impressions per user).
///
/// Units with y = 0 count in n and in every sum.
public struct RatioSummary: Sendable, Equatable {
    public var count = 0
    public var sumX = 0.0, sumX2 = 0.0, sumY = 0.0, sumY2 = 0.0, sumXY = 0.0

    public init() {}

    public init(count: Int, sumX: Double, sumX2: Double, sumY: Double, sumY2: Double, sumXY: Double) {
        self.count = count
        self.sumX = sumX; self.sumX2 = sumX2; self.sumY = sumY; self.sumY2 = sumY2; self.sumXY = sumXY
    }

    public init(x: [Double], y: [Double]) {
        precondition(x.count == y.count, "one x and one y per unit")
        for (a, b) in zip(x, y) { add(x: a, y: b) }
    }

    public mutating func add(x: Double, y: Double) {
        count += 1
        sumX += x; sumX2 += x * x; sumY += y; sumY2 += y * y; sumXY += x * y
    }

    /// The ratio of sums.
    public var ratio: Double { sumX / sumY }

    /// Delta-method variance of the ratio: the sample variance (n − 1) of the linearised values
    /// (x − R·y)/ȳ, divided by n.
    public var ratioVariance: Double {
        let n = Double(count)
        let r = ratio, meanY = sumY / n
        // Σ(x − R y)² expanded in the sufficient statistics; Σ(x − R y) = 0 by the definition of R.
        let squares = sumX2 - 2 * r * sumXY + r * r * sumY2
        return Swift.max(0, squares) / (n - 1) / (meanY * meanY) / n
    }
}

/// The delta-method test of a ratio metric between two arms (Welch–Satterthwaite df on the
/// linearised values, so it equals Welch's test on R + (x − R·y)/ȳ per unit).
public enum DeltaMethod {
    public static func compare(control c: RatioSummary, treatment t: RatioSummary, level: Double = 0.95) -> Comparison {
        if c.count < 2 || t.count < 2 {
            return .untestable("an arm has fewer than 2 units", nControl: c.count, nTreatment: t.count)
        }
        if c.sumY == 0 || t.sumY == 0 {
            return .untestable("an arm has no denominator (e.g. no impressions)", nControl: c.count, nTreatment: t.count,
                               control: c.sumY > 0 ? c.ratio : nil, treatment: t.sumY > 0 ? t.ratio : nil)
        }
        let vc = c.ratioVariance, vt = t.ratioVariance
        guard vc + vt > 0 else {
            return .untestable("zero variance in both arms", nControl: c.count, nTreatment: t.count, control: c.ratio, treatment: t.ratio)
        }
        let df = (vc + vt) * (vc + vt) / (vc * vc / Double(c.count - 1) + vt * vt / Double(t.count - 1))
        return Comparison(nControl: c.count, nTreatment: t.count, control: c.ratio, treatment: t.ratio,
                          varianceControl: vc, varianceTreatment: vt, degreesOfFreedom: df, level: level)
    }
}
