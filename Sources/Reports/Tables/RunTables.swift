import Analysis
import Foundation
import Trial

/// The short Markdown tables the commands print and write beside their reports.
public enum RunTables {
    /// The arms' headline figures, each relative to the first arm (simulation read-outs, not tests).
    public static func table(_ arms: [ArmSummary]) -> String {
        func f(_ x: Double) -> String { String(format: "%.4f", x) }
        func rel(_ x: Double, _ base: Double) -> String { base != 0 ? String(format: "%+.2f%%", 100 * (x / base - 1)) : "—" }
        var s = "| arm | users | creators | LTR | cold-start / user | fresh / user | topics / user | DAU popular | DAU other | ρ(weight, size) |\n"
        s += "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
        guard let base = arms.first else { return s }
        for a in arms {
            let first = a.name == base.name
            func cell(_ x: Double, _ b: Double) -> String { first ? f(x) : "\(f(x)) (\(rel(x, b)))" }
            s += "| \(a.name) | \(a.users) | \(a.creators) | \(cell(a.ltr, base.ltr)) | \(cell(a.coldStartPerUser, base.coldStartPerUser)) "
            s += "| \(cell(a.freshPerUser, base.freshPerUser)) | \(cell(a.topicsPerUser, base.topicsPerUser)) "
            s += "| \(cell(a.popularDAU, base.popularDAU)) | \(cell(a.otherDAU, base.otherDAU)) "
            s += "| \(a.weightSizeSpearman.map { String(format: "%+.3f", $0) } ?? "—") |\n"
        }
        return s
    }

    /// `summary.md` of a run or a sweep task: a heading, then ``table(_:)``.
    public static func summary(heading: String, _ arms: [ArmSummary]) -> String { heading + table(arms) }

    /// The verdicts and headline rows (whole trial, the leading variance method) as Markdown.
    package static func headline(_ report: AnalysisReport) -> String {
        func p(_ x: Double?) -> String { x.map { String(format: "%.4f", $0) } ?? "—" }
        var s = "variance: \(Phrases.variance(report.varianceNote))\n"
        if let srm = report.sampleRatioUsers { s += String(format: "sample ratio (users): %@ χ² = %.3f, p = %.4f\n", srm.observed.description, srm.chiSquared, srm.pValue) }
        s += "\n| metric | breakdown | \(report.control) | \(report.treatment) | relative Δ [adjusted interval] | p | adjusted p | verdict |\n"
        s += "|---|---|---:|---:|---|---:|---:|---|\n"
        for verdict in report.verdicts {
            guard let row = report.row(verdict.metric, verdict.breakdown) else { continue }
            let c = row.comparison
            let value = { (x: Double?) in x.map { String(format: "%.5g", $0) } ?? "—" }
            let rel = c.isTestable ? "\(Format.percent(c.relativeDelta)) \(Format.interval(verdict.relativeLower, verdict.relativeUpper))" : "not testable: \(c.notTestable!)"
            s += "| \(row.metric.rawValue) | \(row.breakdown.label) | \(value(c.control)) | \(value(c.treatment)) | \(rel) | \(p(c.pValue)) | \(p(row.adjustedPValue)) | \(verdict.call.rawValue) |\n"
        }
        return s
    }
}
