import Foundation
import GSL

/// The creators of one arm: their content direction, activity, followers and reward memories.
///
/// A creator is active on a day with probability logistic(baseline + γ·log(recent reward /
/// reference reward)): both are exponentially weighted memories of her *own* reward per new item
/// (what her items earned on the day she published them — the figure creators watch), updated on
/// the days she publishes. Compared with her own history rather than with other creators, an
/// arm-wide change in what new items earn moves activity too; measured per item, her reward does
/// not fall merely because she skipped a day.
struct CreatorState {
    let count: Int
    let d: Int
    let spec: CreatorSpec
    /// Current content directions, `count × d`, unit vectors; and where each started.
    var direction: [Double]
    let start: [Double]
    let baselineLogit: [Double]
    let followersAtStart: [Double]
    private(set) var followers: [Double]
    private(set) var rewardRecent: [Double], rewardReference: [Double]
    private(set) var remembers: [Bool]
    private(set) var active: [Bool]
    /// Today's impressions and likes of each creator's items, and the reward her new items earned.
    var impressionsToday: [Int], likesToday: [Int], newItemRewardToday: [Double]
    /// New followers each creator won today (likes that turned into follows).
    var followsToday: [Int]
    /// Items each creator published today.
    private(set) var publishedToday: [Int]

    init(population: ArmPopulation, spec: CreatorSpec) {
        count = population.creatorCount
        d = population.dimension
        self.spec = spec
        direction = population.creatorStart
        start = population.creatorStart
        baselineLogit = population.activityLogit
        followersAtStart = population.followers
        followers = population.followers
        rewardRecent = [Double](repeating: 0, count: count); rewardReference = rewardRecent
        remembers = [Bool](repeating: false, count: count)
        active = remembers
        newItemRewardToday = rewardRecent
        publishedToday = [Int](repeating: 0, count: count)
        impressionsToday = [Int](repeating: 0, count: count); likesToday = impressionsToday; followsToday = impressionsToday
    }

    /// The probability that creator `i` is active today.
    func activityProbability(_ i: Int) -> Double {
        var logit = baselineLogit[i]
        if remembers[i] {
            let floor = 0.5
            let change = log((rewardRecent[i] + floor) / (rewardReference[i] + floor))
            logit += spec.rewardResponse * Swift.min(3, Swift.max(-3, change))
        }
        return Kernels.logistic(logit)
    }

    /// Draws who is active on day `t`; returns how many are.
    mutating func decideActivity(day t: Int, stream: UnitStream) -> Int {
        var n = 0
        for i in 0..<count {
            stream.key(StreamPurpose.activity, day: t, unit: i)
            active[i] = stream.uniform() < activityProbability(i)
            if active[i] { n += 1 }
        }
        return n
    }

    /// Active creators publish today's items into `store`: 1 + Poisson(itemsPerDay − 1) each, drawn
    /// around their direction; returns the number of items.
    mutating func publish(day t: Int, into store: inout ItemStore, world: World, retrievalNoise: Double, stream: UnitStream) -> Int {
        var content = [Double](repeating: 0, count: d), view = content
        var published = 0
        direction.withUnsafeBufferPointer { dir in
            content.withUnsafeMutableBufferPointer { c in
                view.withUnsafeMutableBufferPointer { v in
                    for i in 0..<count where active[i] {
                        stream.key(StreamPurpose.publishing, day: t, unit: i)
                        let items = 1 + stream.poisson(mean: spec.itemsPerDay - 1)
                        publishedToday[i] = items
                        for _ in 0..<items {
                            let hour = 24 * stream.uniform()
                            Kernels.perturb(dir.baseAddress! + i * d, noise: spec.contentNoise, stream: stream, into: c)
                            // The retrieval model's view: the content seen through its own error.
                            Kernels.perturb(c.baseAddress!, noise: retrievalNoise, stream: stream, into: v)
                            store.append(creator: i, day: t, hour: hour, topic: world.topic(of: c.baseAddress!)) { e, r in
                                for k in 0..<d { e[k] = Float(c[k]); r[k] = Float(v[k]) }
                            }
                            published += 1
                        }
                    }
                }
            }
        }
        store.closeDay()
        return published
    }

    /// Clears today's counters.
    mutating func beginDay() {
        for i in 0..<count {
            newItemRewardToday[i] = 0; impressionsToday[i] = 0; likesToday[i] = 0; publishedToday[i] = 0; followsToday[i] = 0
        }
    }

    /// Folds today's reward per new item into the memories (creators who published) and new follows into followers.
    mutating func digestDay() {
        let recent = pow(0.5, 1 / spec.rewardHalfLife), reference = pow(0.5, 1 / spec.referenceHalfLife)
        for i in 0..<count {
            followers[i] += Double(followsToday[i])
            guard publishedToday[i] > 0 else { continue }
            let r = newItemRewardToday[i] / Double(publishedToday[i])
            if remembers[i] {
                rewardRecent[i] = recent * rewardRecent[i] + (1 - recent) * r
                rewardReference[i] = reference * rewardReference[i] + (1 - reference) * r
            } else {
                rewardRecent[i] = r; rewardReference[i] = r; remembers[i] = true
            }
        }
    }

    /// Mean cosine between creators' current directions and where they started.
    func meanCosineToStart() -> Double {
        guard count > 0 else { return 1 }
        var total = 0.0
        for i in 0..<count {
            var dot = 0.0
            for k in 0..<d { dot += direction[i * d + k] * start[i * d + k] }
            total += dot
        }
        return total / Double(count)
    }
}

/// The purposes a unit's randomness is keyed by (one independent stream per purpose, day and unit).
enum StreamPurpose {
    static let activity: UInt64 = 1
    static let publishing: UInt64 = 2
    static let requests: UInt64 = 3
    static let adaptation: UInt64 = 4
    static let sampling: UInt64 = 5
}
