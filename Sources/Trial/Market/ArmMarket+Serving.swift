import GSL
import Simulation

/// Totals of one day's serving.
struct ServedDay {
    var requests = 0, impressions = 0, likes = 0, cold = 0, fresh = 0
    var relevance = 0.0
}

extension ArmMarket {
    /// Sizes the feed's buffers for a day's pool, once, so that ``feed(user:k:hours:day:adjustments:mixed:)`` never allocates.
    func reserveFeed(poolSize: Int) {
        let capacity = poolSize + spec.serving.followCandidates + spec.serving.establishedCandidates + Self.maximumRequests
        list.reserve(capacity)
        selection.reserve(capacity)
        if assignment != nil {
            scratch.reserve(poolSize)
            if retrievedMark.count < store.count { retrievedMark += [Int32](repeating: 0, count: store.count - retrievedMark.count) }
        }
    }

    /// One user's feed for the day: retrieval (cold-start under `k`, the follow channel's new items,
    /// then established items),
    /// ranking, and selection of an item per request hour into `shown` (slots of `list`, −1 for none).
    ///
    /// - Parameter mixed: in a shared market, a user whose items' rules depend on their creators'
    ///   arms: each of today's items is retrieved under its creator's arm's K (control's for creators
    ///   outside the experiment), and the treatment's ranking adjustments reach treated creators' items only.
    @inline(__always)
    func feed(user j: Int, k: Int, hours: ArraySlice<Double>, day t: Int, adjustments: RankingAdjustments?,
              mixed: (control: Int, treatment: Int)? = nil) {
        list.removeAll()
        if let mixed, mixed.control != mixed.treatment {
            mixedColdStart(user: j, control: mixed.control, treatment: mixed.treatment)
        } else {
            retrieval.coldStart(user: j, k: k, users: users, into: &list)
        }
        follows.candidates(user: j, day: t, quota: spec.serving.followCandidates, reach: spec.serving.followReach,
                           skipCount: list.count, into: &list)
        retrieval.established(user: j, requests: hours.count, users: users, into: &list)
        ranker.score(&list, user: j, store: store, users: users, adjustments: adjustments,
                     treatedCreators: mixed == nil ? nil : assignment?.creator)
        selection.select(list, hours: hours, day: t, store: store, stream: stream, shown: &shown)
    }

    /// The cold-start items of a mixed feed: the top min(K) of the pool for every creator, and the
    /// items ranked between min(K) and max(K) for the creators of the arm with the larger K (exact
    /// top-k sets are nested, ties going to the lower slot).
    private func mixedColdStart(user j: Int, control: Int, treatment: Int) {
        let small = Swift.min(control, treatment), big = Swift.max(control, treatment)
        let bigArm: Int8 = treatment > control ? 1 : 0
        retrieval.coldStart(user: j, k: small, users: users, into: &list)
        retrievalStamp &+= 1
        let stamp = retrievalStamp
        for c in 0..<list.count { retrievedMark[Int(list.item[c])] = stamp }
        scratch.removeAll()
        retrieval.coldStart(user: j, k: big, users: users, into: &scratch)
        let arms = assignment!.creator
        for c in 0..<scratch.count {
            let item = Int(scratch.item[c])
            let arm: Int8 = arms[Int(store.creator[item])] == 1 ? 1 : 0
            if retrievedMark[item] != stamp && arm == bigArm { list.append(Int32(item)) }
        }
    }

