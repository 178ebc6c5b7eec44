import Foundation
import Sweeps

/// `twinarm aa`'s table: each rate with its interval and whether it holds α.
public enum AATable {
    /// The rates as a Markdown table.
    public static func table(_ calibration: AACalibration) -> String {
        let (name, trials, replicates, days, alpha, rates) = (calibration.name, calibration.trials, calibration.replicates, calibration.days, calibration.alpha, calibration.rates)
        var s = "A/A calibration of \(name): \(trials) trials × \(replicates) market pair(s), \(days) days, α = \(alpha)\n"
        var table = Table([.left("metric"), .left("breakdown"), .left("variance"), .right("rejections"), .left("rate [95 % CI]"), .left("holds α")])
        for r in rates {
            // A test should reject at about α; daily looks, by design, at most α on any day.
            let anyDay = r.look == .anyDay
            let holds = anyDay ? (r.lower <= alpha ? "yes (≤ α)" : "no") : (r.lower <= alpha && alpha <= r.upper ? "yes" : "no")
            table.add([Inline(r.metric?.rawValue ?? "all (pooled)"), Inline(r.breakdown), Inline(r.variance.rawValue), "\(r.rejections) / \(r.trials)",
                       Inline(String(format: "%.3f [%.3f, %.3f]", r.rate, r.lower, r.upper)), Inline(holds)])
        }
        return s + table.markdown
    }
}
