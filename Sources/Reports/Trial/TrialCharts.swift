import Analysis

/// The charts of a trial's HTML page: daily LTR and creator DAU per arm, the forest of relative
/// deltas by bucket, the daily looks and the final weights.
enum TrialCharts {
    static func blocks(_ input: TrialReportInput) -> [ReportDocument.Block] {
        let a = input.analysis
        var blocks: [ReportDocument.Block] = [.heading(level: 2, "Charts")]
        let arms = input.arms.map(\.name)
        func series(_ value: (TrialReportInput.Day) -> Double) -> [SVGChart.Series] {
            arms.enumerated().map { i, arm in
                SVGChart.Series(name: arm, points: input.daily.filter { $0.arm == arm }.map { (Double($0.day), value($0)) },
                                color: SVGChart.palette[i % SVGChart.palette.count])
            }
        }
        if !input.daily.isEmpty {
            blocks.append(.figure(svg: SVGChart(title: "Daily LTR per arm", xLabel: "day", yLabel: "likes / impressions").lines(series { $0.ltr }),
                                  caption: "Like-through rate of each arm, day by day (market pair 0)."))
            blocks.append(.figure(svg: SVGChart(title: "Daily creator DAU per arm", xLabel: "day",
                yLabel: "active creators").lines(series { Double($0.activeCreators) }),
                                  caption: "Creators active each day in each arm (market pair 0)."))
        }
        var forest = [(label: String, estimate: Double, lower: Double, upper: Double, significant: Bool)]()
        for metric in TrialReportInput.userMetrics {
            for (breakdown, name) in a.bucketLabels.map({ (Breakdown.bucket($0), $0) }) + [(Breakdown.total, "total")] {
                guard let row = input.row(metric, breakdown), let control = row.comparison.control, control != 0,
                      let e = row.comparison.absoluteDelta, let lo = row.adjustedLower, let hi = row.adjustedUpper else { continue }
                forest.append(("\(metric.shortTitle), \(name)", 100 * e / abs(control), 100 * lo / abs(control), 100 * hi / abs(control),
                               !input.isTwin && row.significant))
            }
        }
        if !forest.isEmpty {
            blocks.append(.figure(svg: SVGChart(title: "Relative deltas by group-size bucket", xLabel: "relative Δ, % (family-adjusted interval)",
                yLabel: "").forest(forest),
                                  caption: "Treatment against control per metric and bucket: the absolute delta with its family-adjusted interval, as a "
                                      + "share of the control's value; red: significant (a calibrated test, Benjamini–Hochberg within its family). An "
                                      + "interval reaching past the axis, which follows the estimates, ends in an arrow."))
        }
        if let looks = a.sequential, !input.isTwin {
            for (metric, breakdown) in SequentialLooks.metrics {
                let series = looks.filter { $0.metric == metric && $0.breakdown == breakdown }.compactMap { look in
                    look.lower.flatMap { lo in look.upper.map { (Double(look.day), 100 * look.estimate, 100 * lo, 100 * $0) } }
                }
                guard !series.isEmpty, let plan = a.sequentialPlan else { continue }
                blocks.append(.figure(svg: SVGChart(title: "Daily looks: \(Format.title(metric, breakdown, input.metricContext))", xLabel: "day",
                    yLabel: "relative Δ, %")
                                        .band(series),
                                      caption: "The cumulative relative delta day by day with its interval at the look's boundary "
                                          + "(\(Phrases.sequentialMethod(plan.method))): all looks hold at once with probability 1 − α."))
            }
        }
        if !input.finalWeights.isEmpty {
            blocks.append(.figure(svg: SVGChart(title: "Final group weights of \(a.treatment) by group size", xLabel: "users in the group (log scale)",
                yLabel: "weight")
                                    .scatterLogX(input.finalWeights.map { (Double($0.users), $0.weight) }),
                                  caption: "Each dot is a re-weighted group at the end of the trial."))
        }
        return blocks
    }
}
