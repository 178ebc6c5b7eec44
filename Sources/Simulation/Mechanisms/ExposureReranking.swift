/// The offline provider-exposure re-ranking (Sürer, Burke and Malthouse): every user gets K items,
/// every provider c at least `minimum[c]` impressions over all lists, and the total relevance is
/// as high as possible — an integer programme, solved through its Lagrangian dual.
///
/// For multipliers λ ≥ 0 the relaxed problem separates by user: each takes the top K of
/// r_ui + λ_{c(i)}, and L(λ) = Σ_u (that sum) − Σ_c λ_c·m_c bounds the optimum from above. The dual
/// min L is approached by projected subgradient steps λ ← max(0, λ − η_t·(e_c − m_c)), with e_c the
/// exposure the relaxed lists give and η_t = η₀/√t. Each iterate's lists are repaired into a
/// feasible solution (the best swap for a short provider, from a provider with room, until every
/// minimum is met), then improved by swaps and two-user exchanges that keep every minimum; the
/// best feasible value and the lowest bound give the duality gap. (The constraint matrix is a
/// bipartite incidence matrix, so the LP relaxation is integral and the gap closes at the optimum.)
public enum ExposureReranking {
    public struct Problem: Sendable {
        public var users: Int
        public var items: Int
        /// `users × items`, row-major.
        public var relevance: [Double]
        /// The provider of each item, in `0..<minimum.count`.
        public var provider: [Int]
        public var minimum: [Int]
        public var k: Int

        public init(users: Int, items: Int, relevance: [Double], provider: [Int], minimum: [Int], k: Int) {
            precondition(relevance.count == users * items && provider.count == items && k >= 1 && k <= items)
            self.users = users; self.items = items; self.relevance = relevance
            self.provider = provider; self.minimum = minimum; self.k = k
        }
    }

    public struct Solution: Sendable {
        /// Each user's K items, ascending.
        public var lists: [[Int]]
        /// Total relevance of the lists (the primal value) and the lowest dual bound found.
        public var value: Double
        public var bound: Double
        /// (bound − value) / |bound|.
        public var gap: Double { abs(bound) > 0 ? (bound - value) / abs(bound) : 0 }
        public var exposure: [Int]
    }

    /// The re-ranking, or nil when no lists can meet the minimums.
    public static func solve(_ p: Problem, iterations: Int = 300) -> Solution? {
        let providers = p.minimum.count
        var lambda = [Double](repeating: 0, count: providers)
        let spread = (p.relevance.max() ?? 0) - (p.relevance.min() ?? 0)
        let scale = Double(Swift.max(1, p.minimum.max() ?? 1))
        let eta0 = Swift.max(spread, 1e-3) / scale
        var best: (lists: [[Bool]], value: Double)?
        var bound = Double.infinity
        for t in 1...Swift.max(1, iterations) {
            let relaxed = lists(p, lambda: lambda)
            let exposure = self.exposure(p, relaxed)
            var dual = value(p, relaxed)
            for c in 0..<providers { dual += lambda[c] * Double(exposure[c] - p.minimum[c]) }
            bound = Swift.min(bound, dual)
            if var feasible = repair(p, relaxed) {
                improve(p, &feasible)
                let v = value(p, feasible)
                if best == nil || v > best!.value + 1e-12 { best = (feasible, v) }
            }
            let eta = eta0 / Double(t).squareRoot()
            var moved = false
            for c in 0..<providers {
                let next = Swift.max(0, lambda[c] - eta * Double(exposure[c] - p.minimum[c]))
                if next != lambda[c] { moved = true }
                lambda[c] = next
            }
            if !moved, let b = best, b.value >= bound - 1e-12 { break }
        }
        guard let b = best else { return nil }
        return Solution(lists: b.lists.map { row in row.indices.filter { row[$0] } }, value: b.value, bound: Swift.max(bound, b.value),
                        exposure: exposure(p, b.lists))
    }

