import Runs
import Foundation
import Analysis

/// A trial's report (`report.md`, `report.html`) as a document: the verdict, the question, health
/// checks, the headline and ecosystem tables, power, daily looks, buckets, weeks, weights and
/// every metric's definition; the page adds the charts.
public enum TrialReport {
    public static func document(_ input: TrialReportInput, charts: Bool = false) -> ReportDocument {
        let a = input.analysis
        let title = input.isExport ? "\(a.treatment) against \(a.control)" : "\(input.name): \(a.treatment) against \(a.control)"
        var doc = ReportDocument(title: title)
        doc.heading(1, Inline(title))
        doc.append(verdict(input))
        doc.append(question(input))
        var arms = Table([.left("arm"), .left(input.isExport ? "" : "mechanism"), .right("users"), .right("creators")])
        for arm in input.arms {
            arms.add([Inline(arm.name), Inline(arm.mechanism), Inline(arm.users.map(String.init).joined(separator: ", ")),
                      Inline(arm.creators.map(String.init).joined(separator: ", "))])
        }
        doc.table(arms)
        if !input.configChanges.isEmpty {
            doc.paragraph("Config values that differ from the defaults (manifest.json holds every value in force): "
                          + Inline.joined(input.configChanges.map { Inline.code($0) }) + ".")
        }
        doc.heading(2, "Health checks")
        doc.list(healthChecks(input))
        doc.append(headline(input))
        if !a.power.isEmpty {
            doc.heading(2, "Power")
            doc.paragraph("Minimum detectable effects of the headline tests (\(a.varianceMethod.rawValue) variance, the one the report leads with; "
                + "two-sided α = \(Format.alpha(a.alpha)), power 0.8):")
            if !a.calibrated && !input.isTwin {
                doc.paragraph("These use the unit-level variance of a single market pair, which misses the between-market noise: the true MDEs are larger.")
            }
            var power = Table([.left("metric"), .right("baseline"), .right("MDE"), .right("relative MDE")])
            for p in a.power {
                power.add([Inline(Format.title(p.metric, p.breakdown, input.metricContext)), Inline(String(format: "%.5g", p.baseline)),
                           Inline(String(format: "%.4g", p.minimumDetectableEffect)), Inline(String(format: "%.2f%%",
                               100 * p.relativeMinimumDetectableEffect))])
            }
            doc.table(power)
        }
        doc.append(margins(input))
        doc.append(adjustments(input))
        doc.append(twoSided(input))
        doc.append(sequential(input))
        doc.heading(2, "By group-size bucket")
        doc.paragraph("Exploratory: relative Δ (adjusted p, Benjamini–Hochberg within the bucket and week rows); groups ranked by size, 1 = largest.")
        var buckets = Table([.left("metric")] + a.bucketLabels.map { .right(Inline($0)) })
        for metric in TrialReportInput.userMetrics {
            buckets.add([Inline(metric.title(input.metricContext))] + a.bucketLabels.map { Inline(cell(input.row(metric, .bucket($0)), twin: input.isTwin)) })
        }
        doc.table(buckets)
        let weeks = input.weeks
        if !weeks.isEmpty {
            doc.heading(2, "By week")
            doc.paragraph("Exploratory: relative Δ (adjusted p) per week.")
            var table = Table([.left("metric")] + weeks.map { .right("week \($0)") })
            for metric in TrialReportInput.userMetrics {
                table.add([Inline(metric.title(input.metricContext))] + weeks.map { Inline(cell(input.row(metric, .week($0)), twin: input.isTwin)) })
            }
            for popular in [true, false] {
                table.add([Inline(Format.title(.creatorDAU, .creators(popular: popular, week: nil), input.metricContext))]
                          + weeks.map { Inline(cell(input.row(.creatorDAU, .creators(popular: popular, week: $0)), twin: input.isTwin)) })
            }
            doc.table(table)
        }
        if !input.finalWeights.isEmpty {
            doc.heading(2, "Final group weights of \(code: a.treatment)")
            doc.paragraph("Groups sorted by size (users in the arm), in four equal slices.")
            var table = Table([.left("groups"), .right("users per group"), .right("mean weight"), .right("min"), .right("max")])
            let sorted = input.finalWeights.sorted { ($0.users, -$0.group) > ($1.users, -$1.group) }
            for q in 0..<4 {
                let slice = Array(sorted[(sorted.count * q / 4)..<(sorted.count * (q + 1) / 4)])
                guard let first = slice.first, let last = slice.last else { continue }
                let mean = slice.reduce(0) { $0 + $1.weight } / Double(slice.count)
                let weights = slice.map(\.weight)
                table.add(["\(sorted.count * q / 4 + 1)–\(sorted.count * (q + 1) / 4)", "\(last.users)–\(first.users)",
                           Inline(String(format: "%.3f", mean)), Inline(String(format: "%.3f", weights.min() ?? 0)),
                           Inline(String(format: "%.3f", weights.max() ?? 0))])
            }
            doc.table(table)
            if let follow = input.weightFollow { doc.paragraph(Phrases.weightFollow(follow)) }
        }
        if let dose = input.dose { doseSection(dose, treatment: a.treatment, into: &doc) }
        doc.heading(2, "Metric definitions")
        doc.list(MetricID.allCases.map { metric in
            var line: Inline = "\(strong: metric.rawValue) — \(metric.definition(input.metricContext))"
            if metric.isGuardrail { line += "; a \(strong: "guardrail"): the mechanism must not lower it" }
            if metric.direction == .lowerIsBetter { line += "; lower is better" }
            return line + "."
        })
        let data: Inline = input.isExport ? Inline.code("report.json")
            : Inline.joined(["report.json", "daily.csv", "users.csv", "creators.csv", "weights.csv"].map { Inline.code($0) })
        doc.paragraph("n/t: not testable (too few units or no variance). Data: \(data).")
        if charts { doc.blocks.append(.htmlOnly(TrialCharts.blocks(input))) }
        return doc
    }

