import Foundation
import Sweeps

/// `design.md`: the whole platform's effect (GTE), each design's distance from it at every
/// fraction, the fraction ladder extrapolated to launch, and per metric which design to trust.
public enum DesignMarkdown {
    static func percent(_ x: Double?) -> String { x.map { String(format: "%+.2f %%", 100 * $0) } ?? "—" }
    static func points(_ x: Double?) -> String { x.map { String(format: "%.2f", 100 * $0) } ?? "—" }
    static func share(_ x: Double?) -> String { x.map { String(format: "%.0f %%", 100 * $0) } ?? "—" }
    static func fraction(_ f: Double) -> String { String(format: f < 0.1 ? "%.1f %%" : "%.0f %%", 100 * f) }
    static func interval(_ lo: Double?, _ hi: Double?) -> String {
        guard let lo, let hi else { return "—" }
        return String(format: "[%+.2f, %+.2f]", 100 * lo, 100 * hi)
    }

    /// What each design is, in one line.
    static let designNotes = [
        "symmetric": "isolated pairs: each arm is its own small market of the fraction's users and creators (what `twinarm run` does)",
        "user": "one market of the whole platform; users randomised, every creator serves both arms (her reward and learning see the mix)",
        "creator": "one market of the whole platform; creators randomised, every feed mixes both arms' creators",
        "two-sided": "one market of the whole platform; users and creators randomised, the treatment where a treated user meets a treated creator",
    ]

    public static func render(_ s: DesignSummary) -> String {
        let level = Int((s.level * 100).rounded())
        var out = "# Design study \(s.name): \(s.designs.count) designs × \(s.fractions.count) fractions × \(s.seeds.count) seeds\n\n"
        out += "What the treatment would do at launch — the **global treatment effect (GTE)**, the difference between the whole platform "
        out += "run once under control and once under the treatment (a twin: the same units and random numbers) — against what each "
        out += "experiment design would estimate at each fraction of the platform per arm. Every value is a relative effect "
        out += "(treatment / control − 1) from the tasks' own reports, which use the same statistics as `twinarm run`. "
        out += "Replicate s of every design runs on seed s, the GTE's platform: a design's bias, RMSE and coverage are taken against "
        out += "that seed's GTE. \(s.finished) of \(s.tasks) tasks finished.\n\n"
        if !s.missing.isEmpty {
            out += "**Missing tasks (\(s.missing.count)):** " + s.missing.prefix(20).map { "\($0.index) (\($0.id))" }.joined(separator: ", ")
            out += s.missing.count > 20 ? ", …" : ""
            out += ". Rerun the design command to run them.\n\n"
        }
        out += "The designs:\n\n"
        for d in s.designs { out += "- **\(d)**: \(designNotes[d] ?? d).\n" }
        out += "\nHow a shared market forms a mixed feed: each of today's new items is retrieved under the K of its creator's arm "
        out += "(the pool's top min(K) for everyone, the items between min(K) and max(K) only for the arm with the larger K), so the "
        out += "pool a percentile refers to stays the whole platform's, as it would at launch; ranking and selection then treat "
        out += "every candidate alike, and a treatment's ranking adjustments reach only its creators' items. Impressions count "
        out += "in the arm of their cell: the user's (user-side), the creator's (creator-side), or — two-sided — only treated × "
        out += "treated against control × control, Johari et al.'s (2022) naive TSR estimator with equal shares on both sides; "
        out += "the cross cells are served but not compared. Units are assigned by complete randomisation (exactly the "
        out += "fraction's share per arm).\n\n"

        out += "## The whole platform's effect (GTE)\n\n"
        out += "| metric | GTE | \(level) % interval across seeds | sd over seeds | seeds |\n|---|---:|---|---:|---:|\n"
        for g in s.gte {
            out += "| \(g.metric) | \(percent(g.estimate)) | \(interval(g.lower, g.upper)) | \(points(g.sd)) | \(g.replicates) |\n"
        }
        let labels = s.gte.first?.buckets.map(\.bucket) ?? []
        if !labels.isEmpty {
            out += "\nBy group-size bucket (users' metrics):\n\n| metric | " + labels.map { "bucket \($0)" }.joined(separator: " | ") + " |\n"
            out += "|---|" + String(repeating: "---|", count: labels.count) + "\n"
            for g in s.gte where !g.buckets.isEmpty {
                out += "| \(g.metric) | " + g.buckets.map { "\(percent($0.estimate)) \(interval($0.lower, $0.upper))" }.joined(separator: " | ") + " |\n"
            }
        }

        out += "\n## How far each design lands from the GTE\n\n"
        out += "Per design and fraction per arm: the mean estimate over seeds; its bias (mean of estimate − GTE, percentage points) "
        out += "and that bias relative to |GTE|; the estimate's sd and RMSE against the GTE over seeds; the share of seeds whose own "
        out += "\(level) % interval covers the GTE; and those intervals' mean half-width.\n"
        for m in s.metrics {
            out += "\n### \(m.title)\n\n| design | fraction | estimate | bias (pp) | bias / |GTE| | sd (pp) | RMSE (pp) | coverage | half-width (pp) |\n"
            out += "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n"
            for d in s.designs {
                for f in s.fractions {
                    guard let c = s.cell(m.title, d, f) else { continue }
                    guard c.measured else { out += "| \(d) | \(fraction(f)) | not measured | | | | | | |\n"; continue }
                    out += "| \(d) | \(fraction(f)) | \(percent(c.estimate)) | \(c.bias.map { String(format: "%+.2f", 100 * $0) } ?? "—") | "
                    out += "\(c.relativeBias.map { String(format: "%+.0f %%", 100 * $0) } ?? "—") | \(points(c.sd)) | \(points(c.rmse)) | "
                    out += "\(share(c.coverage)) | \(points(c.halfWidth)) |\n"
                }
            }
            if let reason = s.cells.first(where: { $0.metric == m.title && !$0.measured })?.reason { out += "\nNot measured: \(reason).\n" }
        }

        out += "\n## From the fraction ladder to launch\n\n"
        out += "The symmetric design's arm is a market of the fraction's size: its cold-start pool, and every K that is a percentile "
        out += "of it, shrink with the fraction. The ladder's estimates are fitted against ln(fraction) by least squares over every "
        out += "seed and fraction and read at fraction 1 (the whole platform), with the fit's \(level) % t interval.\n\n"
        out += "| metric | slope per ln f (pp) | launch estimate | \(level) % interval | GTE | error (pp) | error / |GTE| | bias within its own interval from |\n"
        out += "|---|---:|---:|---|---:|---:|---:|---:|\n"
        for e in s.extrapolation {
            out += "| \(e.metric) | \(e.slope.map { String(format: "%+.2f", 100 * $0) } ?? "—") | \(percent(e.estimate)) | \(interval(e.lower, e.upper)) | "
            out += "\(percent(e.gte)) | \(e.error.map { String(format: "%+.2f", 100 * $0) } ?? "—") | "
            out += "\(e.relativeError.map { String(format: "%+.0f %%", 100 * $0) } ?? "—") | \(e.trustedFrom.map(fraction) ?? "none of the fractions") |\n"
        }

        out += "\n## Which design to trust\n\n"
        for m in s.metrics { out += paragraph(s, metric: m.title, level: level) + "\n\n" }
        out += "Base config: `\(s.name)`; seeds " + s.seeds.map(String.init).joined(separator: ", ") + ".\n"
        return out
    }

