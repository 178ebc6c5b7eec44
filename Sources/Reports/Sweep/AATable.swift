import Foundation
import Sweeps

/// `twinarm aa`'s table: each rate with its interval and whether it holds α.
public enum AATable {
    /// The rates as a Markdown table.
    public static func table(_ calibration: AACalibration) -> String {
        let (name, trials, replicates, days, alpha, rates) = (calibration.name, calibration.trials, calibration.replicates, calibration.days, calibration.alpha, calibration.rates)
        var s = "A/A calibration of \(name): \(trials) trials × \(replicates) market pair(s), \(days) days, α = \(alpha)\n"
        s += "| metric | breakdown | variance | rejections | rate [95 % CI] | holds α |\n"
        s += "|---|---|---|---:|---|---|\n"
        for r in rates {
            // A test should reject at about α; daily looks, by design, at most α on any day.
            let anyDay = r.look == .anyDay
            let holds = anyDay ? (r.lower <= alpha ? "yes (≤ α)" : "no") : (r.lower <= alpha && alpha <= r.upper ? "yes" : "no")
            s += String(format: "| %@ | %@ | %@ | %d / %d | %.3f [%.3f, %.3f] | %@ |\n", r.metric?.rawValue ?? "all (pooled)", r.breakdown, r.variance.rawValue,
                        r.rejections, r.trials, r.rate, r.lower, r.upper, holds)
        }
        return s
    }
}
