/// What an arm records of its trial days, per unit and period: period 0 is the whole trial, period
/// w ≥ 1 its week w, and — when the trial has one — period `weeks + 1` the pre-period (week −1 in
/// the tables). Flat buffers of `periods × units`.
struct ArmCounters {
    let users: Int
    let creators: Int
    let weeks: Int
    let topicWords: Int
    /// Pre-period days (0: none, and no pre-period slot).
    let preDays: Int
    /// Re-weighting groups, for the daily group totals.
    let groups: Int
    /// Per recorded day (pre-period days first) and group: impressions, likes, cold-start, fresh
    /// impressions and Σ over users of the day's distinct topics — the daily arm-level series of
    /// the single-pair test (docs/MODEL.md §9). Flat `days × groups × GroupDayRecord.fields`.
    var groupDaily: [Int64]
    var userImpressions: [Int32], userLikes: [Int32], userCold: [Int32], userFresh: [Int32]
    var topicBits: [UInt64]
    /// Creators each user follows when the trial starts (``noteFollows(_:)``).
    var userFollows: [Int32]
    var creatorActive: [Int32], creatorImpressions: [Int32], creatorCold: [Int32], creatorLikes: [Int32]
    /// Days with at least one impression, per period; and the day stamp of each creator's last impression.
    var creatorServed: [Int32]
    var creatorStamp: [Int32]
    /// The current day's stamp (``beginDay()``).
    var stamp: Int32 = 0
    /// The recorded days' totals, pre-period days (≤ 0) first.
    var daily: [DailyRecord] = []
    var weightRows: [WeightRecord] = []

    init(users: Int, creators: Int, days: Int, preDays: Int = 0, topics: Int, groups: Int) {
        self.users = users
        self.creators = creators
        self.preDays = preDays
        self.groups = groups
        groupDaily = [Int64](repeating: 0, count: (preDays + days) * groups * GroupDayRecord.fields)
        weeks = (days + 6) / 7
        topicWords = (topics + 63) / 64
        let periods = weeks + 1 + (preDays > 0 ? 1 : 0)
        userImpressions = [Int32](repeating: 0, count: periods * users)
        userLikes = userImpressions; userCold = userImpressions; userFresh = userImpressions
        topicBits = [UInt64](repeating: 0, count: periods * users * topicWords)
        userFollows = [Int32](repeating: 0, count: users)
        creatorActive = [Int32](repeating: 0, count: periods * creators)
        creatorImpressions = creatorActive; creatorCold = creatorActive; creatorLikes = creatorActive; creatorServed = creatorActive
        creatorStamp = [Int32](repeating: 0, count: creators)
    }

    /// Each user's follows as the trial starts: called before the first trial day is served.
    mutating func noteFollows(_ graph: FollowGraph) {
        for j in 0..<users { userFollows[j] = Int32(truncatingIfNeeded: graph.followees[j].count) }
    }

    /// A new served day: a creator's first impression of it counts a served day.
    mutating func beginDay() { stamp += 1 }

    /// The pre-period's slot.
    var prePeriod: Int { weeks + 1 }

    /// One impression of user `j` of an item of creator `i` in `week` (−1: the pre-period).
    @inline(__always)
    mutating func impression(user j: Int, creator i: Int, week: Int, liked: Bool, cold: Bool, fresh: Bool, topic: Int) {
        if creatorStamp[i] != stamp {
            creatorStamp[i] = stamp
            if week < 0 { creatorServed[prePeriod * creators + i] += 1 } else { creatorServed[i] += 1; creatorServed[week * creators + i] += 1 }
        }
        if week < 0 {
            count(period: prePeriod, user: j, creator: i, liked: liked, cold: cold, fresh: fresh, topic: topic)
            return
        }
        count(period: 0, user: j, creator: i, liked: liked, cold: cold, fresh: fresh, topic: topic)
        count(period: week, user: j, creator: i, liked: liked, cold: cold, fresh: fresh, topic: topic)
    }