    /// The treatment arm's dose by day: its users' shares by cold-start percentile band, and how
    /// much its weights moved (market pair 1).
    static func doseSection(_ dose: DoseSeries, treatment: String, into doc: inout ReportDocument) {
        doc.heading(2, "Dose of \(code: treatment) by day")
        guard dose.bands.count > 1 else {
            doc.paragraph("Every user of \(code: treatment) was served at production's cold-start percentile every day: no group's weight "
                          + "was measured, or the mechanism leaves K alone.")
            return
        }
        doc.paragraph("Share of the arm's users (market pair 1) in each cold-start percentile band p: the top (1 − p) of the pool is "
                      + "retrieved for them. A group gets the mechanism's band once its weight has been measured; groups too small to "
                      + "re-weight, and groups the signal has not moved, stay at production's. Moved: re-weighted groups whose weight "
                      + "changed since the day before; |Δ log w|: their mean absolute change.")
        var columns: [Table.Column] = [.right("day"), .right("dosed")]
        columns += dose.bands.enumerated().map { i, p in .right(Inline(i == 0 ? String(format: "p %.3g (production)", p) : String(format: "p %.3g", p))) }
        columns += [.right("moved"), .right("|Δ log w|")]
        var table = Table(columns)
        func percent(_ x: Double) -> Inline { Inline(String(format: "%.1f %%", 100 * x)) }
        for day in dose.days {
            table.add([Inline("\(day.day)"), percent(day.dosed)] + day.shares.map(percent)
                      + [Inline(day.moved.map { "\($0)" } ?? "—"), Inline(day.meanLogChange.map { String(format: "%.4f", $0) } ?? "—")])
        }
        doc.table(table)
    }

