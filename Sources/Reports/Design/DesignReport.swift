import Foundation
import Sweeps

/// The design study's report (`design.md`, `design.html`): the whole platform's effect (GTE), each
/// design's distance from it at every fraction, the fraction ladder extrapolated to launch, and
/// per metric which design to trust; the page adds a chart of each design's bias per metric.
public enum DesignReport {
    static func percent(_ x: Double?) -> String { x.map { String(format: "%+.2f %%", 100 * $0) } ?? "—" }
    static func points(_ x: Double?) -> String { x.map { String(format: "%.2f", 100 * $0) } ?? "—" }
    static func signedPoints(_ x: Double?) -> String { x.map { String(format: "%+.2f", 100 * $0) } ?? "—" }
    static func share(_ x: Double?) -> String { x.map { String(format: "%.0f %%", 100 * $0) } ?? "—" }
    static func relative(_ x: Double?) -> String { x.map { String(format: "%+.0f %%", 100 * $0) } ?? "—" }
    static func fraction(_ f: Double) -> String { String(format: f < 0.1 ? "%.1f %%" : "%.0f %%", 100 * f) }
    static func interval(_ lo: Double?, _ hi: Double?) -> String {
        guard let lo, let hi else { return "—" }
        return String(format: "[%+.2f, %+.2f]", 100 * lo, 100 * hi)
    }

    /// What each design is, in one line.
    static let designNotes = [
        "user": "one market of the whole platform; users randomised, every creator serves both arms (her reward and learning see the mix)",
        "creator": "one market of the whole platform; creators randomised, every feed mixes both arms' creators",
        "two-sided": "one market of the whole platform; users and creators randomised, the treatment where a treated user meets a treated creator",
    ]

    /// Fewer seeds than this and the report says its RMSE and coverage are rough.
    static let fewSeeds = 5

    public static func markdown(_ s: DesignSummary) -> String { document(s).markdown }
    public static func html(_ s: DesignSummary) -> String { document(s, charts: true).html }

