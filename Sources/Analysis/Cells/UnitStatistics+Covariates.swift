/// The covariates of the multi-covariate adjustment, per user: every metric's pre-period count
/// (impressions, likes, cold-start, fresh, topics — LTR's pre-period ratio is a combination of the
/// first two), and her attributes: the creators she follows as the trial starts, her activity
/// tier and her group's size (users of the group in the table). Attributes come from her
/// pre-period row; a table without the columns gives zeros, which the fit leaves out.
public enum UserCovariates {
    public static let names = UnitCounts.order.map { "pre-period \($0)" } + ["follows at the start", "tier", "group size"]
    public static var count: Int { names.count }
    /// The group size's index (the last).
    static var groupSize: Int { UnitCounts.covariates }
}

/// Exact sums over users of y-candidates (the period counts) and the covariate vector: what a
/// ``CovariateMatrixSummary`` of any user metric is made from.
public struct UserCovariateSums: Sendable, Equatable {
    public var count = 0
    /// Σx and Σxxᵀ (k × k).
    public var x = [Int128](repeating: 0, count: UserCovariates.count)
    public var xx = [Int128](repeating: 0, count: UserCovariates.count * UserCovariates.count)
    /// Per period count (``UnitCounts/order``): Σc, Σc², and Σc·x (5 × k).
    public var post = [CountMoments](repeating: CountMoments(), count: 5)
    public var postX = [Int128](repeating: 0, count: 5 * UserCovariates.count)
    /// Σ likes·impressions.
    public var likesTimesImpressions: Int128 = 0

    public init() {}

    /// Adds a cell of users of one group of size `size`: the group size is the same for each of them.
    mutating func add(_ cell: UserCell, groupSize size: Int) {
        let k = UserCovariates.count, p = UnitCounts.covariates, s = UserCovariates.groupSize
        let g = Int128(size), n = Int128(cell.count), pre = cell.pre
        count += cell.count
        let sums = pre.covariateSums
        for i in 0..<p {
            x[i] += sums[i]
            for j in 0..<p { xx[i * k + j] += pre.preProduct(i, j) }
            xx[i * k + s] += g * sums[i]
            xx[s * k + i] += g * sums[i]
        }
        x[s] += g * n
        xx[s * k + s] += g * g * n
        let counts = [cell.impressions, cell.likes, cell.coldStart, cell.fresh, cell.topics]
        for c in 0..<5 {
            post[c].merge(counts[c])
            for j in 0..<p { postX[c * k + j] += pre.postPre[p * c + j] }
            postX[c * k + s] += g * Int128(counts[c].sum)
        }
        likesTimesImpressions += cell.likesTimesImpressions
    }

    /// The summary of the mean of period count `c`.
    public func mean(_ c: Int) -> CovariateMatrixSummary {
        let k = UserCovariates.count, m = post[c]
        return .sums(count: count, estimate: count > 0 ? Double(m.sum) / Double(count) : .nan, y: Double(m.sum), y2: Double(m.sumSquares),
                     x: x.map(Double.init), xy: (0..<k).map { Double(postX[c * k + $0]) }, xx: xx.map(Double.init))
    }

    /// The summary of the ratio Σlikes / Σimpressions on its linearised values (m − R·d)/d̄; `nil` without impressions.
    public func ratio() -> CovariateMatrixSummary? {
        let k = UserCovariates.count, m = post[1], d = post[0]
        guard count >= 1, d.sum > 0 else { return nil }
        let r = Double(m.sum) / Double(d.sum), dbar = Double(d.sum) / Double(count)
        let y2 = Swift.max(0, Double(m.sumSquares) - 2 * r * Double(likesTimesImpressions) + r * r * Double(d.sumSquares)) / (dbar * dbar)
        let xy = (0..<k).map { (Double(postX[k + $0]) - r * Double(postX[$0])) / dbar }
        // Σ of the linearised values is 0.
        return .sums(count: count, estimate: r, y: 0, y2: y2, x: x.map(Double.init), xy: xy, xx: xx.map(Double.init))
    }
}

extension UnitStatistics {
    /// The covariate sums of every user cell matching `include`, each cell with its group's size.
    public func userCovariates(where include: (UserKey) -> Bool, groupSizes: [Int: Int]) -> UserCovariateSums {
        var sums = UserCovariateSums()
        for (key, cell) in users where include(key) { sums.add(cell, groupSize: groupSizes[key.group] ?? 0) }
        return sums
    }
}