    /// The verdict lines: per headline metric, better / worse / inconclusive at this design.
    static func verdict(_ input: TrialReportInput) -> [ReportDocument.Block] {
        let a = input.analysis
        if input.isTwin {
            return [.paragraph("\(strong: "Verdict") (twin trial: the differences are the mechanism's effect on this market; no test applies):"),
                    .list(a.verdicts.map { Inline("\(Format.title($0.metric, $0.breakdown, input.metricContext)): \(Format.percent($0.relativeDelta))") })]
        }
        let ecosystem = ecosystemCount(a) > 0 ? ", and the \(ecosystemCount(a)) ecosystem metrics among themselves" : ""
        var blocks: [ReportDocument.Block] = [
            .paragraph("\(strong: "Verdict") at this design (\(a.replicates) market pair\(a.replicates == 1 ? "" : "s"), \(Format.alpha(a.alpha)) level, "
                + "adjusted over the \(headlineCount(a)) headline metrics\(ecosystem)):"),
        ]
        blocks.append(.list(a.verdicts.map { v in
            let interval = Format.interval(v.relativeLower, v.relativeUpper)
            let call: Inline
            switch v.call {
            case .better: call = "\(strong: "better"): \(Format.percent(v.relativeDelta)) \(interval)"
            case .worse: call = "\(strong: "worse"): \(Format.percent(v.relativeDelta)) \(interval)"
            case .inconclusive: call = "inconclusive: \(Format.percent(v.relativeDelta)) \(interval), no significant change at this design"
            case .uncalibrated: call = "no verdict: \(Format.percent(v.relativeDelta)) \(interval) (diagnostic interval)"
            case .untestable: call = "not testable"
            }
            return "\(Format.title(v.metric, v.breakdown, input.metricContext)): \(call)"
        }))
        if !a.calibrated {
            let how: Inline = input.isExport
                ? "A table with two or more independent market pairs (the \(code: "replicate") column) gets a verdict, and so does this one with "
                    + "\(code: "--calibration FILE"): the A/A calibration (\(code: "calibration.json")) of a single-pair config that models this test, "
                    + "from \(code: "twinarm run") or \(code: "twinarm aa --replicates 1")."
                : "Run the trial with \(code: "replicates: 2") or more (the default is 4), or keep one pair with \(code: "calibrationTrials") ≥ 2 (the "
                    + "default is 20), for a verdict."
            blocks.append(.paragraph("No calibrated test exists for one market pair: units within an arm share one market, and A/A trials show unit-level "
                + "tests rejecting far more often than α. " + how))
        } else if a.varianceMethod == .inflated {
            blocks.append(.paragraph("One market pair: each row's unit-level variance is multiplied by the factor learned from simulated A/A trials of "
                + "the same config (\(code: "calibration.json")), which is how much more two production markets of this config differ than their units "
                + "suggest; A/A trials of the method reject at α. It calibrates against the simulation's noise: for a real test it is as good as the "
                + "config is a model of the platform."))
        }
        return blocks
    }

    /// The question and the design, in one paragraph.
    static func question(_ input: TrialReportInput) -> [ReportDocument.Block] {
        let a = input.analysis
        var text: Inline = "\(strong: "The question.") Did \(code: a.treatment) change what users and creators do, compared with \(code: a.control)? "
        if let source = input.source {
            text += "An exported unit table (\(code: source)): \(a.replicates) market pair(s)\(input.weeks.isEmpty ? "" : ", \(input.weeks.count) week(s)")."
        } else if input.isTwin {
            text += "A \(strong: "twin") trial (simulation only): " + Inline(String(format: "every arm holds the same %.1f %% of users and %.1f %% of "
                + "creators, with common random numbers, for %d days, seed %llu, %d market(s). The difference between the arms is the mechanism's effect "
                + "on one market — ground truth, not an estimate. The tests below treat the arms as independent samples, which they are not here: "
                + "their p-values and intervals do not apply, and nothing is marked significant.",
                100 * input.splitUsers, 100 * input.splitCreators, input.days, input.seed, a.replicates))
        } else if input.design.isShared {
            text += sharedDesign(input, markets: a.replicates)
        } else {
            text += Inline(String(format: "A symmetric trial: %.1f %% of users and %.1f %% of creators per arm, %d days, seed %llu, %d market pair(s).",
                                  100 * input.splitUsers, 100 * input.splitCreators, input.days, input.seed, a.replicates))
        }
        return [.paragraph(text)]
    }

