import Foundation
import Testing
import GSL
import Simulation
@testable import Trial
import TwinArmTestSupport

/// Each pathway a mechanism's effect can travel by exists (issue 9, point 7): a twin trial holds
/// the same units and random numbers in both arms, so any difference is the mechanism's.
@Suite("Pathways")
struct PathwayTests {
    /// `servedDays` (coverage): a day counts once per creator however many impressions it had, in
    /// every period (whole trial, weeks, pre-period). Without the daily stamp reset it would stay ≤ 1.
    @Test func servedDaysCountDaysWithAnImpression() {
        let spec = SmallTrial.spec(days: 9) { $0.preDays = 3 }
        let outcome = TrialRunner.run(spec, seed: 12)
        for arm in outcome.arms {
            for r in arm.creators {
                #expect((r.servedDays > 0) == (r.impressions > 0) && r.servedDays <= min(r.days, r.impressions), "\(r)")
            }
            let whole = arm.creators.filter { $0.week == 0 }
            #expect(whole.contains { $0.servedDays >= 5 }, "some creator is shown on most of the 9 days")
            // The whole trial's served days are the weeks' sum.
            for r in whole {
                let weeks = arm.creators.filter { $0.creator == r.creator && $0.week >= 1 }.reduce(0) { $0 + $1.servedDays }
                #expect(weeks == r.servedDays)
            }
            #expect(arm.creators.contains { $0.week == -1 && $0.servedDays > 0 })
        }
    }

