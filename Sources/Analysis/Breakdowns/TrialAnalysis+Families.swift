import GSL

/// The report's rules once the rows exist: family adjustment, the marks, power and verdicts.
extension TrialAnalysis {
    /// The market-level test, or why it cannot be made when a market's value is undefined.
    static func marketComparison(_ values: [(Double?, Double?)], reason: String, level: Double) -> Comparison {
        guard values.allSatisfy({ $0.0 != nil && $0.1 != nil }) else {
            return .untestable(reason, nControl: values.count, nTreatment: values.count)
        }
        return MarketTest.compare(controls: values.map { $0.0! }, treatments: values.map { $0.1! }, level: level)
    }

    /// Benjamini–Hochberg and Holm within each (variance method, family); the family's
    /// false-coverage-adjusted intervals; significance only for the lead, calibrated method.
    static func adjust(_ rows: inout [TestRow], alpha: Double, lead: VarianceMethod, calibrated: Bool) {
        for variance in VarianceMethod.allCases {
            for family in TestFamily.allCases {
                let indices = rows.indices.filter { rows[$0].variance == variance && rows[$0].family == family && rows[$0].comparison.pValue != nil }
                guard !indices.isEmpty else { continue }
                let p = indices.map { rows[$0].comparison.pValue! }
                let bh = MultipleTesting.benjaminiHochberg(p), holm = MultipleTesting.holm(p)
                let rejections = bh.filter { $0 < alpha }.count
                let level = 1 - Double(Swift.max(rejections, 1)) * alpha / Double(indices.count)
                for (k, index) in indices.enumerated() {
                    rows[index].adjustedPValue = bh[k]
                    rows[index].holmPValue = holm[k]
                    let c = rows[index].comparison
                    if let delta = c.absoluteDelta, let se = c.standardError, let df = c.degreesOfFreedom {
                        let q = Distribution.studentTUpperQuantile((1 - level) / 2, degreesOfFreedom: df)
                        rows[index].adjustedLevel = level
                        rows[index].adjustedLower = delta - q * se
                        rows[index].adjustedUpper = delta + q * se
                    }
                    rows[index].significant = calibrated && variance == lead && bh[k] < alpha
                }
            }
        }
    }

    /// The MDE of each headline metric under the lead method's own standard error and df.
    public static func powerRows(_ report: AnalysisReport, power: Double = 0.8) -> [PowerRow] {
        AnalysisReport.headline.compactMap { metric, breakdown in
            guard let row = report.row(metric, breakdown), let se = row.comparison.standardError, let df = row.comparison.degreesOfFreedom,
                  let baseline = row.comparison.control, baseline != 0, baseline.isFinite, se > 0 else { return nil }
            let mde = (Distribution.studentTUpperQuantile(report.alpha / 2, degreesOfFreedom: df)
                       + Distribution.studentTUpperQuantile(1 - power, degreesOfFreedom: df)) * se
            return PowerRow(metric: metric, breakdown: breakdown, variance: row.variance, baseline: baseline, standardError: se,
                            degreesOfFreedom: df, minimumDetectableEffect: mde, relativeMinimumDetectableEffect: mde / abs(baseline))
        }
    }

    /// Better, worse or inconclusive per headline metric, with the adjusted interval as shares of the control.
    static func verdicts(_ report: AnalysisReport) -> [Verdict] {
        (AnalysisReport.headline + AnalysisReport.ecosystem).compactMap { metric, breakdown in
            guard let row = report.row(metric, breakdown) else { return nil }
            let c = row.comparison
            var verdict = Verdict(metric: metric, breakdown: breakdown, call: .untestable, relativeDelta: c.relativeDelta)
            guard c.isTestable, let delta = c.absoluteDelta else { return verdict }
            if let control = c.control, control != 0, let lo = row.adjustedLower, let hi = row.adjustedUpper {
                verdict.relativeLower = lo / abs(control)
                verdict.relativeUpper = hi / abs(control)
            }
            verdict.call = !report.calibrated ? .uncalibrated : !row.significant ? .inconclusive : (delta > 0) == metric.higherIsBetter ? .better : .worse
            return verdict
        }
    }

    /// The margin tests of the headline metrics (creator DAU: popular and other creators each).
    static func marginVerdicts(_ report: AnalysisReport, guardrails: MetricMargins, superiority: MetricMargins) -> [MarginVerdict] {
        var out = [MarginVerdict]()
        for (metric, breakdown) in AnalysisReport.headline {
            for (kind, margins) in [(MarginVerdict.Kind.nonInferiority, guardrails), (.superiority, superiority)] {
                guard let margin = margins[metric], let row = report.row(metric, breakdown) else { continue }
                out.append(MarginTest.test(row.comparison, metric: metric, breakdown: breakdown, kind: kind, margin: margin,
                                           alpha: report.alpha, level: report.level, calibrated: report.calibrated))
            }
        }
        return out
    }

    /// Each guarded metric's power row gains the non-inferiority test's power and smallest margin.
    static func addMarginPower(_ report: inout AnalysisReport, guardrails: MetricMargins) {
        for i in report.power.indices {
            let row = report.power[i]
            guard let margin = guardrails[row.metric], let test = report.row(row.metric, row.breakdown)?.comparison,
                  let se = MarginTest.relativeStandardError(test, level: report.level) else { continue }
            report.power[i].marginPower = MarginTest.power(standardError: se, degreesOfFreedom: row.degreesOfFreedom, margin: margin, alpha: report.alpha)
            let smallest = MarginTest.smallestMargin(standardError: se, degreesOfFreedom: row.degreesOfFreedom, alpha: report.alpha)
            report.power[i].smallestMargin = row.metric.higherIsBetter ? -smallest : smallest
        }
    }
}
