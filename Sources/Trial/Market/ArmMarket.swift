import Foundation
import GSL
import Simulation

/// One arm of a trial: its users, creators, items and platform, and its own random keys.
///
/// The market only sequences the stages of a day (docs/MODEL.md §7); each stage is its own type:
/// creators decide to be active and publish (``CreatorState``), the catalogue is indexed
/// (``Retrieval``'s indexes), every user's requests go through the feed — ``Retrieval``, ``Ranker``,
/// ``Selection`` — and are liked or not, then creators and users digest their day and adapt, and
/// the platform re-weights its groups (``GroupReweighting``).
///
/// The first `warmupDays` run on production and are not recorded; the `preDays` that follow run
/// on production too and are recorded as the pre-period (week −1); trial days follow under the
/// arm's mechanism.
///
/// In a shared-market design (``TrialDesign/isShared``) one market holds the whole platform and
/// serves both arms: a ``SharedAssignment`` says which arm each unit is in, each arm has its own
/// mechanism, re-weighting, ranking policy and counters, and every impression is recorded in the
/// arm of its cell (``SharedAssignment/cell(user:creator:)``).
final class ArmMarket {
    let index: Int
    let spec: TrialSpec
    /// The mechanism per recorded arm: one (this arm's), or control and treatment in a shared market.
    let mechanisms: [any Mechanism]
    /// Set in a shared market.
    let assignment: SharedAssignment?
    let world: World
    let population: ArmPopulation
    let stream: UnitStream
    let d: Int

    var store: ItemStore
    var users: UserState
    var creators: CreatorState
    /// Per recorded arm (one unless the market is shared).
    var platforms: [GroupReweighting]
    var follows: FollowGraph
    var rankingPolicies: [(any RankingPolicy)?]
    /// Whether a policy learns per request context; then the day's impressions and likes per
    /// recorded arm and (user group, item topic), flat `[(a · groups + g) · topics + k]`.
    var countsContexts = false
    var contextImpressions: [Int] = [], contextLikes: [Int] = []
    var counters: [ArmCounters]
    /// Each group's true service over the trial days so far (expected likes of its impressions).
    var need: GroupNeed
    /// A two-sided market's trial totals per cell, user arm x × creator arm y at `x * 2 + y`, cross cells included.
    var cellCounts = [TwoSidedCellCounts.Counts](repeating: .init(), count: 4)

    /// The day's indexes (each serving thread reads them through its own copy).
    var retrieval: Retrieval
    let ranker: Ranker
    /// The serving threads' feed machinery (one per thread; see ``serveUsers(day:week:slot:pool:rules:adjustments:)``).
    var workers: [FeedWorker] = []
    /// Threads that build users' feeds; the results are the same for any number.
    var servingThreads = 1
    /// How exact retrieval blocks its matrix products; the results are the same for any blocking.
    var blocking: RetrievalBlocking {
        get { retrieval.search.blocking }
        set { retrieval.search.blocking = newValue }
    }
    /// The current run of users' feeds, built before they are served.
    var prepared = PreparedFeeds(users: 0, width: 0)
    /// One user's distinct topics of the day per recorded arm (bitsets, cleared after each user).
    var dayTopics: [UInt64] = []

    /// Every this many users' relevance gap is measured (``GroupNeed``): about a thousand users a day.
    var needStride: Int { Swift.max(1, users.count / 1000) }
    /// The day's sources: every item a feed could retrieve today (set when the day opens).
    private(set) var sources: Range<Int> = 0..<0
    /// The sources' true embeddings as matrix rows, for the sampled users' best relevance (``bestRelevance(user:scratch:)``).
    private(set) var sourceRows: RowEmbeddings

    /// Every this many users' cold-start retrieval is measured against exact search (0: none).
    var recallStride = 0
    var measure = RetrievalMeasure()

    /// Simulated days run so far (warm-up included).
    private(set) var elapsed = 0

    /// Requests per user and day are capped here (a bound on one user's work, far in the tail).
    static let maximumRequests = 400

