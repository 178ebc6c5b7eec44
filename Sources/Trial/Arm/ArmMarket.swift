import Foundation
import GSL
import Simulation

/// One arm of a symmetric trial: its users, its creators, its platform and its own random stream.
///
/// Nothing here is shared with another arm; an arm is owned by one task and run day by day
/// (MODEL.md §7): creators decide whether to be active and move (LBR), active creators publish
/// into the cold-start pool, users make requests served from the pool through the arm's
/// mechanism or from established content, impressions are liked with a probability that rises
/// with relevance, and at the end of the day the platform re-weights its user groups.
final class ArmMarket {
    let index: Int
    let spec: TrialSpec
    let mechanism: any Mechanism
    let world: World
    let population: ArmPopulation
    let stream: RandomStream
    /// Established content is drawn by followers, which never change: built once.
    let established: EstablishedCatalogue
    let d: Int
    let m: Int
    let n: Int

    // Creators.
    var strategy: [Double]
    /// Latest item published before today (established content): embedding and topic.
    var itemEmbedding: [Double]
    var itemTopic: [Int]
    var smoothedReward: [Double]
    var active: [Bool]
    var publishHour: [Double]
    var todayTopic: [Int]
    var reward: [Double]

    // Platform.
    var weights: [Double]
    let groupUsers: [Int]
    let keptGroup: [Bool]
    var groupLikes: [[Int]] = []
    var groupImpressions: [[Int]] = []
    /// Yesterday's cold-start summary of each user: her K-th relevance and log normaliser.
    var threshold: [Double]
    var logNormaliser: [Double]
    var summaryBeta: [Double]
    var hasSummary: [Bool]

    // Outcome counters: [week][unit], week 0 = whole period.
    let weeks: Int
    var userImpressions: [[Int32]], userLikes: [[Int32]], userCold: [[Int32]], userFresh: [[Int32]]
    var topicBits: [[UInt64]]
    let topicWords: Int
    var creatorActive: [[Int32]], creatorImpressions: [[Int32]], creatorCold: [[Int32]], creatorLikes: [[Int32]]
    var daily: [DailyRecord] = []
    var weightRows: [WeightRecord] = []

    // Scratch.
    var scores: [Double]
    var order: [Int32]
    var softmax: [Double]

    init(index: Int, spec: TrialSpec, world: World, population: ArmPopulation, stream: RandomStream) {
        self.index = index
        self.spec = spec
        mechanism = spec.arms[index].mechanism
        self.world = world
        self.population = population
        self.stream = stream
        established = EstablishedCatalogue(followers: population.followers)
        d = population.dimension
        m = population.userCount
        n = population.creatorCount
        strategy = population.creatorStart
        itemEmbedding = population.creatorStart
        itemTopic = (0..<n).map { i in population.creatorStart.withUnsafeBufferPointer { world.topic(of: $0.baseAddress! + i * population.dimension) } }
        smoothedReward = [Double](repeating: 1, count: n)
        active = [Bool](repeating: false, count: n)
        publishHour = [Double](repeating: 0, count: n)
        todayTopic = [Int](repeating: 0, count: n)
        reward = [Double](repeating: 0, count: n)

        let groups = spec.population.groupCount
        var sizes = [Int](repeating: 0, count: groups)
        for g in population.userGroup { sizes[g] += 1 }
        groupUsers = sizes
        keptGroup = sizes.map { $0 >= spec.population.minGroupSize }
        weights = [Double](repeating: 1, count: groups)
        threshold = [Double](repeating: 0, count: population.userCount)
        logNormaliser = [Double](repeating: 0, count: population.userCount)
        summaryBeta = [Double](repeating: spec.platform.beta, count: population.userCount)
        hasSummary = [Bool](repeating: false, count: population.userCount)

        let weeks = (spec.days + 6) / 7
        self.weeks = weeks
        let creators = population.creatorCount, users = population.userCount
        let table = { (count: Int) -> [[Int32]] in [[Int32]](repeating: [Int32](repeating: 0, count: count), count: weeks + 1) }
        userImpressions = table(users); userLikes = table(users); userCold = table(users); userFresh = table(users)
        let words = (spec.population.topics + 63) / 64
        topicWords = words
        topicBits = [[UInt64]](repeating: [UInt64](repeating: 0, count: population.userCount * words), count: weeks + 1)
        creatorActive = table(creators); creatorImpressions = table(creators); creatorCold = table(creators); creatorLikes = table(creators)
        scores = [Double](repeating: 0, count: creators)
        order = [Int32](repeating: 0, count: creators)
        softmax = [Double](repeating: 0, count: creators)
    }

