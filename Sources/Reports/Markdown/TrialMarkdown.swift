import Foundation
import Analysis

/// `report.md`: readable in a terminal and on a code host.
public enum TrialMarkdown {
    public static func render(_ input: TrialReportInput) -> String {
        let a = input.analysis
        var s = input.isExport ? "# \(a.treatment) against \(a.control)\n\n" : "# \(input.name): \(a.treatment) against \(a.control)\n\n"
        s += verdict(input)
        s += "**The question.** Did `\(a.treatment)` change what users and creators do, compared with `\(a.control)`? "
        if let source = input.source {
            s += "An exported unit table (`\(source)`): \(a.replicates) market pair(s)\(input.weeks.isEmpty ? "" : ", \(input.weeks.count) week(s)").\n\n"
        } else if input.isTwin {
            s += String(format: "A **twin** trial (simulation only): every arm holds the same %.1f %% of users and %.1f %% of creators, with common random numbers, for %d days, seed %llu, %d market(s). The difference between the arms is the mechanism's effect on one market — ground truth, not an estimate. The tests below treat the arms as independent samples, which they are not here: their p-values and intervals do not apply, and nothing is marked significant.\n\n",
                        100 * input.splitUsers, 100 * input.splitCreators, input.days, input.seed, a.replicates)
        } else if input.design.isShared {
            s += sharedDesign(input, markets: a.replicates)
        } else {
            s += String(format: "A symmetric trial: %.1f %% of users and %.1f %% of creators per arm, %d days, seed %llu, %d market pair(s).\n\n",
                        100 * input.splitUsers, 100 * input.splitCreators, input.days, input.seed, a.replicates)
        }
        s += input.isExport ? "| arm | | users | creators |\n|---|---|---:|---:|\n" : "| arm | mechanism | users | creators |\n|---|---|---:|---:|\n"
        for arm in input.arms {
            s += "| \(arm.name) | \(arm.mechanism) | \(arm.users.map(String.init).joined(separator: ", ")) | \(arm.creators.map(String.init).joined(separator: ", ")) |\n"
        }
        if !input.configChanges.isEmpty {
            s += "\nConfig values that differ from the defaults (manifest.json holds every value in force): "
            s += input.configChanges.map { "`\($0)`" }.joined(separator: ", ") + ".\n"
        }
        s += "\n## Health checks\n\n"
        for (label, srm) in [("users", a.sampleRatioUsers), ("creators", a.sampleRatioCreators)] {
            guard let srm else { continue }
            let verdict = srm.pValue < 0.001 ? "**sample-ratio mismatch: do not trust the deltas**" : "no sample-ratio mismatch"
            s += String(format: "- Sample ratio (%@): observed %@, expected %@; χ² = %.3f, p = %@ — %@.\n", label,
                        srm.observed.map(String.init).joined(separator: " / "), srm.expected.map { String(format: "%.1f", $0) }.joined(separator: " / "),
                        srm.chiSquared, Format.p(srm.pValue), verdict)
        }
        let empty = input.arms.compactMap { arm -> String? in
            let days = input.daily.filter { $0.arm == arm.name }
            let requests = days.reduce(0) { $0 + $1.requests }, shown = days.reduce(0) { $0 + $1.impressions }
            return requests > 0 ? String(format: "`%@` %.2f %%", arm.name, 100 * Double(requests - shown) / Double(requests)) : nil
        }
        if input.design == .creator || input.design == .twoSided {
            s += "- Requests that showed nothing: not per arm in a \(input.design.rawValue) design (a feed's items come from both arms' creators).\n"
        } else if !empty.isEmpty {
            s += "- Requests that showed nothing (the user's feed had run out; counted, never filled): \(empty.joined(separator: ", ")) of requests (market pair 1).\n"
        }
        s += "- Variance: \(Phrases.variance(a.varianceNote)).\n"
        s += (input.isTwin ? "- Significance: none marked — a twin trial's difference is ground truth, not an estimate.\n" : significanceRule(a)) + "\n"
        s += headline(input)
        if !a.power.isEmpty {
            s += "\n## Power\n\nMinimum detectable effects of the headline tests (\(a.varianceMethod.rawValue) variance, the one the report leads with; two-sided α = \(Format.alpha(a.alpha)), power 0.8):\n\n"
            if !a.calibrated && !input.isTwin { s += "These use the unit-level variance of a single market pair, which misses the between-market noise: the true MDEs are larger.\n\n" }
            s += "| metric | baseline | MDE | relative MDE |\n|---|---:|---:|---:|\n"
            for p in a.power {
                s += String(format: "| %@ | %.5g | %.4g | %.2f%% |\n", Format.title(p.metric, p.breakdown), p.baseline, p.minimumDetectableEffect,
                            100 * p.relativeMinimumDetectableEffect)
            }
        }
        s += sequential(input)
        s += "\n## By group-size bucket\n\nExploratory: relative Δ (adjusted p, Benjamini–Hochberg within the bucket and week rows); groups ranked by size, 1 = largest.\n\n"
        s += "| metric | " + a.bucketLabels.joined(separator: " | ") + " |\n|---|" + String(repeating: "---:|", count: a.bucketLabels.count) + "\n"
        for metric in TrialReportInput.userMetrics {
            let cells = a.bucketLabels.map { cell(input.row(metric, .bucket($0)), twin: input.isTwin) }
            s += "| \(metric.title) | " + cells.joined(separator: " | ") + " |\n"
        }
        let weeks = input.weeks
        if !weeks.isEmpty {
            s += "\n## By week\n\nExploratory: relative Δ (adjusted p) per week.\n\n| metric | " + weeks.map { "week \($0)" }.joined(separator: " | ") + " |\n|---|"
                + String(repeating: "---:|", count: weeks.count) + "\n"
            for metric in TrialReportInput.userMetrics {
                s += "| \(metric.title) | " + weeks.map { cell(input.row(metric, .week($0)), twin: input.isTwin) }.joined(separator: " | ") + " |\n"
            }
            for popular in [true, false] {
                s += "| \(Format.title(.creatorDAU, .creators(popular: popular, week: nil))) | "
                    + weeks.map { cell(input.row(.creatorDAU, .creators(popular: popular, week: $0)), twin: input.isTwin) }.joined(separator: " | ") + " |\n"
            }
        }
        if !input.finalWeights.isEmpty {
            s += "\n## Final group weights of `\(a.treatment)`\n\nGroups sorted by size (users in the arm), in four equal slices.\n\n"
            s += "| groups | users per group | mean weight | min | max |\n|---|---:|---:|---:|---:|\n"
            let sorted = input.finalWeights.sorted { ($0.users, -$0.group) > ($1.users, -$1.group) }
            for q in 0..<4 {
                let slice = Array(sorted[(sorted.count * q / 4)..<(sorted.count * (q + 1) / 4)])
                guard !slice.isEmpty else { continue }
                let mean = slice.reduce(0) { $0 + $1.weight } / Double(slice.count)
                s += String(format: "| %d–%d | %d–%d | %.3f | %.3f | %.3f |\n", sorted.count * q / 4 + 1, sorted.count * (q + 1) / 4,
                            slice.last!.users, slice.first!.users, mean, slice.map(\.weight).min()!, slice.map(\.weight).max()!)
            }
            if let follow = input.weightFollow { s += "\n" + Phrases.weightFollow(follow) + "\n" }
        }
        s += "\n## Metric definitions\n\n"
        for metric in MetricID.allCases {
            s += "- **\(metric.rawValue)** — \(metric.definition)\(metric.isGuardrail ? "; a **guardrail**: the mechanism must not lower it" : "").\n"
        }
        s += "\nn/t: not testable (too few units or no variance). Data: `report.json`\(input.isExport ? "" : ", `daily.csv`, `users.csv`, `creators.csv`, `weights.csv`").\n"
        return s
    }