    @inline(__always)
    private mutating func count(period: Int, user j: Int, creator i: Int, liked: Bool, cold: Bool, fresh: Bool, topic: Int) {
        let u = period * users + j, c = period * creators + i
        userImpressions[u] += 1
        creatorImpressions[c] += 1
        if liked { userLikes[u] += 1; creatorLikes[c] += 1 }
        if cold { userCold[u] += 1; creatorCold[c] += 1 }
        if fresh { userFresh[u] += 1 }
        topicBits[u * topicWords + topic >> 6] |= UInt64(1) << UInt64(topic & 63)
    }

    /// The slot of a recorded day: pre-period days −preDays + 1 … 0, then trial days 1 … D.
    func daySlot(_ day: Int) -> Int { day + preDays - 1 }

    /// One user's totals of a recorded day, added to her group's.
    @inline(__always)
    mutating func userDay(slot: Int, group g: Int, impressions: Int, likes: Int, cold: Int, fresh: Int, topics: Int) {
        let base = (slot * groups + g) * GroupDayRecord.fields
        groupDaily[base] += Int64(impressions)
        groupDaily[base + 1] += Int64(likes)
        groupDaily[base + 2] += Int64(cold)
        groupDaily[base + 3] += Int64(fresh)
        groupDaily[base + 4] += Int64(topics)
    }

    mutating func active(creator i: Int, week: Int) {
        if week < 0 { creatorActive[prePeriod * creators + i] += 1; return }
        creatorActive[i] += 1
        creatorActive[week * creators + i] += 1
    }

    /// The per-unit tables.
    /// - Parameters:
    ///   - users, creators: in a shared market, which units this arm's tables hold (nil: every unit).
    func outcome(arm: Int, days: Int, population: ArmPopulation, creators state: CreatorState, popular: Double,
                 users holdsUser: ((Int) -> Bool)? = nil, creators holdsCreator: ((Int) -> Bool)? = nil) -> ArmOutcome {
        var out = ArmOutcome()
        // The pre-period first: a reader then joins each unit's week −1 row to its later rows in one pass.
        let periods = (preDays > 0 ? [prePeriod] : []) + Array(0...weeks)
        out.users.reserveCapacity(users * periods.count)
        for p in periods {
            let w = p == prePeriod ? -1 : p
            for j in 0..<users where holdsUser?(j) ?? true {
                let u = p * users + j
                var topics = 0
                for word in 0..<topicWords { topics += topicBits[u * topicWords + word].nonzeroBitCount }
                out.users.append(UserRecord(arm: arm, user: j, group: population.userGroup[j], tier: population.userTier[j],
                                            week: w, impressions: Int(userImpressions[u]), likes: Int(userLikes[u]),
                                            coldStart: Int(userCold[u]), fresh: Int(userFresh[u]), topics: topics,
                                            follows: Int(userFollows[j])))
            }
        }
        for p in periods {
            let w = p == prePeriod ? -1 : p
            let periodDays = w < 0 ? preDays : w == 0 ? days : Swift.min(7, days - (w - 1) * 7)
            for i in 0..<creators where holdsCreator?(i) ?? true {
                let c = p * creators + i
                out.creators.append(CreatorRecord(arm: arm, creator: i, popular: state.followersAtStart[i] > popular,
                                                  followers: state.followersAtStart[i], week: w, days: periodDays,
                                                  activeDays: Int(creatorActive[c]), servedDays: Int(creatorServed[c]),
                                                  impressions: Int(creatorImpressions[c]),
                                                  coldStart: Int(creatorCold[c]), likes: Int(creatorLikes[c]),
                                                  followersEnd: state.followers[i]))
            }
        }
        out.daily = daily
        var groupUsers = [Int](repeating: 0, count: groups)
        for j in 0..<users where holdsUser?(j) ?? true { groupUsers[population.userGroup[j]] += 1 }
        for slot in 0..<(preDays + days) {
            for g in 0..<groups where groupUsers[g] > 0 {
                let base = (slot * groups + g) * GroupDayRecord.fields
                out.groupDays.append(GroupDayRecord(arm: arm, day: slot - preDays + 1, group: g, users: groupUsers[g],
                                                    impressions: Int(groupDaily[base]), likes: Int(groupDaily[base + 1]),
                                                    coldStart: Int(groupDaily[base + 2]), fresh: Int(groupDaily[base + 3]),
                                                    topics: Int(groupDaily[base + 4])))
            }
        }
        out.weights = weightRows
        return out
    }
}