    /// The design sentence of a shared-market trial (user-side, creator-side, two-sided).
    static func sharedDesign(_ input: TrialReportInput, markets: Int) -> Inline {
        let common = String(format: "%d days, seed %llu, %d shared market(s)", input.days, input.seed, markets)
        switch input.design {
        case .user:
            return "A \(strong: "user-side") trial (simulation): " + Inline(String(format: "one market of the whole platform; %.1f %% of users per arm, "
                + "every creator serves both arms (her reward and learning see the mix), ", 100 * input.splitUsers) + common + ". Creators' metrics "
                + "compare the same creators and measure nothing.")
        case .creator:
            return "A \(strong: "creator-side") trial (simulation): " + Inline(String(format: "one market of the whole platform; %.1f %% of creators per "
                + "arm, every user's feed mixes both arms' creators, each new item retrieved under its creator's arm's K; users' metrics count each arm's "
                + "creators' impressions, ", 100 * input.splitCreators) + common + ".")
        default:
            return "A \(strong: "two-sided") trial (simulation): " + Inline(String(format: "one market of the whole platform; %.1f %% of users and %.1f "
                + "%% of creators per arm, the treatment where a treated user meets a treated creator; compared: treated × treated against control × "
                + "control impressions (the naive TSR estimator), ", 100 * input.splitUsers, 100 * input.splitCreators) + common + ".")
        }
    }

    static func healthChecks(_ input: TrialReportInput) -> [Inline] {
        let a = input.analysis
        var items = [Inline]()
        for (label, srm) in [("users", a.sampleRatioUsers), ("creators", a.sampleRatioCreators)] {
            guard let srm else { continue }
            let verdict: Inline = srm.pValue < 0.001 ? .strong("sample-ratio mismatch: do not trust the deltas") : "no sample-ratio mismatch"
            items.append(Inline(String(format: "Sample ratio (%@): observed %@, expected %@; χ² = %.3f, p = %@ — ", label,
                                       srm.observed.map(String.init).joined(separator: " / "), srm.expected.map { String(format: "%.1f",
                                           $0) }.joined(separator: " / "),
                                       srm.chiSquared, Format.p(srm.pValue))) + verdict + ".")
        }
        let empty = input.arms.compactMap { arm -> Inline? in
            let days = input.daily.filter { $0.arm == arm.name }
            let requests = days.reduce(0) { $0 + $1.requests }, shown = days.reduce(0) { $0 + $1.impressions }
            return requests > 0 ? "\(code: arm.name) " + Inline(String(format: "%.2f %%", 100 * Double(requests - shown) / Double(requests))) : nil
        }
        if input.design == .creator || input.design == .twoSided {
            items.append("Requests that showed nothing: not per arm in a \(input.design.rawValue) design (a feed's items come from both arms' creators).")
        } else if !empty.isEmpty {
            items.append("Requests that showed nothing (the user's feed had run out; counted, never filled): " + Inline.joined(empty) + " of requests "
                + "(market pair 1).")
        }
        items.append("Variance: \(Phrases.variance(a.varianceNote)).")
        items.append(input.isTwin ? "Significance: none marked — a twin trial's difference is ground truth, not an estimate." : significanceRule(a))
        return items
    }

    static func significanceRule(_ a: AnalysisReport) -> Inline {
        guard a.calibrated else {
            return "Significance: none marked — the lead test is not calibrated at this design (see Variance)."
        }
        return Inline(String(format: "Significance: two-sided at α = %@. A headline result is significant when its p-value, adjusted by "
            + "Benjamini–Hochberg over the %d headline metrics, is below α; its interval is the matching false-coverage-adjusted one (it excludes 0 "
            + "exactly then). Buckets and weeks are exploratory and adjusted among themselves%@.",
                             Format.alpha(a.alpha), headlineCount(a),
                             ecosystemCount(a) > 0 ? ", and so are the \(ecosystemCount(a)) ecosystem metrics; for the exposure Gini, the top-10 % share "
                                 + "and churn, lower is better" : ""))
    }