    /// The verdict lines: per headline metric, better / worse / inconclusive at this design.
    static func verdict(_ input: TrialReportInput) -> String {
        let a = input.analysis
        var s = "**Verdict**"
        if input.isTwin {
            s += " (twin trial: the differences are the mechanism's effect on this market; no test applies):\n\n"
            for v in a.verdicts {
                s += "- \(Format.title(v.metric, v.breakdown)): \(Format.percent(v.relativeDelta))\n"
            }
            return s + "\n"
        }
        s += " at this design (\(a.replicates) market pair\(a.replicates == 1 ? "" : "s"), \(Format.alpha(a.alpha)) level, adjusted over the \(headlineCount(a)) headline metrics\(ecosystemCount(a) > 0 ? ", and the \(ecosystemCount(a)) ecosystem metrics among themselves" : "")):\n\n"
        for v in a.verdicts {
            let interval = Format.interval(v.relativeLower, v.relativeUpper)
            let call: String
            switch v.call {
            case .better: call = "**better**: \(Format.percent(v.relativeDelta)) \(interval)"
            case .worse: call = "**worse**: \(Format.percent(v.relativeDelta)) \(interval)"
            case .inconclusive: call = "inconclusive: \(Format.percent(v.relativeDelta)) \(interval), no significant change at this design"
            case .uncalibrated: call = "no verdict: \(Format.percent(v.relativeDelta)) \(interval) (diagnostic interval)"
            case .untestable: call = "not testable"
            }
            s += "- \(Format.title(v.metric, v.breakdown)): \(call)\n"
        }
        if !a.calibrated {
            s += "\nNo calibrated test exists for one market pair: units within an arm share one market, and A/A trials show unit-level tests rejecting far more often than α. "
            s += input.isExport ? "A table with two or more independent market pairs (the `replicate` column) gets a verdict, and so does this one with `--calibration FILE`: the A/A calibration (`calibration.json`) of a single-pair config that models this test, from `twinarm run` or `twinarm aa --replicates 1`.\n"
                : "Run the trial with `replicates: 2` or more (the default is 4), or keep one pair with `calibrationTrials` ≥ 2 (the default is 20), for a verdict.\n"
        } else if a.varianceMethod == .inflated {
            s += "\nOne market pair: each row's unit-level variance is multiplied by the factor learned from simulated A/A trials of the same config (`calibration.json`), which is how much more two production markets of this config differ than their units suggest; A/A trials of the method reject at α. It calibrates against the simulation's noise: for a real test it is as good as the config is a model of the platform.\n"
        }
        return s + "\n"
    }

