import Foundation

/// Minimal, deterministic SVG charts with labelled axes and legends (well-formed XML, no scripts).
struct SVGChart {
    var width = 680.0, height = 280.0
    var left = 70.0, right = 150.0, top = 34.0, bottom = 46.0
    var title: String
    var xLabel: String
    var yLabel: String

    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"]

    struct Series {
        var name: String
        var points: [(Double, Double)]
        var dashed = false
        var color: String
    }

    var plotWidth: Double { width - left - right }
    var plotHeight: Double { height - top - bottom }

    /// "Nice" tick values covering [lo, hi].
    static func ticks(_ lo: Double, _ hi: Double, count: Int = 5) -> [Double] {
        guard hi > lo else { return [lo] }
        let raw = (hi - lo) / Double(count)
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
        var t = (lo / step).rounded(.up) * step
        var out = [Double]()
        while t <= hi + step * 1e-9 { out.append(t); t += step }
        return out
    }

    static func label(_ x: Double) -> String {
        if x == 0 { return "0" }
        return abs(x) >= 1000 ? String(format: "%.0f", x) : String(format: "%.4g", x)
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    func frame(xRange: (Double, Double), yRange: (Double, Double), xTicks: [Double]? = nil,
                       xTickLabel: (Double) -> String = SVGChart.label) -> String {
        let sx = { (x: Double) in left + (x - xRange.0) / Swift.max(1e-300, xRange.1 - xRange.0) * plotWidth }
        let sy = { (y: Double) in top + plotHeight - (y - yRange.0) / Swift.max(1e-300, yRange.1 - yRange.0) * plotHeight }
        var s = String(format: "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
            + "aria-label=\"%@\">\n",
                       width, height, width, height, Self.escape(title))
        s += String(format: "<text x=\"%.1f\" y=\"18\" class=\"title\">%@</text>\n", left, Self.escape(title))
        for t in Self.ticks(yRange.0, yRange.1) {
            s += String(format: "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"grid\"/>\n", left, sy(t), left + plotWidth, sy(t))
            s += String(format: "<text x=\"%.1f\" y=\"%.1f\" class=\"tick\" text-anchor=\"end\">%@</text>\n", left - 6, sy(t) + 4, Self.label(t))
        }
        for t in xTicks ?? Self.ticks(xRange.0, xRange.1) {
            s += String(format: "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"axis\"/>\n", sx(t), top + plotHeight, sx(t),
                top + plotHeight + 4)
            s += String(format: "<text x=\"%.1f\" y=\"%.1f\" class=\"tick\" text-anchor=\"middle\">%@</text>\n", sx(t), top + plotHeight + 17, xTickLabel(t))
        }
        s += String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" class=\"frame\"/>\n", left, top, plotWidth, plotHeight)
        s += String(format: "<text x=\"%.1f\" y=\"%.1f\" class=\"label\" text-anchor=\"middle\">%@</text>\n", left + plotWidth / 2, height - 8,
            Self.escape(xLabel))
        s += String(format: "<text transform=\"translate(16 %.1f) rotate(-90)\" class=\"label\" text-anchor=\"middle\">%@</text>\n", top + plotHeight / 2,
            Self.escape(yLabel))
        return s
    }

    func padded(_ lo: Double, _ hi: Double) -> (Double, Double) {
        if hi <= lo { return (lo - 1, hi + 1) }
        let pad = (hi - lo) * 0.08
        return (lo - pad, hi + pad)
    }

