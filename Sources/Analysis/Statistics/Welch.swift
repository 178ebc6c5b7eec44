/// Welch's two-sample t-test on unit means (unequal variances, Welch–Satterthwaite df).
public enum Welch {
    /// Compares treatment against control at confidence `level` (e.g. 0.95).
    public static func compare(control c: SampleSummary, treatment t: SampleSummary, level: Double = 0.95) -> Comparison {
        if c.count < 2 || t.count < 2 {
            return .untestable("an arm has fewer than 2 units", nControl: c.count, nTreatment: t.count,
                               control: c.count > 0 ? c.mean : nil, treatment: t.count > 0 ? t.mean : nil)
        }
        let vc = c.variance / Double(c.count), vt = t.variance / Double(t.count)
        guard vc + vt > 0 else {
            return .untestable("zero variance in both arms", nControl: c.count, nTreatment: t.count, control: c.mean, treatment: t.mean)
        }
        let df = (vc + vt) * (vc + vt) / (vc * vc / Double(c.count - 1) + vt * vt / Double(t.count - 1))
        return Comparison(nControl: c.count, nTreatment: t.count, control: c.mean, treatment: t.mean,
                          varianceControl: vc, varianceTreatment: vt, degreesOfFreedom: df, level: level)
    }
}