    /// The design paragraph of a shared-market trial (user-side, creator-side, two-sided).
    static func sharedDesign(_ input: TrialReportInput, markets: Int) -> String {
        let common = String(format: "%d days, seed %llu, %d shared market(s)", input.days, input.seed, markets)
        switch input.design {
        case .user:
            return String(format: "A **user-side** trial (simulation): one market of the whole platform; %.1f %% of users per arm, every creator serves both arms (her reward and learning see the mix), ", 100 * input.splitUsers) + common + ". Creators' metrics compare the same creators and measure nothing.\n\n"
        case .creator:
            return String(format: "A **creator-side** trial (simulation): one market of the whole platform; %.1f %% of creators per arm, every user's feed mixes both arms' creators, each new item retrieved under its creator's arm's K; users' metrics count each arm's creators' impressions, ", 100 * input.splitCreators) + common + ".\n\n"
        default:
            return String(format: "A **two-sided** trial (simulation): one market of the whole platform; %.1f %% of users and %.1f %% of creators per arm, the treatment where a treated user meets a treated creator; compared: treated × treated against control × control impressions (the naive TSR estimator), ", 100 * input.splitUsers, 100 * input.splitCreators) + common + ".\n\n"
        }
    }

    static func significanceRule(_ a: AnalysisReport) -> String {
        guard a.calibrated else {
            return "- Significance: none marked — the lead test is not calibrated at this design (see Variance).\n"
        }
        return String(format: "- Significance: two-sided at α = %@. A headline result is significant when its p-value, adjusted by Benjamini–Hochberg over the %d headline metrics, is below α; its interval is the matching false-coverage-adjusted one (it excludes 0 exactly then). Buckets and weeks are exploratory and adjusted among themselves%@.\n",
                      Format.alpha(a.alpha), headlineCount(a),
                      ecosystemCount(a) > 0 ? ", and so are the \(ecosystemCount(a)) ecosystem metrics; for the exposure Gini, the top-10 % share and churn, lower is better" : "")
    }

    static func headlineCount(_ a: AnalysisReport) -> Int { a.verdicts.filter { !$0.metric.isEcosystem }.count }
    static func ecosystemCount(_ a: AnalysisReport) -> Int { a.verdicts.filter(\.metric.isEcosystem).count }

    static func headline(_ input: TrialReportInput) -> String {
        var s = "\n## Headline\n\n"
        s += rowsTable(input, AnalysisReport.headline.compactMap { input.row($0.metric, $0.breakdown) })
        let ecosystem = AnalysisReport.ecosystem.compactMap { input.row($0.metric, $0.breakdown) }
        if !ecosystem.isEmpty {
            s += "\n## Ecosystem health\n\nThe creators' side of the market as a whole (definitions below), whole period, adjusted as their own family. "
            s += "Lower is better for the exposure Gini, the top-10 % share and churn; the Gini, the top-10 % share and the worst group's LTR are one value per market and have no CUPED covariate.\n\n"
            s += rowsTable(input, ecosystem)
        }
        return s
    }

