import Foundation
import Testing
import GSL
import Simulation
@testable import Trial
import TwinArmTestSupport

@Suite("Symmetric trial")
struct TrialTests {
    @Test func armsAreIsolated() {
        let spec = SmallTrial.spec()
        let outcome = TrialRunner.run(spec, seed: 7)
        for (a, arm) in outcome.arms.enumerated() {
            // Every impression an arm's creators received was served to that arm's users, and back.
            let whole = arm.users.filter { $0.week == 0 }, creators = arm.creators.filter { $0.week == 0 }
            #expect(whole.count == outcome.split.users[a] && creators.count == outcome.split.creators[a])
            #expect(whole.reduce(0) { $0 + $1.impressions } == creators.reduce(0) { $0 + $1.impressions })
            #expect(whole.reduce(0) { $0 + $1.likes } == creators.reduce(0) { $0 + $1.likes })
            #expect(whole.reduce(0) { $0 + $1.coldStart } == creators.reduce(0) { $0 + $1.coldStart })
            #expect(arm.users.allSatisfy { $0.arm == a } && arm.creators.allSatisfy { $0.arm == a } && arm.daily.allSatisfy { $0.arm == a })
            #expect(whole.reduce(0) { $0 + $1.impressions } == arm.daily.reduce(0) { $0 + $1.impressions })
            #expect(arm.totals.impressions > 0 && arm.totals.likes > 0 && arm.totals.coldStart > 0)
        }
        // Changing arm B's mechanism leaves arm A exactly as it was.
        let other = TrialRunner.run(SmallTrial.spec(arms: [spec.arms[0], ArmSpec(name: "boost", mechanism: NewItemBoost(bonus: 0.05))]), seed: 7)
        #expect(other.arms[0].users == outcome.arms[0].users)
        #expect(other.arms[0].creators == outcome.arms[0].creators)
        #expect(other.arms[0].daily == outcome.arms[0].daily)
        #expect(other.arms[1].users != outcome.arms[1].users)
    }

    @Test func reproducibleAndIndependentOfParallelism() {
        let spec = SmallTrial.spec()
        let a = TrialRunner.run(spec, seed: 3), b = TrialRunner.run(spec, seed: 3, parallel: false)
        let world = World(spec: spec.population, stream: RandomStream(seed: 3, stream: 100))
        for arm in 0..<2 {
            #expect(a.arms[arm].users == b.arms[arm].users && a.arms[arm].daily == b.arms[arm].daily)
            // One arm alone, on this thread, gives the same as both side by side.
            let alone = TrialRunner.runArm(arm, spec: spec, seed: 3, world: world, split: a.split)
            #expect(alone.users == a.arms[arm].users && alone.creators == a.arms[arm].creators && alone.weights == a.arms[arm].weights)
        }
        #expect(TrialRunner.run(spec, seed: 4).arms[0].users != a.arms[0].users)
    }

    @Test func realisedSplitMatchesTheFractions() {
        let spec = SmallTrial.spec {
            $0.population.users = 1_000_000
            $0.population.creators = 100_000
            $0.split.userFraction = 0.03
            $0.split.creatorFraction = 0.05
        }
        for seed: UInt64 in 0..<20 {
            let split = ArmSplit(spec: spec, stream: RandomStream(seed: seed, stream: 101))
            for a in 0..<2 {
                // Binomial(N, f): within 5 standard deviations of N·f.
                let users = Double(split.users[a]), creators = Double(split.creators[a])
                #expect(abs(users - 30_000) < 5 * (1_000_000 * 0.03 * 0.97).squareRoot())
                #expect(abs(creators - 5_000) < 5 * (100_000 * 0.05 * 0.95).squareRoot())
            }
        }
        // Over many draws the mean share is the configured fraction.
        let shares = (0..<200).map { Double(ArmSplit(spec: spec, stream: RandomStream(seed: $0, stream: 101)).users[1]) / 1_000_000 }
        let mean = shares.reduce(0, +) / 200
        #expect(abs(mean - 0.03) < 5 * (0.03 * 0.97 / 1_000_000 / 200).squareRoot())
    }