    public static func document(_ s: DesignSummary, charts: Bool = false) -> ReportDocument {
        let level = Int((s.level * 100).rounded())
        var doc = ReportDocument(title: "Design study \(s.name)")
        doc.heading(1, "Design study \(s.name): \(s.designs.count) designs × \(s.fractions.count) fractions × \(s.seeds.count) seeds")
        doc.paragraph(bottomLine(s, level: level))
        if s.seeds.count < fewSeeds {
            doc.paragraph("\(strong: "Few seeds.") With \(s.seeds.count) seed\(s.seeds.count == 1 ? "" : "s") per cell, every sd, RMSE and coverage below "
                + "is a rough reading; rerun with \(code: "--trials \(fewSeeds)") or more before acting on a difference between designs.")
        }
        doc.paragraph("What the treatment would do at launch — the \(strong: "global treatment effect (GTE)"), the difference between the whole platform "
            + "run once under control and once under the treatment (a twin: the same units and random numbers) — against what each "
            + "experiment design would estimate at each fraction of the platform per arm. Every value is a relative effect "
            + "(treatment / control − 1) from the tasks' own reports, which use the same statistics as \(code: "twinarm run"). "
            + "Replicate s of every design runs on seed s, the GTE's platform: a design's bias, RMSE and coverage are taken against "
            + "that seed's GTE. \(s.finished) of \(s.tasks) tasks finished.")
        if !s.missing.isEmpty {
            let shown = s.missing.prefix(20).map { "\($0.index) (\($0.id))" }.joined(separator: ", ") + (s.missing.count > 20 ? ", …" : "")
            doc.paragraph("\(strong: "Missing tasks (\(s.missing.count)):") \(shown). Rerun the design command to run them.")
        }
        doc.paragraph("The designs:")
        doc.list(s.designs.map { d in "\(strong: d): \(designNote(d))." })
        doc.paragraph("How a shared market forms a mixed feed: each of today's new items is retrieved under the K of its creator's arm "
            + "(the pool's top min(K) for everyone, the items between min(K) and max(K) only for the arm with the larger K), so the "
            + "pool a percentile refers to stays the whole platform's, as it would at launch; ranking and selection then treat "
            + "every candidate alike, and a treatment's ranking adjustments reach only its creators' items. Impressions count "
            + "in the arm of their cell: the user's (user-side), the creator's (creator-side), or — two-sided — only treated × "
            + "treated against control × control, Johari et al.'s (2022) naive TSR estimator with equal shares on both sides; "
            + "the cross cells are served but not compared. Units are assigned by complete randomisation (exactly the "
            + "fraction's share per arm).")

        doc.heading(2, "The whole platform's effect (GTE)")
        var gte = Table([.left("metric"), .right("GTE"), .left("\(level) % interval across seeds"), .right("sd over seeds"), .right("seeds")])
        for g in s.gte { gte.add(["\(g.metric.title)", "\(percent(g.estimate))", "\(interval(g.lower, g.upper))", "\(points(g.sd))", "\(g.replicates)"]) }
        doc.table(gte)
        let labels = s.gte.first?.buckets.map(\.bucket) ?? []
        if !labels.isEmpty {
            doc.paragraph("By group-size bucket (users' metrics):")
            var buckets = Table([.left("metric")] + labels.map { .right("bucket \($0)") })
            for g in s.gte where !g.buckets.isEmpty {
                buckets.add(["\(g.metric.title)"] + g.buckets.map { "\(percent($0.estimate)) \(interval($0.lower, $0.upper))" })
            }
            doc.table(buckets)
        }

        doc.heading(2, "How far each design lands from the GTE")
        doc.paragraph("Per design and fraction per arm: the mean estimate over seeds; its bias (mean of estimate − GTE, percentage points) "
            + "and that bias relative to |GTE|; the estimate's sd and RMSE against the GTE over seeds; the share of seeds whose own "
            + "\(level) % interval covers the GTE; and those intervals' mean half-width.")
        for m in s.metrics {
            doc.heading(3, "\(m.title)")
            var table = Table([.left("design"), .right("fraction"), .right("estimate"), .right("bias (pp)"), .right("bias / |GTE|"),
                               .right("sd (pp)"), .right("RMSE (pp)"), .right("coverage"), .right("half-width (pp)")])
            for d in s.designs {
                for f in s.fractions {
                    guard let c = s.cell(m, d, f) else { continue }
                    guard c.measured else { table.add(["\(d)", "\(fraction(f))", "not measured", "", "", "", "", "", ""]); continue }
                    table.add(["\(d)", "\(fraction(f))", "\(percent(c.estimate))", "\(signedPoints(c.bias))", "\(relative(c.relativeBias))",
                               "\(points(c.sd))", "\(points(c.rmse))", "\(share(c.coverage))", "\(points(c.halfWidth))"])
                }
            }
            doc.table(table)
            if let reason = s.cells.first(where: { $0.metric == m && !$0.measured })?.reason { doc.paragraph("Not measured: \(reason).") }
            if charts { doc.blocks.append(.htmlOnly(biasChart(s, m, level: level))) }
        }

        if let interpolated = s.interpolated, !interpolated.isEmpty {
            doc.heading(2, "Two-sided: the interpolating estimators")
            let beta: String = s.interpolationWeight.map { "\($0)" } ?? "?"
            var note = "The two-sided design's four cells (treated or control users × treated or control creators) read by Johari, Li, "
            note += "Liskovich & Weintraub's (2022) interpolating estimators: TSRI-k = β·(ŷ_tt − ŷ_ct) + (1 − β)·(ŷ_tt − ŷ_tc) − "
            note += "k·β(1 − β)·(2ŷ_cc − ŷ_ct − ŷ_tc), each cell's total over its user and creator shares, relative to ŷ_cc, with "
            note += "β = " + beta + " (an assumption: the paper's demand-to-supply ratio has no measured counterpart here); each "
            note += "replicate's interval is a t interval across its shared markets. Beside them, the two-sided row above "
            note += "(treated × treated against control × control)."
            doc.paragraph(Inline(note))
            for m in s.metrics where interpolated.contains(where: { $0.metric == m }) {
                doc.heading(3, "\(m.title)")
                var table = Table([.left("estimator"), .right("fraction"), .right("estimate"), .right("bias (pp)"), .right("bias / |GTE|"),
                                   .right("sd (pp)"), .right("RMSE (pp)"), .right("coverage"), .right("half-width (pp)")])
                for f in s.fractions {
                    let rows = [s.cell(m, "two-sided", f)] + interpolated.filter { $0.metric == m && $0.fraction == f }.map { Optional($0) }
                    for case let c? in rows where c.measured {
                        table.add(["\(c.design)", "\(fraction(f))", "\(percent(c.estimate))", "\(signedPoints(c.bias))", "\(relative(c.relativeBias))",
                                   "\(points(c.sd))", "\(points(c.rmse))", "\(share(c.coverage))", "\(points(c.halfWidth))"])
                    }
                }
                doc.table(table)
            }
        }

        doc.heading(2, "From the fraction ladder to launch")
        doc.paragraph("The symmetric design's arm is a market of the fraction's size: its cold-start pool, and every K that is a percentile "
            + "of it, shrink with the fraction. The ladder's estimates are fitted against ln(fraction) by least squares over every "
            + "seed and fraction and read at fraction 1 (the whole platform), with the fit's \(level) % t interval.")
        var ladder = Table([.left("metric"), .right("slope per ln f (pp)"), .right("launch estimate"), .left("\(level) % interval"), .right("GTE"),
                            .right("error (pp)"), .right("error / |GTE|"), .right("bias within its own interval from")])
        for e in s.extrapolation {
            ladder.add(["\(e.metric.title)", "\(signedPoints(e.slope))", "\(percent(e.estimate))", "\(interval(e.lower, e.upper))", "\(percent(e.gte))",
                        "\(signedPoints(e.error))", "\(relative(e.relativeError))", "\(e.trustedFrom.map(fraction) ?? "none of the fractions")"])
        }
        doc.table(ladder)

        doc.heading(2, "Which design to trust")
        for m in s.metrics { doc.paragraph(paragraph(s, metric: m, level: level)) }
        doc.paragraph("Base config: \(code: s.name); seeds \(s.seeds.map(String.init).joined(separator: ", ")).")
        return doc
    }

