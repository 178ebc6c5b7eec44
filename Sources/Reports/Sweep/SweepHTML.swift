import Foundation
import Sweeps

/// `sweep.html`: the Markdown table, and per swept parameter and headline metric a chart of the
/// effect (with its interval across seeds) against the parameter's values, one line per
/// combination of the other parameters.
public enum SweepHTML {
    public static func render(_ s: SweepSummary) -> String {
        var body = MarkdownHTML.convert(SweepMarkdown.render(s))
        let level = Int((s.level * 100).rounded())
        for parameter in s.parameters {
            body += "<h2>Effects against \(SVGChart.escape(parameter.key))</h2>\n"
            let others = s.parameters.filter { $0.key != parameter.key }.map(\.key)
            // One series per combination of the other parameters, in grid order.
            var seriesOrder = [[Override]](), seriesPoints = [[Override]: [(Int, SweepSummary.Point)]]()
            for point in s.points {
                let rest = point.overrides.filter { others.contains($0.key) }
                guard let value = point.overrides.first(where: { $0.key == parameter.key })?.value,
                      let x = parameter.values.firstIndex(of: value) else { continue }
                if seriesPoints[rest] == nil { seriesOrder.append(rest); seriesPoints[rest] = [] }
                seriesPoints[rest]!.append((x, point))
            }
            for (m, metric) in s.metrics.enumerated() {
                let series = seriesOrder.enumerated().map { i, rest in
                    SVGChart.IntervalSeries(
                        name: rest.isEmpty ? "all" : rest.map { "\($0.key.split(separator: ".").last!)=\($0.value)" }.joined(separator: ", "),
                        color: SVGChart.palette[i % SVGChart.palette.count],
                        points: seriesPoints[rest]!.compactMap { x, point in
                            let e = point.effects[m]
                            return e.mean.map { (x, 100 * $0, e.lower.map { 100 * $0 }, e.upper.map { 100 * $0 }) }
                        })
                }
                var frame = SVGChart(title: "\(metric.title): effect against \(parameter.key)", xLabel: parameter.key, yLabel: "relative effect, %")
                frame.width = 760
                frame.right = 230
                let chart = frame.intervals(categories: parameter.values, series)
                body += HTMLPage.figure(chart, caption: "Mean over seeds with a \(level) % t interval across seeds; 0 is marked by the dashed line.")
            }
        }
        return HTMLPage.wrap(title: "Sweep \(s.name)", body: body)
    }
}
