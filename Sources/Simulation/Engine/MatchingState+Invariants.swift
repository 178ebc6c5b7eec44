import Foundation

extension MatchingState {
    /// Checks every invariant of the state against the relevance matrix it was last updated
    /// with (creator-major, `creatorCount × userCount`); traps on the first one that fails.
    /// For tests, after every update (as swift-collections' `_checkInvariants()`); O(n·m).
    ///
    /// Per user `j`: `min(n, K + 1) ≤ count ≤ limit ≤ capacity`; the list holds the exact top
    /// `count` creators in rank order (relevance, then lower index), with their current
    /// relevances; each weight is `exp((σ − σ_max)/β)`; the summary, the K-th and last values,
    /// the exact-path flag and the expected utility agree with the list.
    func _checkInvariants(sigma: UnsafePointer<Double>) {
        precondition(capacity <= creatorCount && capacity >= 1, "capacity \(capacity) outside 1…\(creatorCount)")
        for j in 0..<userCount {
            let kj = k[j], c = count[j], base = j * capacity
            precondition(kj >= 1 && kj <= creatorCount, "user \(j): K = \(kj)")
            let keep = Swift.min(creatorCount, kj + 1 + Swift.max(8, kj / 4))
            precondition(c >= Swift.min(creatorCount, kj + 1) && c <= keep && keep <= capacity,
                         "user \(j): count \(c) outside \(Swift.min(creatorCount, kj + 1))…\(keep) (capacity \(capacity))")
            var listed = Set<Int32>()
            for t in 0..<c {
                let i = Int(ids[base + t])
                precondition(i >= 0 && i < creatorCount && listed.insert(ids[base + t]).inserted, "user \(j): slot \(t) holds creator \(i)")
                precondition(values[base + t] == sigma[i * userCount + j], "user \(j): slot \(t) holds a stale relevance for creator \(i)")
                if t > 0 {
                    precondition(Matching.ranksBefore(values[base + t - 1], Int(ids[base + t - 1]), values[base + t], i),
                                 "user \(j): slots \(t - 1) and \(t) out of rank order")
                }
                let w = beta[j] > 0 ? exp((values[base + t] - sigmaMax) / beta[j]) : 0
                precondition(weights[base + t] == w, "user \(j): slot \(t) weight \(weights[base + t]), expected \(w)")
            }
            // The exact top `c`: no creator outside the list ranks before its last member.
            let lastValue = values[base + c - 1], lastId = Int(ids[base + c - 1])
            for i in 0..<creatorCount where !listed.contains(Int32(i)) {
                precondition(!Matching.ranksBefore(sigma[i * userCount + j], i, lastValue, lastId),
                             "user \(j): creator \(i) ranks before the list's last member but is missing")
            }
            precondition(kthValues[j] == values[base + kj - 1] && lastValues[j] == lastValue, "user \(j): contiguous K-th or last value stale")
            let s = summary[j]
            precondition(s.kthValue == values[base + kj - 1] && s.kthId == ids[base + kj - 1] && s.beta == beta[j], "user \(j): summary stale")
            precondition(c > kj ? (s.nextValue == values[base + kj] && s.nextId == ids[base + kj]) : (s.nextValue == -.infinity && s.nextId == Int32.max),
                         "user \(j): summary's next creator stale")
            var butLast = 0.0
            for t in 0..<(kj - 1) { butLast += weights[base + t] }
            let total = butLast + weights[base + kj - 1]
            precondition(abs(s.totalButLast - butLast) <= 1e-12 * Swift.max(1, butLast) && abs(s.total - total) <= 1e-12 * Swift.max(1, total),
                         "user \(j): normalisers \(s.total) / \(s.totalButLast), expected \(total) / \(butLast)")
            precondition(exact[j] == !(weights[base] >= 1e-290), "user \(j): exact-path flag stale")
            precondition(userUtility[j].isFinite, "user \(j): expected utility \(userUtility[j])")
        }
    }
}
