import Foundation
import GSL
import Simulation

/// The platform's daily re-weighting of user groups (Algorithm 1 with the trial's signal, §5.2.1).
///
/// A group's satisfaction π̄ is the relative change of its LTR today over the mean of the two
/// days before (`signal: raw`), or the same change of LTRs shrunk toward the arm's LTR by
/// `signalPrior` pseudo-impressions (`signal: shrunk`), which damps small groups' sampling noise;
/// or, with information a weight can follow, the group's LTR level against the arm's
/// (`signal: level`) or the bias-corrected change (`signal: debiased`), both shrunk by empirical
/// Bayes with the between-group variance estimated from the day's data.
/// Groups smaller than `minGroupSize` keep weight 1, and a group is *measured* once an update
/// moved its weight (its signal passed the gate and α > 0): until then (``dosed(_:)`` false) a mechanism gives it production's matching
/// by default (`platform.unmeasuredDose`).
struct GroupReweighting {
    let spec: PlatformSpec
    let groupUsers: [Int]
    let kept: [Bool]
    private(set) var weights: [Double]
    /// Whether an update has moved the group's weight.
    private(set) var measured: [Bool]
    /// Each group's estimate and sampling variance behind its latest update (nil: none).
    private(set) var todayEstimate: [(estimate: Double, variance: Double)?]
    /// Per day: likes and impressions of each group.
    private(set) var likes: [[Int]] = []
    private(set) var impressions: [[Int]] = []

    /// - Parameter member: in a shared market, which users belong to this arm (the group sizes
    ///   count only those); nil: every user.
    init(spec: PlatformSpec, groups: Int, userGroup: [Int], minGroupSize: Int, member: [Bool]? = nil) {
        self.spec = spec
        var sizes = [Int](repeating: 0, count: groups)
        for (j, g) in userGroup.enumerated() where member?[j] ?? true { sizes[g] += 1 }
        groupUsers = sizes
        kept = sizes.map { $0 >= minGroupSize }
        weights = [Double](repeating: 1, count: groups)
        measured = [Bool](repeating: false, count: groups)
        todayEstimate = [(estimate: Double, variance: Double)?](repeating: nil, count: groups)
    }

    /// The weight the mechanism sees for group `g` (1 for groups that are not re-weighted).
    func weight(_ g: Int) -> Double { kept[g] ? weights[g] : 1 }

    /// Whether the mechanism's dose reaches group `g`: its weight has been measured, or the config
    /// doses unmeasured groups at weight 1 (`unmeasuredDose: mechanism`).
    func dosed(_ g: Int) -> Bool { spec.unmeasuredDose == .mechanism || (kept[g] && measured[g]) }

    mutating func record(likes: [Int], impressions: [Int]) {
        self.likes.append(likes)
        self.impressions.append(impressions)
    }

    /// Group g's LTR on day `day` (an index into the recorded days), as the signal reads it.
    func ltr(day: Int, group g: Int) -> Double? {
        let n = impressions[day][g]
        switch spec.signal {
        case .raw, .level, .debiased:
            return n > 0 ? Double(likes[day][g]) / Double(n) : nil
        case .shrunk:
            let totalLikes = likes[day].reduce(0, +), total = impressions[day].reduce(0, +)
            guard total > 0 else { return nil }
            let arm = Double(totalLikes) / Double(total)
            return (Double(likes[day][g]) + spec.signalPrior * arm) / (Double(n) + spec.signalPrior)
        }
    }

    /// Each kept group's estimate today under the configured signal, before any shrinkage, with
    /// its sampling variance (nil where undefined): what ``satisfaction()`` reads, and what a report
    /// compares between groups against noise to tell a signal from drift.
    func estimates() -> [(estimate: Double, variance: Double)?] {
        switch spec.signal {
        case .raw, .shrunk: return change()
        case .level: return levelDeviations()
        case .debiased: return debiasedChanges()
        }
    }

    /// The satisfaction signal of each kept group from the last three recorded days (nil where undefined).
    func satisfaction() -> [Double?] {
        switch spec.signal {
        case .raw, .shrunk: return change().map { $0?.estimate }
        case .level: return level().signal
        case .debiased: return debiasedChange().signal
        }
    }

    /// The paper's relative change of each kept group's LTR (raw or shrunk LTRs), with its
    /// delta-method variance (binomial counts; a shrunk LTR's variance scaled by its shrinkage).
    private func change() -> [(estimate: Double, variance: Double)?] {
        let days = likes.count
        return weights.indices.filter { kept[$0] }.map { g in
            guard days >= 3, let today = ltr(day: days - 1, group: g), let a = ltr(day: days - 2, group: g),
                  let b = ltr(day: days - 3, group: g) else { return nil }
            let before = (a + b) / 2
            guard before > 0 else { return nil }
            func variance(_ p: Double, _ day: Int) -> Double {
                let n = Double(impressions[day][g])
                let keep = spec.signal == .shrunk ? n / (n + spec.signalPrior) : 1
                return n > 0 ? keep * keep * p * (1 - p) / n : 0
            }
            let vt = variance(today, days - 1), vb = (variance(a, days - 2) + variance(b, days - 3)) / 4
            return ((today - before) / before, vt / (before * before) + today * today * vb / (before * before * before * before))
        }
    }