    /// Each user's top K by relevance + λ of the item's provider (ties to the lower item).
    static func lists(_ p: Problem, lambda: [Double]) -> [[Bool]] {
        (0..<p.users).map { u in
            let order = (0..<p.items).sorted {
                let a = p.relevance[u * p.items + $0] + lambda[p.provider[$0]], b = p.relevance[u * p.items + $1] + lambda[p.provider[$1]]
                return a > b || (a == b && $0 < $1)
            }
            var row = [Bool](repeating: false, count: p.items)
            for i in order.prefix(p.k) { row[i] = true }
            return row
        }
    }

    static func exposure(_ p: Problem, _ x: [[Bool]]) -> [Int] {
        var e = [Int](repeating: 0, count: p.minimum.count)
        for row in x { for i in row.indices where row[i] { e[p.provider[i]] += 1 } }
        return e
    }

    static func value(_ p: Problem, _ x: [[Bool]]) -> Double {
        var v = 0.0
        for u in x.indices { for i in x[u].indices where x[u][i] { v += p.relevance[u * p.items + i] } }
        return v
    }

    /// Greedy repair: while a provider is short, the swap into one of her items that loses least,
    /// out of an item whose provider has room above her minimum.
    static func repair(_ p: Problem, _ start: [[Bool]]) -> [[Bool]]? {
        var x = start, e = exposure(p, x)
        while let short = e.indices.first(where: { e[$0] < p.minimum[$0] }) {
            var move: (u: Int, into: Int, out: Int, loss: Double)?
            for u in 0..<p.users {
                for i in 0..<p.items where p.provider[i] == short && !x[u][i] {
                    for j in 0..<p.items where x[u][j] && e[p.provider[j]] > p.minimum[p.provider[j]] {
                        let loss = p.relevance[u * p.items + j] - p.relevance[u * p.items + i]
                        if move == nil || loss < move!.loss - 1e-15 { move = (u, i, j, loss) }
                    }
                }
            }
            guard let m = move else { return nil }
            x[m.u][m.out] = false; x[m.u][m.into] = true
            e[p.provider[m.out]] -= 1; e[short] += 1
        }
        return x
    }

    /// Local improvement that keeps every minimum: a user's swap of a listed item for a better
    /// unlisted one, and two users trading exposure between two providers, while either gains.
    static func improve(_ p: Problem, _ x: inout [[Bool]]) {
        var e = exposure(p, x)
        @inline(__always) func r(_ u: Int, _ i: Int) -> Double { p.relevance[u * p.items + i] }
        var improved = true
        while improved {
            improved = false
            // Single swaps: out j, in i (provider room permitting).
            for u in 0..<p.users {
                for j in 0..<p.items where x[u][j] {
                    for i in 0..<p.items where !x[u][i] && r(u, i) > r(u, j) + 1e-12 {
                        let (from, to) = (p.provider[j], p.provider[i])
                        guard from == to || e[from] > p.minimum[from] else { continue }
                        x[u][j] = false; x[u][i] = true; e[from] -= 1; e[to] += 1
                        improved = true
                        break
                    }
                    if improved { break }
                }
                if improved { break }
            }
            if improved { continue }
            // Exchanges: user u moves a slot from provider a to b, user v from b to a.
            search: for u in 0..<p.users {
                for j in 0..<p.items where x[u][j] {
                    for i in 0..<p.items where !x[u][i] && p.provider[i] != p.provider[j] {
                        let gain = r(u, i) - r(u, j)
                        for v in 0..<p.users where v != u {
                            for k in 0..<p.items where x[v][k] && p.provider[k] == p.provider[i] {
                                for l in 0..<p.items where !x[v][l] && p.provider[l] == p.provider[j] {
                                    if gain + r(v, l) - r(v, k) > 1e-12 {
                                        x[u][j] = false; x[u][i] = true; x[v][k] = false; x[v][l] = true
                                        improved = true
                                        break search
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
