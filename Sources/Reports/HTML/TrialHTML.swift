import Analysis

/// `report.html`: the Markdown report's tables plus charts, in one self-contained file.
public enum TrialHTML {
    public static func render(_ input: TrialReportInput) -> String {
        let a = input.analysis
        var body = MarkdownHTML.convert(TrialMarkdown.render(input))
        var charts = "<h2>Charts</h2>\n"
        let arms = input.arms.map(\.name)
        func series(_ value: (TrialReportInput.Day) -> Double) -> [SVGChart.Series] {
            arms.enumerated().map { i, arm in
                SVGChart.Series(name: arm, points: input.daily.filter { $0.arm == arm }.map { (Double($0.day), value($0)) },
                                color: SVGChart.palette[i % SVGChart.palette.count])
            }
        }
        if !input.daily.isEmpty {
            charts += HTMLPage.figure(SVGChart(title: "Daily LTR per arm", xLabel: "day", yLabel: "likes / impressions").lines(series { $0.ltr }),
                                      caption: "Like-through rate of each arm, day by day (market pair 0).")
            charts += HTMLPage.figure(SVGChart(title: "Daily creator DAU per arm", xLabel: "day", yLabel: "active creators").lines(series { Double($0.activeCreators) }),
                                      caption: "Creators active each day in each arm (market pair 0).")
        }
        var forest = [(label: String, estimate: Double, lower: Double, upper: Double, significant: Bool)]()
        for metric in TrialReportInput.userMetrics {
            for (breakdown, name) in a.bucketLabels.map({ (Breakdown.bucket($0), $0) }) + [(Breakdown.total, "total")] {
                guard let row = input.row(metric, breakdown), let control = row.comparison.control, control != 0,
                      let e = row.comparison.absoluteDelta, let lo = row.adjustedLower, let hi = row.adjustedUpper else { continue }
                let label = "\(Format.short(metric)), \(name)"
                forest.append((label, 100 * e / abs(control), 100 * lo / abs(control), 100 * hi / abs(control), !input.isTwin && row.significant))
            }
        }
        if !forest.isEmpty {
            charts += HTMLPage.figure(SVGChart(title: "Relative deltas by group-size bucket", xLabel: "relative Δ, % (family-adjusted interval)", yLabel: "").forest(forest),
                                      caption: "Treatment against control per metric and bucket: the absolute delta with its family-adjusted interval, as a share of the control's value; red: significant (a calibrated test, Benjamini–Hochberg within its family).")
        }
        if let looks = a.sequential, !input.isTwin {
            for (metric, breakdown) in SequentialLooks.metrics {
                let series = looks.filter { $0.metric == metric && $0.breakdown == breakdown }
                guard !series.isEmpty else { continue }
                charts += HTMLPage.figure(SVGChart(title: "Daily looks: \(Format.title(metric, breakdown))", xLabel: "day", yLabel: "relative Δ, %")
                                            .band(series.map { (Double($0.day), 100 * $0.estimate, 100 * $0.lower, 100 * $0.upper) }),
                                          caption: "The cumulative relative delta day by day with its time-uniform interval (all days hold at once with probability 1 − α).")
            }
        }
        if !input.finalWeights.isEmpty {
            charts += HTMLPage.figure(SVGChart(title: "Final group weights of \(a.treatment) by group size", xLabel: "users in the group (log scale)", yLabel: "weight")
                                        .scatterLogX(input.finalWeights.map { (Double($0.users), $0.weight) }),
                                      caption: "Each dot is a re-weighted group at the end of the trial.")
        }
        body += charts
        return HTMLPage.wrap(title: input.isExport ? "\(a.treatment) against \(a.control)" : "\(input.name): \(a.treatment) against \(a.control)", body: body)
    }
}

/// The offline game's mechanisms side by side: Markdown and HTML with welfare curves.
public enum WelfareReport {
    public static func markdown(_ input: WelfareReportInput) -> String {
        var s = "# \(input.name): mechanisms side by side\n\n"
        s += "Offline creator-competition game, seed \(input.seed). Welfare is shown as **served** (under the matching the mechanism applies) and **default** (the same creators under the platform's default K and β).\n\n"
        s += "| mechanism | step 0 | plateau (50–100) served / default | end served | end default | Δ end default vs control | ρ(weight, group size) |\n|---|---:|---|---:|---:|---:|---:|\n"
        let control = input.mechanisms.first { $0.name == "control" }?.summary["finalWelfareDefault"]
        for m in input.mechanisms {
            let v = { (k: String) in m.summary[k].map { String(format: "%.4f", $0) } ?? "—" }
            let delta = control.flatMap { c in m.summary["finalWelfareDefault"].map { String(format: "%+.4f", $0 - c) } } ?? "—"
            s += "| \(m.name) | \(v("initialWelfareServed")) | \(v("plateauWelfareServed")) / \(v("plateauWelfareDefault")) | \(v("finalWelfareServed")) | \(v("finalWelfareDefault")) | \(delta) | \(m.summary["weightSizeSpearman"].map { String(format: "%+.3f", $0) } ?? "—") |\n"
        }
        s += "\nData: each mechanism's folder holds `welfare.csv`, `groups.csv`, `creators.csv` and `summary.json`.\n"
        return s
    }

    public static func html(_ input: WelfareReportInput) -> String {
        var body = MarkdownHTML.convert(markdown(input)) + "<h2>Charts</h2>\n"
        var served = [SVGChart.Series](), standard = [SVGChart.Series]()
        for (i, m) in input.mechanisms.enumerated() {
            let color = SVGChart.palette[i % SVGChart.palette.count]
            // Every 10th step keeps the file small; the curves are smooth at that resolution.
            let thin = { (xs: [Double]) in stride(from: 0, to: xs.count, by: 10).map { (Double($0), xs[$0]) } }
            served.append(SVGChart.Series(name: m.name, points: thin(m.served), color: color))
            standard.append(SVGChart.Series(name: m.name, points: thin(m.standard), dashed: true, color: color))
        }
        body += HTMLPage.figure(SVGChart(title: "Welfare, served matching", xLabel: "LBR step", yLabel: "welfare (mean user utility)").lines(served),
                                caption: "Welfare under the matching each mechanism applies, every 10th step.")
        body += HTMLPage.figure(SVGChart(title: "Welfare, default matching", xLabel: "LBR step", yLabel: "welfare (mean user utility)").lines(standard),
                                caption: "The same creator positions under the default K and β: what creators moving did.")
        return HTMLPage.wrap(title: "\(input.name): mechanisms side by side", body: body)
    }
}