    static func headlineCount(_ a: AnalysisReport) -> Int { a.verdicts.filter { !$0.metric.isEcosystem }.count }
    static func ecosystemCount(_ a: AnalysisReport) -> Int { a.verdicts.filter(\.metric.isEcosystem).count }

    static func headline(_ input: TrialReportInput) -> [ReportDocument.Block] {
        var blocks: [ReportDocument.Block] = [.heading(level: 2, "Headline")]
        blocks += rowsTable(input, AnalysisReport.headline.compactMap { input.row($0.metric, $0.breakdown) })
        let ecosystem = AnalysisReport.ecosystem.compactMap { input.row($0.metric, $0.breakdown) }
        if !ecosystem.isEmpty {
            blocks.append(.heading(level: 2, "Ecosystem health"))
            blocks.append(.paragraph("The creators' side of the market as a whole (definitions below), whole period, adjusted as their own family. "
                + "Lower is better for the exposure Gini, the top-10 % share and churn; the Gini, the top-10 % share and the worst group's LTR are one "
                + "value per market and have no CUPED covariate."))
            blocks += rowsTable(input, ecosystem)
        }
        return blocks
    }

    /// A table of rows under the lead method: values, relative Δ with its adjusted interval and bar, p-values and the mark.
    static func rowsTable(_ input: TrialReportInput, _ rows: [TestRow]) -> [ReportDocument.Block] {
        let a = input.analysis
        var blocks = [ReportDocument.Block]()
        let level = rows.compactMap(\.adjustedLevel).first
        let levelText = level.map { String(format: "%.1f %%", 100 * $0) } ?? "adjusted"
        blocks.append(.paragraph("Relative Δ of \(code: a.treatment) against \(code: a.control); interval: the absolute delta's \(levelText) interval as "
            + "a share of \(code: a.control)'s value."))
        if a.cuped == true {
            blocks.append(.paragraph(a.varianceMethod == .market
                ? "CUPED: every market's value is adjusted for its pre-period (value − θ × (its pre-period value − the pooled one)); the columns are the "
                    + "arms' adjusted means."
                : "CUPED: Δ is adjusted for the arms' pre-period difference (each arm's value − θ × its pre-period value), so it is not the ratio of the "
                    + "two unadjusted columns."))
        }
        var table = Table([.left("metric"), .right(Inline(a.control)), .right(Inline(a.treatment)), .right("relative Δ"), .left("interval"), .left(""),
                           .right("p"), .right("adjusted p"), .left("")])
        let bounds = rows.compactMap { row -> (Double, Double)? in
            guard let control = row.comparison.control, control != 0, let lo = row.adjustedLower, let hi = row.adjustedUpper else { return nil }
            return (lo / abs(control), hi / abs(control))
        }
        let scale = (Swift.min(0, bounds.map(\.0).min() ?? 0), Swift.max(0, bounds.map(\.1).max() ?? 0))
        for row in rows {
            let c = row.comparison
            let title = Inline(Format.title(row.metric, row.breakdown, input.metricContext))
            guard c.isTestable else {
                table.add([title, Inline(Format.value(c.control)), Inline(Format.value(c.treatment)), "not testable: \(c.notTestable ?? "")", "", "", "—",
                    "—", ""])
                continue
            }
            var interval: Inline = "—", bar: Inline = ""
            if let control = c.control, control != 0, let lo = row.adjustedLower, let hi = row.adjustedUpper {
                interval = Inline(Format.interval(lo / abs(control), hi / abs(control)))
                bar = .code(Format.bar(estimate: (c.absoluteDelta ?? 0) / abs(control), lower: lo / abs(control), upper: hi / abs(control), scale: scale))
            }
            let mark = input.isTwin ? "— (twin)" : !a.calibrated ? "— (uncalibrated)" : row.significant ? "significant" : "not significant"
            table.add([title, Inline(Format.value(c.control)), Inline(Format.value(c.treatment)), Inline(Format.percent(c.relativeDelta)), interval, bar,
                       Inline(Format.p(c.pValue)), Inline(Format.p(row.adjustedPValue)), Inline(mark)])
        }
        blocks.append(.table(table))
        return blocks
    }