    /// Likes and impressions of group `g` summed over recorded days `range`.
    private func pooled(_ g: Int, _ range: Range<Int>) -> (likes: Int, impressions: Int) {
        range.reduce((0, 0)) { ($0.0 + likes[$1][g], $0.1 + impressions[$1][g]) }
    }

    /// Empirical-Bayes shrinkage of per-group estimates toward 0: each `(estimate, variance)` keeps
    /// the share τ²/(τ² + variance) of itself, τ² = max(0, mean estimate² − mean variance) (method
    /// of moments over the groups that have one). τ² is 0 unless the groups' spread exceeds their
    /// noise beyond chance (χ² = Σ estimate²/variance against χ² with one df per group, upper tail
    /// below `pretest`): the positive part of a noisy τ² would otherwise let weights random-walk.
    /// Returns the shrunk values and (τ², mean variance).
    static func shrink(_ values: [(estimate: Double, variance: Double)?], pretest: Double = 0.001) -> (signal: [Double?], between: Double, noise: Double) {
        let present = values.compactMap { $0 }.filter { $0.variance > 0 && $0.variance.isFinite && $0.estimate.isFinite }
        guard !present.isEmpty else { return (values.map { _ in nil }, 0, 0) }
        let n = Double(present.count)
        let noise = present.reduce(0) { $0 + $1.variance } / n
        let spread = present.reduce(0) { $0 + $1.estimate * $1.estimate } / n
        let chiSquared = present.reduce(0) { $0 + $1.estimate * $1.estimate / $1.variance }
        let beyondChance = Distribution.chiSquaredUpperTail(chiSquared, degreesOfFreedom: n) < pretest
        let between = beyondChance ? Swift.max(0, spread - noise) : 0
        return (values.map { v in v.map { between + $0.variance > 0 ? $0.estimate * between / (between + $0.variance) : 0 } }, between, noise)
    }

    /// `level`: each kept group's LTR over the last three days relative to the arm's, shrunk.
    func level() -> (signal: [Double?], between: Double, noise: Double) { Self.shrink(levelDeviations()) }

    private func levelDeviations() -> [(estimate: Double, variance: Double)?] {
        let days = likes.count
        let keptGroups = weights.indices.filter { kept[$0] }
        guard days >= 3 else { return keptGroups.map { _ in nil } }
        let window = (days - 3)..<days
        let totals = keptGroups.map { pooled($0, window) }
        let armLikes = totals.reduce(0) { $0 + $1.likes }, armImpressions = totals.reduce(0) { $0 + $1.impressions }
        guard armImpressions > 0, armLikes > 0 else { return keptGroups.map { _ in nil } }
        let arm = Double(armLikes) / Double(armImpressions)
        return totals.map { t -> (estimate: Double, variance: Double)? in
            // The χ² pretest's rule of thumb: at least five expected likes, or the group holds its weight.
            guard Double(t.impressions) * arm >= 5 else { return nil }
            // Relative deviation from the arm and its binomial sampling variance at the arm's rate.
            return ((Double(t.likes) / Double(t.impressions) - arm) / arm, (1 - arm) / (arm * Double(t.impressions)))
        }
    }

    /// `debiased`: each kept group's relative LTR change today over the two days before, with the
    /// ratio's first-order bias E[1/b] ≈ (1 + v_b/b²)/b removed, then shrunk.
    func debiasedChange() -> (signal: [Double?], between: Double, noise: Double) { Self.shrink(debiasedChanges()) }

    private func debiasedChanges() -> [(estimate: Double, variance: Double)?] {
        let days = likes.count
        let keptGroups = weights.indices.filter { kept[$0] }
        guard days >= 3 else { return keptGroups.map { _ in nil } }
        return keptGroups.map { g -> (estimate: Double, variance: Double)? in
            let today = pooled(g, (days - 1)..<days), before = pooled(g, (days - 3)..<(days - 1))
            // A ratio of counts needs counts: below ten likes before, its delta-method variance (and
            // so the χ² pretest) is too optimistic, so such a group holds its weight today.
            guard today.impressions > 0, before.impressions > 0, before.likes >= 10 else { return nil }
            let t = Double(today.likes) / Double(today.impressions), b = Double(before.likes) / Double(before.impressions)
            let vt = t * (1 - t) / Double(today.impressions), vb = b * (1 - b) / Double(before.impressions)
            let ratio = t / b * (1 - vb / (b * b))
            return (ratio - 1, vt / (b * b) + t * t * vb / (b * b * b * b))
        }
    }

    /// Updates the weights from today's signal and keeps each group's unshrunk estimate of today
    /// (``todayEstimate``).
    mutating func update() {
        let keptGroups = weights.indices.filter { kept[$0] }
        guard likes.count >= 3, !keptGroups.isEmpty else { return }
        let rule = AdaptiveReweighting(alphaEarly: spec.alpha, alphaLate: spec.alpha, switchFraction: 1,
                                       minimumWeight: spec.wMin, maximumWeight: spec.wMax)
        let signal = satisfaction()
        let updated = rule.updated(weights: keptGroups.map { weights[$0] }, satisfaction: signal, alpha: spec.alpha)
        let today = estimates()
        for (slot, g) in keptGroups.enumerated() {
            if updated[slot] != weights[g] { measured[g] = true }
            weights[g] = updated[slot]
            todayEstimate[g] = today[slot]
        }
    }
}
