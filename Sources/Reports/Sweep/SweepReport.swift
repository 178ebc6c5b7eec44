import Analysis
import Foundation
import Sweeps

/// The sweep's report (`sweep.md`, `sweep.html`): one row per grid point, the headline metrics'
/// effects averaged over seeds; the page adds, per swept parameter and metric, a chart of the
/// effect (with its interval across seeds) against the parameter's values, one line per
/// combination of the other parameters.
public enum SweepReport {
    static func percent(_ x: Double?) -> String { x.map { String(format: "%+.2f %%", 100 * $0) } ?? "—" }
    static func short(_ x: Double?) -> String { x.map { String(format: "%+.1f", 100 * $0) } ?? "—" }

    public static func markdown(_ s: SweepSummary) -> String { document(s).markdown }
    public static func html(_ s: SweepSummary) -> String { document(s, charts: true).html }

    /// `+1.15 % [+0.8, +1.6] (3/4)`: mean over seeds, t interval across seeds, seeds significant.
    static func cell(_ e: SweepSummary.Effect) -> String {
        guard e.seeds > 0 else { return "—" }
        let interval = e.lower != nil ? " [\(short(e.lower)), \(short(e.upper))]" : ""
        return "\(percent(e.mean))\(interval) (\(e.significant)/\(e.seeds))"
    }

    /// A column title: the metric's, with ↓ where lower is better.
    static func columnTitle(_ m: HeadlineMetric) -> String { m.title + (m.metric.direction == .lowerIsBetter ? " ↓" : "") }

    public static func document(_ s: SweepSummary, charts: Bool = false) -> ReportDocument {
        let level = Int((s.level * 100).rounded())
        var doc = ReportDocument(title: "Sweep \(s.name)")
        let points = "\(s.points.count) grid point\(s.points.count == 1 ? "" : "s")", seeds = "\(s.seeds.count) seed\(s.seeds.count == 1 ? "" : "s")"
        doc.heading(1, "Sweep \(s.name): \(points) × \(seeds)")
        let methods = Set(s.points.flatMap { $0.effects.compactMap(\.method) }).map(\.rawValue).sorted()
        var intro = "Each cell: the treatment's relative effect against control, averaged over seeds (each seed an independent trial), "
            + "with a \(level) % t interval across seeds (df = seeds − 1); in brackets, the seeds whose own lead test "
            + "(\(methods.isEmpty ? "—" : methods.joined(separator: ", ")) variance) found it significant at their α. "
            + "\(s.finished) of \(s.tasks) tasks finished."
        if s.points.contains(where: { $0.effects.contains { $0.withinTrial == true } }) {
            intro += " With one seed, the interval is the trial's own: its lead test's \(level) % interval, adjusted within its family (headline or "
                + "ecosystem), "
                + "as a share of control."
        }
        doc.paragraph(Inline(intro + " ↓: lower is better."))
        if !s.missing.isEmpty {
            let shown = s.missing.prefix(20).map { "\($0.index) (\($0.id))" }.joined(separator: ", ") + (s.missing.count > 20 ? ", …" : "")
            doc.paragraph("\(strong: "Missing tasks (\(s.missing.count)):") \(shown). Rerun the sweep command to run them, then collect again.")
        }
        let keys = s.parameters.map(\.key)
        var table = Table(keys.map { .left(Inline($0)) } + [.right("seeds")] + s.metrics.map { .right(Inline(columnTitle($0))) })
        for point in s.points {
            let values = keys.map { key in Inline(point.overrides.first { $0.key == key }?.value ?? "") }
            table.add(values + ["\(point.seeds)"] + point.effects.map { Inline(cell($0)) })
        }
        doc.table(table)
        sequential(s, keys: keys, into: &doc)
        doc.heading(2, "What each point trades")
        doc.paragraph("Significant in a majority of a point's seeds (its own lead test); the rest are not distinguishable from control at this design.")
        doc.list(tradeOffs(s, keys: keys))
        let swept: Inline = keys.isEmpty ? "nothing (seeds only)" : Inline.joined(keys.map { Inline.code($0) })
        doc.paragraph("Base config: \(code: s.name); swept: \(swept); seeds \(s.seeds.map(String.init).joined(separator: ", ")).")
        if charts { doc.blocks.append(.htmlOnly(effectCharts(s, level: level))) }
        return doc
    }

