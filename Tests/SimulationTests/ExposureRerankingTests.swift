import Simulation
import Testing

/// The offline provider-exposure re-ranking against the exact integer programme.
@Suite("Exposure re-ranking")
struct ExposureRerankingTests {
    /// Relevance r_ui = ((37u + 91i + 13ui + 17·salt) mod 100) / 100; provider(i) = i mod C — an integer
    /// formula, so that scipy builds the same instance.
    static func problem(users: Int, items: Int, providers: Int, k: Int, minimum: [Int], salt: Int) -> ExposureReranking.Problem {
        var r = [Double]()
        for u in 0..<users { for i in 0..<items { r.append(Double((u * 37 + i * 91 + u * i * 13 + salt * 17) % 100) / 100) } }
        return ExposureReranking.Problem(users: users, items: items, relevance: r, provider: (0..<items).map { $0 % providers },
                                         minimum: minimum, k: k)
    }

    // Reference optima: scipy 1.17.1, scipy.optimize.milp (HiGHS) on the binary programme
    // max Σ r·x s.t. Σ_i x_ui = K per user, Σ over a provider's items ≥ m_c, x ∈ {0, 1}.
    // The unconstrained value (each user's plain top K) is above every optimum: the minimums bind.
    @Test(arguments: [
        (6, 8, 4, 2, [3, 3, 3, 3], 0, 9.69, 9.95),
        (10, 12, 3, 3, [8, 8, 8], 1, 26.67, 26.75),
        (8, 10, 5, 2, [2, 2, 4, 2, 2], 2, 14.27, 14.45),
        (7, 9, 3, 3, [9, 1, 6], 3, 17.21, 17.59),
    ])
    func theRerankingReachesTheIntegerOptimumWithAClosedGap(_ c: (Int, Int, Int, Int, [Int], Int, Double, Double)) throws {
        let p = Self.problem(users: c.0, items: c.1, providers: c.2, k: c.3, minimum: c.4, salt: c.5)
        let solution = try #require(ExposureReranking.solve(p))
        #expect(abs(solution.value - c.6) < 1e-9, "value \(solution.value), optimum \(c.6), bound \(solution.bound)")
        #expect(solution.bound >= solution.value - 1e-9)
        #expect(solution.gap < 0.005, "duality gap \(solution.gap)")
        #expect(solution.exposure.count == c.4.count, "paired lists of different lengths")
        #expect(zip(solution.exposure, c.4).allSatisfy { $0 >= $1 })
        #expect(solution.lists.allSatisfy { $0.count == c.3 })
        #expect(solution.value < c.7)
    }

    @Test func impossibleMinimumsHaveNoSolution() {
        // Two users with one slot each cannot give three providers one impression each.
        let p = Self.problem(users: 2, items: 3, providers: 3, k: 1, minimum: [1, 1, 1], salt: 0)
        #expect(ExposureReranking.solve(p) == nil)
    }
}