    /// Runs day `day` (1-based).
    func runDay(_ day: Int) {
        let week = (day - 1) / 7 + 1
        let platform = spec.platform
        let matching = todaysMatching()

        // 1. Creators decide whether to be active today, from their smoothed recent reward.
        var activeCount = 0, activePopular = 0
        for i in 0..<n {
            let p = Kernels.logistic(population.activityLogit[i] + spec.creators.rewardResponse * (smoothedReward[i] - 1))
            active[i] = stream.bernoulli(p)
            if active[i] {
                activeCount += 1
                if population.followers[i] > spec.population.popularFollowers { activePopular += 1 }
                creatorActive[week][i] += 1
                creatorActive[0][i] += 1
            }
        }

        // 2. Active creators adapt their content (LBR) against what they observed of the market.
        let (tried, accepted) = moveCreators(matching: matching)

        // 3. They publish: today's cold-start pool.
        var pool = [Int]()
        pool.reserveCapacity(activeCount)
        for i in 0..<n where active[i] {
            pool.append(i)
            publishHour[i] = 24 * stream.uniform()
            todayTopic[i] = strategy.withUnsafeBufferPointer { world.topic(of: $0.baseAddress! + i * d) }
        }

        // 4. Users' requests.
        for i in 0..<n { reward[i] = 0 }
        var likesToday = [Int](repeating: 0, count: groupUsers.count)
        var impressionsToday = [Int](repeating: 0, count: groupUsers.count)
        var dayImpressions = 0, dayCold = 0, dayFresh = 0, dayLikes = 0
        var welfareSum = 0.0, welfareUsers = 0
        let poolDefaults = productionDefaults(poolSize: pool.count)
        let perGroup = weights.map { mechanism.matching(forWeight: $0, defaults: poolDefaults) }
        let unweighted = mechanism.matching(forWeight: 1, defaults: poolDefaults)

        for j in 0..<m {
            let requests = stream.poisson(mean: population.userRate[j])
            guard requests > 0 else { continue }
            let cold = pool.isEmpty ? 0 : stream.binomial(trials: requests, p: platform.coldStartShare)
            let g = population.userGroup[j]
            let rule = keptGroup[g] ? perGroup[g] : unweighted
            var record = Impressions()
            if cold > 0 {
                let expected = serveColdStart(user: j, draws: cold, pool: pool, k: rule.k, beta: rule.beta,
                                              rewardWeight: rule.rewardWeight, week: week, record: &record)
                welfareSum += expected
                welfareUsers += 1
            }
            for _ in 0..<(requests - cold) {
                let i = established.draw(stream)
                let sigma = itemEmbedding.withUnsafeBufferPointer { s in
                    population.userTaste.withUnsafeBufferPointer { x in Kernels.relevance(s.baseAddress! + i * d, x.baseAddress! + j * d, d) }
                }
                let liked = stream.bernoulli(likeProbability(sigma))
                record.add(liked: liked, cold: false, fresh: false)
                creditCreator(i, sigma: sigma, rewardWeight: 1, liked: liked, cold: false, week: week)
                markTopic(user: j, topic: itemTopic[i], week: week)
            }
            for w in 0...1 {
                let period = w == 0 ? 0 : week
                userImpressions[period][j] += Int32(record.impressions)
                userLikes[period][j] += Int32(record.likes)
                userCold[period][j] += Int32(record.cold)
                userFresh[period][j] += Int32(record.fresh)
            }
            impressionsToday[g] += record.impressions
            likesToday[g] += record.likes
            dayImpressions += record.impressions
            dayCold += record.cold
            dayFresh += record.fresh
            dayLikes += record.likes
        }
        groupLikes.append(likesToday)
        groupImpressions.append(impressionsToday)

        // 5. Today's items become established content; creators digest their reward.
        for i in pool {
            for k in 0..<d { itemEmbedding[i * d + k] = strategy[i * d + k] }
            itemTopic[i] = todayTopic[i]
        }
        let meanReward = reward.reduce(0, +) / Double(Swift.max(1, n))
        let smoothing = 1 - pow(0.5, 1 / spec.creators.rewardHalfLife)
        for i in 0..<n {
            let relative = meanReward > 0 ? reward[i] / meanReward : 1
            smoothedReward[i] += smoothing * (relative - smoothedReward[i])
        }

        // 6. The platform re-weights groups from each group's LTR change over the previous two days.
        updateWeights()
        for g in weights.indices where keptGroup[g] {
            weightRows.append(WeightRecord(arm: index, day: day, group: g, users: groupUsers[g], weight: weights[g]))
        }
        daily.append(DailyRecord(arm: index, day: day, activeCreators: activeCount, activePopular: activePopular,
                                 impressions: dayImpressions, coldStart: dayCold, fresh: dayFresh, likes: dayLikes,
                                 welfare: welfareUsers > 0 ? welfareSum / Double(welfareUsers) : 0,
                                 movesTried: tried, movesAccepted: accepted))
    }