    /// Line chart of several series.
    func lines(_ series: [Series]) -> String {
        let xs = series.flatMap { $0.points.map(\.0) }, ys = series.flatMap { $0.points.map(\.1) }
        guard let x0 = xs.min(), let x1 = xs.max(), let y0 = ys.min(), let y1 = ys.max() else { return "" }
        let xr = (x0, x1 > x0 ? x1 : x0 + 1), yr = padded(y0, y1)
        var s = frame(xRange: xr, yRange: yr)
        let sx = { (x: Double) in left + (x - xr.0) / (xr.1 - xr.0) * plotWidth }
        let sy = { (y: Double) in top + plotHeight - (y - yr.0) / (yr.1 - yr.0) * plotHeight }
        for (i, line) in series.enumerated() {
            let path = line.points.map { String(format: "%.1f,%.1f", sx($0.0), sy($0.1)) }.joined(separator: " ")
            s += "<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(line.color)\" stroke-width=\"1.8\"\(line.dashed ? " stroke-dasharray=\"6 3\"" : "")/>\n"
            let ly = top + 14 + Double(i) * 18
            s += String(format: "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%@\" stroke-width=\"2\"%@/>\n",
                        left + plotWidth + 12, ly - 4, left + plotWidth + 34, ly - 4, line.color, line.dashed ? " stroke-dasharray=\"6 3\"" : "")
            s += String(format: "<text x=\"%.1f\" y=\"%.1f\" class=\"legend\">%@</text>\n", left + plotWidth + 40, ly, Self.escape(line.name))
        }
        return s + "</svg>\n"
    }

    /// Forest plot: one estimate with its interval per row; a reference line at 0.
    func forest(_ rows: [(label: String, estimate: Double, lower: Double, upper: Double, significant: Bool)]) -> String {
        var chart = self
        chart.left = 230
        chart.right = 30
        chart.height = Swift.max(120, 60 + 22 * Double(rows.count))
        // The axis follows the estimates, not the widest interval: an interval reaching past
        // 1.5 spans of the estimates on either side is cut there and marked with an arrow, so one
        // uninformative row cannot flatten every estimate onto 0.
        let e0 = Swift.min(0, rows.map(\.estimate).min() ?? 0), e1 = Swift.max(0, rows.map(\.estimate).max() ?? 0)
        let span = Swift.max(e1 - e0, 1)
        let lo = Swift.max(Swift.min(0, rows.map(\.lower).min() ?? 0), e0 - 1.5 * span)
        let hi = Swift.min(Swift.max(0, rows.map(\.upper).max() ?? 0), e1 + 1.5 * span)
        let xr = chart.padded(lo, hi)
        var s = chart.frame(xRange: xr, yRange: (0, Double(rows.count)), xTicks: nil)
        // The frame's y ticks are meaningless here; rows carry their own labels.
        s = s.components(separatedBy: "\n")
            .filter { !($0.contains("class=\"tick\" text-anchor=\"end\"") || $0.contains("class=\"grid\"")) }
            .joined(separator: "\n")
        let sx = { (x: Double) in chart.left + (x - xr.0) / (xr.1 - xr.0) * chart.plotWidth }
        s += String(format: "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"zero\"/>\n", sx(0), chart.top, sx(0), chart.top + chart.plotHeight)
        for (i, row) in rows.enumerated() {
            let y = chart.top + (Double(i) + 0.5) * chart.plotHeight / Double(rows.count)
            let color = row.significant ? "#d62728" : "#1f77b4"
            s += String(format: "<text x=\"%.1f\" y=\"%.1f\" class=\"tick\" text-anchor=\"end\">%@</text>\n", chart.left - 8, y + 4, Self.escape(row.label))
            let left = Swift.max(row.lower, xr.0), right = Swift.min(row.upper, xr.1)
            s += String(format: "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%@\" stroke-width=\"2\"/>\n", sx(left), y, sx(right), y, color)
            if row.lower < xr.0 {
                s += String(format: "<path d=\"M %.1f %.1f l 7 -4 l 0 8 z\" fill=\"%@\"/>\n", sx(xr.0), y, color)
            }
            if row.upper > xr.1 {
                s += String(format: "<path d=\"M %.1f %.1f l -7 -4 l 0 8 z\" fill=\"%@\"/>\n", sx(xr.1), y, color)
            }
            s += String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%@\"/>\n", sx(row.estimate), y, color)
        }
        return s + "</svg>\n"
    }

    /// Scatter plot with a logarithmic x axis.
    func scatterLogX(_ points: [(Double, Double)]) -> String {
        let xs = points.map { log10(Swift.max($0.0, 1)) }, ys = points.map(\.1)
        guard let x0 = xs.min(), let x1 = xs.max(), let y0 = ys.min(), let y1 = ys.max() else { return "" }
        let xr = (floor(x0), Swift.max(ceil(x1), floor(x0) + 1)), yr = padded(Swift.min(0, y0), y1)
        // Decade ticks, labelled as plain numbers (10, 100, 1000 …).
        var s = frame(xRange: xr, yRange: yr, xTicks: Array(stride(from: xr.0, through: xr.1, by: 1))) { Self.label(pow(10, $0)) }
        let sx = { (x: Double) in left + (x - xr.0) / (xr.1 - xr.0) * plotWidth }
        let sy = { (y: Double) in top + plotHeight - (y - yr.0) / (yr.1 - yr.0) * plotHeight }
        for (x, y) in zip(xs, ys) {
            s += String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#1f77b4\" fill-opacity=\"0.6\"/>\n", sx(x), sy(y))
        }
        return s + "</svg>\n"
    }
}