    /// A table of rows under the lead method: values, relative Δ with its adjusted interval and bar, p-values and the mark.
    static func rowsTable(_ input: TrialReportInput, _ rows: [TestRow]) -> String {
        let a = input.analysis
        var s = ""
        let level = rows.compactMap(\.adjustedLevel).first
        s += "Relative Δ of `\(a.treatment)` against `\(a.control)`; interval: the absolute delta's \(level.map { String(format: "%.1f %%", 100 * $0) } ?? "adjusted") interval as a share of `\(a.control)`'s value.\n\n"
        if a.cuped == true {
            s += a.varianceMethod == .market
                ? "CUPED: every market's value is adjusted for its pre-period (value − θ × (its pre-period value − the pooled one)); the columns are the arms' adjusted means.\n\n"
                : "CUPED: Δ is adjusted for the arms' pre-period difference (each arm's value − θ × its pre-period value), so it is not the ratio of the two unadjusted columns.\n\n"
        }
        s += "| metric | \(a.control) | \(a.treatment) | relative Δ | interval | | p | adjusted p | |\n|---|---:|---:|---:|---|---|---:|---:|---|\n"
        let bounds = rows.compactMap { row -> (Double, Double)? in
            guard let control = row.comparison.control, control != 0, let lo = row.adjustedLower, let hi = row.adjustedUpper else { return nil }
            return (lo / abs(control), hi / abs(control))
        }
        let scale = (Swift.min(0, bounds.map(\.0).min() ?? 0), Swift.max(0, bounds.map(\.1).max() ?? 0))
        for row in rows {
            let c = row.comparison
            let title = Format.title(row.metric, row.breakdown)
            guard c.isTestable else {
                s += "| \(title) | \(Format.value(c.control)) | \(Format.value(c.treatment)) | not testable: \(c.notTestable!) | | | — | — | |\n"
                continue
            }
            var interval = "—", bar = ""
            if let control = c.control, control != 0, let lo = row.adjustedLower, let hi = row.adjustedUpper {
                interval = Format.interval(lo / abs(control), hi / abs(control))
                bar = Format.bar(estimate: (c.absoluteDelta ?? 0) / abs(control), lower: lo / abs(control), upper: hi / abs(control), scale: scale)
            }
            let mark = input.isTwin ? "— (twin)" : !a.calibrated ? "— (uncalibrated)" : row.significant ? "significant" : "not significant"
            s += "| \(title) | \(Format.value(c.control)) | \(Format.value(c.treatment)) | \(Format.percent(c.relativeDelta)) | \(interval) | \(bar) | \(Format.p(c.pValue)) | \(Format.p(row.adjustedPValue)) | \(mark) |\n"
        }
        return s
    }

    /// Daily looks: the time-uniform interval at the end of each week, and the first day it excluded 0.
    static func sequential(_ input: TrialReportInput) -> String {
        guard let looks = input.analysis.sequential, !looks.isEmpty, !input.isTwin else { return "" }
        let days = looks.map(\.day).max() ?? 0
        let shown = Array(Set(stride(from: 7, through: days, by: 7)).union([days])).sorted()
        var s = "\n## Daily looks\n\nRead the trial day by day without inflating false positives: each day's market test on the cumulative values, its interval at level 1 − α/\(days) (a union bound over the \(days) days), so that all intervals hold at once with probability 1 − α. Relative Δ [interval]; `report.json` holds every day.\n\n"
        s += "| metric | " + shown.map { "day \($0)" }.joined(separator: " | ") + " | first day the interval excludes 0 |\n|---|" + String(repeating: "---:|", count: shown.count) + "---:|\n"
        for (metric, breakdown) in SequentialLooks.metrics {
            let series = looks.filter { $0.metric == metric && $0.breakdown == breakdown }
            guard !series.isEmpty else { continue }
            let cells = shown.map { day in series.first { $0.day == day }.map { "\(Format.percent($0.estimate)) \(Format.interval($0.lower, $0.upper))" } ?? "—" }
            let first = series.first { $0.lower > 0 || $0.upper < 0 }.map { "day \($0.day)" } ?? "—"
            s += "| \(Format.title(metric, breakdown)) | " + cells.joined(separator: " | ") + " | \(first) |\n"
        }
        return s
    }

    /// `+1.23% (0.0456)`: relative Δ and adjusted p, `*` when significant.
    static func cell(_ row: TestRow?, twin: Bool) -> String {
        guard let c = row?.comparison else { return "—" }
        guard c.isTestable else { return "n/t" }
        return "\(Format.percent(c.relativeDelta)) (\(Format.p(row?.adjustedPValue)))\(row!.significant && !twin ? " *" : "")"
    }
}