    /// The like probability of an impression of relevance σ.
    @inline(__always)
    func likeProbability(_ sigma: Double) -> Double {
        Kernels.logistic(spec.platform.likeIntercept + spec.platform.likeSlope * sigma)
    }

    /// The production matching for a cold-start pool of `poolSize` items: K = max(1, ⌈(1 − p)·pool⌉).
    func productionDefaults(poolSize: Int) -> MatchingDefaults {
        let p = spec.platform
        return MatchingDefaults(k: Swift.max(1, Int(((1 - p.productionPercentile) * Double(poolSize) - 1e-9).rounded(.up))),
                                beta: p.beta, poolSize: poolSize)
    }

    /// Matching per group for the creators' utility estimates (pool size: all creators, as they cannot know tomorrow's).
    func todaysMatching() -> [UserMatching] {
        let defaults = productionDefaults(poolSize: n)
        return weights.indices.map { g in mechanism.matching(forWeight: keptGroup[g] ? weights[g] : 1, defaults: defaults) }
    }

    func creditCreator(_ i: Int, sigma: Double, rewardWeight: Double, liked: Bool, cold: Bool, week: Int) {
        reward[i] += rewardWeight * sigma
        // The whole trial (period 0) and this week.
        for period in 0...1 {
            let w = period == 0 ? 0 : week
            creatorImpressions[w][i] += 1
            if cold { creatorCold[w][i] += 1 }
            if liked { creatorLikes[w][i] += 1 }
        }
    }

    @inline(__always)
    func markTopic(user j: Int, topic: Int, week: Int) {
        let word = j * topicWords + topic >> 6, bit = UInt64(1) << UInt64(topic & 63)
        topicBits[0][word] |= bit
        topicBits[week][word] |= bit
    }

    /// Serves `draws` cold-start requests of user `j` from the pool through top-K softmax matching;
    /// returns the expected relevance of one match and leaves the user's summary for tomorrow's creators.
    func serveColdStart(user j: Int, draws: Int, pool: [Int], k: Int, beta: Double, rewardWeight: Double,
                        week: Int, record: inout Impressions) -> Double {
        let size = pool.count
        let kk = Swift.min(Swift.max(1, k), size)
        // Relevance of every pool item for this user.
        strategy.withUnsafeBufferPointer { s in
            population.userTaste.withUnsafeBufferPointer { x in
                let xj = x.baseAddress! + j * d
                for (t, i) in pool.enumerated() {
                    scores[t] = Kernels.relevance(s.baseAddress! + i * d, xj, d)
                    order[t] = Int32(t)
                }
            }
        }
        // The top K by relevance (ties to the lower pool slot), via selection.
        if kk < size { TopK.select(kk, scores: scores, order: &order, count: size) }
        var best = -Double.infinity, kth = Double.infinity
        for t in 0..<kk {
            let v = scores[Int(order[t])]
            best = Swift.max(best, v)
            kth = Swift.min(kth, v)
        }
        var total = 0.0, expected = 0.0
        for t in 0..<kk {
            let v = scores[Int(order[t])]
            let w = beta > 0 ? exp((v - best) / beta) : (v == best ? 1 : 0)
            softmax[t] = w
            total += w
            expected += w * v
        }
        threshold[j] = kk < size ? kth : -Double.infinity
        logNormaliser[j] = beta > 0 ? (best - 1) / beta + log(total) : 0
        summaryBeta[j] = beta
        hasSummary[j] = true
        for _ in 0..<draws {
            var u = stream.uniform() * total
            var t = 0
            while t < kk - 1 && u >= softmax[t] { u -= softmax[t]; t += 1 }
            let slot = Int(order[t])
            let i = pool[slot]
            let sigma = scores[slot]
            let hour = 24 * stream.uniform()
            var age = hour - publishHour[i]
            if age < 0 { age += 24 }
            let fresh = age < spec.platform.freshHours
            let liked = stream.bernoulli(likeProbability(sigma))
            record.add(liked: liked, cold: true, fresh: fresh)
            creditCreator(i, sigma: sigma, rewardWeight: rewardWeight, liked: liked, cold: true, week: week)
            markTopic(user: j, topic: todayTopic[i], week: week)
        }
        return expected / total
    }

