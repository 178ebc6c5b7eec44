import Analysis
import Foundation
import Trial
import Config
import Sweeps
import Simulation

/// `report.json` and a short Markdown digest of an analysis.
package enum ReportFiles {
    package static func json<Value: Encodable>(_ report: Value) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(report) + Data("\n".utf8)
    }

    /// The verdicts and headline rows (whole trial, the leading variance method) as Markdown.
    package static func headline(_ report: AnalysisReport) -> String {
        func pct(_ x: Double?) -> String { x.map { String(format: "%+.2f%%", 100 * $0) } ?? "—" }
        func p(_ x: Double?) -> String { x.map { String(format: "%.4f", $0) } ?? "—" }
        var s = "variance: \(report.varianceNote)\n"
        if let srm = report.sampleRatioUsers { s += String(format: "sample ratio (users): %@ χ² = %.3f, p = %.4f\n", srm.observed.description, srm.chiSquared, srm.pValue) }
        s += "\n| metric | breakdown | \(report.control) | \(report.treatment) | relative Δ [adjusted interval] | p | adjusted p | verdict |\n"
        s += "|---|---|---:|---:|---|---:|---:|---|\n"
        for verdict in report.verdicts {
            guard let row = report.row(verdict.metric, verdict.breakdown) else { continue }
            let c = row.comparison
            let value = { (x: Double?) in x.map { String(format: "%.5g", $0) } ?? "—" }
            let rel = c.isTestable ? "\(pct(c.relativeDelta)) [\(pct(verdict.relativeLower)), \(pct(verdict.relativeUpper))]" : "not testable: \(c.notTestable!)"
            s += "| \(row.metric.rawValue) | \(row.breakdown.label) | \(value(c.control)) | \(value(c.treatment)) | \(rel) | \(p(c.pValue)) | \(p(row.adjustedPValue)) | \(verdict.call.rawValue) |\n"
        }
        return s
    }
}
