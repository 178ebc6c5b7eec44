import Foundation
import GSL

extension CreatorState {
    /// `adaptation: feedback` — each creator moves from what she can observe: the reward each of her
    /// items in the catalogue window earned today. Her items scatter around her direction, so the
    /// gap between their reward-weighted centroid and their plain centroid points toward content
    /// that paid better; she moves `pace` of that gap (and back onto the sphere).
    /// - Returns: creators that had at least two items and some reward (tried), and those that moved.
    mutating func adaptFromFeedback(store: ItemStore, window: Range<Int>) -> (tried: Int, moved: Int) {
        var reward = [Double](repeating: 0, count: count), items = [Int](repeating: 0, count: count)
        var plain = [Double](repeating: 0, count: count * d), weighted = plain
        store.embedding.withUnsafeBufferPointer { e in
            for item in window {
                let i = Int(store.creator[item]), r = store.rewardToday[item]
                reward[i] += r
                items[i] += 1
                for k in 0..<d {
                    let x = Double(e[item * d + k])
                    plain[i * d + k] += x
                    weighted[i * d + k] += r * x
                }
            }
        }
        var tried = 0, moved = 0
        direction.withUnsafeMutableBufferPointer { dir in
            for i in 0..<count where items[i] >= 2 && reward[i] > 0 {
                tried += 1
                var change = 0.0
                for k in 0..<d {
                    let step = spec.pace * (weighted[i * d + k] / reward[i] - plain[i * d + k] / Double(items[i]))
                    dir[i * d + k] += step
                    change += step * step
                }
                Kernels.normalise(UnsafeMutableBufferPointer(rebasing: dir[(i * d)..<((i + 1) * d)]))
                if change > 0 { moved += 1 }
            }
        }
        return (tried, moved)
    }

    /// `adaptation: lbr` — Local Better Response: each active creator tries `movesPerDay` random
    /// steps of length η and keeps one when her estimated utility does not drop.
    ///
    /// She judges a position by what it would have earned against her arm's users as they were
    /// served today: an item reaches a user's feed when its relevance beats the least relevant item
    /// the user was shown (her `bar`), and earns relevance × the user's mean requests × the user's
    /// reward weight. The estimate is over a daily sample of users scaled to the arm, or exact.
    mutating func adaptByLBR(day t: Int, users: UserState, rewardWeight: [Double], stream: UnitStream) -> (tried: Int, moved: Int) {
        let known = (0..<users.count).filter { users.bar[$0] > -.infinity }
        guard !known.isEmpty, spec.movesPerDay > 0 else { return (0, 0) }
        stream.key(StreamPurpose.sampling, day: t, unit: 0)
        var sample = known
        if case .users(let size) = spec.utilitySample, size < known.count {
            sample = (0..<size).map { _ in known[stream.integer(below: known.count)] }
        }
        var order = (0..<count).filter { active[$0] }
        for a in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(a, stream.integer(below: a + 1)) }
        var step = [Double](repeating: 0, count: d)
        var now = [Float](repeating: 0, count: d), next = now
        var tried = 0, moved = 0
        for _ in 0..<spec.movesPerDay {
            for i in order {
                stream.key(StreamPurpose.adaptation, day: t, unit: i)
                step.withUnsafeMutableBufferPointer { g in
                    stream.direction(into: g)
                    for k in 0..<d { g[k] = direction[i * d + k] + spec.eta * g[k] }
                    Kernels.normalise(g)
                }
                for k in 0..<d { now[k] = Float(direction[i * d + k]); next[k] = Float(step[k]) }
                tried += 1
                if utilityEstimate(at: next, users: users, sample: sample, rewardWeight: rewardWeight)
                    >= utilityEstimate(at: now, users: users, sample: sample, rewardWeight: rewardWeight) {
                    for k in 0..<d { direction[i * d + k] = step[k] }
                    moved += 1
                }
            }
        }
        return (tried, moved)
    }

    /// A creator's estimated daily reward with content at `s`, over `sample` scaled to the arm.
    func utilityEstimate(at s: [Float], users: UserState, sample: [Int], rewardWeight: [Double]) -> Double {
        var total = 0.0
        s.withUnsafeBufferPointer { sp in
            users.taste.withUnsafeBufferPointer { x in
                for j in sample {
                    let sigma = Kernels.relevance(sp.baseAddress!, x.baseAddress! + j * d, d)
                    guard sigma > users.bar[j] else { continue }
                    total += users.meanRequests(j) * rewardWeight[users.group[j]] * Double(sigma)
                }
            }
        }
        return total * Double(users.count) / Double(Swift.max(1, sample.count))
    }
}