    /// Daily looks: the interval at the look's boundary at the end of each week, and the stop rule.
    static func sequential(_ input: TrialReportInput) -> [ReportDocument.Block] {
        guard let looks = input.analysis.sequential, let plan = input.analysis.sequentialPlan, !input.isTwin else { return [] }
        let tested = looks.filter { $0.crossed != nil }
        guard !tested.isEmpty else { return [] }
        let days = tested.map(\.day).max() ?? 0
        let lookDays = Set(tested.map(\.day))
        let shown = Array(Set(stride(from: 7, through: days, by: 7)).union([days]).intersection(lookDays)).sorted()
        var table = Table([.left("metric")] + shown.map { .right("day \($0)") } + [.right("stop: first day the boundary is crossed")])
        for stop in input.analysis.stops ?? [] {
            let series = tested.filter { $0.metric == stop.metric && $0.breakdown == stop.breakdown }
            let cells = shown.map { day in Inline(series.first { $0.day == day }.map { "\(Format.percent($0.estimate)) "
                + "\(Format.interval($0.lower, $0.upper))" } ?? "—") }
            let first = stop.day.map { "day \($0): \(Format.percent(stop.estimate)) \(Format.interval(stop.lower, stop.upper))" } ?? "not crossed"
            table.add([Inline(Format.title(stop.metric, stop.breakdown, input.metricContext))] + cells + [Inline(first)])
        }
        let single = input.analysis.replicates == 1
        return [.heading(level: 2, "Daily looks"),
                .paragraph("Read the trial day by day without inflating false positives: \(Phrases.sequentialMethod(plan.method)), "
                    + "\(tested.count / Swift.max(1, input.analysis.stops?.count ?? 1)) looks. "
                    + (single ? "Each look tests the cumulative relative delta with its variance learned from the simulated A/A trials (t with their df). "
                              : "Each look is the market test on the cumulative values. ")
                    + (plan.method.spending == nil ? ""
                       : plan.information == .calendar ? "A look's information fraction is its day over the last look's day. "
                       : "A look's information fraction is the last look's variance over its own. ")
                    + "A metric stops on the first day its boundary is crossed; the effect and interval of that day are the answer. Relative Δ "
                    + "[interval at the look's boundary]; \(code: "report.json") holds every look."),
                .table(table)]
    }

    /// The lead test of each user metric under CUPED and under the regression on several covariates.
    static func adjustments(_ input: TrialReportInput) -> [ReportDocument.Block] {
        guard let rows = input.analysis.adjustments, !rows.isEmpty, !input.isTwin else { return [] }
        let lead = input.analysis.adjustment ?? .cuped
        var table = Table([.left("metric"), .right("relative Δ, CUPED"), .right("SE, CUPED"), .right("relative Δ, regression"), .right("SE, regression"),
                           .right("regression / CUPED")])
        for row in rows {
            func relSE(_ c: Comparison?) -> Double? {
                guard let c, let se = c.standardError, let control = c.control, control != 0 else { return nil }
                return se / abs(control)
            }
            let a = relSE(row.cuped), b = relSE(row.regression)
            let ratio = a.flatMap { x in b.map { String(format: "%.3f", $0 / x) } } ?? "—"
            table.add([Inline(Format.title(row.metric, row.breakdown, input.metricContext)), Inline(Format.percent(row.cuped?.relativeDelta)),
                       Inline(Format.percent(a).replacingOccurrences(of: "+", with: "")), Inline(Format.percent(row.regression?.relativeDelta)),
                       Inline(Format.percent(b).replacingOccurrences(of: "+", with: "")), Inline(ratio)])
        }
        return [.heading(level: 2, "Pre-period adjustment"),
                .paragraph("The \(rows[0].variance.rawValue)-level test of each metric with CUPED (its own pre-period value) and with the "
                    + "regression on several covariates (θ pooled over both arms' units): a user metric on every metric's pre-period count and "
                    + "the user's follows, tier and group size; creator DAU on its pre-period value and the creator's followers. The report leads with "
                    + "\(lead == .regression ? "the regression" : "CUPED") (\(code: "adjustment") in the config). Standard errors as shares of the "
                    + "control's value."),
                .table(table)]
    }