    static func designNote(_ design: String) -> Inline {
        switch design {
        case "symmetric": return "isolated pairs: each arm is its own small market of the fraction's users and creators (what \(code: "twinarm run") does)"
        default: return Inline(designNotes[design] ?? design)
        }
    }

    /// The study's answer first: the GTE of each metric and the closest design at the largest fraction.
    static func bottomLine(_ s: DesignSummary, level: Int) -> Inline {
        var parts = [String]()
        for m in s.metrics {
            guard let g = s.gte.first(where: { $0.metric == m }), let estimate = g.estimate else { continue }
            parts.append("\(m.title) \(percent(estimate))")
        }
        var text: Inline = "\(strong: "At launch") (the whole platform, \(s.seeds.count) seed\(s.seeds.count == 1 ? "" : "s")): "
        text += Inline(parts.isEmpty ? "no GTE measured yet" : parts.joined(separator: ", ")) + "."
        if s.designs.count > 1, let f = s.fractions.max() {
            var closest = [String: Int]()
            for m in s.metrics {
                let here = s.cells.filter { $0.metric == m && $0.fraction == f && $0.measured && $0.rmse != nil }
                if let best = here.min(by: { $0.rmse! < $1.rmse! }) { closest[best.design, default: 0] += 1 }
            }
            if let top = closest.max(by: { ($0.value, $1.key) < ($1.value, $0.key) }) {
                text += " At \(fraction(f)) per arm the \(top.key) design comes closest for \(top.value) of \(s.metrics.count) metrics (lowest RMSE "
                    + "against the GTE)."
            }
        }
        return text
    }