    /// Serves every user's requests of day `t` through retrieval, ranking and selection; records
    /// impressions and likes, credits creators and items, and feeds the platform's and users' memories.
    ///
    /// `rules` and `adjustments` are per recorded arm; the result is each recorded arm's totals (in a
    /// shared market, of the impressions in that arm's cells).
    func serveUsers(day t: Int, week: Int, slot: Int?, pool: Range<Int>, rules: [[UserMatching]],
                    adjustments: [RankingAdjustments?]) -> [ServedDay] {
        let recording = week != 0
        let freshHours = spec.platform.freshHours
        let observableReward = spec.creators.rewardSource == .likes
        let (likeReward, impressionReward, followReward) = (spec.creators.likeReward, spec.creators.impressionReward, spec.creators.followReward)
        let followPerLike = spec.creators.followPerLike
        reserveFeed(poolSize: pool.count)
        let arms = counters.count, words = dayTopics.count / arms
        var groupLikes = [[Int]](repeating: [Int](repeating: 0, count: platforms[0].weights.count), count: arms), groupImpressions = groupLikes
        let trial = week > 0
        var totals = [ServedDay](repeating: ServedDay(), count: arms)
        var cell = [ServedDay](repeating: ServedDay(), count: arms)
        var cellTopics = [Int](repeating: 0, count: arms)
        let shared = assignment

        for j in 0..<users.count {
            stream.key(StreamPurpose.requests, day: t, unit: j)
            let requests = Swift.min(Self.maximumRequests, stream.poisson(mean: users.meanRequests(j)))
            guard requests > 0 else { users.digest(user: j, likes: 0, impressions: 0); continue }
            for a in 0..<arms where shared?.holds(user: j, arm: a) ?? true { totals[a].requests += requests }
            for q in 0..<requests { hours[q] = 24 * stream.uniform() }
            hours[0..<requests].sort()

            let g = users.group[j]
            let control = rules[0][g], treatment = rules[arms - 1][g]
            let mixes = shared?.mixes(user: j) ?? false
            let userTreated = shared.map { $0.design == .user && $0.user[j] == 1 } ?? false
            let base = userTreated ? treatment : control
            feed(user: j, k: base.k, hours: hours[0..<requests], day: t,
                 adjustments: mixes ? adjustments[arms - 1] : adjustments[userTreated ? 1 : 0],
                 mixed: mixes ? (control.k, treatment.k) : nil)
            if recallStride > 0 {
                measure.retrieved += Swift.min(base.k, pool.count)
                measure.scored += retrieval.scanned
                if j % recallStride == 0 {
                    measure.found += retrieval.recall(user: j, k: Swift.min(base.k, pool.count), users: users)
                    measure.wanted += Swift.min(base.k, pool.count)
                }
            }

            follows.beginLikes(user: j, day: t)
            var likes = 0, impressions = 0
            for a in 0..<arms { cell[a] = ServedDay(); cellTopics[a] = 0 }
            var lowest = Float.infinity
            for q in 0..<requests {
                let slot = Int(shown[q])
                guard slot >= 0 else { continue }
                let item = Int(list.item[slot]), sigma = list.sigma[slot]
                let i = Int(store.creator[item])
                let a = shared.map { Int($0.cell(user: j, creator: i)) } ?? 0
                let rule = mixes && shared!.treated(user: j, creator: i) ? treatment : base
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
                if isCold { creators.newItemRewardToday[i] += reward }
                guard a >= 0 else { continue }
                cell[a].impressions += 1
                cell[a].relevance += Double(sigma)
                if liked { cell[a].likes += 1 }
                if isCold { cell[a].cold += 1 }
                if isFresh { cell[a].fresh += 1 }
                if recording {
                    let topic = Int(store.topic[item])
                    let word = a * words + topic >> 6, bit = UInt64(1) << UInt64(topic & 63)
                    if dayTopics[word] & bit == 0 { dayTopics[word] |= bit; cellTopics[a] += 1 }
                    counters[a].impression(user: j, creator: i, week: week, liked: liked, cold: isCold, fresh: isFresh, topic: topic)
                }
            }
            if impressions > 0 { users.bar[j] = lowest }
            for a in 0..<arms where shared?.holds(user: j, arm: a) ?? true {
                let c = cell[a]
                if let slot {
                    counters[a].userDay(slot: slot, group: g, impressions: c.impressions, likes: c.likes, cold: c.cold, fresh: c.fresh,
                                        topics: cellTopics[a])
                }
                groupLikes[a][g] += c.likes
                groupImpressions[a][g] += c.impressions
                totals[a].likes += c.likes
                totals[a].impressions += c.impressions
                totals[a].cold += c.cold
                totals[a].fresh += c.fresh
                totals[a].relevance += c.relevance
            }
            if recording { for w in dayTopics.indices { dayTopics[w] = 0 } }
            users.digest(user: j, likes: likes, impressions: impressions)
        }
        for a in 0..<arms { platforms[a].record(likes: groupLikes[a], impressions: groupImpressions[a]) }
        return totals
    }
}
