import Testing
import Simulation

/// Hand-computed values (closed forms evaluated with Python's math module, outside the project):
///   k=2, β=0.1, σ=(0.9, 0.5, 0.7, 0.5): P₀ = 1/(1+e^−2) = 0.8807970779778823, P₂ = 0.11920292202211755
///   ties, k=2, β=1, σ=(0.5, 0.8, 0.5, 0.5): P₁ = e^0.8/(e^0.8+e^0.5) = 0.574442516811659, P₀ = 0.42555748318834097
///   K ≥ n, β=0.5, σ=(0.2, 0.4): P₀ = 1/(1+e^0.4) = 0.401312339887548, P₁ = 0.598687660112452
///   β=1e−6, σ=(0.3, 0.3+1e−5, 0.1): P₁ = 1/(1+e^−10) = 0.9999546021312976, P₀ = 4.5397868702434395e−05
@Suite("Matching and relevance")
struct MatchingTests {
    func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-12) -> Bool { abs(a - b) <= tolerance }

    @Test func topKSoftmax() {
        let p = Matching.probabilities(relevances: [0.9, 0.5, 0.7, 0.5], k: 2, beta: 0.1)
        #expect(close(p[0], 0.8807970779778823))
        #expect(close(p[2], 0.11920292202211755))
        #expect(p[1] == 0 && p[3] == 0)
    }

    @Test func tiesGoToTheLowerIndex() {
        let p = Matching.probabilities(relevances: [0.5, 0.8, 0.5, 0.5], k: 2, beta: 1)
        #expect(close(p[1], 0.574442516811659))
        #expect(close(p[0], 0.42555748318834097))
        #expect(p[2] == 0 && p[3] == 0)
    }

    @Test func kAtLeastNMeansEveryone() {
        let p = Matching.probabilities(relevances: [0.2, 0.4], k: 5, beta: 0.5)
        #expect(close(p[0], 0.401312339887548))
        #expect(close(p[1], 0.598687660112452))
    }

    @Test func softmaxStaysFiniteAtTinyBeta() {
        let p = Matching.probabilities(relevances: [0.3, 0.3 + 1e-5, 0.1], k: 3, beta: 1e-6)
        #expect(p.allSatisfy { $0.isFinite })
        #expect(close(p[1], 0.9999546021312976, 1e-9))
        #expect(close(p[0], 4.5397868702434395e-05, 1e-12))
        #expect(p[2] == 0)
        // β = 0 is the argmax, shared among exact ties.
        let argmax = Matching.probabilities(relevances: [0.7, 0.2, 0.7], k: 3, beta: 0)
        #expect(argmax == [0.5, 0, 0.5])
    }

    @Test func relevanceForms() {
        // Synthetic: max(1 − ‖s − x‖/3, 0); ‖(3,4)‖ = 5.
        #expect(close(DistanceRelevance.synthetic.relevance([0, 0], [0.6, 0.8]), 1 - 1.0 / 3))
        #expect(DistanceRelevance.synthetic.relevance([0, 0], [3, 4]) == 0)
        // Toy: max(2 − ‖s − x‖, 0).
        #expect(close(DistanceRelevance.toy.relevance([1, 0], [0, 0]), 1))
        #expect(DistanceRelevance.toy.relevance([3, 0], [0, 0]) == 0)
        // Dot product rescaled: (s·x + 1)/2.
        #expect(close(DotProductRelevance().relevance([0.6, 0.8], [0.6, 0.8]), 1))
        #expect(close(DotProductRelevance().relevance([1, 0], [0, 1]), 0.5))
        #expect(close(DotProductRelevance().relevance([1, 0], [-1, 0]), 0))
    }

    @Test func vectorisedRowMatchesScalar() {
        let users: [Double] = (0..<69).map { (i: Int) -> Double in Double((i * 37) % 17) / 9.0 - 0.9 }
        var byCoordinate = [Double](repeating: 0, count: users.count)
        for j in 0..<23 { for k in 0..<3 { byCoordinate[k * 23 + j] = users[j * 3 + k] } }
        let s: [Double] = [0.1, -0.4, 0.25]
        var row = [Double](repeating: 0, count: 23)
        let relevance = DistanceRelevance.synthetic
        s.withUnsafeBufferPointer { sp in
            byCoordinate.withUnsafeBufferPointer { xp in
                row.withUnsafeMutableBufferPointer { out in
                    relevance.relevanceRow(sp.baseAddress!, usersByCoordinate: xp.baseAddress!, userCount: 23, dimension: 3, into: out.baseAddress!)
                }
            }
        }
        for j in 0..<23 {
            #expect(row[j] == relevance.relevance(s, Array(users[(j * 3)..<(j * 3 + 3)])), "user \(j)")
        }
    }

    @Test func projection() {
        let p = StrategySet.ball(radius: 1).projected([3, 4])
        #expect(abs(p[0] - 0.6) < 1e-15 && abs(p[1] - 0.8) < 1e-15)
        #expect(StrategySet.ball(radius: 1).projected([0.3, 0.4]) == [0.3, 0.4])
        #expect(StrategySet.ball(radius: 2).projected([0, -5]) == [0, -2])
        #expect(StrategySet.unbounded.projected([30, 40]) == [30, 40])
    }

    @Test func mechanismMappings() throws {
        let defaults = MatchingDefaults(k: 20, beta: 0.1, poolSize: 200)
        #expect(HardMatchingTruncation().matching(forWeight: 1.26, defaults: defaults).k == 26)   // ⌈25.2⌉
        #expect(HardMatchingTruncation().matching(forWeight: 0.2, defaults: defaults).k == 4)
        let table = HardMatchingTruncation(mapping: .percentile(.hmtPercentiles))
        #expect(table.matching(forWeight: 0.5, defaults: defaults).k == 2)     // p = 0.99 → ⌈0.01·200⌉
        #expect(table.matching(forWeight: 1.5, defaults: defaults).k == 20)    // p = 0.90
        #expect(table.matching(forWeight: 2.5, defaults: defaults).k == 60)    // p = 0.70
        #expect(table.matching(forWeight: 3.0, defaults: defaults).k == 180)   // p = 0.10
        let tiny = MatchingDefaults(k: 20, beta: 0.1, poolSize: 10)
        #expect(table.matching(forWeight: 0.5, defaults: tiny).k == 1)         // never below 1
        let smt = SoftMatchingTruncation().matching(forWeight: 2.5, defaults: defaults)
        #expect(abs(smt.beta - 0.25) < 1e-15 && smt.k == 20 && smt.rewardWeight == 1)
        let uir = UserImportanceReweighting().matching(forWeight: 0.5, defaults: defaults)
        #expect(uir.rewardWeight == 0.5 && uir.k == 20 && uir.beta == 0.1)
        #expect(Control().matching(forWeight: 4, defaults: defaults) == UserMatching(k: 20, beta: 0.1, rewardWeight: 1))
        #expect(throws: StepTable.Invalid.countMismatch(thresholds: 2, values: 2)) { try StepTable(thresholds: [1, 2], values: [1, 2]) }
        #expect(throws: StepTable.Invalid.notIncreasing) { try StepTable(thresholds: [2, 1], values: [1, 2, 3]) }
    }
}
