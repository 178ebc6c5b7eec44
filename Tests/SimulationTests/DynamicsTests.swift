import Testing
import GSL
import Simulation

@Suite("Reweighting and grouping")
struct DynamicsTests {
    /// One epoch, α = 5, satisfaction (0.9, 0.1, 0.5, 0.0), weights 1: w = e^(−5·π̄) rescaled to sum 4
    /// gives (0.026143049714274454, 1.4273621506239054, 0.19317246093590687, 2.353322338725913)
    /// (Python's math module); clipping to [0.2, 5] then lifts the first and third to 0.2 —
    /// the clip comes after the renormalisation, so the result no longer sums to 4.
    @Test func oneEpochRenormalisesThenClips() {
        let rule = AdaptiveReweighting(alphaEarly: 5, alphaLate: 0.1, switchFraction: 0.5, minimumWeight: 0.2, maximumWeight: 5)
        let w = rule.updated(weights: [1, 1, 1, 1], satisfaction: [0.9, 0.1, 0.5, 0.0], alpha: 5)
        let expected = [0.2, 1.4273621506239054, 0.2, 2.353322338725913]
        #expect(w.count == expected.count)
        for (a, b) in zip(w, expected) { #expect(abs(a - b) < 1e-12) }
        // Upper clip.
        let high = rule.updated(weights: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1], satisfaction: [1, 1, 1, 1, 1, 1, 1, 1, 1, 0], alpha: 5)
        #expect(high[9] == 5)
        // The α schedule switches at the configured fraction of the horizon.
        #expect(rule.alpha(atStep: 1499, horizon: 3000) == 5)
        #expect(rule.alpha(atStep: 1500, horizon: 3000) == 0.1)
        // A group without users keeps its weight through the multiplicative step.
        let empty = AdaptiveReweighting().updated(weights: [1, 1], satisfaction: [nil, 0], alpha: 0.5)
        #expect(abs(empty[0] - empty[1]) < 1e-15)
    }

    @Test func kMeansSeparatesWellSeparatedClusters() {
        // Three tight clusters of sizes 5, 4 and 3 around (0,0), (10,0), (0,10).
        let centres: [(Double, Double)] = [(0, 0), (10, 0), (0, 10)]
        let sizes = [5, 4, 3]
        var points = [Double](), truth = [Int]()
        for (c, size) in sizes.enumerated() {
            for p in 0..<size {
                points += [centres[c].0 + 0.1 * Double(p % 3), centres[c].1 - 0.1 * Double(p % 2)]
                truth.append(c)
            }
        }
        for seed: UInt64 in 0..<5 {
            let result = KMeans(points: points, dimension: 2, clusters: 3, stream: RandomStream(seed: seed))
            // Same partition as the truth, whatever the labels.
            for a in points.indices.prefix(truth.count) {
                for b in points.indices.prefix(truth.count) {
                    #expect((truth[a] == truth[b]) == (result.assignments[a] == result.assignments[b]))
                }
            }
            #expect(result.sizes.sorted() == [3, 4, 5])
        }
    }

    @Test func toyWelfareAtTheOptimum() {
        // Every creator on her own user: each user's top 3 hold σ = 2 (her creator) and two of 1
        // (at distance 1) or 2 − √2; welfare is checked against the reference market's sum.
        let users: [[Double]] = [[0, 0], [1, 0], [0, 1], [-1, 0], [0, -1]]
        let ecosystem = Ecosystem(dimension: 2, users: users.flatMap { $0 }, initialStrategies: users.flatMap { $0 },
                                  relevance: DistanceRelevance.toy, strategySet: .unbounded)
        let matching = [UserMatching](repeating: UserMatching(k: 3, beta: 10, rewardWeight: 1), count: 5)
        let fast = FastMarket(ecosystem: ecosystem, matching: matching, baseline: nil)
        // Centre user: σ = (2, 1, 1, 1, 1) → top 3 = (2, 1, 1); utility = (2e^0.2 + 2e^0.1)/(e^0.2 + 2e^0.1).
        let centre = (2 * 1.2214027581601699 + 2 * 1.1051709180756477) / (1.2214027581601699 + 2 * 1.1051709180756477)
        #expect(abs(fast.userUtilities[0] - centre) < 1e-12)
        let reference = ReferenceMarket(ecosystem: ecosystem, matching: matching, baseline: nil)
        #expect(abs(fast.welfare.served - reference.welfare.served) < 1e-12)
    }
}