    /// Per point and metric with daily looks: each method's power by the last day and the median
    /// day it first crossed, on the same trials' looks.
    static func sequential(_ s: SweepSummary, keys: [String], into doc: inout ReportDocument) {
        guard s.points.contains(where: { $0.sequential != nil }) else { return }
        doc.heading(2, "Daily looks: when each method stops")
        doc.paragraph("Each trial's daily looks re-tested under every sequential method at its α: the trials whose boundary was crossed by the "
            + "last day (power, when the effect is real) and the median day of the first crossing among them; the last row of each metric is the "
            + "fixed-horizon test read once, on the last day.")
        let methods: [(SequentialMethod, InformationTime?)?] = SequentialLooks.variants.map {
            ($0.method, $0.method.spending == nil ? nil : $0.information)
        } + [nil]
        var table = Table(keys.map { .left(Inline($0)) } + [.left("metric")]
            + SequentialLooks.variants.map { .right(Inline($0.label)) } + [.right("fixed horizon, last day")])
        for point in s.points {
            guard let outcomes = point.sequential else { continue }
            let values = keys.map { key in Inline(point.overrides.first { $0.key == key }?.value ?? "") }
            for metric in s.metrics {
                let row = methods.map { m in outcomes.first { $0.metric == metric && $0.method == m?.0 && $0.information == m?.1 } }
                guard row.contains(where: { $0 != nil }) else { continue }
                let cells: [Inline] = row.map { o -> Inline in
                    guard let o else { return "—" }
                    let day = o.medianDay.map { String(format: ", day %g", $0) } ?? ""
                    return Inline("\(o.crossed)/\(o.trials)" + day)
                }
                table.add(values + [Inline(metric.title)] + cells)
            }
        }
        doc.table(table)
    }

    /// Per grid point, what the treatment gained and what it paid: the metrics significantly
    /// better or worse (in the direction that is good for each) in a majority of its seeds.
    static func tradeOffs(_ s: SweepSummary, keys: [String]) -> [Inline] {
        s.points.map { point in
            var better = [String](), worse = [String]()
            for (metric, e) in zip(s.metrics, point.effects) where e.seeds > 0 && 2 * e.significant > e.seeds {
                guard let mean = e.mean else { continue }
                let text = "\(metric.title) \(percent(mean))"
                if (mean > 0) == metric.metric.higherIsBetter { better.append(text) } else { worse.append(text) }
            }
            let label: Inline = keys.isEmpty ? "every seed"
                : Inline.joined(keys.map { key in Inline.code("\(key)=\(point.overrides.first { $0.key == key }?.value ?? "")") })
            let says = better.isEmpty && worse.isEmpty ? "no significant change."
                : "gains \(better.isEmpty ? "nothing significant" : better.joined(separator: ", ")); pays "
                    + "\(worse.isEmpty ? "nothing significant" : worse.joined(separator: ", "))."
            return label + ": " + Inline(says)
        }
    }

    static func effectCharts(_ s: SweepSummary, level: Int) -> [ReportDocument.Block] {
        var blocks = [ReportDocument.Block]()
        for parameter in s.parameters {
            blocks.append(.heading(level: 2, "Effects against \(parameter.key)"))
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
                            guard point.effects.indices.contains(m) else { return nil }
                            let e = point.effects[m]
                            return e.mean.map { (x, 100 * $0, e.lower.map { 100 * $0 }, e.upper.map { 100 * $0 }) }
                        })
                }
                var frame = SVGChart(title: "\(metric.title): effect against \(parameter.key)", xLabel: parameter.key, yLabel: "relative effect, %")
                frame.width = 760
                frame.right = 230
                blocks.append(.figure(svg: frame.intervals(categories: parameter.values, series),
                                      caption: "Mean over seeds with a \(level) % t interval across seeds; 0 is marked by the dashed line."))
            }
        }
        return blocks
    }
}