    /// - Parameter threads: threads that build the market's initial state and serve its users (the
    ///   results are the same for any number).
    init(index: Int, spec: TrialSpec, world: World, population: ArmPopulation, stream: UnitStream,
         assignment: SharedAssignment? = nil, threads: Int = 1) {
        self.index = index
        self.spec = spec
        self.assignment = assignment
        mechanisms = assignment == nil ? [spec.arms[index].mechanism] : spec.arms.map(\.mechanism)
        let arms = mechanisms.count
        self.world = world
        self.population = population
        self.stream = stream
        d = population.dimension
        store = ItemStore(dimension: d)
        users = UserState(population: population, world: world, spec: spec.users, probe: spec.serving.probeTopics,
                          coldStartProbes: spec.serving.coldStartIndex == .ivf ? spec.serving.coldStartProbes : 0,
                          indexed: spec.serving.coldStartIndex == .ivf || spec.serving.establishedIndex == .ivf)
        creators = CreatorState(population: population, spec: spec.creators)
        // The follow graph's reach scales with the share of the platform's users this market holds.
        let share = assignment != nil ? 1 : Swift.min(1, spec.split.userFraction)
        follows = FollowGraph(population: population, users: users, armShare: share, streamBase: stream.base, threads: threads)
        servingThreads = Swift.max(1, threads)
        platforms = (0..<arms).map { a in
            GroupReweighting(spec: spec.platform, groups: spec.population.groupCount, userGroup: population.userGroup,
                             minGroupSize: spec.population.minGroupSize,
                             member: assignment.map { s in population.userGroup.indices.map { s.holds(user: $0, arm: a) } })
        }
        let popular = population.followers.map { $0 > spec.population.popularFollowers }
        let setting = RankingSetting(popular: popular, groupFeatures: Self.groupFeatures(spec.population), topics: spec.population.topics,
                                     likeIntercept: spec.platform.likeIntercept, likeSlope: spec.platform.likeSlope)
        rankingPolicies = mechanisms.map { $0.makeRankingPolicy(setting) }
        countsContexts = rankingPolicies.contains { $0?.observesContexts ?? false }
        if countsContexts {
            contextImpressions = [Int](repeating: 0, count: arms * spec.population.groupCount * spec.population.topics)
            contextLikes = contextImpressions
        }
        need = GroupNeed(groups: spec.population.groupCount)
        counters = (0..<arms).map { _ in
            ArmCounters(users: population.userCount, creators: population.creatorCount, days: spec.days,
                        preDays: spec.preDays, topics: spec.population.topics, groups: spec.population.groupCount)
        }
        retrieval = Retrieval(dimension: d, topics: spec.population.topics, spec: spec.serving, centroids: world.topicCentroids,
                              users: population.userCount)
        sourceRows = RowEmbeddings(dimension: d)
        ranker = Ranker(d: d, spec: spec.serving, noiseKey: stream.base ^ 0x5A5A_5A5A_5A5A_5A5A)
        dayTopics = [UInt64](repeating: 0, count: arms * ((spec.population.topics + 63) / 64))
    }

    /// The trial day being run (1-based), or nil during the warm-up and the pre-period.
    var trialDay: Int? { elapsed >= spec.warmupDays + spec.preDays ? elapsed - spec.warmupDays - spec.preDays + 1 : nil }

    /// The pre-period day being run (1-based), or nil outside the pre-period.
    var preDay: Int? { elapsed >= spec.warmupDays && elapsed < spec.warmupDays + spec.preDays ? elapsed - spec.warmupDays + 1 : nil }

    /// The production matching for a pool of `poolSize` items: K = max(1, ⌈(1 − p)·pool⌉).
    func productionDefaults(poolSize: Int) -> MatchingDefaults {
        let p = spec.serving.productionPercentile
        return MatchingDefaults(k: Swift.max(1, Int(((1 - p) * Double(poolSize) - 1e-9).rounded(.up))),
                                beta: spec.serving.beta, poolSize: poolSize)
    }

