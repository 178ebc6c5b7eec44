import Foundation

/// The reference top-K softmax matching of one user request (Eq. 1), written for clarity.
///
/// Creators are ranked by relevance, ties broken by the lower creator index; the top `k`
/// are kept and one is drawn with probability ∝ exp(σ/β). The fast engine must agree with it.
public enum Matching {
    /// Whether creator `a` with relevance `va` ranks before creator `b` with relevance `vb`.
    @inlinable
    public static func ranksBefore(_ va: Double, _ a: Int, _ vb: Double, _ b: Int) -> Bool {
        va > vb || (va == vb && a < b)
    }

    /// Match probabilities of every creator for one user.
    ///
    /// - Parameters:
    ///   - relevances: σ of each creator for this user.
    ///   - k: how many top creators may be matched; `k ≥ count` means all of them.
    ///   - beta: softmax temperature; `0` means a uniform choice among the creators tied at the top.
    /// - Returns: probabilities, zero outside the top `k`, summing to 1.
    public static func probabilities(relevances: [Double], k: Int, beta: Double) -> [Double] {
        precondition(k >= 1, "k must be at least 1")
        precondition(beta >= 0, "beta must be non-negative")
        let n = relevances.count
        guard n > 0 else { return [] }
        let order = (0..<n).sorted { ranksBefore(relevances[$0], $0, relevances[$1], $1) }
        let top = Array(order.prefix(Swift.min(k, n)))
        var result = [Double](repeating: 0, count: n)
        let best = relevances[top[0]]
        if beta == 0 {
            let winners = top.filter { relevances[$0] == best }
            for i in winners { result[i] = 1 / Double(winners.count) }
            return result
        }
        // Shift by the maximum so the largest exponent is 0: no overflow for tiny β.
        var total = 0.0
        for i in top {
            let e = exp((relevances[i] - best) / beta)
            result[i] = e
            total += e
        }
        for i in top { result[i] /= total }
        return result
    }
}