    @Test func sampledCreatorUtilityIsUnbiased() {
        let spec = SmallTrial.spec(days: 3) {
            $0.population.users = 40_000
            $0.creators.adaptation = .lbr
        }
        let world = World(spec: spec.population, stream: RandomStream(seed: 1, stream: 100))
        let split = ArmSplit(spec: spec, stream: RandomStream(seed: 1, stream: 101))
        let population = ArmPopulation(spec: spec.population, world: world, users: split.users[0], creators: split.creators[0],
                                       stream: RandomStream(seed: 1, stream: 200))
        let market = ArmMarket(index: 0, spec: spec, world: world, population: population, stream: UnitStream(seed: 1, stream: 200))
        for _ in 0..<(spec.warmupDays + 3) { market.runDay() }
        let users = market.users, creators = market.creators
        let known = (0..<users.count).filter { users.bar[$0] > -.infinity }
        let weights = [Double](repeating: 1, count: spec.population.groupCount)
        let sampler = RandomStream(seed: 99)
        for creator in [0, 5, 11] {
            let at = (0..<market.d).map { Float(creators.direction[creator * market.d + $0]) }
            let exact = creators.utilityEstimate(at: at, users: users, sample: known, rewardWeight: weights)
            // Estimates scale a sample of 50 users up to the arm; their mean over many samples is the exact value.
            let estimates = (0..<400).map { _ in
                let sample = (0..<50).map { _ in known[sampler.integer(below: known.count)] }
                return creators.utilityEstimate(at: at, users: users, sample: sample, rewardWeight: weights)
            }
            let mean = estimates.reduce(0, +) / 400
            let sd = Descriptive.standardDeviation(estimates)!
            #expect(exact > 0)
            #expect(abs(mean - exact) < 4 * sd / 20, "creator \(creator): mean \(mean) vs exact \(exact)")
        }
    }

    @Test func topKSelectsTheLargest() {
        let scores: [Double] = [0.3, 0.9, 0.1, 0.9, 0.5, 0.7, 0.2]
        var order: [Int32] = Array(0..<7)
        TopK.select(3, scores: scores, order: &order, count: 7)
        #expect(Set(order.prefix(3)) == [1, 3, 5])
        order = Array(0..<7)
        TopK.select(1, scores: scores, order: &order, count: 7)
        #expect(order[0] == 1)   // the tie between 1 and 3 goes to the lower index
    }

    @Test func theTwoZerosTieInEverySelection() {
        // −0 and +0 compare equal, so between them the lower index wins — in the generic selection
        // and in the single-precision one that compares 64-bit keys.
        let scores: [Float] = [-1, -0.0, 0, 0, -0.0, -2]
        for k in 1...3 {
            var order: [Int32] = Array(0..<6)
            TopK.select(k, scores: scores.map(Double.init), order: &order, count: 6)
            var keyed: [Int32] = Array(0..<6)
            scores.withUnsafeBufferPointer { s in keyed.withUnsafeMutableBufferPointer { TopK.keyedSelect(k, scores: s, order: $0, count: 6) } }
            #expect(Set(order.prefix(k)) == Set((1...k).map(Int32.init)) && Set(keyed.prefix(k)) == Set(order.prefix(k)), "k \(k)")
        }
    }

    @Test func fastSelectionAgreesWithSorting() {
        // The sampled-threshold path (k ≪ n) and quickselect give the top k of a full sort, ties to the lower index.
        let stream = RandomStream(seed: 5)
        for (n, k) in [(2000, 20), (2000, 100), (300, 10), (5000, 1), (257, 16), (1000, 999)] {
            let scores = (0..<n).map { _ in Float((stream.uniform() * 50).rounded()) }   // many ties
            var order = (0..<n).map(Int32.init)
            TopK.select(k, scores: scores, order: &order, count: n)
            let expected = (0..<n).sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }.prefix(k)
            #expect(Set(order.prefix(k).map(Int.init)) == Set(expected), "n \(n), k \(k)")
        }
    }
}

@Suite("Serving stages")
struct ServingTests {
    @Test func theKthLargestValueIsTheSortedOne() {
        // The Swift quickselect (the path without the fused kernel) and the dispatching entry point,
        // at every rank, against a sort: many ties and −∞ entries.
        let stream = RandomStream(seed: 8)
        for n in [1, 2, 33, 300] {
            let values: [Float] = (0..<n).map { $0 % 13 == 4 ? -.infinity : Float((stream.uniform() * 20).rounded()) }
            let sorted = values.sorted(by: >)
            var scratch = [Float](repeating: 0, count: 3 * (n + 16))
            for rank in 0..<n {
                var a = values, b = values
                let swift = a.withUnsafeMutableBufferPointer { TopK.largest(rank: rank, in: $0.baseAddress!, count: n) }
                let either = b.withUnsafeMutableBufferPointer { v in
                    scratch.withUnsafeMutableBufferPointer { TopK.largest(rank: rank, in: v.baseAddress!, count: n, scratch: $0.baseAddress!) }
                }
                #expect(swift == sorted[rank] && either == sorted[rank], "rank \(rank) of \(n)")
            }
        }
    }

