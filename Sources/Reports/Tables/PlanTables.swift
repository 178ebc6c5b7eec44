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
        let guarded = report.power.contains { $0.marginPower != nil }
        var table = Table([.left("metric"), .right("baseline"), .right("standard error"), .right("df"), .right("MDE (absolute)"), .right("MDE (relative)")]
            + (guarded ? [.right("guardrail margin: power at no effect"), .right("smallest margin at power 0.8")] : []))
        let margins = Dictionary(report.power.map { ("\($0.metric.rawValue)|\($0.breakdown.label)", $0) }, uniquingKeysWith: { a, _ in a })
        let guardrails = Dictionary((report.margins ?? []).filter { $0.kind == .nonInferiority }
                                        .map { ("\($0.metric.rawValue)|\($0.breakdown.label)", $0.margin) },
                                    uniquingKeysWith: { a, _ in a })
        for row in TrialAnalysis.powerRows(report, power: power) {
            let title = row.metric.title() + (row.breakdown == .total ? "" : ", " + row.breakdown.label)
            let cells: [String] = [title, String(format: "%.5g", row.baseline), String(format: "%.4g", row.standardError), String(format: "%.1f",
                row.degreesOfFreedom),
                         String(format: "%.4g", row.minimumDetectableEffect), String(format: "%.2f%%", 100 * row.relativeMinimumDetectableEffect)]
            let key = "\(row.metric.rawValue)|\(row.breakdown.label)"
            var extra = [String]()
            if guarded {
                if let m = margins[key], let p = m.marginPower, let smallest = m.smallestMargin, let margin = guardrails[key] {
                    extra = [String(format: "%.2f (margin %+.2f%%)", p, 100 * margin), String(format: "%+.2f%%", 100 * smallest)]
                } else {
                    extra = ["—", "—"]
                }
            }
            table.add((cells + extra).map { Inline($0) })
        }
        return s + table.markdown + "\n"
    }

    /// The unit-level MDEs from the pilot's first control market, and the fraction per arm a target `mde` needs.
    public static func units(_ spec: TrialSpec, statistics table: UnitStatistics, alpha: Double, power: Double, mde: Double?, fraction: Double?) -> String {
        let users = table.users { $0.arm == 0 && $0.replicate == 0 && $0.week == 0 }
        var s = "Unit level, from the pilot's first control market (\(users.count) users): lower bounds, they ignore the noise a market shares\n"
        var table = Table([.left("metric"), .right("baseline"), .right("unit sd"), .right("users per arm"), .right("MDE (absolute)"), .right("MDE (relative)"),
                           .right("fraction per arm for --mde")])
        for metric in TrialAnalysis.userMetrics {
            guard let (baseline, variance) = metric.baseline(users) else { continue }
            let n = Int((Double(spec.population.users) * (fraction ?? spec.split.userFraction)).rounded())
            let absolute = Power.minimumDetectableEffect(variance: variance, control: n, treatment: n, alpha: alpha, power: power)
            var needed = "—"
            if let mde {
                let perArm = Power.unitsPerArm(variance: variance, effect: mde * abs(baseline), alpha: alpha, power: power)
                let f = perArm / Double(spec.population.users)
                let users = perArm.rounded(.up)
                let noun = users == 1 ? "user" : "users"
                needed = f <= 0.5 ? String(format: "%.4f (%.0f %@)", f, users, noun) : String(format: "> 0.5 (%.0f %@)", users, noun)
            }
            let cells: [String] = [metric.id.rawValue, String(format: "%.5g", baseline), String(format: "%.4g", variance.squareRoot()), "\(n)",
                                                      String(format: "%.4g", absolute), String(format: "%.2f%%", 100 * absolute / abs(baseline)), needed]
            table.add(cells.map { Inline($0) })
        }
        return s + table.markdown
    }
}