    @Test func twinArmsOnControlAreIdentical() {
        let spec = SmallTrial.spec(arms: [SmallTrial.control, ArmSpec(name: "control-b", mechanism: Control())], design: .twin)
        let outcome = TrialRunner.run(spec, seed: 11)
        let (a, b) = (outcome.arms[0], outcome.arms[1])
        func strip<T>(_ rows: [T], _ arm: WritableKeyPath<T, Int>) -> [T] { rows.map { var r = $0; r[keyPath: arm] = 0; return r } }
        #expect(!a.users.isEmpty && a.totals.impressions > 0)
        #expect(strip(a.users, \.arm) == strip(b.users, \.arm))
        #expect(strip(a.creators, \.arm) == strip(b.creators, \.arm))
        #expect(strip(a.daily, \.arm) == strip(b.daily, \.arm))
        #expect(strip(a.weights, \.arm) == strip(b.weights, \.arm))
        // A symmetric trial draws different units per arm.
        let symmetric = TrialRunner.run(SmallTrial.spec(arms: spec.arms), seed: 11)
        #expect(strip(symmetric.arms[0].users, \.arm) != strip(symmetric.arms[1].users, \.arm))
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func perfectRankerHMTNeverLowersDayOneRelevance(seed: UInt64) {
        let spec = SmallTrial.spec(days: 1, design: .twin) {
            $0.serving.rankerNoise = 0
            // On day 1 no weight has been measured: dose every group at weight 1, Table 1's 0.95 band.
            $0.platform.unmeasuredDose = .mechanism
        }
        let outcome = TrialRunner.run(spec, seed: seed)
        let (control, hmt) = (outcome.arms[0].daily[0], outcome.arms[1].daily[0])
        // Same requests on day 1; HMT retrieves a superset of cold-start candidates and a perfect
        // ranker picks by true relevance, so what is shown is as relevant or more.
        #expect(control.requests == hmt.requests)
        #expect(hmt.welfare >= control.welfare, "day-1 relevance: control \(control.welfare), hmt \(hmt.welfare)")
        #expect(hmt.coldStart != control.coldStart)
    }

    @Test func perfectRankerLargerKNeverLowersAnyUsersFeed() {
        // User by user on one market state, twelve requests through the day: the relevance the user
        // is shown under HMT's K, summed over her requests, is never below production's (a request
        // that finds nothing left to show adds nothing).
        let spec = SmallTrial.spec(days: 1) { $0.serving.rankerNoise = 0 }
        // The market's own stages (runDay's): open the day, then each user's feed under two Ks.
        let (market, t, pool) = openedMarket(spec, seed: 4)
        let production = market.productionDefaults(poolSize: pool.count).k
        let hmt = HardMatchingTruncation(mapping: .percentile(.hmtPercentiles)).matching(forWeight: 1,
            defaults: market.productionDefaults(poolSize: pool.count)).k
        #expect(hmt > production)
        let hours = ArraySlice((0..<12).map { 2.0 * Double($0) + 1 })
        var compared = 0
        for j in 0..<market.users.count {
            func shown(k: Int) -> [Float] {
                market.feed(user: j, k: k, hours: hours, day: t, adjustments: nil)
                return (0..<hours.count).map { market.shown[$0] < 0 ? 0 : market.list.sigma[Int(market.shown[$0])] }
            }
            let before = shown(k: production), after = shown(k: hmt)
            #expect(after.reduce(0, +) >= before.reduce(0, +), "user \(j): \(before) → \(after)")
            compared += 1
        }
        #expect(compared == 400)
    }

    @Test func favouringNewItemsChangesColdStartAndFresh() {
        let spec = SmallTrial.spec(arms: [SmallTrial.control, ArmSpec(name: "newitem", mechanism: NewItemBoost(bonus: 0.05))], design: .twin)
        let outcome = TrialRunner.run(spec, seed: 5)
        let (control, boosted) = (outcome.arms[0].totals, outcome.arms[1].totals)
        #expect(boosted.coldStart > control.coldStart, "cold-start \(control.coldStart) → \(boosted.coldStart)")
        #expect(boosted.fresh > control.fresh, "fresh \(control.fresh) → \(boosted.fresh)")
    }

    @Test func raisingEveryCreatorsRewardRaisesDAU() {
        // A market where a creator's reward per item registers day by day: likes common (about 4 %) and
        // new items not capped (under the cold-start cap an item earns a like or two, mostly noise).
        let spec = SmallTrial.spec(arms: [SmallTrial.control, ArmSpec(name: "paid", mechanism: RewardScale(factor: 2))], design: .twin) {
            $0.platform.likeIntercept = -5.92
            $0.serving.coldStartImpressions = 100_000_000
        }
        let outcome = TrialRunner.run(spec, seed: 5)
        let (control, paid) = (outcome.arms[0].creatorDAU, outcome.arms[1].creatorDAU)
        #expect(paid > control + 0.01, "creator DAU \(control) → \(paid)")
        // Without the activity response, the same change leaves DAU alone.
        let flat = TrialRunner.run(SmallTrial.spec(arms: spec.arms, design: .twin) {
            $0.platform.likeIntercept = -5.92
            $0.serving.coldStartImpressions = 100_000_000
            $0.creators.rewardResponse = 0
        }, seed: 5)
        #expect(flat.arms[0].creatorDAU == flat.arms[1].creatorDAU)
    }

    @Test func usersWhoseLikeRateRisesRequestMore() {
        let spec = SmallTrial.spec()
        let world = World(spec: spec.population, stream: RandomStream(seed: 2, stream: 100))
        let population = ArmPopulation(spec: spec.population, world: world, users: 3, creators: 1, stream: RandomStream(seed: 2))
        var users = UserState(population: population, world: world, spec: UserSpec(), probe: 2)
        var fixed = UserState(population: population, world: world, spec: { var s = UserSpec(); s.satisfactionResponse = 0; return s }(), probe: 2)
        for _ in 0..<30 {   // a usual like rate of 5 %
            for j in 0..<3 { users.digest(user: j, likes: 1, impressions: 20); fixed.digest(user: j, likes: 1, impressions: 20) }
        }
        for _ in 0..<4 {    // then user 0 likes 20 %, user 1 stays at 5 %, user 2 likes nothing
            for (j, likes) in [(0, 4), (1, 1), (2, 0)] { users.digest(user: j, likes: likes, impressions: 20); fixed.digest(user: j, likes: likes,
                impressions: 20) }
        }
        #expect(users.meanRequests(0) > 1.2 * users.rate[0])
        #expect(abs(users.meanRequests(1) - users.rate[1]) < 0.01 * users.rate[1])
        #expect(users.meanRequests(2) < 0.8 * users.rate[2])
        #expect((0..<3).allSatisfy { fixed.meanRequests($0) == fixed.rate[$0] })

        // In a market (twin: the same users in both arms): users whose like rate the pushy arm lowered
        // make fewer requests there than users whose like rate it raised — when users respond; when
        // they do not, every day's requests are exactly the same in both arms.
        let worse = ArmSpec(name: "pushy", mechanism: NewItemBoost(bonus: 0.3))
        let responsive = TrialRunner.run(SmallTrial.spec(arms: [SmallTrial.control, worse], days: 12, design: .twin) { $0.users.satisfactionResponse = 2 },
            seed: 9)
        let before = responsive.arms[0].users.filter { $0.week == 0 }, after = responsive.arms[1].users.filter { $0.week == 0 }
        #expect(before.count == after.count && before.count > 100)
        var fell = [Double](), rose = [Double]()
        #expect((before).count == (after).count, "paired lists of different lengths")
        for (a, b) in zip(before, after) where a.impressions >= 20 && b.impressions >= 20 {
            let change = Double(b.likes) / Double(b.impressions) - Double(a.likes) / Double(a.impressions)
            let shown = log(Double(b.impressions) / Double(a.impressions))
            if change < 0 { fell.append(shown) } else if change > 0 { rose.append(shown) }
        }
        let meanFell = fell.reduce(0, +) / Double(fell.count), meanRose = rose.reduce(0, +) / Double(rose.count)
        #expect(fell.count > 20 && rose.count > 20)
        #expect(meanFell < meanRose - 0.02, "log change in impressions: like rate fell \(meanFell) (\(fell.count)), rose \(meanRose) (\(rose.count))")
        let still = TrialRunner.run(SmallTrial.spec(arms: [SmallTrial.control, worse], days: 12, design: .twin) { $0.users.satisfactionResponse = 0 }, seed: 9)
        #expect(still.arms[0].daily.map(\.requests) == still.arms[1].daily.map(\.requests))
    }
}

/// One market of 400 users and 120 creators after `spec`'s warm-up, with its next day opened
/// (creators published, pool indexed) and the first worker's feed buffers sized: ready for
/// ``ArmMarket/feed(user:k:hours:day:adjustments:mixed:)`` user by user.
func openedMarket(_ spec: TrialSpec, seed: UInt64) -> (market: ArmMarket, day: Int, pool: Range<Int>) {
    let world = World(spec: spec.population, stream: RandomStream(seed: seed, stream: 100))
    let population = ArmPopulation(spec: spec.population, world: world, users: 400, creators: 120, stream: RandomStream(seed: seed))
    let market = ArmMarket(index: 0, spec: spec, world: world, population: population, stream: UnitStream(seed: seed, stream: 200))
    for _ in 0..<spec.warmupDays { market.runDay() }
    let t = spec.warmupDays
    let pool = market.openDay(t, week: 0).pool
    market.reserveFeed(poolSize: pool.count)
    return (market, t, pool)
}

/// The provider-exposure mechanism (`exposure`): its dual multipliers move exposure to the
/// constrained creators until the target is met.
@Suite("Provider exposure")
struct ProviderExposureTests {
    func spec(_ treatment: ArmSpec) -> TrialSpec {
        SmallTrial.spec(arms: [SmallTrial.control, treatment], days: 14, design: .twin) {
            $0.split.userFraction = 0.1
            $0.split.creatorFraction = 0.1
            // "Popular" from the median follower count up, so the constrained group is half the creators.
            $0.population.popularFollowers = $0.population.followersMedian
        }
    }

