import Foundation
import GSL
import Simulation

extension ArmMarket {
    /// Local Better Response for today's active creators: each tries `movesPerDay` random steps and
    /// keeps one when her estimated utility does not drop.
    ///
    /// A creator cannot see tomorrow's matching; she judges a position by what it would have earned
    /// against what users were shown lately — each user's last cold-start top K (its K-th relevance
    /// and softmax normaliser) — weighted by how many cold-start requests the user makes and, under
    /// UIR, by the user's weight. The estimate is taken over a daily random sample of users scaled to
    /// the arm (`utilitySample`), or over every user (exact), see ``utilityEstimate(creator:at:users:matching:)``.
    /// - Returns: moves tried and accepted.
    func moveCreators(matching: [UserMatching]) -> (tried: Int, accepted: Int) {
        let known = (0..<m).filter { hasSummary[$0] }
        guard !known.isEmpty, spec.creators.movesPerDay > 0 else { return (0, 0) }
        let sample: [Int]
        if let size = spec.creators.utilitySample, size < known.count {
            sample = (0..<size).map { _ in known[stream.integer(below: known.count)] }
        } else {
            sample = known
        }
        var creators = (0..<n).filter { active[$0] }
        stream.shuffle(&creators)
        var candidate = [Double](repeating: 0, count: d)
        var tried = 0, accepted = 0
        for _ in 0..<spec.creators.movesPerDay {
            for i in creators {
                candidate.withUnsafeMutableBufferPointer { c in
                    stream.direction(into: c)
                    for k in 0..<d { c[k] = strategy[i * d + k] + spec.creators.eta * c[k] }
                    // Content embeddings live on the unit sphere, like users' tastes.
                    Kernels.normalise(c)
                }
                let now = strategy.withUnsafeBufferPointer { utilityEstimate(creator: i, at: $0.baseAddress! + i * d, users: sample, matching: matching) }
                let next = candidate.withUnsafeBufferPointer { utilityEstimate(creator: i, at: $0.baseAddress!, users: sample, matching: matching) }
                tried += 1
                if next >= now {
                    for k in 0..<d { strategy[i * d + k] = candidate[k] }
                    accepted += 1
                }
            }
        }
        return (tried, accepted)
    }

    /// Creator `i`'s estimated cold-start reward per day if her content sat at `s`, over `users`
    /// (scaled from the sample to the whole arm).
    func utilityEstimate(creator i: Int, at s: UnsafePointer<Double>, users: [Int], matching: [UserMatching]) -> Double {
        let share = spec.platform.coldStartShare
        var total = 0.0
        population.userTaste.withUnsafeBufferPointer { x in
            for j in users {
                let sigma = Kernels.relevance(s, x.baseAddress! + j * d, d)
                guard sigma > threshold[j] else { continue }
                let beta = summaryBeta[j]
                let p = beta > 0 ? 1 / (1 + exp(logNormaliser[j] - (sigma - 1) / beta)) : 1
                let rule = matching[population.userGroup[j]]
                total += population.userRate[j] * share * rule.rewardWeight * sigma * p
            }
        }
        return total * Double(m) / Double(Swift.max(1, users.count))
    }
}
