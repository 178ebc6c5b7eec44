import Foundation
import Simulation

/// The platform's daily re-weighting of user groups (Algorithm 1 with the trial's signal, §5.2.1).
///
/// A group's satisfaction π̄ is the relative change of its LTR today over the mean of the two
/// days before (`signal: raw`), or the same change of LTRs shrunk toward the arm's LTR by
/// `signalPrior` pseudo-impressions (`signal: shrunk`), which damps small groups' sampling noise.
/// Groups smaller than `minGroupSize` keep weight 1.
struct GroupReweighting {
    let spec: PlatformSpec
    let groupUsers: [Int]
    let kept: [Bool]
    private(set) var weights: [Double]
    /// Per day: likes and impressions of each group.
    private(set) var likes: [[Int]] = []
    private(set) var impressions: [[Int]] = []

    init(spec: PlatformSpec, groups: Int, userGroup: [Int], minGroupSize: Int) {
        self.spec = spec
        var sizes = [Int](repeating: 0, count: groups)
        for g in userGroup { sizes[g] += 1 }
        groupUsers = sizes
        kept = sizes.map { $0 >= minGroupSize }
        weights = [Double](repeating: 1, count: groups)
    }

    /// The weight the mechanism sees for group `g` (1 for groups that are not re-weighted).
    func weight(_ g: Int) -> Double { kept[g] ? weights[g] : 1 }

    mutating func record(likes: [Int], impressions: [Int]) {
        self.likes.append(likes)
        self.impressions.append(impressions)
    }

    /// Group g's LTR on day `day` (an index into the recorded days), as the signal reads it.
    func ltr(day: Int, group g: Int) -> Double? {
        let n = impressions[day][g]
        switch spec.signal {
        case .raw:
            return n > 0 ? Double(likes[day][g]) / Double(n) : nil
        case .shrunk:
            let totalLikes = likes[day].reduce(0, +), total = impressions[day].reduce(0, +)
            guard total > 0 else { return nil }
            let arm = Double(totalLikes) / Double(total)
            return (Double(likes[day][g]) + spec.signalPrior * arm) / (Double(n) + spec.signalPrior)
        }
    }

    /// The satisfaction signal of each kept group from the last three recorded days (nil where undefined).
    func satisfaction() -> [Double?] {
        let days = likes.count
        return weights.indices.filter { kept[$0] }.map { g in
            guard days >= 3, let today = ltr(day: days - 1, group: g), let a = ltr(day: days - 2, group: g),
                  let b = ltr(day: days - 3, group: g) else { return nil }
            let before = (a + b) / 2
            return before > 0 ? (today - before) / before : nil
        }
    }

    /// Updates the weights from today's signal.
    mutating func update() {
        let keptGroups = weights.indices.filter { kept[$0] }
        guard likes.count >= 3, !keptGroups.isEmpty else { return }
        let rule = AdaptiveReweighting(alphaEarly: spec.alpha, alphaLate: spec.alpha, switchFraction: 1,
                                       minimumWeight: spec.wMin, maximumWeight: spec.wMax)
        let updated = rule.updated(weights: keptGroups.map { weights[$0] }, satisfaction: satisfaction(), alpha: spec.alpha)
        for (slot, g) in keptGroups.enumerated() { weights[g] = updated[slot] }
    }
}