    /// Runs the next day (a warm-up day or a trial day).
    func runDay() {
        let t = elapsed
        let day = trialDay, preDay = self.preDay
        // The counters' period: a trial week ≥ 1, −1 for the pre-period, 0 (not recorded) in the warm-up.
        let week = day.map { ($0 - 1) / 7 + 1 } ?? (preDay == nil ? 0 : -1)
        let live: [any Mechanism] = day == nil ? mechanisms.map { _ in Control() } : mechanisms

        // 1–2. Creators publish today's pool; the pool and catalogue are indexed.
        let opened = openDay(t, week: week)
        let window = opened.window

        // 3. Every user's requests through the feed.
        let defaults = productionDefaults(poolSize: opened.poolSize)
        // A group gets the mechanism's dose once its weight has been measured (GroupReweighting.dosed).
        let production = Control().matching(forWeight: 1, defaults: defaults)
        let rules = platforms.indices.map { a in
            platforms[a].weights.indices.map { g in
                followsMechanism(arm: a, group: g)
                    ? live[a].matching(forWeight: platforms[a].weight(g), defaults: defaults) : production
            }
        }
        let adjustments = rankingPolicies.map { day == nil ? nil : $0?.adjustments() }
        let recordedDay = day ?? preDay.map { $0 - spec.preDays }
        for a in counters.indices { counters[a].beginDay() }
        if day == 1 { for a in counters.indices { counters[a].noteFollows(follows) } }
        let served = serveUsers(day: t, week: week, slot: recordedDay.map { counters[0].daySlot($0) }, poolSize: opened.poolSize, rules: rules,
                                adjustments: adjustments)

        // 4. Creators digest the day and adapt; items with impressions become known to the ranker.
        creators.digestDay()
        let moves: (tried: Int, moved: Int)
        switch spec.creators.adaptation {
        case .feedback:
            moves = creators.adaptFromFeedback(store: store, window: window.lowerBound..<store.count)
        case .lbr:
            moves = creators.adaptByLBR(day: t, users: users, rewardWeight: rules[0].map(\.rewardWeight), stream: stream)
        }
        store.recordFeedback(in: window.lowerBound..<store.count)

        // 5. The platform re-weights its groups (from the warm-up on, unless `weightStart: trial`) and
        //    the mechanism learns from the day.
        if day != nil || spec.platform.weightStart == .warmup {
            for a in platforms.indices { platforms[a].update() }
        }
        if let day {
            let underService = need.underService(), gap = need.relevanceGap()
            for a in platforms.indices {
                rankingPolicies[a]?.observe(RankingFeedback(impressions: creators.impressionsToday, likes: creators.likesToday,
                                                                       published: creators.publishedToday,
                                                                       contextImpressions: contextSlice(contextImpressions, arm: a),
                                                                       contextLikes: contextSlice(contextLikes, arm: a)))
                for g in platforms[a].weights.indices where platforms[a].kept[g] {
                    let estimate = platforms[a].todayEstimate[g]
                    counters[a].weightRows.append(WeightRecord(arm: recordedArm(a), day: day, group: g, users: platforms[a].groupUsers[g],
                                                               weight: platforms[a].weights[g], estimate: estimate?.estimate ?? 0,
                                                               variance: estimate?.variance ?? 0, underService: underService[g],
                                                               relevanceGap: gap[g], dosed: mechanisms[a].readsWeights && followsMechanism(arm: a, group: g),
                                                               dose: Double(rules[a][g].k) / Double(production.k),
                                                               percentile: percentile(arm: a, group: g, k: rules[a][g].k, poolSize: opened.poolSize)))
                }
            }
        }
        // 6. The day's totals, for a trial day or a pre-period day.
        if let recorded = recordedDay {
            for a in counters.indices {
                let s = served[a], active = opened.active[a]
                let record = DailyRecord(arm: recordedArm(a), day: recorded, activeCreators: active.all, activePopular: active.popular,
                                         impressions: s.impressions, coldStart: s.cold, fresh: s.fresh,
                                         likes: s.likes, welfare: s.impressions > 0 ? s.relevance / Double(s.impressions) : 0,
                                         movesTried: moves.tried, movesAccepted: moves.moved, published: opened.published, requests: s.requests,
                                         contentCosine: creators.meanCosineToStart(), followImpressions: s.follow,
                                         follows: s.follows)
                counters[a].daily.append(record)
            }
        }
        elapsed += 1
    }

    /// Whether group `g` of recorded arm `a` is matched by the arm's mechanism: always for a mechanism
    /// that ignores weights, and for one that reads them once the group's weight has been measured
    /// (``GroupReweighting/dosed(_:)``); otherwise by production's matching.
    func followsMechanism(arm a: Int, group g: Int) -> Bool { !mechanisms[a].readsWeights || platforms[a].dosed(g) }

    /// The cold-start percentile band group `g` of recorded arm `a` was served under today.
    func percentile(arm a: Int, group g: Int, k: Int, poolSize: Int) -> Double {
        guard followsMechanism(arm: a, group: g) else { return spec.serving.productionPercentile }
        if let p = mechanisms[a].percentile(forWeight: platforms[a].weight(g)) { return p }
        return poolSize > 0 ? 1 - Double(k) / Double(poolSize) : spec.serving.productionPercentile
    }

