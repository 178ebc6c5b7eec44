import Analysis
import Foundation
import Trial

/// `twinarm plan`'s tables: the lead test's MDEs at the configured design, and the unit-level bounds.
public enum PlanTables {
    /// The lead test's MDE per headline metric, (t₁₋α/₂ + t_power)·SE at its own df.
    public static func lead(_ report: AnalysisReport, power: Double, design: String) -> String {
        var s = "A/A pilot at the configured design (\(design)); lead test: \(report.varianceMethod.rawValue)"
        s += report.calibrated ? "" : " (not calibrated: no verdict at this design)"
        s += report.cuped == true ? ", CUPED on the pre-period" : ""
        s += String(format: "; α = %g, power = %g\n", report.alpha, power)
        s += "| metric | baseline | standard error | df | MDE (absolute) | MDE (relative) |\n|---|---:|---:|---:|---:|---:|\n"
        for row in TrialAnalysis.powerRows(report, power: power) {
            s += String(format: "| %@ | %.5g | %.4g | %.1f | %.4g | %.2f%% |\n", row.metric.title + (row.breakdown == .total ? "" : ", " + row.breakdown.label),
                        row.baseline, row.standardError, row.degreesOfFreedom, row.minimumDetectableEffect, 100 * row.relativeMinimumDetectableEffect)
        }
        return s + "\n"
    }

    /// The unit-level MDEs from the pilot's first control market, and the fraction per arm a target `mde` needs.
    public static func units(_ spec: TrialSpec, statistics table: UnitStatistics, alpha: Double, power: Double, mde: Double?, fraction: Double?) -> String {
        let users = table.users { $0.arm == 0 && $0.replicate == 0 && $0.week == 0 }
        var s = "Unit level, from the pilot's first control market (\(users.count) users): lower bounds, they ignore the noise a market shares\n"
        s += "| metric | baseline | unit sd | users per arm | MDE (absolute) | MDE (relative) | fraction per arm for --mde |\n|---|---:|---:|---:|---:|---:|---:|\n"
        for metric in TrialAnalysis.userMetrics {
            guard let (baseline, variance) = metric.baseline(users) else { continue }
            let n = Int((Double(spec.population.users) * (fraction ?? spec.split.userFraction)).rounded())
            let absolute = Power.minimumDetectableEffect(variance: variance, control: n, treatment: n, alpha: alpha, power: power)
            var needed = "—"
            if let mde {
                let perArm = Power.unitsPerArm(variance: variance, effect: mde * abs(baseline), alpha: alpha, power: power)
                let f = perArm / Double(spec.population.users)
                needed = f <= 0.5 ? String(format: "%.4f (%.0f users)", f, perArm.rounded(.up)) : String(format: "> 0.5 (%.0f users)", perArm)
            }
            s += String(format: "| %@ | %.5g | %.4g | %d | %.4g | %.2f%% | %@ |\n", metric.id.rawValue, baseline, variance.squareRoot(), n, absolute,
                        100 * absolute / abs(baseline), needed)
        }
        return s
    }
}