    /// Non-popular creators' share of an arm's impressions in trial week `week`.
    func nonPopularShare(_ arm: ArmOutcome, week: Int) -> Double {
        let rows = arm.creators.filter { $0.week == week }
        let all = rows.reduce(0) { $0 + $1.impressions }, reached = rows.filter { !$0.popular }.reduce(0) { $0 + $1.impressions }
        return Double(reached) / Double(Swift.max(1, all))
    }

    @Test func theNonPopularTargetIsMetInTheSecondWeekWhereControlFallsShort() {
        // Control gives non-popular creators about 43 % of this market's impressions in week 2
        // (the follow source's ranking bonus favours popular creators); the target is 0.61.
        let target = 0.61
        let outcome = TrialRunner.run(spec(ArmSpec(name: "exposure", mechanism: ProviderExposure(target: .nonPopular, share: target))), seed: 21)
        let (kept, constrained) = (nonPopularShare(outcome.arms[0], week: 2), nonPopularShare(outcome.arms[1], week: 2))
        // Stated tolerance: within 3 points of the target over days 8–14 (this seed: 0.590, and 0.602
        // in week 3); control more than 10 points short.
        #expect(constrained >= target - 0.03, "week 2: \(constrained) against the target \(target) (control \(kept))")
        #expect(kept > 0.35 && kept < target - 0.10, "control's non-popular share \(kept)")
    }

    /// The share of week `week`'s publishing creators below half their fair share: impressions
    /// under 0.5 × active days × the arm's impressions per active creator-day.
    func belowHalfFairShare(_ arm: ArmOutcome, week: Int) -> Double {
        let rows = arm.creators.filter { $0.week == week && $0.activeDays > 0 }
        let perDay = Double(rows.reduce(0) { $0 + $1.impressions }) / Double(Swift.max(1, rows.reduce(0) { $0 + $1.activeDays }))
        return Double(rows.filter { Double($0.impressions) < 0.5 * Double($0.activeDays) * perDay }.count) / Double(Swift.max(1, rows.count))
    }

