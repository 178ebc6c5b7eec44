import Foundation
import Analysis

/// `report.md`: readable in a terminal and on a code host.
public enum TrialMarkdown {
    public static func render(_ input: TrialReportInput) -> String {
        let a = input.analysis
        var s = "# \(input.name): \(a.treatment) against \(a.control)\n\n"
        s += "**The question.** Did `\(a.treatment)` change what users and creators do, compared with `\(a.control)`? "
        if input.isTwin {
            s += String(format: "A **twin** trial (simulation only): every arm holds the same %.1f %% of users and %.1f %% of creators, with common random numbers, for %d days, seed %llu, %d market(s). The difference between the arms is the mechanism's effect on one market — ground truth, not an estimate. The tests below treat the arms as independent samples, which they are not here: their p-values and intervals do not apply, and nothing is marked significant.\n\n",
                        100 * input.splitUsers, 100 * input.splitCreators, input.days, input.seed, a.replicates)
        } else {
            s += String(format: "A symmetric trial: %.1f %% of users and %.1f %% of creators per arm, %d days, seed %llu, %d market pair(s).\n\n",
                        100 * input.splitUsers, 100 * input.splitCreators, input.days, input.seed, a.replicates)
        }
        s += "| arm | mechanism | users | creators |\n|---|---|---:|---:|\n"
        for arm in input.arms {
            s += "| \(arm.name) | \(arm.mechanism) | \(arm.users.map(String.init).joined(separator: ", ")) | \(arm.creators.map(String.init).joined(separator: ", ")) |\n"
        }
        s += "\n## Health checks\n\n"
        for (label, srm) in [("users", a.sampleRatioUsers), ("creators", a.sampleRatioCreators)] {
            guard let srm else { continue }
            let verdict = srm.pValue < 0.001 ? "**sample-ratio mismatch: do not trust the deltas**" : "no sample-ratio mismatch"
            s += String(format: "- Sample ratio (%@): observed %@, expected %@; χ² = %.3f, p = %@ — %@.\n", label,
                        srm.observed.map(String.init).joined(separator: " / "), srm.expected.map { String(format: "%.1f", $0) }.joined(separator: " / "),
                        srm.chiSquared, Format.p(srm.pValue), verdict)
        }
        s += "- Variance: \(a.varianceNote).\n"
        s += String(format: "- Significance: two-sided, %d %% confidence intervals; a result is marked significant when its Benjamini–Hochberg adjusted p-value is below %.2f.\n\n",
                    Int((a.level * 100).rounded()), a.alpha)
        if !a.power.isEmpty {
            s += "Minimum detectable effects (unit-level variance, power 0.8):\n\n| metric | baseline | MDE | relative MDE |\n|---|---:|---:|---:|\n"
            for p in a.power { s += String(format: "| %@ | %.5g | %.4g | %.2f%% |\n", p.metric, p.baseline, p.minimumDetectableEffect, 100 * p.relativeMinimumDetectableEffect) }
            s += "\n"
        }
        s += "## Headline\n\n| metric | \(a.control) | \(a.treatment) | relative Δ [CI] | p | adjusted p | |\n|---|---:|---:|---|---:|---:|---|\n"
        let headline: [(String, String, String)] = TrialReportInput.metricTitles.map { ($0.0, "total", $0.1) }
            + [("creatorDAU", "popular creators", "creator DAU, popular"), ("creatorDAU", "other creators", "creator DAU, other")]
        for (metric, breakdown, title) in headline {
            guard let row = input.row(metric, breakdown) else { continue }
            s += line(title, row, alpha: a.alpha, twin: input.isTwin)
        }
        s += "\n## By group-size bucket\n\nRelative Δ (p) per bucket; groups ranked by size, 1 = largest.\n\n"
        s += "| metric | " + a.bucketLabels.joined(separator: " | ") + " | TOTAL |\n|---|" + String(repeating: "---:|", count: a.bucketLabels.count + 1) + "\n"
        for (metric, title) in TrialReportInput.metricTitles {
            let cells = (a.bucketLabels.map { "bucket \($0)" } + ["total"]).map { breakdown -> String in
                guard let c = input.row(metric, breakdown)?.comparison else { return "—" }
                return c.isTestable ? "\(Format.percent(c.relativeDelta)) (\(Format.p(c.pValue)))" : "n/t"
            }
            s += "| \(title) | " + cells.joined(separator: " | ") + " |\n"
        }
        let weeks = input.weeks
        if !weeks.isEmpty {
            s += "\n## By week\n\nRelative Δ (p) per week.\n\n| metric | " + weeks.map { "week \($0)" }.joined(separator: " | ") + " | whole trial |\n|---|"
                + String(repeating: "---:|", count: weeks.count + 1) + "\n"
            let series: [(String, String, String)] = [("creatorDAU", "popular creators", "creator DAU, popular"),
                                                      ("creatorDAU", "other creators", "creator DAU, other")]
                + TrialReportInput.metricTitles.map { ($0.0, "", $0.1) }
            for (metric, prefix, title) in series {
                let cells = (weeks.map { prefix.isEmpty ? "week \($0)" : "\(prefix), week \($0)" } + [prefix.isEmpty ? "total" : prefix]).map { b -> String in
                    guard let c = input.row(metric, b)?.comparison else { return "—" }
                    return c.isTestable ? "\(Format.percent(c.relativeDelta)) (\(Format.p(c.pValue)))" : "n/t"
                }
                s += "| \(title) | " + cells.joined(separator: " | ") + " |\n"
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
        }
        s += "\nn/t: not testable (too few units or no variance). Data: `report.json`, `daily.csv`, `users.csv`, `creators.csv`, `weights.csv`.\n"
        return s
    }

    static func line(_ title: String, _ row: TestRow, alpha: Double, twin: Bool = false) -> String {
        let c = row.comparison
        guard c.isTestable else {
            return "| \(title) | \(Format.value(c.control)) | \(Format.value(c.treatment)) | not testable: \(c.notTestable!) | — | — | |\n"
        }
        let mark = twin ? "— (twin)" : Format.significant(row, alpha: alpha) ? "significant" : "not significant"
        return "| \(title) | \(Format.value(c.control)) | \(Format.value(c.treatment)) | \(Format.percent(c.relativeDelta)) [\(Format.percent(c.relativeLower)), \(Format.percent(c.relativeUpper))] | \(Format.p(c.pValue)) | \(Format.p(row.adjustedPValue)) | \(mark) |\n"
    }
}
