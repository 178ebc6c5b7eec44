import Foundation
import Sweeps

/// `twinarm aa`'s table: each rate with its interval and whether it holds α.
public enum AATable {
    /// The rates as a Markdown table.
    public static func table(_ calibration: AARates) -> String {
        let (name, trials, replicates, days, alpha, rates) = (calibration.name, calibration.trials, calibration.replicates, calibration.days,
            calibration.alpha, calibration.rates)
        let s = "A/A calibration of \(name): \(trials) trials × \(replicates) market pair(s), \(days) days, α = \(alpha)\n"
        var table = Table([.left("metric"), .left("breakdown"), .left("variance"), .right("rejections"), .left("rate [95 % CI]"), .left("holds α")])
        for r in rates {
            // A test should reject at about α; daily looks, by design, at most α on any day, and a
            // non-inferiority test at a margin equal to the true effect at most α.
            let anyDay = r.look != .fixedHorizon
            // Too few trials leave an interval that cannot tell a calibrated test from a broken one.
            let tooFew = r.upper - r.lower > 0.5
            let holds = anyDay ? (r.lower > alpha ? "no" : tooFew ? "too few trials to tell" : "yes (≤ α)")
                : (!(r.lower <= alpha && alpha <= r.upper) ? "no" : tooFew ? "too few trials to tell" : "yes")
            table.add([Inline(r.metric?.rawValue ?? "all (pooled)"), Inline(r.breakdown), Inline(r.variance.rawValue), "\(r.rejections) / \(r.trials)",
                       Inline(String(format: "%.3f [%.3f, %.3f]", r.rate, r.lower, r.upper)), Inline(holds)])
        }
        var out = s + table.markdown
        if let gains = calibration.adjustmentGains {
            var g = Table([.left("metric"), .left("row"), .left("variance"), .right("trials"), .right("SE, CUPED"), .right("SE, regression"),
                           .right("regression / CUPED"), .left("regression's rate [95 % CI]")])
            for x in gains {
                g.add([Inline(x.metric.rawValue), Inline((x.breakdown ?? .total).label), Inline(x.variance.rawValue), "\(x.trials)",
                       Inline(String(format: "%.4f %%", 100 * x.cupedSE)),
                       Inline(String(format: "%.4f %%", 100 * x.regressionSE)), Inline(String(format: "%.3f", x.ratio)),
                       // A unit-level test leaves out the markets' shared noise: its A/A rate says nothing of a level.
                       x.variance == .unit ? "— (unit level: not a calibrated test)"
                           : Inline(String(format: "%.3f [%.3f, %.3f]", x.regressionRate, x.regressionLower, x.regressionUpper))])
            }
            out += "\nEach headline row's lead test on several covariates against CUPED (standard errors relative to the control's value, mean over trials):\n"
                + g.markdown
        }
        return out
    }
}