extension SVGChart {
    /// A series of estimates at categorical positions, each with an optional interval.
    struct IntervalSeries {
        var name: String
        var color: String
        var points: [(x: Int, estimate: Double, lower: Double?, upper: Double?)]
    }

    /// Estimates with interval bars over categories (the x axis), joined per series; a dashed
    /// reference line at 0.
    func intervals(categories: [String], _ series: [IntervalSeries]) -> String {
        let values = series.flatMap { $0.points.flatMap { [$0.estimate] + [$0.lower, $0.upper].compactMap { $0 } } }
        guard let y0 = values.min(), let y1 = values.max(), !categories.isEmpty else { return "" }
        let xr = (-0.5, Double(categories.count) - 0.5), yr = padded(Swift.min(0, y0), Swift.max(0, y1))
        var s = frame(xRange: xr, yRange: yr, xTicks: categories.indices.map(Double.init)) { categories[Int($0.rounded())] }
        let sx = { (x: Double) in left + (x - xr.0) / (xr.1 - xr.0) * plotWidth }
        let sy = { (y: Double) in top + plotHeight - (y - yr.0) / (yr.1 - yr.0) * plotHeight }
        s += String(format: "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"zero\"/>\n", left, sy(0), left + plotWidth, sy(0))
        let spread = series.count > 1 ? 0.25 / Double(series.count - 1) : 0
        for (i, line) in series.enumerated() {
            // Series side by side within a category, so that their bars do not hide each other.
            let offset = series.count > 1 ? -0.125 + Double(i) * spread : 0
            let path = line.points.map { String(format: "%.1f,%.1f", sx(Double($0.x) + offset), sy($0.estimate)) }.joined(separator: " ")
            s += "<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(line.color)\" stroke-width=\"1.5\"/>\n"
            for p in line.points {
                let x = sx(Double(p.x) + offset)
                if let lo = p.lower, let hi = p.upper {
                    s += String(format: "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%@\" stroke-width=\"2\"/>\n", x, sy(lo), x, sy(hi),
                        line.color)
                }
                s += String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%@\"/>\n", x, sy(p.estimate), line.color)
            }
            let ly = top + 14 + Double(i) * 18
            s += String(format: "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%@\" stroke-width=\"2\"/>\n",
                        left + plotWidth + 12, ly - 4, left + plotWidth + 34, ly - 4, line.color)
            s += String(format: "<text x=\"%.1f\" y=\"%.1f\" class=\"legend\">%@</text>\n", left + plotWidth + 40, ly, Self.escape(line.name))
        }
        return s + "</svg>\n"
    }
}

extension SVGChart {
    /// An estimate over x with a shaded band between its lower and upper bounds; a dashed line at 0.
    func band(_ points: [(x: Double, estimate: Double, lower: Double, upper: Double)]) -> String {
        guard let x0 = points.map(\.x).min(), let x1 = points.map(\.x).max() else { return "" }
        let y0 = Swift.min(0, points.map(\.lower).min()!), y1 = Swift.max(0, points.map(\.upper).max()!)
        let xr = (x0, x1 > x0 ? x1 : x0 + 1), yr = padded(y0, y1)
        var s = frame(xRange: xr, yRange: yr)
        let sx = { (x: Double) in left + (x - xr.0) / (xr.1 - xr.0) * plotWidth }
        let sy = { (y: Double) in top + plotHeight - (y - yr.0) / (yr.1 - yr.0) * plotHeight }
        let outline = points.map { String(format: "%.1f,%.1f", sx($0.x), sy($0.upper)) } + points.reversed().map { String(format: "%.1f,%.1f", sx($0.x),
            sy($0.lower)) }
        s += "<polygon points=\"\(outline.joined(separator: " "))\" fill=\"#1f77b4\" fill-opacity=\"0.2\" stroke=\"none\"/>\n"
        s += String(format: "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"zero\"/>\n", left, sy(0), left + plotWidth, sy(0))
        let line = points.map { String(format: "%.1f,%.1f", sx($0.x), sy($0.estimate)) }.joined(separator: " ")
        s += "<polyline points=\"\(line)\" fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"1.8\"/>\n"
        return s + "</svg>\n"
    }
}