    /// A two-sided run's TSR estimators from all four cells (`cells.csv`), across its shared markets.
    static func twoSided(_ input: TrialReportInput) -> [ReportDocument.Block] {
        guard let rows = input.analysis.twoSided, !rows.isEmpty else { return [] }
        let level = Format.percentLevel(input.analysis.level)
        var table = Table([.left("metric"), .left("estimator"), .right("relative Δ"), .left("\(level) interval"), .right("p"), .right("markets")])
        for row in rows {
            let name: String
            switch row.estimator {
            case .naive: name = "TSR-naive"
            case .tsri1: name = "TSRI-1"
            case .tsri2: name = "TSRI-2"
            }
            table.add([Inline(Format.title(row.metric, .total, input.metricContext)), Inline(name), Inline(Format.percent(row.relativeDelta)),
                       Inline(Format.interval(row.relativeLower, row.relativeUpper)), Inline(Format.p(row.pValue)), Inline("\(row.markets)")])
        }
        let beta = String(format: "%g", rows[0].weight)
        return [.heading(level: 2, "Two-sided estimators"),
                .paragraph(Inline("The headline tests above compare the treated × treated cell with the control × control one. Here all four "
                    + "cells (users' arm × creators' arm, cells.csv) are read by Johari, Li, Liskovich & Weintraub's (2022) estimators: "
                    + "TSR-naive (treated × treated against the other three cells pooled) and the interpolating TSRI-1 and TSRI-2, which "
                    + "subtract the competition the cross cells show, with the user side weighted β = " + beta + " (an assumption). Each "
                    + "is relative per shared market, with a t interval across the markets.")),
                .table(table)]
    }

    /// Whether a margin test's deciding bound is its lower one (the worse side of a metric where higher is better).
    static func lowerBound(_ m: MarginVerdict) -> Bool {
        m.kind == .nonInferiority && m.metric.higherIsBetter || m.kind == .superiority && !m.metric.higherIsBetter
    }

    /// Non-inferiority (guardrails) and superiority margins: the one-sided test of each.
    static func margins(_ input: TrialReportInput) -> [ReportDocument.Block] {
        guard let margins = input.analysis.margins, !margins.isEmpty, !input.isTwin else { return [] }
        var table = Table([.left("metric"), .left("test"), .right("margin"), .right("relative Δ"),
                           .right("one-sided \(Format.percentLevel(1 - input.analysis.alpha)) bounds"), .right("p"), .left("verdict")])
        for m in margins {
            table.add([Inline(Format.title(m.metric, m.breakdown, input.metricContext)),
                       Inline(m.kind == .nonInferiority ? "non-inferiority" : "superiority"), Inline(Format.percent(m.margin)),
                       Inline(Format.percent(m.estimate)), Inline(lowerBound(m) ? "> \(Format.percent(m.lower))" : "< \(Format.percent(m.upper))"),
                       Inline(Format.p(m.p)), Inline(Phrases.marginCall(m))])
        }
        return [.heading(level: 2, "Guardrails and margins"),
                .paragraph("A one-sided test of each margin at α = \(Format.alpha(input.analysis.alpha)) on the lead test's estimate, standard error "
                    + "and degrees of freedom: *no worse than the margin* when the bound on the worse side lies inside it, *worse* when the bound "
                    + "on the better side lies past it; *better* when the bound on the worse side lies beyond a superiority margin."),
                .table(table)]
    }

    /// `+1.23% (0.0456)`: relative Δ and adjusted p, `*` when significant.
    static func cell(_ row: TestRow?, twin: Bool) -> String {
        guard let row else { return "—" }
        let c = row.comparison
        guard c.isTestable else { return "n/t" }
        return "\(Format.percent(c.relativeDelta)) (\(Format.p(row.adjustedPValue)))\(row.significant && !twin ? " *" : "")"
    }
}
