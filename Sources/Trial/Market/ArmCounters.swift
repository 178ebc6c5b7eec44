/// What an arm records of its trial days, per unit and period: period 0 is the whole trial, period
/// w ≥ 1 its week w. Flat buffers of `periods × units`.
struct ArmCounters {
    let users: Int
    let creators: Int
    let weeks: Int
    let topicWords: Int
    var userImpressions: [Int32], userLikes: [Int32], userCold: [Int32], userFresh: [Int32]
    var topicBits: [UInt64]
    var creatorActive: [Int32], creatorImpressions: [Int32], creatorCold: [Int32], creatorLikes: [Int32]
    var daily: [DailyRecord] = []
    var weightRows: [WeightRecord] = []

    init(users: Int, creators: Int, days: Int, topics: Int) {
        self.users = users
        self.creators = creators
        weeks = (days + 6) / 7
        topicWords = (topics + 63) / 64
        let periods = weeks + 1
        userImpressions = [Int32](repeating: 0, count: periods * users)
        userLikes = userImpressions; userCold = userImpressions; userFresh = userImpressions
        topicBits = [UInt64](repeating: 0, count: periods * users * topicWords)
        creatorActive = [Int32](repeating: 0, count: periods * creators)
        creatorImpressions = creatorActive; creatorCold = creatorActive; creatorLikes = creatorActive
    }

    /// One impression of user `j` of an item of creator `i` in `week`.
    @inline(__always)
    mutating func impression(user j: Int, creator i: Int, week: Int, liked: Bool, cold: Bool, fresh: Bool, topic: Int) {
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

    mutating func active(creator i: Int, week: Int) {
        creatorActive[i] += 1
        creatorActive[week * creators + i] += 1
    }

    /// The per-unit tables.
    func outcome(arm: Int, days: Int, population: ArmPopulation, creators state: CreatorState, popular: Double) -> ArmOutcome {
        var out = ArmOutcome()
        out.users.reserveCapacity(users * (weeks + 1))
        for w in 0...weeks {
            for j in 0..<users {
                let u = w * users + j
                var topics = 0
                for word in 0..<topicWords { topics += topicBits[u * topicWords + word].nonzeroBitCount }
                out.users.append(UserRecord(arm: arm, user: j, group: population.userGroup[j], tier: population.userTier[j],
                                            week: w, impressions: Int(userImpressions[u]), likes: Int(userLikes[u]),
                                            coldStart: Int(userCold[u]), fresh: Int(userFresh[u]), topics: topics))
            }
        }
        for w in 0...weeks {
            let periodDays = w == 0 ? days : Swift.min(7, days - (w - 1) * 7)
            for i in 0..<creators {
                let c = w * creators + i
                out.creators.append(CreatorRecord(arm: arm, creator: i, popular: state.followersAtStart[i] > popular,
                                                  followers: state.followersAtStart[i], week: w, days: periodDays,
                                                  activeDays: Int(creatorActive[c]), impressions: Int(creatorImpressions[c]),
                                                  coldStart: Int(creatorCold[c]), likes: Int(creatorLikes[c]),
                                                  followersEnd: state.followers[i]))
            }
        }
        out.daily = daily
        out.weights = weightRows
        return out
    }
}