    /// A plain paragraph for one metric, read off the study's numbers.
    static func paragraph(_ s: DesignSummary, metric: String, level: Int) -> String {
        let g = s.gte.first { $0.metric == metric }
        var text = "**\(metric).** The GTE is \(percent(g?.estimate)) \(interval(g?.lower, g?.upper))."
        let cells = s.cells.filter { $0.metric == metric && $0.measured && $0.rmse != nil }
        for f in [s.fractions.min(), s.fractions.max()].compactMap({ $0 }).uniqued() {
            let here = cells.filter { $0.fraction == f }
            guard let best = here.min(by: { $0.rmse! < $1.rmse! }) else { continue }
            text += " At \(fraction(f)) per arm the \(best.design) design comes closest (RMSE \(points(best.rmse)) pp, bias \(best.bias.map { String(format: "%+.2f", 100 * $0) } ?? "—") pp)"
            let poor = here.filter { ($0.coverage ?? 1) < Double(level) / 100 - 0.2 }.map(\.design)
            text += poor.isEmpty ? "." : "; the \(list(poor)) design\(poor.count > 1 ? "s'" : "'s") intervals covered the GTE too rarely to trust (below \(level - 20) %)."
        }
        if let e = s.extrapolation.first(where: { $0.metric == metric }) {
            if let from = e.trustedFrom {
                text += " The symmetric design's bias stays within its own interval from \(fraction(from)) per arm on."
            } else {
                text += " The symmetric design's bias exceeds its own interval's half-width at every fraction tried: its intervals describe the small market it runs, not the launch."
            }
            if let est = e.estimate, let lo = e.lower, let hi = e.upper, let gte = e.gte {
                let inside = lo <= gte && gte <= hi
                text += " Extrapolated to the whole platform, the ladder gives \(percent(est)) \(interval(lo, hi)), an interval that \(inside ? "holds" : "misses") the GTE (error \(String(format: "%+.2f", 100 * (est - gte))) pp)."
            }
        }
        return text
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
