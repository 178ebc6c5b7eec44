import Foundation
import Sweeps

/// `design.html`: the Markdown report, and per metric a chart of each design's bias against the
/// fraction per arm, with the t interval of that bias across seeds.
public enum DesignHTML {
    public static func render(_ s: DesignSummary) -> String {
        var body = MarkdownHTML.convert(DesignMarkdown.render(s))
        let level = Int((s.level * 100).rounded())
        let categories = s.fractions.map(DesignMarkdown.fraction)
        body += "<h2>Bias against the fraction per arm</h2>\n"
        for m in s.metrics {
            let series = s.designs.enumerated().map { i, d in
                SVGChart.IntervalSeries(name: d, color: SVGChart.palette[i % SVGChart.palette.count],
                                        points: s.fractions.enumerated().compactMap { x, f in
                                            guard let c = s.cell(m.title, d, f), c.measured, let bias = c.bias else { return nil }
                                            // The bias's interval: the estimate's t interval across seeds, shifted by the GTE.
                                            let shift = (c.gte ?? 0)
                                            return (x, 100 * bias, c.lower.map { 100 * ($0 - shift) }, c.upper.map { 100 * ($0 - shift) })
                                        })
            }
            var frame = SVGChart(title: "\(m.title): bias against the GTE", xLabel: "fraction of the platform per arm", yLabel: "bias, percentage points")
            frame.width = 760
            frame.right = 200
            body += HTMLPage.figure(frame.intervals(categories: categories, series),
                                    caption: "Mean of estimate − GTE over seeds with the estimate's \(level) % t interval across seeds; 0 (no bias) is the dashed line.")
        }
        return HTMLPage.wrap(title: "Design study \(s.name)", body: body)
    }
}