    /// Recorded arm `a`'s part of a per-arm context count (empty when none is counted).
    func contextSlice(_ counts: [Int], arm a: Int) -> [Int] {
        guard countsContexts else { return [] }
        let width = spec.population.groupCount * spec.population.topics
        return Array(counts[(a * width)..<((a + 1) * width)])
    }

    /// Each user group's context features for a ranking policy: an intercept, then one-hot country,
    /// gender and activity tier (the group index is (country · genders + gender) · tiers + tier).
    static func groupFeatures(_ population: PopulationSpec) -> [[Double]] {
        let countries = population.countries, genders = population.genders, tiers = population.tierShares.count
        return (0..<population.groupCount).map { g in
            var x = [Double](repeating: 0, count: 1 + countries + genders + tiers)
            let tier = g % tiers, gender = (g / tiers) % genders, country = g / (tiers * genders)
            x[0] = 1
            x[1 + country] = 1
            x[1 + countries + gender] = 1
            x[1 + countries + genders + tier] = 1
            return x
        }
    }

    /// The arm number recorded arm slot `a` writes: this market's own in a per-arm market.
    func recordedArm(_ a: Int) -> Int { assignment == nil ? index : a }

    /// What opening a day produced: the active creators (per recorded arm), today's items, the
    /// cold-start pool's size (today's and recent items still under the impression cap) and the
    /// window of items whose rewards are counted today.
    struct OpenedDay {
        var active: [(all: Int, popular: Int)]
        var published: Int
        var pool: Range<Int>
        var poolSize: Int
        var window: Range<Int>
    }

    /// Stages 1 and 2 of a day (``runDay()`` calls it; tests call it to examine one day's feed):
    /// creators decide whether to be active and publish today's items; the cold-start pool (items of
    /// the last `coldStartDays` days under the impression cap) and the catalogue of older items that
    /// are no longer cold-start are indexed; today's reward counters are cleared.
    func openDay(_ t: Int, week: Int) -> OpenedDay {
        creators.beginDay()
        _ = creators.decideActivity(day: t, stream: stream)
        var active = [(all: Int, popular: Int)](repeating: (0, 0), count: counters.count)
        for i in 0..<creators.count where creators.active[i] {
            let popular = creators.followersAtStart[i] > spec.population.popularFollowers
            for a in counters.indices where assignment?.holds(creator: i, arm: a) ?? true {
                active[a].all += 1
                if popular { active[a].popular += 1 }
                if week != 0 { counters[a].active(creator: i, week: week) }
            }
        }
        let published = creators.publish(day: t, into: &store, world: world, retrievalNoise: spec.serving.retrievalNoise, stream: stream)
        let pool = store.range(ofDay: t)
        let catalogue = store.range(fromDay: t - spec.serving.catalogueDays, toDay: t)
        let cold = store.range(fromDay: t - spec.serving.coldStartDays + 1, toDay: t + 1)
        retrieval.prepare(day: t, window: cold, catalogue: catalogue, store: store)
        follows.prepare(pool: pool, store: store)
        let window = Swift.min(catalogue.lowerBound, cold.lowerBound)..<store.count
        sources = window
        sourceRows.packsBFloat16 = retrieval.search.blocking.usesBFloat16
        sourceRows.rebuild(store, range: window, embeddings: \.embedding) { _ in true }
        for item in window { store.rewardToday[item] = 0 }
        for c in contextImpressions.indices { contextImpressions[c] = 0; contextLikes[c] = 0 }
        return OpenedDay(active: active, published: published, pool: pool, poolSize: retrieval.poolSize, window: window)
    }

    /// The like probability of an impression of relevance σ.
    @inline(__always)
    func likeProbability(_ sigma: Float) -> Double {
        Kernels.logistic(spec.platform.likeIntercept + spec.platform.likeSlope * Double(sigma))
    }

    /// The arm's per-unit tables (one per recorded arm: two in a shared market).
    func outcomes() -> [ArmOutcome] {
        counters.indices.map { a in
            counters[a].outcome(arm: recordedArm(a), days: spec.days, population: population, creators: creators,
                                popular: spec.population.popularFollowers,
                                users: assignment.map { s in { s.holds(user: $0, arm: a) } },
                                creators: assignment.map { s in { s.holds(creator: $0, arm: a) } })
        }
    }

    /// The arm's per-unit tables.
    func outcome() -> ArmOutcome { outcomes()[0] }
}
