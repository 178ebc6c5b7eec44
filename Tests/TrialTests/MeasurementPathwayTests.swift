import Foundation
import Testing
import GSL
import Simulation
@testable import Trial
import TwinArmTestSupport

/// Issue 32's pathways: cold-start as the paper defines it, the dose set by measured weights, the
/// follow source's reach and the need measured apart from the signal — each test changes the
/// pathway's input and checks that its output moves, then cuts it. And the sceptical review's
/// checks as regression tests: Table 1's first threshold, `probeTopics` and `followCandidates`.
@Suite("Pathways: what the metrics measure")
struct MeasurementPathwayTests {
    /// One production market run day by day (warm-up and trial), for tests that read its state.
    func market(_ configure: (inout TrialSpec) -> Void = { _ in }, seed: UInt64 = 3) -> (market: ArmMarket, spec: TrialSpec) {
        let spec = SmallTrial.spec(arms: [SmallTrial.control], days: 6, configure: configure)
        let world = World(spec: spec.population, stream: RandomStream(seed: seed, stream: 100))
        let population = ArmPopulation(spec: spec.population, world: world, users: 400, creators: 120, stream: RandomStream(seed: seed))
        let market = ArmMarket(index: 0, spec: spec, world: world, population: population, stream: UnitStream(seed: seed, stream: 200))
        for _ in 0..<(spec.warmupDays + spec.days) { market.runDay() }
        return (market, spec)
    }

