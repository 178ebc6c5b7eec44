import Analysis
import Foundation

/// `report.json` and a short Markdown digest of an analysis.
enum ReportFiles {
    static func json<Value: Encodable>(_ report: Value) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(report) + Data("\n".utf8)
    }

    /// The headline rows (whole trial, the leading variance method) as a Markdown table.
    static func headline(_ report: AnalysisReport) -> String {
        func pct(_ x: Double?) -> String { x.map { String(format: "%+.2f%%", 100 * $0) } ?? "—" }
        func p(_ x: Double?) -> String { x.map { String(format: "%.4f", $0) } ?? "—" }
        var s = "variance: \(report.varianceNote)\n"
        if let srm = report.sampleRatioUsers { s += String(format: "sample ratio (users): %@ χ² = %.3f, p = %.4f\n", srm.observed.description, srm.chiSquared, srm.pValue) }
        s += "\n| metric | breakdown | \(report.control) | \(report.treatment) | relative Δ [\(Int(report.level * 100)) % CI] | p | adjusted p |\n"
        s += "|---|---|---:|---:|---|---:|---:|\n"
        for row in report.tests where row.variance == report.varianceMethod && (row.breakdown == "total" || row.breakdown.hasSuffix("creators")) {
            let c = row.comparison
            let value = { (x: Double?) in x.map { String(format: "%.5g", $0) } ?? "—" }
            let rel = c.isTestable ? "\(pct(c.relativeDelta)) [\(pct(c.relativeLower)), \(pct(c.relativeUpper))]" : "not testable: \(c.notTestable!)"
            s += "| \(row.metric) | \(row.breakdown) | \(value(c.control)) | \(value(c.treatment)) | \(rel) | \(p(c.pValue)) | \(p(row.adjustedPValue)) |\n"
        }
        return s
    }
}
