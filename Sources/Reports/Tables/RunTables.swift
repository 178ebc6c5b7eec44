import Analysis
import Foundation
import Trial
import Sweeps

/// The short Markdown tables the commands print and write beside their reports.
public enum RunTables {
    /// The arms' headline figures, each relative to the first arm (simulation read-outs, not tests).
    public static func table(_ arms: [ArmSummary]) -> String {
        func f(_ x: Double) -> String { String(format: "%.4f", x) }
        func rel(_ x: Double, _ base: Double) -> String { base != 0 ? String(format: "%+.2f%%", 100 * (x / base - 1)) : "—" }
        var table = Table([.left("arm"), .right("users"), .right("creators")]
                          + HeadlineMetric.all.map { .right(Inline($0.title)) } + [.right("ρ(weight, size)")])
        guard let base = arms.first else { return table.markdown }
        for a in arms {
            let first = a.name == base.name
            func cell(_ x: Double, _ b: Double) -> String { first ? f(x) : "\(f(x)) (\(rel(x, b)))" }
            table.add([Inline(a.name), "\(a.users)", "\(a.creators)", Inline(cell(a.ltr, base.ltr)), Inline(cell(a.coldStartPerUser, base.coldStartPerUser)),
                       Inline(cell(a.freshPerUser, base.freshPerUser)), Inline(cell(a.topicsPerUser, base.topicsPerUser)),
                       Inline(cell(a.popularDAU, base.popularDAU)), Inline(cell(a.otherDAU, base.otherDAU)),
                       Inline(a.weightSizeSpearman.map { String(format: "%+.3f", $0) } ?? "—")])
        }
        return table.markdown
    }

    /// `summary.md` of a run or a sweep task: a heading, then ``table(_:)``.
    public static func summary(heading: String, _ arms: [ArmSummary]) -> String { heading + table(arms) }

    /// The verdicts and headline rows (whole trial, the leading variance method) as Markdown.
    package static func headline(_ report: AnalysisReport) -> String {
        func p(_ x: Double?) -> String { x.map { String(format: "%.4f", $0) } ?? "—" }
        var s = "variance: \(Phrases.variance(report.varianceNote))\n"
        if let srm = report.sampleRatioUsers { s += String(format: "sample ratio (users): %@ χ² = %.3f, p = %.4f\n", srm.observed.description, srm.chiSquared,
            srm.pValue) }
        var table = Table([.left("metric"), .left("breakdown"), .right(Inline(report.control)), .right(Inline(report.treatment)),
                           .left("relative Δ [adjusted interval]"), .right("p"), .right("adjusted p"), .left("verdict")])
        for verdict in report.verdicts {
            guard let row = report.row(verdict.metric, verdict.breakdown) else { continue }
            let c = row.comparison
            let value = { (x: Double?) in x.map { String(format: "%.5g", $0) } ?? "—" }
            let rel = c.isTestable
                ? "\(Format.percent(c.relativeDelta)) \(Format.interval(verdict.relativeLower, verdict.relativeUpper))"
                : "not testable: \(c.notTestable ?? "")"
            table.add([Inline(row.metric.rawValue), Inline(row.breakdown.label), Inline(value(c.control)), Inline(value(c.treatment)), Inline(rel),
                       Inline(p(c.pValue)), Inline(p(row.adjustedPValue)), Inline(verdict.call.rawValue)])
        }
        return s + "\n" + table.markdown
    }
}