    /// Follow graph → the users' `follows` attribute (a covariate of the regression adjustment): each
    /// user's rows carry the creators she followed as the trial started, not at its end — the
    /// graph grows during the trial, so a snapshot taken later (or none) would not match.
    @Test func followsAreTakenAsTheTrialStarts() {
        let spec = SmallTrial.spec(arms: [SmallTrial.control], days: 6) { $0.preDays = 2 }
        let world = World(spec: spec.population, stream: RandomStream(seed: 3, stream: 100))
        let population = ArmPopulation(spec: spec.population, world: world, users: 400, creators: 120, stream: RandomStream(seed: 3))
        let market = ArmMarket(index: 0, spec: spec, world: world, population: population, stream: UnitStream(seed: 3, stream: 200))
        for _ in 0..<(spec.warmupDays + spec.preDays) { market.runDay() }
        let atStart = market.follows.followees.map(\.count)
        for _ in 0..<spec.days { market.runDay() }
        let atEnd = market.follows.followees.map(\.count)
        let users = market.outcome().users
        #expect(users.count == 400 * (1 + 1 + 1) && atStart.reduce(0, +) > 0)
        for r in users { #expect(r.follows == atStart[r.user], "user \(r.user), week \(r.week)") }
        #expect(atEnd != atStart, "the graph grew during the trial")
    }

    /// Cap → cold-start impressions: an item is cold-start only while it has fewer than the cap's
    /// impressions, so the trial's cold-start impressions cannot exceed cap × the items that could
    /// be cold-start on its days. Cut: without a cap (10⁸) the same market shows new items far more.
    @Test func coldStartImpressionsAreBoundedByTheCap() {
        func cold(cap: Int) -> (cold: Int, bound: Int) {
            let (market, spec) = market { $0.serving.coldStartImpressions = cap }
            let first = spec.warmupDays - spec.serving.coldStartDays + 1
            let items = market.store.range(fromDay: first, toDay: spec.warmupDays + spec.days).count
            let cold = market.counters[0].daily.filter { $0.day >= 1 }.reduce(0) { $0 + $1.coldStart }
            return (cold, cap * items)
        }
        let capped = cold(cap: 3), open = cold(cap: 100_000_000)
        #expect(capped.cold > 0 && capped.cold <= capped.bound, "cold-start impressions \(capped.cold), bound \(capped.bound)")
        #expect(open.cold > capped.bound, "without a cap: \(open.cold) against the capped bound \(capped.bound)")
    }

    /// Cap → HMT's effect: with supply bounded, a larger K mostly changes who sees new items and
    /// how soon, so HMT's cold-start effect is smaller under a tight cap than without one. (Every
    /// group is dosed at weight 1 here, Table 1's 0.95 band, so K is five times production's.)
    @Test func aCapBoundsWhatALargerKCanAdd() {
        func effect(cap: Int) -> Double {
            let spec = SmallTrial.spec(days: 5, design: .twin) {
                $0.serving.coldStartImpressions = cap
                $0.platform.unmeasuredDose = .mechanism
            }
            let arms = TrialRunner.run(spec, seed: 9).arms
            return Double(arms[1].totals.coldStart) / Double(arms[0].totals.coldStart) - 1
        }
        let tight = effect(cap: 3), open = effect(cap: 100_000_000)
        #expect(open > 0.2, "HMT's cold-start effect without a cap: \(open)")
        #expect(tight < open / 2, "with a cap of 3: \(tight), without: \(open)")
    }

    /// An item that reaches the cap during the day leaves the cold-start stage at the next run of
    /// feeds, without the pool being rebuilt.
    @Test func aGraduatedItemIsNoLongerRetrieved() {
        let (market, spec) = market()
        let t = spec.warmupDays + spec.days
        let opened = market.openDay(t, week: 0)
        #expect(opened.poolSize > 20)
        for index in [ServingSpec.RetrievalIndex.exact, .ivf] {
            var serving = spec.serving
            serving.coldStartIndex = index
            var retrieval = Retrieval(dimension: market.d, topics: spec.population.topics, spec: serving, centroids: market.world.topicCentroids)
            let cold = market.store.range(fromDay: t - spec.serving.coldStartDays + 1, toDay: t + 1)
            retrieval.prepare(day: t, window: cold, catalogue: market.store.range(fromDay: t - 3, toDay: t), store: market.store)
            var list = CandidateList()
            list.reserve(cold.count)
            retrieval.coldStart(user: 0, k: 5, users: market.users, store: market.store, into: &list)
            #expect(list.count == 5)
            let top = list.item[0]
            market.store.impressions[Int(top)] = Int32(spec.serving.coldStartImpressions)
            list.removeAll()
            retrieval.coldStart(user: 0, k: 5, users: market.users, store: market.store, into: &list)
            #expect(list.count == 5 && !(0..<list.count).contains { list.item[$0] == top }, "\(index): the graduated item came back")
            market.store.impressions[Int(top)] = 0
        }
    }

    /// Relevance gap → need: the gap is the best true relevance the day's sources held for a user
    /// minus what she was shown, so a noisier ranker (which shows worse items) widens it. Cut: a
    /// gap measured against the shown items alone would be 0 for both.
    @Test func theRelevanceGapMeasuresWhatTheFeedMissed() {
        func gap(noise: Double) -> Double {
            let (market, _) = market { $0.serving.rankerNoise = noise }
            let n = market.need.gapImpressions.reduce(0, +)
            #expect(n > 0 && market.need.gap.allSatisfy { $0 >= 0 })
            return market.need.gap.reduce(0, +) / Double(Swift.max(1, n))
        }
        let sharp = gap(noise: 0), noisy = gap(noise: 0.3)
        #expect(sharp > 0 && noisy > sharp * 1.2, "mean relevance gap: ranker noise 0 → \(sharp), 0.3 → \(noisy)")
    }

    /// Followers → reach on the calibrated market: in control, popular creators get more impressions
    /// per creator than the others, through the follow source. Cut: without follow candidates their
    /// advantage shrinks by more than ten per cent of the others' level.
    @Test func popularCreatorsGetMoreImpressionsThroughTheFollowSource() {
        func perCreator(followCandidates: Int) -> (popular: Double, other: Double) {
            var popular = (0, 0), other = (0, 0)
            // Four markets pooled (about 160 popular creators): one market's few dozen popular creators
            // differ from the others by where their content sits more than by their followers.
            for seed: UInt64 in [0, 1, 2, 3] {
                var spec = SmallTrial.spec(arms: [SmallTrial.control], days: 5) {
                    // The quickstart's population and split (experiments/quickstart.yaml), calibrated defaults otherwise.
                    $0.population = PopulationSpec()
                    $0.population.users = 100_000
                    $0.population.creators = 10_000
                    $0.population.dimension = 16
                    $0.population.topics = 100
                    $0.population.minGroupSize = 10
                    $0.split.userFraction = 0.03
                    $0.split.creatorFraction = 0.03
                    $0.serving = ServingSpec()
                    $0.warmupDays = 5
                }
                spec.serving.followCandidates = followCandidates
                let rows = TrialRunner.run(spec, seed: seed).arms[0].creators.filter { $0.week == 0 }
                for row in rows {
                    if row.popular { popular.0 += row.impressions; popular.1 += 1 } else { other.0 += row.impressions; other.1 += 1 }
                }
            }
            return (Double(popular.0) / Double(popular.1), Double(other.0) / Double(other.1))
        }
        let on = perCreator(followCandidates: 10), off = perCreator(followCandidates: 0)
        #expect(on.popular > on.other, "impressions per creator with the follow source: popular \(on.popular), other \(on.other)")
        #expect((on.popular - on.other) - (off.popular - off.other) > 0.1 * on.other,
                "the follow source's share of the popular creators' advantage: on \(on), off \(off)")
    }

