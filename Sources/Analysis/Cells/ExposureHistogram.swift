/// How one market's impressions spread over its creators: the number of creators per whole-period
/// impression count. Exact and order-free (counts are integers), and no larger than the number of
/// distinct counts.
///
/// Its statistics are market-level (one value per market): the Gini coefficient of creators'
/// impressions and the top-decile share. Their unit-level standard errors are leave-one-creator-out
/// jackknife estimates, computed in one pass over the distinct counts.
public struct ExposureHistogram: Sendable, Equatable {
    /// Creators per impression count.
    public private(set) var creatorsWith: [Int64: Int] = [:]
    public private(set) var creators = 0
    public private(set) var impressions: Int64 = 0

    public init() {}

    public mutating func add(_ count: Int64) {
        creatorsWith[count, default: 0] += 1
        creators += 1
        impressions += count
    }

    public mutating func merge(_ other: ExposureHistogram) {
        for (value, count) in other.creatorsWith { creatorsWith[value, default: 0] += count }
        creators += other.creators
        impressions += other.impressions
    }

    /// A market-level statistic of creators' impressions.
    public enum Statistic: Sendable, Equatable {
        /// Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² x̄): 0 when every creator has the same impressions, (n − 1)/n when one has all.
        case gini
        /// The impressions of the ⌈q·n⌉ creators with the most, as a share of all.
        case topShare(Double)
    }

    /// The statistic's value and its jackknife variance (nil: fewer than 2 creators or no impressions).
    public func estimate(_ statistic: Statistic) -> (value: Double, variance: Double)? {
        guard creators >= 2, impressions > 0 else { return nil }
        let levels = creatorsWith.sorted { $0.key < $1.key }
        let n = Double(creators), total = Double(impressions)
        switch statistic {
        case .gini:
            // Ascending positions 1…n; S = Σ i·x₍ᵢ₎. G = 2S/(nT) − (n + 1)/n.
            var s = 0.0, position = 1.0
            for (value, count) in levels {
                let c = Double(count)
                s += Double(value) * (c * position + c * (c - 1) / 2)
                position += c
            }
            let g = 2 * s / (n * total) - (n + 1) / n
            // Without one creator of value v at its first position k (any tie gives the same set):
            // S' = S − k·v − (T − P_k), P_k the sum through k; G' = 2S'/((n − 1)(T − v)) − n/(n − 1).
            var leaveOut = [(Double, Int)]()
            leaveOut.reserveCapacity(levels.count)
            var before = 0.0
            position = 1
            for (value, count) in levels {
                let v = Double(value), rest = total - v
                if rest > 0 {
                    let through = before + v
                    let s1 = s - position * v - (total - through)
                    leaveOut.append((2 * s1 / ((n - 1) * rest) - n / (n - 1), count))
                }
                before += v * Double(count)
                position += Double(count)
            }
            return (g, Self.jackknife(leaveOut, n: creators))
        case let .topShare(q):
            let descending = Array(levels.reversed())
            func top(_ m: Int) -> Double {
                var left = m, sum = 0.0
                for (value, count) in descending where left > 0 {
                    let take = Swift.min(left, count)
                    sum += Double(value) * Double(take)
                    left -= take
                }
                return sum
            }
            let m = Self.topCount(q, n: creators), share = top(m) / total
            // Without one creator: m' = ⌈q(n − 1)⌉ of n − 1; removed at its first descending position b,
            // the top m' sum is Q(m' + 1) − v when b ≤ m', else Q(m').
            let m1 = Self.topCount(q, n: creators - 1), q0 = top(m1), q1 = top(m1 + 1)
            var leaveOut = [(Double, Int)]()
            var position = 1
            for (value, count) in descending {
                let v = Double(value), rest = total - v
                if rest > 0 { leaveOut.append(((position <= m1 ? q1 - v : q0) / rest, count)) }
                position += count
            }
            return (share, Self.jackknife(leaveOut, n: creators))
        }
    }

    /// ⌈q·n⌉, at least 1.
    static func topCount(_ q: Double, n: Int) -> Int { Swift.max(1, Int((q * Double(n) - 1e-9).rounded(.up))) }

    /// (n − 1)/n · Σ (θ₋ₖ − θ̄)² over leave-one-out values with multiplicities.
    static func jackknife(_ values: [(Double, Int)], n: Int) -> Double {
        let used = values.reduce(0) { $0 + $1.1 }
        guard used >= 2 else { return 0 }
        let mean = values.reduce(0.0) { $0 + $1.0 * Double($1.1) } / Double(used)
        let squares = values.reduce(0.0) { $0 + Double($1.1) * ($1.0 - mean) * ($1.0 - mean) }
        return Double(n - 1) / Double(n) * squares
    }
}
