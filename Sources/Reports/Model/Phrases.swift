import Analysis
import Foundation
import Runs

/// The report's sentences for the analysis's typed notes.
public enum Phrases {
    /// A sequential method in a sentence.
    public static func sequentialMethod(_ method: SequentialMethod) -> String {
        switch method {
        case .obrienFleming: return "Lan–DeMets α-spending with the O'Brien–Fleming shape"
        case .pocock: return "Lan–DeMets α-spending with the Pocock shape"
        case .union: return "the union bound (level 1 − α/K at each of K looks)"
        case .msprt: return "the mixture SPRT (an always-valid p-value)"
        }
    }

    /// A margin test's verdict in words.
    public static func marginCall(_ m: MarginVerdict) -> String {
        switch m.call {
        case .noWorse: return "no worse than the margin"
        case .worse: return "worse by more than the margin"
        case .better: return "better by more than the margin"
        case .notBetter: return "not better by the margin"
        case .inconclusive: return "inconclusive"
        case .uncalibrated: return "no verdict (no calibrated test)"
        case .untestable: return "untestable"
        }
    }

    /// What the lead variance is and what it means for the p-values.
    public static func variance(_ note: VarianceNote) -> String {
        let pairs = note.marketPairs
        var s: String
        switch note.basis {
        case .twin:
            s = "twin: both arms hold the same units with common random numbers, so their difference is the mechanism's effect on this market — ground "
                + "truth; the tests assume independent arms and do not apply, so nothing is marked"
        case .inflated:
            s = "inflated: one market pair, so the unit-level test with each row's variance multiplied by its factor from \(note.calibrationTrials ?? 0) "
                + "simulated A/A trials of the same config (z-scores' mean square, t with that many df); calibrated by construction against the "
                + "simulation's market noise, not against a real platform's"
        case .market:
            s = "market: Student's t-test on the arms' values in the \(pairs) independent market pairs (\(2 * pairs) markets, \(2 * pairs - 2) df); "
                + "includes the between-market variance"
        case .unitPooled:
            s = "unit: Welch / delta method on units pooled over \(pairs) market pairs; ignores between-market variance"
        case .unitSinglePair:
            s = "unit: Welch / delta method on units, a diagnostic only: one market pair cannot estimate the between-market variance, so these p-values "
                + "are too small (A/A trials reject far above α) and nothing is marked significant; "
                + "run R ≥ 2 market pairs (replicates) for a calibrated test"
        }
        if note.basis == .market || note.basis == .inflated {
            s += "; the interval covers the effect of this design on this platform — the world (topics, tastes) that population.worldSeed, "
                + "or else the seed, drew — not an average over platforms"
        }
        if note.cuped, note.adjustment == .regression {
            s += "; the user metrics regression-adjusted on every metric's pre-period count and the user's follows, tier and group size, "
                + "creator DAU on its pre-period value and the creator's followers (θ pooled over both arms' units), the other creator "
                + "metrics CUPED-adjusted on their own pre-period value"
        } else if note.cuped {
            s += "; every metric CUPED-adjusted on its pre-period (week −1) value, θ pooled over both arms' units as gbstats does: absolute deltas are "
                + "adjusted, the unit rows show the arms' plain values and the market rows the markets' adjusted values"
        }
        return s
    }

    /// Whether the treatment arm's group weights followed need or drifted (``WeightFollow``).
    package static func weightFollow(_ f: WeightFollow) -> Inline {
        func signed(_ x: Double?) -> String { x.map { String(format: "%+.2f", $0) } ?? "— (the weights did not move)" }
        var s = ""
        if let ratio = f.signalToNoise {
            s += String(format: "The signal's between-group spread is %.2f× its sampling noise (1 = the groups differ by noise alone). ", ratio)
        }
        s += "Spearman's ρ of the \(f.groups) final weights against the groups' true under-service in the control arm "
        s += "(1 − expected like rate over the arm's, from true relevance; the expectation of the signal itself): \(signed(f.needSpearman)); "
        s += "against their relevance gap there (the best true relevance their days' sources held minus what they were shown, a need the signal "
        s += "never reads): \(signed(f.gapSpearman)); against group size: \(signed(f.sizeSpearman)). "
        let weak = (f.signalToNoise ?? 0) < 1.5
        if f.needSpearman == nil {
            s += "Every weight stayed where it started: the signal found nothing beyond noise to follow."
        } else if let rho = f.needSpearman, rho > 0.2 {
            s += weak ? "The signal is weak (close to noise), so the weights moved little, but toward the groups served worse: they learned, slowly."
                      : "The weights rose where groups were served worse: the mechanism learned from need."
        } else {
            s += weak ? "The signal is close to noise and the weights do not track need: where they moved, they drifted."
                      : "The weights did not go where the need was."
        }
        return "\(strong: "Did the weights follow need?") " + Inline(s)
    }
}