    @Test func theDefaultCreatorTargetLiftsTheLeastExposedCreators() {
        // The default target: every creator who publishes gets at least half a fair share of the day's impressions.
        let outcome = TrialRunner.run(spec(ArmSpec(name: "exposure", mechanism: ProviderExposure())), seed: 21)
        let (kept, constrained) = (belowHalfFairShare(outcome.arms[0], week: 2), belowHalfFairShare(outcome.arms[1], week: 2))
        // Stated tolerance: in week 2 (days 8–14) at most 25 % of publishing creators stay below half
        // a fair share (this seed: 21.8 %), where control leaves more than 30 % there (35.8 %). In a
        // twin trial both arms hold the same units, so with the multipliers cut the two are equal.
        // (Before cold-start had an impression cap, these were 14.8 % and 33.2 %: a new item's
        // exposure is now bounded by the cap, which leaves the multipliers less to move.)
        #expect(constrained <= 0.25, "exposure: \(constrained) of publishing creators below half a fair share")
        #expect(kept > 0.30, "control: \(kept)")
    }

    /// The bandit's per-context table reaches the ranker: a large bonus on one topic for a user's
    /// group puts that topic first in every feed that has a candidate of it, and only for that group.
    @Test func aContextTopicBonusReachesOnlyItsGroupsFeeds() {
        let spec = SmallTrial.spec(days: 1)
        let (market, t, pool) = openedMarket(spec, seed: 5)
        let topics = spec.population.topics, groups = spec.population.groupCount
        let target = 0   // only group 0's users get the bonus
        // The topic nearest to most of group 0's users: many of their feeds hold a candidate of it.
        var nearest = [Int](repeating: 0, count: topics)
        let d = spec.population.dimension
        market.population.userTaste.withUnsafeBufferPointer { x in
            for j in 0..<market.users.count where market.users.group[j] == target { nearest[market.world.topic(of: x.baseAddress! + j * d)] += 1 }
        }
        let chosen = nearest.indices.max { nearest[$0] < nearest[$1] }!
        let favoured = { (_: Int) in chosen }
        var table = [Double](repeating: 0, count: groups * topics)
        table[target * topics + favoured(target)] = 10
        let adjustments = RankingAdjustments(perCreator: [Double](repeating: 0, count: 120), contextTopic: table, topics: topics)
        let k = market.productionDefaults(poolSize: pool.count).k
        var (first, others) = (0, 0)
        for j in 0..<market.users.count {
            market.feed(user: j, k: k, hours: [12], day: t, adjustments: adjustments)
            let list = market.list, g = market.users.group[j], topic = favoured(target)
            let has = (0..<list.count).contains { Int(market.store.topic[Int(list.item[$0])]) == topic }
            guard has, market.shown[0] >= 0 else { continue }
            let top = Int(market.store.topic[Int(list.item[Int(market.shown[0])])]) == topic
            if g == target { #expect(top, "user \(j)"); first += 1 } else if top { others += 1 }
        }
        #expect(first >= 3, "group-0 users with a candidate of the topic: \(first)")
        #expect(others < market.users.count / 4, "other groups' feeds led by the topic: \(others)")
    }

    @Test func theDualStepRaisesAShortfallsPriceAndRelaxesAMetConstraint() {
        var policy = ProviderExposure(target: .creator, share: 1, step: 0.1, ceiling: 0.5).makeRankingPolicy(popular: [false, false, true])!
        // Creator 0 got nothing of a fair share of 50; creator 1 got twice hers; creator 2 did not publish.
        policy.observe(RankingFeedback(impressions: [0, 100, 0], likes: [0, 0, 0], published: [1, 1, 0]))
        #expect(policy.adjustments().perCreator == [0.1, 0, 0])
        // Day 2: step 0.1/√2 on a shortfall of 1 (clipped), and the met constraint stays at 0.
        policy.observe(RankingFeedback(impressions: [0, 100, 0], likes: [0, 0, 0], published: [1, 1, 0]))
        #expect(abs(policy.adjustments().perCreator[0] - (0.1 + 0.1 / 2.0.squareRoot())) < 1e-12)
        for _ in 0..<100 { policy.observe(RankingFeedback(impressions: [0, 100, 0], likes: [0, 0, 0], published: [1, 1, 0])) }
        #expect(policy.adjustments().perCreator[0] == 0.5, "projected onto the ceiling")
        // Group target: only the non-popular creators carry the multiplier.
        var group = ProviderExposure(target: .nonPopular, share: 0.5, step: 0.2).makeRankingPolicy(popular: [false, true])!
        group.observe(RankingFeedback(impressions: [10, 90], likes: [0, 0]))
        #expect(group.adjustments().perCreator == [0.2 * (0.5 - 0.1) / 0.5, 0])
    }
}