    /// A plain paragraph for one metric, read off the study's numbers.
    static func paragraph(_ s: DesignSummary, metric: HeadlineMetric, level: Int) -> Inline {
        let g = s.gte.first { $0.metric == metric }
        var text = "The GTE is \(percent(g?.estimate)) \(interval(g?.lower, g?.upper))."
        let cells = s.cells.filter { $0.metric == metric && $0.measured && $0.rmse != nil }
        for f in [s.fractions.min(), s.fractions.max()].compactMap({ $0 }).uniqued() {
            let here = cells.filter { $0.fraction == f }
            guard let best = here.min(by: { $0.rmse! < $1.rmse! }) else { continue }
            text += here.count > 1
                ? " At \(fraction(f)) per arm the \(best.design) design comes closest (RMSE \(points(best.rmse)) pp, bias \(signedPoints(best.bias)) pp)"
                : " At \(fraction(f)) per arm the \(best.design) design's RMSE is \(points(best.rmse)) pp (bias \(signedPoints(best.bias)) pp)"
            let poor = here.filter { ($0.coverage ?? 1) < Double(level) / 100 - 0.2 }.map(\.design)
            text += poor.isEmpty ? "." : "; the \(list(poor)) design\(poor.count > 1 ? "s'" : "'s") intervals covered the GTE too rarely to trust (below "
                + "\(level - 20) %)."
        }
        if let e = s.extrapolation.first(where: { $0.metric == metric }) {
            if let from = e.trustedFrom {
                text += " The symmetric design's bias stays within its own interval from \(fraction(from)) per arm on."
            } else {
                text += " The symmetric design's bias exceeds its own interval's half-width at every fraction tried: its intervals describe the small "
                    + "market it runs, not the launch."
            }
            if let est = e.estimate, let lo = e.lower, let hi = e.upper, let gte = e.gte {
                let inside = lo <= gte && gte <= hi
                text += " Extrapolated to the whole platform, the ladder gives \(percent(est)) \(interval(lo, hi)), an interval that "
                    + "\(inside ? "holds" : "misses") the GTE (error \(String(format: "%+.2f", 100 * (est - gte))) pp)."
            }
        }
        return "\(strong: "\(metric.title).") " + Inline(text)
    }

    /// Each design's bias against the fraction per arm, with the t interval of that bias across seeds.
    static func biasChart(_ s: DesignSummary, _ m: HeadlineMetric, level: Int) -> [ReportDocument.Block] {
        let series = s.designs.enumerated().map { i, d in
            SVGChart.IntervalSeries(name: d, color: SVGChart.palette[i % SVGChart.palette.count],
                                    points: s.fractions.enumerated().compactMap { x, f in
                                        guard let c = s.cell(m, d, f), c.measured, let bias = c.bias else { return nil }
                                        // The bias's interval: the estimate's t interval across seeds, shifted by the GTE.
                                        let shift = c.gte ?? 0
                                        return (x, 100 * bias, c.lower.map { 100 * ($0 - shift) }, c.upper.map { 100 * ($0 - shift) })
                                    })
        }
        var frame = SVGChart(title: "\(m.title): bias against the GTE", xLabel: "fraction of the platform per arm", yLabel: "bias, percentage points")
        frame.width = 760
        frame.right = 200
        return [.figure(svg: frame.intervals(categories: s.fractions.map(fraction), series),
                        caption: "Mean of estimate − GTE over seeds with the estimate's \(level) % t interval across seeds; 0 (no bias) is the dashed line.")]
    }
}

/// `a`, `a and b`, `a, b and c`.
func list(_ items: [String]) -> String {
    items.count <= 2 ? items.joined(separator: " and ") : items.dropLast().joined(separator: ", ") + " and " + items.last!
}

extension Array where Element: Hashable {
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
