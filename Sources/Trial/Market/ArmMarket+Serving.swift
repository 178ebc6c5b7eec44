import GSL
import Simulation

/// Totals of one day's serving.
struct ServedDay {
    var requests = 0, impressions = 0, likes = 0, cold = 0, fresh = 0
    var relevance = 0.0
}

extension ArmMarket {
    /// Sizes the feed's buffers for a day's pool, once, so that ``feed(user:k:hours:day:adjustments:)`` never allocates.
    func reserveFeed(poolSize: Int) {
        let capacity = poolSize + spec.serving.followCandidates + spec.serving.establishedCandidates + Self.maximumRequests
        list.reserve(capacity)
        selection.reserve(capacity)
    }

    /// One user's feed for the day: retrieval (cold-start under `k`, the follow channel's new items,
    /// then established items),
    /// ranking, and selection of an item per request hour into `shown` (slots of `list`, −1 for none).
    @inline(__always)
    func feed(user j: Int, k: Int, hours: ArraySlice<Double>, day t: Int, adjustments: RankingAdjustments?) {
        list.removeAll()
        retrieval.coldStart(user: j, k: k, users: users, into: &list)
        follows.candidates(user: j, day: t, quota: spec.serving.followCandidates, reach: spec.serving.followReach,
                           skipCount: list.count, into: &list)
        retrieval.established(user: j, requests: hours.count, users: users, into: &list)
        ranker.score(&list, user: j, store: store, users: users, adjustments: adjustments)
        selection.select(list, hours: hours, day: t, store: store, stream: stream, shown: &shown)
    }

    /// Serves every user's requests of day `t` through retrieval, ranking and selection; records
    /// impressions and likes, credits creators and items, and feeds the platform's and users' memories.
    func serveUsers(day t: Int, week: Int, slot: Int?, pool: Range<Int>, rules: [UserMatching],
                    adjustments: RankingAdjustments?) -> ServedDay {
        let recording = week != 0
        let freshHours = spec.platform.freshHours
        let observableReward = spec.creators.rewardSource == .likes
        let (likeReward, impressionReward, followReward) = (spec.creators.likeReward, spec.creators.impressionReward, spec.creators.followReward)
        let followPerLike = spec.creators.followPerLike
        reserveFeed(poolSize: pool.count)
        var groupLikes = [Int](repeating: 0, count: platform.weights.count), groupImpressions = groupLikes
        let trial = week > 0
        var total = ServedDay()

        for j in 0..<users.count {
            stream.key(StreamPurpose.requests, day: t, unit: j)
            let requests = Swift.min(Self.maximumRequests, stream.poisson(mean: users.meanRequests(j)))
            guard requests > 0 else { users.digest(user: j, likes: 0, impressions: 0); continue }
            total.requests += requests
            for q in 0..<requests { hours[q] = 24 * stream.uniform() }
            hours[0..<requests].sort()

            let g = users.group[j]
            let rule = rules[g]
            feed(user: j, k: rule.k, hours: hours[0..<requests], day: t, adjustments: adjustments)

            follows.beginLikes(user: j, day: t)
            var likes = 0, impressions = 0, cold = 0, fresh = 0, topics = 0
            var lowest = Float.infinity
            for q in 0..<requests {
                let slot = Int(shown[q])
                guard slot >= 0 else { continue }
                let item = Int(list.item[slot]), sigma = list.sigma[slot]
                let i = Int(store.creator[item])
                let p = likeProbability(sigma)
                let liked = stream.uniform() < p
                if trial { need.expectedLikes[g] += p; need.impressions[g] += 1 }
                let age = Double(t - Int(store.day[item])) * 24 + hours[q] - Double(store.hour[item])
                let isCold = Int(store.day[item]) == t, isFresh = age < freshHours
                let followed = liked && follows.liked(user: j, creator: i, p: followPerLike)
                if followed { creators.followsToday[i] += 1 }
                let observed = (liked ? likeReward : 0) + impressionReward + (followed ? followReward : 0)
                let reward = rule.rewardWeight * (observableReward ? observed : Double(sigma))
                creators.impressionsToday[i] += 1
                store.rewardToday[item] += reward
                store.impressions[item] += 1
                if liked { creators.likesToday[i] += 1; likes += 1 }
                impressions += 1
                lowest = Swift.min(lowest, sigma)
                total.relevance += Double(sigma)
                if isCold { total.cold += 1; cold += 1; creators.newItemRewardToday[i] += reward }
                if isFresh { total.fresh += 1; fresh += 1 }
                if recording {
                    let topic = Int(store.topic[item])
                    let word = topic >> 6, bit = UInt64(1) << UInt64(topic & 63)
                    if dayTopics[word] & bit == 0 { dayTopics[word] |= bit; topics += 1 }
                    counters.impression(user: j, creator: i, week: week, liked: liked, cold: isCold, fresh: isFresh, topic: topic)
                }
            }
            if impressions > 0 { users.bar[j] = lowest }
            if let slot {
                counters.userDay(slot: slot, group: g, impressions: impressions, likes: likes, cold: cold, fresh: fresh, topics: topics)
                for w in dayTopics.indices { dayTopics[w] = 0 }
            }
            users.digest(user: j, likes: likes, impressions: impressions)
            groupLikes[g] += likes
            groupImpressions[g] += impressions
            total.likes += likes
            total.impressions += impressions
        }
        platform.record(likes: groupLikes, impressions: groupImpressions)
        return total
    }
}