    /// The re-weighting of Algorithm 1 with the trial's satisfaction signal.
    func updateWeights() {
        let days = groupLikes.count
        guard days >= 3 else { return }
        func ltr(_ day: Int, _ g: Int) -> Double? {
            let impressions = groupImpressions[day][g]
            return impressions > 0 ? Double(groupLikes[day][g]) / Double(impressions) : nil
        }
        let rule = AdaptiveReweighting(alphaEarly: spec.platform.alpha, alphaLate: spec.platform.alpha, switchFraction: 1,
                                       minimumWeight: spec.platform.wMin, maximumWeight: spec.platform.wMax)
        let kept = weights.indices.filter { keptGroup[$0] }
        guard !kept.isEmpty else { return }
        let satisfaction: [Double?] = kept.map { g in
            guard let today = ltr(days - 1, g), let a = ltr(days - 2, g), let b = ltr(days - 3, g) else { return nil }
            let before = (a + b) / 2
            return before > 0 ? (today - before) / before : nil
        }
        let updated = rule.updated(weights: kept.map { weights[$0] }, satisfaction: satisfaction, alpha: spec.platform.alpha)
        for (slot, g) in kept.enumerated() { weights[g] = updated[slot] }
    }

    /// The arm's per-unit tables.
    func outcome() -> ArmOutcome {
        var out = ArmOutcome()
        out.users.reserveCapacity(m * (weeks + 1))
        for w in 0...weeks {
            for j in 0..<m {
                var topics = 0
                for word in 0..<topicWords { topics += topicBits[w][j * topicWords + word].nonzeroBitCount }
                out.users.append(UserRecord(arm: index, user: j, group: population.userGroup[j], tier: population.userTier[j],
                                            week: w, impressions: Int(userImpressions[w][j]), likes: Int(userLikes[w][j]),
                                            coldStart: Int(userCold[w][j]), fresh: Int(userFresh[w][j]), topics: topics))
            }
        }
        for w in 0...weeks {
            let days = w == 0 ? spec.days : Swift.min(7, spec.days - (w - 1) * 7)
            for i in 0..<n {
                out.creators.append(CreatorRecord(arm: index, creator: i,
                                                  popular: population.followers[i] > spec.population.popularFollowers,
                                                  followers: population.followers[i], week: w, days: days,
                                                  activeDays: Int(creatorActive[w][i]), impressions: Int(creatorImpressions[w][i]),
                                                  coldStart: Int(creatorCold[w][i]), likes: Int(creatorLikes[w][i])))
            }
        }
        out.daily = daily
        out.weights = weightRows
        return out
    }
}

/// Counts of one user's impressions today.
struct Impressions {
    var impressions = 0, likes = 0, cold = 0, fresh = 0
    mutating func add(liked: Bool, cold isCold: Bool, fresh isFresh: Bool) {
        impressions += 1
        if liked { likes += 1 }
        if isCold { cold += 1 }
        if isFresh { fresh += 1 }
    }
}
