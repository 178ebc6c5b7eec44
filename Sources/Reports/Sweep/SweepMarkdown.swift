import Foundation
import Sweeps

/// `sweep.md`: one row per grid point, the headline metrics' effects averaged over seeds.
public enum SweepMarkdown {
    static func percent(_ x: Double?) -> String { x.map { String(format: "%+.2f %%", 100 * $0) } ?? "—" }
    static func short(_ x: Double?) -> String { x.map { String(format: "%+.1f", 100 * $0) } ?? "—" }

    /// `+1.15 % [+0.8, +1.6] (3/4)`: mean over seeds, t interval across seeds, seeds significant.
    static func cell(_ e: SweepSummary.Effect) -> String {
        guard e.seeds > 0 else { return "—" }
        let interval = e.lower != nil ? " [\(short(e.lower)), \(short(e.upper))]" : ""
        return "\(percent(e.mean))\(interval) (\(e.significant)/\(e.seeds))"
    }

    /// Per grid point, what the treatment gained and what it paid: the metrics significantly
    /// better or worse (in the direction that is good for each) in a majority of its seeds.
    static func tradeOffs(_ s: SweepSummary, keys: [String]) -> String {
        var out = "\n## What each point trades\n\nSignificant in a majority of a point's seeds (its own lead test); the rest are not distinguishable from control at this design.\n\n"
        for point in s.points {
            var better = [String](), worse = [String]()
            for (metric, e) in zip(s.metrics, point.effects) where e.seeds > 0 && 2 * e.significant > e.seeds {
                guard let mean = e.mean else { continue }
                let text = "\(metric.title.replacingOccurrences(of: " ↓", with: "")) \(percent(mean))"
                if (mean > 0) == metric.metric.higherIsBetter { better.append(text) } else { worse.append(text) }
            }
            let label = keys.map { key in "`\(key)=\(point.overrides.first { $0.key == key }?.value ?? "")`" }.joined(separator: ", ")
            out += "- \(label.isEmpty ? "every seed" : label): "
            out += better.isEmpty && worse.isEmpty ? "no significant change.\n"
                : "gains \(better.isEmpty ? "nothing significant" : better.joined(separator: ", ")); pays \(worse.isEmpty ? "nothing significant" : worse.joined(separator: ", ")).\n"
        }
        return out
    }

    public static func render(_ s: SweepSummary) -> String {
        let level = Int((s.level * 100).rounded())
        var out = "# Sweep \(s.name): \(s.points.count) grid point\(s.points.count == 1 ? "" : "s") × \(s.seeds.count) seed\(s.seeds.count == 1 ? "" : "s")\n\n"
        let methods = Set(s.points.flatMap { $0.effects.compactMap(\.method) }).map(\.rawValue).sorted()
        out += "Each cell: the treatment's relative effect against control, averaged over seeds (each seed an independent trial), "
        out += "with a \(level) % t interval across seeds (df = seeds − 1); in brackets, the seeds whose own lead test "
        out += "(\(methods.isEmpty ? "—" : methods.joined(separator: ", ")) variance) found it significant at their α. "
        out += "\(s.finished) of \(s.tasks) tasks finished."
        if s.points.contains(where: { $0.effects.contains { $0.withinTrial == true } }) {
            out += " With one seed, the interval is the trial's own: its lead test's interval, adjusted within its family (headline or ecosystem), "
            out += "as a share of control."
        }
        out += " ↓: lower is better.\n\n"
        if !s.missing.isEmpty {
            out += "**Missing tasks (\(s.missing.count)):** " + s.missing.prefix(20).map { "\($0.index) (\($0.id))" }.joined(separator: ", ")
            out += s.missing.count > 20 ? ", …" : ""
            out += ". Rerun the sweep command to run them, then collect again.\n\n"
        }
        let keys = s.parameters.map(\.key)
        out += "| " + (keys + ["seeds"] + s.metrics.map(\.title)).joined(separator: " | ") + " |\n"
        out += "|" + String(repeating: "---|", count: keys.count) + "---:|" + String(repeating: "---|", count: s.metrics.count) + "\n"
        for point in s.points {
            let values = keys.map { key in point.overrides.first { $0.key == key }?.value ?? "" }
            out += "| " + (values + ["\(point.seeds)"] + point.effects.map(cell)).joined(separator: " | ") + " |\n"
        }
        out += tradeOffs(s, keys: keys)
        out += "\nBase config: `\(s.name)`; swept: " + (keys.isEmpty ? "nothing (seeds only)" : keys.map { "`\($0)`" }.joined(separator: ", "))
        out += "; seeds " + s.seeds.map(String.init).joined(separator: ", ") + ".\n"
        return out
    }
}
