import Foundation
import Testing
import GSL
import Simulation
@testable import Trial

/// A trial small enough for unit tests: two arms of a few hundred users and a few dozen creators.
func smallTrial(arms: [ArmSpec] = [ArmSpec(name: "control", mechanism: Control()),
                                   ArmSpec(name: "hmt", mechanism: HardMatchingTruncation(mapping: .percentile(.hmtPercentiles)))],
                days: Int = 9) -> TrialSpec {
    var population = PopulationSpec()
    population.users = 20_000
    population.creators = 2_000
    population.dimension = 8
    population.topics = 40
    population.countries = 6
    population.minGroupSize = 5
    var split = SplitSpec()
    split.userFraction = 0.02
    split.creatorFraction = 0.02
    var creators = CreatorSpec()
    creators.utilitySample = 50
    return TrialSpec(name: "small", population: population, split: split, arms: arms, days: days,
                     platform: PlatformSpec(), creators: creators)
}

@Suite("Symmetric trial")
struct TrialTests {
    @Test func armsAreIsolated() {
        let spec = smallTrial()
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
        }
        // Changing arm B's mechanism leaves arm A exactly as it was.
        let other = TrialRunner.run(smallTrial(arms: [spec.arms[0], ArmSpec(name: "hmt", mechanism: SoftMatchingTruncation())]), seed: 7)
        #expect(other.arms[0].users == outcome.arms[0].users)
        #expect(other.arms[0].creators == outcome.arms[0].creators)
        #expect(other.arms[0].daily == outcome.arms[0].daily)
        #expect(other.arms[1].users != outcome.arms[1].users)
    }

    @Test func reproducibleAndIndependentOfParallelism() {
        let spec = smallTrial()
        let a = TrialRunner.run(spec, seed: 3), b = TrialRunner.run(spec, seed: 3)
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
        var spec = smallTrial()
        spec.population.users = 1_000_000
        spec.population.creators = 100_000
        spec.split.userFraction = 0.03
        spec.split.creatorFraction = 0.05
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
        var spec = smallTrial(days: 3)
        spec.population.users = 40_000
        let world = World(spec: spec.population, stream: RandomStream(seed: 1, stream: 100))
        let split = ArmSplit(spec: spec, stream: RandomStream(seed: 1, stream: 101))
        let stream = RandomStream(seed: 1, stream: 200)
        let population = ArmPopulation(spec: spec.population, world: world, users: split.users[0], creators: split.creators[0], stream: stream)
        let market = ArmMarket(index: 0, spec: spec, world: world, population: population, stream: stream)
        for day in 1...3 { market.runDay(day) }
        let matching = market.todaysMatching()
        let known = (0..<market.m).filter { market.hasSummary[$0] }
        let sampler = RandomStream(seed: 99)
        for creator in [0, 5, 11] {
            let exact = market.strategy.withUnsafeBufferPointer {
                market.utilityEstimate(creator: creator, at: $0.baseAddress! + creator * market.d, users: known, matching: matching)
            }
            // Estimates scale a sample of 50 users up to the arm; their mean over many samples is the exact value.
            let estimates = (0..<400).map { _ in
                let sample = (0..<50).map { _ in known[sampler.integer(below: known.count)] }
                return market.strategy.withUnsafeBufferPointer {
                    market.utilityEstimate(creator: creator, at: $0.baseAddress! + creator * market.d, users: sample, matching: matching)
                } * Double(known.count) / Double(market.m)
            }
            let exactOverKnown = exact * Double(known.count) / Double(market.m)
            let mean = estimates.reduce(0, +) / 400
            let sd = Descriptive.standardDeviation(estimates)!
            #expect(exactOverKnown > 0)
            #expect(abs(mean - exactOverKnown) < 4 * sd / 20, "creator \(creator): mean \(mean) vs exact \(exactOverKnown)")
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
}