    @Test(arguments: [1, 40, 700, 1_999])
    func everySelectionPathFindsTheExactTopK(k: Int) {
        // Long lists (the bucket path), short ones (quickselect), coarse scores with many ties, and
        // −∞ padding; the reference is a full sort by (higher score, lower index).
        for (count, levels) in [(2_000, 0), (2_000, 37), (5_000, 3), (300, 0)] where k < count {
            var generator = SplitMix64(seed: UInt64(count * 31 + levels + k))
            let scores: [Float] = (0..<count).map { t in
                if t % 97 == 5 { return -.infinity }
                let u = Float(generator.next() >> 40) / Float(1 << 24)
                return levels > 0 ? (u * Float(levels)).rounded(.down) : u
            }
            var order = (0..<count).map(Int32.init)
            // The single-precision entry point, as the serving stages call it.
            scores.withUnsafeBufferPointer { s in order.withUnsafeMutableBufferPointer { TopK.select(k, scores: s, order: $0, count: count) } }
            let expected = Set(scores.indices.sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }.prefix(k))
            #expect(Set(order.prefix(k).map(Int.init)) == expected, "count \(count), levels \(levels), k \(k)")
        }
    }

    @Test func theSortedSelectionIsAFullSortsPrefix() {
        // TopK.selectSorted (keys, below 1 024 entries; select then sortPrefix above) against a full
        // sort by (higher score, lower index): ties, both zeros, −∞, k from 1 to the whole list.
        var generator = SplitMix64(seed: 41)
        for count in [1, 2, 9, 40, 130, 1_023, 1_024, 3_000] {
            for levels in [0, 5] {
                let scores: [Float] = (0..<count).map { t in
                    if t % 23 == 7 { return -.infinity }
                    if t % 17 == 3 { return t % 2 == 0 ? 0 : -0.0 }
                    let u = Float(generator.next() >> 40) / Float(1 << 24)
                    return levels > 0 ? (u * Float(levels)).rounded(.down) : u
                }
                let expected = scores.indices.sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
                for k in Set([1, 3, 18, count / 2, count - 1, count]) where k > 0 && k <= count {
                    var order = (0..<count).map(Int32.init)
                    scores.withUnsafeBufferPointer { s in order.withUnsafeMutableBufferPointer { TopK.selectSorted(k, scores: s, order: $0, count: count) } }
                    #expect(order.prefix(k).map(Int.init) == Array(expected.prefix(k)), "count \(count), levels \(levels), k \(k)")
                }
            }
        }
    }

    @Test func rowsComeOutInRowOrderThroughTheBitmapOrTheSort() {
        // Distinct rows, dense (the bitmap) and spread out (the sort); the bitmap is clear after each use.
        var generator = SplitMix64(seed: 43)
        var bitmap: [UInt64] = []
        for (count, rows) in [(1, 10), (40, 11_000), (40, 200), (64, 64), (300, 500_000), (7, 500_000)] {
            var pool = Array(0..<Int32(rows))
            for t in 0..<count { pool.swapAt(t, t + Int(generator.next() % UInt64(rows - t))) }
            var values = Array(pool.prefix(count))
            let expected = values.sorted()
            EstablishedSearch.inRowOrder(&values, rows: rows, bitmap: &bitmap)
            #expect(values == expected, "\(count) of \(rows) rows")
            #expect(bitmap.allSatisfy { $0 == 0 })
        }
    }

    @Test func coldStartRetrievalIsTheExactTopKOfItemsUnderTheCap() {
        // A pool large enough for the one-pass threshold path, and k on both sides of its switch.
        let spec = SmallTrial.spec(days: 1) {
            $0.population.creators = 40_000
            $0.serving.coldStartImpressions = 2
        }
        let world = World(spec: spec.population, stream: RandomStream(seed: 8, stream: 100))
        let population = ArmPopulation(spec: spec.population, world: world, users: 60, creators: 800, stream: RandomStream(seed: 8))
        let market = ArmMarket(index: 0, spec: spec, world: world, population: population, stream: UnitStream(seed: 8, stream: 200))
        for _ in 0..<2 { market.runDay() }
        let window = market.store.range(ofDay: 1)
        market.retrieval.prepare(day: 1, window: window, catalogue: market.store.range(fromDay: 0, toDay: 1), store: market.store)
        // Items shown twice have graduated: the pool is the rest (and some did graduate).
        let pool = window.filter { market.store.impressions[$0] < 2 }
        #expect(pool.count > 300 && pool.count < window.count)
        #expect(market.retrieval.poolSize == pool.count)
        let d = market.d
        for j in 0..<market.users.count {
            // Brute force: every cold-start item's retrieval score, sorted, ties to the lower item.
            let scores = pool.map { item in
                (0..<d).reduce(Float(0)) { $0 + market.store.retrieval[item * d + $1] * market.users.taste[j * d + $1] }
            }
            for k in [1, 3, 20, pool.count / 10, pool.count] {
                var list = CandidateList()
                list.reserve(window.count)
                market.retrieval.coldStart(user: j, k: k, users: market.users, store: market.store, into: &list)
                let got = Set((0..<list.count).map { Int(list.item[$0]) })
                let expected = scores.indices.sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }.prefix(k)
                // Scores are summed in another order here, so compare as sets up to float ties at the boundary.
                let missing = Set(expected.map { pool[$0] }).subtracting(got)
                let kth = scores[expected.last!]
                let position = Dictionary(uniqueKeysWithValues: pool.enumerated().map { ($1, $0) })
                #expect(got.count == k && got.allSatisfy { position[$0] != nil }
                        && missing.allSatisfy { abs(scores[position[$0]!] - kth) < 1e-5 }, "user \(j), k \(k)")
            }
        }
    }
}