    /// The review's check: moving Table 1's first threshold from 1 to 1.000001 changes nothing
    /// when unmeasured groups get production's dose (no weight sits at exactly 1 once measured).
    /// Cut: dosing unmeasured groups at weight 1 (`unmeasuredDose: mechanism`) puts them on the
    /// boundary, and the shift moves the market.
    @Test func table1sFirstThresholdIsNotABoundaryEffect() {
        func hmtArm(threshold: Double, unmeasured: PlatformSpec.UnmeasuredDose) -> ArmOutcome {
            let base = StepTable.hmtPercentiles
            let table = try! StepTable(thresholds: [threshold] + base.thresholds.dropFirst(), values: base.values)
            let hmt = ArmSpec(name: "hmt", mechanism: HardMatchingTruncation(mapping: .percentile(table)))
            let spec = SmallTrial.spec(arms: [SmallTrial.control, hmt], days: 6, design: .twin) {
                $0.platform.signal = .raw   // the paper's signal: every measured weight moves every day
                $0.platform.unmeasuredDose = unmeasured
            }
            return TrialRunner.run(spec, seed: 4).arms[1]
        }
        let at1 = hmtArm(threshold: 1, unmeasured: .production), shifted = hmtArm(threshold: 1.000001, unmeasured: .production)
        #expect(at1.weights.contains { $0.dosed && $0.dose > 1 }, "some group was dosed")
        #expect(at1.users == shifted.users && at1.daily == shifted.daily)
        let literal = hmtArm(threshold: 1, unmeasured: .mechanism), literalShifted = hmtArm(threshold: 1.000001, unmeasured: .mechanism)
        #expect(literal.daily != literalShifted.daily)
    }

    /// The review's check: with both sources searched exactly (the default), how many topics the
    /// catalogue's index would probe cannot change what users see. Cut: with an inverted-file index
    /// of the catalogue, probing 4 topics or all of them gives different feeds.
    @Test func probeTopicsMatterOnlyToAnApproximateIndex() {
        func users(probe: Int, index: ServingSpec.RetrievalIndex) -> [UserRecord] {
            let spec = SmallTrial.spec(arms: [SmallTrial.control], days: 4) {
                $0.serving.probeTopics = probe
                $0.serving.establishedIndex = index
            }
            return TrialRunner.run(spec, seed: 5).arms[0].users
        }
        let topics = SmallTrial.spec().population.topics
        #expect(users(probe: 4, index: .exact) == users(probe: topics, index: .exact))
        #expect(users(probe: 4, index: .ivf) != users(probe: topics, index: .ivf))
    }

    /// The review's check: turning the follow channel off changes the market (it gave 0.8 % of
    /// impressions and changed nothing); now its share is stated and cutting it moves impressions.
    @Test func theFollowChannelCarriesAShareOfImpressions() {
        func arm(_ candidates: Int) -> ArmOutcome {
            TrialRunner.run(SmallTrial.spec(arms: [SmallTrial.control], days: 5) {
                $0.serving.followCandidates = candidates
                $0.population.followersMedian = 2000   // enough followers inside a 2 % arm
            }, seed: 6).arms[0]
        }
        let on = arm(10), off = arm(0)
        let share = Double(on.daily.reduce(0) { $0 + $1.followImpressions }) / Double(on.daily.reduce(0) { $0 + $1.impressions })
        #expect(share > 0.02, "the follow channel's share of impressions: \(share)")
        #expect(off.daily.allSatisfy { $0.followImpressions == 0 } && off.creators != on.creators)
    }
}
