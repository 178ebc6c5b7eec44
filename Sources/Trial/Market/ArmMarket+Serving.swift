import Dispatch
import GSL
import Simulation

/// Totals of one day's serving.
struct ServedDay {
    var requests = 0, impressions = 0, likes = 0, cold = 0, fresh = 0, follow = 0, follows = 0
    var relevance = 0.0
}

extension ArmMarket {
    /// Sizes the first worker's feed buffers for a day's pool (``feed(user:k:hours:day:adjustments:mixed:)``).
    func reserveFeed(poolSize: Int) {
        if workers.isEmpty { workers = [FeedWorker(market: self)] }
        workers[0].retrieval = retrieval
        workers[0].reserve(poolSize: poolSize, market: self)
    }

    /// One user's feed through the first worker (see ``FeedWorker/feed(user:k:hours:day:adjustments:mixed:market:)``):
    /// its ``shown`` slots of ``list``.
    func feed(user j: Int, k: Int, hours: ArraySlice<Double>, day t: Int, adjustments: RankingAdjustments?,
              mixed: (control: Int, treatment: Int)? = nil) {
        workers[0].feed(user: j, k: k, hours: hours, day: t, adjustments: adjustments, mixed: mixed, context: FeedContext(market: self))
    }

    /// Drops what only serving needs — the feed workers and the users' established lists — once
    /// the last day has been served (`TrialRunner.runArm`).
    func endServing() {
        workers = []
        retrieval.endServing()
    }

    /// The first worker's last feed: the candidates, and the slot each request showed.
    var list: CandidateList { workers[0].list }
    var shown: [Int32] { workers[0].shown }

    /// Users whose feeds are built together before they are served: bounds the prepared buffers,
    /// and is how often the cold-start index sees items that reached the impression cap.
    static let feedChunk = 512

    /// Builds the feeds of users `range` into `prepared` (slot `j − range.lowerBound`) on
    /// ``servingThreads`` threads, user j by worker (j − first) mod threads; the result does not
    /// depend on the thread count.
    private func prepareFeeds(_ range: Range<Int>, day t: Int, poolSize poolCount: Int, rules: [[UserMatching]],
                              adjustments: [RankingAdjustments?], into prepared: inout PreparedFeeds) {
        let threads = workers.count, arms = counters.count
        let shared = assignment, stride = recallStride
        let context = UnsafeContext(market: self)
        let market = self
        prepared.requests.withUnsafeMutableBufferPointer { requests in
        prepared.draws.withUnsafeMutableBufferPointer { draws in
        prepared.hours.withUnsafeMutableBufferPointer { hours in
        prepared.item.withUnsafeMutableBufferPointer { items in
        prepared.sigma.withUnsafeMutableBufferPointer { sigmas in
        prepared.followed.withUnsafeMutableBufferPointer { followed in
        prepared.best.withUnsafeMutableBufferPointer { best in
        workers.withUnsafeMutableBufferPointer { workers in
            let buffers = UnsafeContext(market: (requests, draws, hours, items, sigmas, followed, best, workers))
            let needStride = market.needStride
            let width = prepared.width
            let body: @Sendable (Int) -> Void = { w in
                let market = context.market
                // Released when the body returns, before serving writes to the market.
                let state = FeedContext(market: market)
                let (requests, draws, hours, items, sigmas, followed, best, workers) = buffers.market
                // Moved out and back, not copied: a copy would share the worker's buffers, and its
                // first write to each would copy it whole (copy-on-write) in every run of feeds.
                var worker = (workers.baseAddress! + w).move()
                defer { (workers.baseAddress! + w).initialize(to: worker) }
                if worker.retrieval.searchesAhead {
                    // The exact searches of this worker's users first, a block of users per matrix product.
                    worker.ahead.removeAll(keepingCapacity: true)
                    worker.aheadColdStart.removeAll(keepingCapacity: true)
                    worker.aheadEstablished.removeAll(keepingCapacity: true)
                    for j in Swift.stride(from: range.lowerBound + w, to: range.upperBound, by: threads) {
                        let stream = worker.stream
                        stream.key(StreamPurpose.requests, day: t, unit: j)
                        let count = Swift.min(Self.maximumRequests, stream.poisson(mean: state.users.meanRequests(j)))
                        guard count > 0 else { continue }
                        let g = state.users.group[j]
                        let control = rules[0][g], treatment = rules[arms - 1][g]
                        let userTreated = shared.map { $0.design == .user && $0.user[j] == 1 } ?? false
                        let k = (shared?.mixes(user: j) ?? false) ? Swift.max(control.k, treatment.k) : (userTreated ? treatment : control).k
                        worker.ahead.append(Int32(j))
                        worker.aheadColdStart.append(Int32(clamping: k))
                        worker.aheadEstablished.append(Int32(clamping: state.serving.establishedCandidates + count))
                    }
                    worker.retrieval.shortlist(users: worker.ahead, coldStart: worker.aheadColdStart, established: worker.aheadEstablished,
                                               users: state.users, store: state.store)
                }
                // The sampled users' best relevance, all of this worker's at once.
                worker.sampled.removeAll(keepingCapacity: true)
                for j in Swift.stride(from: range.lowerBound + w, to: range.upperBound, by: threads) where j % needStride == 0 {
                    worker.sampled.append(Int32(j))
                }
                market.bestRelevance(users: worker.sampled, scratch: &worker.products, into: &worker.sampledBest)
                var sampled = 0
                for j in Swift.stride(from: range.lowerBound + w, to: range.upperBound, by: threads) {
                    let u = j - range.lowerBound, stream = worker.stream
                    stream.key(StreamPurpose.requests, day: t, unit: j)
                    let count = Swift.min(Self.maximumRequests, stream.poisson(mean: state.users.meanRequests(j)))
                    requests[u] = Int32(count)
                    best[u] = -1
                    let isSampled = j % needStride == 0
                    if isSampled { sampled += 1 }
                    guard count > 0 else { continue }
                    if isSampled { best[u] = worker.sampledBest[sampled - 1] }
                    for q in 0..<count { worker.hours[q] = 24 * stream.uniform() }
                    worker.hours[0..<count].sort()
                    let g = state.users.group[j]
                    let control = rules[0][g], treatment = rules[arms - 1][g]
                    let mixes = shared?.mixes(user: j) ?? false
                    let userTreated = shared.map { $0.design == .user && $0.user[j] == 1 } ?? false
                    let base = userTreated ? treatment : control
                    draws[u] = Int32(worker.feed(user: j, k: base.k, hours: worker.hours[0..<count], day: t,
                                                 adjustments: mixes ? adjustments[arms - 1] : adjustments[userTreated ? 1 : 0],
                                                 mixed: mixes ? (control.k, treatment.k) : nil, context: state))
                    for q in 0..<count {
                        let slot = Int(worker.shown[q])
                        hours[u * width + q] = worker.hours[q]
                        items[u * width + q] = slot >= 0 ? worker.list.item[slot] : -1
                        sigmas[u * width + q] = slot >= 0 ? worker.list.sigma[slot] : 0
                        followed[u * width + q] = slot >= 0 && worker.list.followed[slot]
                    }
                    if stride > 0 {
                        let k = Swift.min(base.k, poolCount)
                        worker.measure.retrieved += k
                        worker.measure.scored += worker.retrieval.scanned
                        if j % stride == 0 {
                            let recall = worker.retrieval.recall(user: j, k: k, users: state.users, store: state.store)
                            worker.measure.found += recall.found
                            worker.measure.wanted += recall.wanted
                        }
                    }
                }
            }
            if threads == 1 { body(0) } else { DispatchQueue.concurrentPerform(iterations: threads, execute: body) }
        }
        }
        }
        }
        }
        }
        }
        }
    }

    /// Serves every user's requests of day `t` through retrieval, ranking and selection; records
    /// impressions and likes, credits creators and items, and feeds the platform's and users' memories.
    ///
    /// `rules` and `adjustments` are per recorded arm; the result is each recorded arm's totals (in a
    /// shared market, of the impressions in that arm's cells).
    func serveUsers(day t: Int, week: Int, slot: Int?, poolSize: Int, rules: [[UserMatching]],
                    adjustments: [RankingAdjustments?]) -> [ServedDay] {
        let recording = week != 0
        let freshHours = spec.platform.freshHours
        let coldDays = spec.serving.coldStartDays, cap = Int32(clamping: spec.serving.coldStartImpressions)
        let observableReward = spec.creators.rewardSource == .likes
        let (likeReward, impressionReward, followReward) = (spec.creators.likeReward, spec.creators.impressionReward, spec.creators.followReward)
        let followPerLike = spec.creators.followPerLike
        if workers.count != servingThreads { workers = (0..<servingThreads).map { _ in FeedWorker(market: self) } }
        for w in workers.indices {
            workers[w].retrieval = retrieval
            workers[w].reserve(poolSize: poolSize, market: self)
        }
        let chunk = Swift.min(Self.feedChunk, Swift.max(1, users.count))
        if prepared.requests.count != chunk { prepared = PreparedFeeds(users: chunk, width: Self.maximumRequests) }
        let arms = counters.count, words = dayTopics.count / arms
        var groupLikes = [[Int]](repeating: [Int](repeating: 0, count: platforms[0].weights.count), count: arms), groupImpressions = groupLikes
        let trial = week > 0
        var totals = [ServedDay](repeating: ServedDay(), count: arms)
        var cell = [ServedDay](repeating: ServedDay(), count: arms)
        var cellTopics = [Int](repeating: 0, count: arms)
        let shared = assignment
        let groupCount = spec.population.groupCount, topicCount = spec.population.topics
        let countsCells = trial && shared?.design == .twoSided

        var ahead = ImpressionPrefetch()
        for j in 0..<users.count {
            let u = j % chunk
            if u == 0 {
                prepareFeeds(j..<Swift.min(users.count, j + chunk), day: t, poolSize: poolSize, rules: rules, adjustments: adjustments,
                             into: &prepared)
                ahead = ImpressionPrefetch(market: self, week: week)
                ahead.items(ofSlot: 0, prepared)
                ahead.items(ofSlot: 1, prepared)
                ahead.creators(ofSlot: 0, prepared)
            }
            // The serial loop's reads are scattered over the store, the creators and the counters:
            // ask for the next users' lines now (items two users ahead, their creators' one ahead).
            if j + 2 < users.count && u + 2 < chunk { ahead.items(ofSlot: u + 2, prepared) }
            if j + 1 < users.count && u + 1 < chunk { ahead.creators(ofSlot: u + 1, prepared) }
            let requests = Int(prepared.requests[u])
            // The market's stream continues where the feed's keyed draws left it: the user's likes come next.
            stream.key(StreamPurpose.requests, day: t, unit: j)
            _ = stream.poisson(mean: users.meanRequests(j))
            guard requests > 0 else { users.digest(user: j, likes: 0, impressions: 0); continue }
            for _ in 0..<(requests + Int(prepared.draws[u])) { _ = stream.uniform() }
            for a in 0..<arms where shared?.holds(user: j, arm: a) ?? true { totals[a].requests += requests }
            let g = users.group[j]
            let control = rules[0][g], treatment = rules[arms - 1][g]
            let mixes = shared?.mixes(user: j) ?? false
            let userTreated = shared.map { $0.design == .user && $0.user[j] == 1 } ?? false
            let base = userTreated ? treatment : control

            follows.beginLikes(user: j, day: t)
            var likes = 0, impressions = 0
            for a in 0..<arms { cell[a] = ServedDay(); cellTopics[a] = 0 }
            var lowest = Float.infinity
            let best = trial ? prepared.best[u] : -1
            for q in 0..<requests {
                let at = u * prepared.width + q
                let item = Int(prepared.item[at]), sigma = prepared.sigma[at]
                guard item >= 0 else { continue }
                let i = Int(store.creator[item])
                let a = shared.map { Int($0.cell(user: j, creator: i)) } ?? 0
                let rule = mixes && shared!.treated(user: j, creator: i) ? treatment : base
                let p = likeProbability(sigma)
                let liked = stream.uniform() < p
                if trial { need.expectedLikes[g] += p; need.impressions[g] += 1 }
                if best >= 0 { need.gap[g] += Double(best - sigma); need.gapImpressions[g] += 1 }
                let age = Double(t - Int(store.day[item])) * 24 + prepared.hours[at] - Double(store.hour[item])
                // Cold-start as the paper counts it: still under the cap when shown (bounded by supply).
                let isCold = store.isColdStart(item, day: t, days: coldDays, cap: cap), isFresh = age < freshHours
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
                if Int(store.day[item]) == t { creators.newItemRewardToday[i] += reward }
                if countsCells, let s = shared, s.user[j] >= 0, s.creator[i] >= 0 {
                    let k = Int(s.user[j]) * 2 + Int(s.creator[i])
                    cellCounts[k].impressions += 1
                    if liked { cellCounts[k].likes += 1 }
                    if isCold { cellCounts[k].coldStart += 1 }
                    if isFresh { cellCounts[k].fresh += 1 }
                }
                guard a >= 0 else { continue }
                if countsContexts {
                    // Per recorded arm: in a shared market each arm's policy learns from its own cells.
                    let c = (a * groupCount + g) * topicCount + Int(store.topic[item])
                    contextImpressions[c] += 1
                    if liked { contextLikes[c] += 1 }
                }
                cell[a].impressions += 1
                cell[a].relevance += Double(sigma)
                if liked { cell[a].likes += 1 }
                if isCold { cell[a].cold += 1 }
                if isFresh { cell[a].fresh += 1 }
                if prepared.followed[at] { cell[a].follow += 1 }
                if followed { cell[a].follows += 1 }
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
                totals[a].follow += c.follow
                totals[a].follows += c.follows
                totals[a].relevance += c.relevance
            }
            if recording { for w in dayTopics.indices { dayTopics[w] = 0 } }
            users.digest(user: j, likes: likes, impressions: impressions)
        }
        for a in 0..<arms { platforms[a].record(likes: groupLikes[a], impressions: groupImpressions[a]) }
        for w in workers.indices {
            measure.add(workers[w].measure)
            workers[w].measure = RetrievalMeasure()
        }
        return totals
    }
}

extension ArmMarket {
    /// The best true relevance any of the day's sources holds for each user of `list`, into `best`
    /// (in list order): the largest ``Kernels/relevance(_:_:_:)`` over them, which is monotone in
    /// the dot product. With the fused kernel, one call's products of the users and every source
    /// pick the candidates — those within twice the rounding bound of a user's largest product,
    /// which must include her largest exact dot product — and only they are scored exactly; the
    /// value is the same as scoring every source. The call runs the kernel the sources are packed
    /// for: bfloat16 (``ExactSearch/marginBFloat16(taste:packed:dimension:maxNorm:maxRoundingError:)``
    /// is already twice its bound) or float32. `scratch` holds the users' tastes, products and margins.
    func bestRelevance(users list: [Int32], scratch: inout [Float], into best: inout [Float]) {
        let n = sourceRows.count, d = self.d, rows = sourceRows, b = list.count
        if best.count < b { best = [Float](repeating: 0, count: b) }
        for t in 0..<b { best[t] = 0 }
        guard n > 0, b > 0 else { return }
        let fused = ScoreKernel.isAvailable
        if fused && scratch.count < b * (d + n + 1) { scratch = [Float](repeating: 0, count: b * (d + n + 1)) }
        store.embedding.withUnsafeBufferPointer { e in
            users.taste.withUnsafeBufferPointer { x in
                guard fused else {
                    for t in 0..<b {
                        let xj = x.baseAddress! + Int(list[t]) * d
                        for item in rows.items { best[t] = Swift.max(best[t], Kernels.relevance(e.baseAddress! + Int(item) * d, xj, d)) }
                    }
                    return
                }
                scratch.withUnsafeMutableBufferPointer { space in
                    let tastes = space.baseAddress!, products = space.baseAddress! + b * d, margins = products + b * n
                    for t in 0..<b { for k in 0..<d { tastes[t * d + k] = x[Int(list[t]) * d + k] } }
                    // The kernel the rows are packed for: bfloat16 (half the instructions, a wider margin) or float32.
                    let pairs = ScoreKernel.bfloat16Pairs(dimension: d)
                    let bfloat16 = !rows.packedBFloat16.isEmpty
                    withUnsafeTemporaryAllocation(of: UInt32.self, capacity: bfloat16 ? b * pairs : 1) { packedTastes in
                        guard bfloat16, let packedTastes = packedTastes.baseAddress else {
                            rows.packed.withUnsafeBufferPointer { packed in
                                ScoreKernel.products(packed: packed.baseAddress!, dimension: d, count: n, users: tastes, userCount: b, into: products)
                            }
                            for t in 0..<b { margins[t] = 2 * ExactSearch.margin(taste: tastes + t * d, dimension: d, maxNorm: rows.maxNorm) }
                            return
                        }
                        ScoreKernel.tastesBFloat16(tastes, count: b, dimension: d, into: packedTastes)
                        rows.packedBFloat16.withUnsafeBufferPointer { packed in
                            ScoreKernel.productsBFloat16(packed: packed.baseAddress!, dimension: d, count: n, users: packedTastes, userCount: b,
                                                         into: products)
                        }
                        for t in 0..<b {
                            // Already twice the products' bound.
                            margins[t] = ExactSearch.marginBFloat16(taste: tastes + t * d, packed: packedTastes + t * pairs, dimension: d,
                                                                    maxNorm: rows.maxNorm, maxRoundingError: rows.maxRoundingError)
                        }
                    }
                    for t in 0..<b {
                        let xj = x.baseAddress! + Int(list[t]) * d, own = products + t * n
                        // Twice the most a product may miss its exact dot product by.
                        let floor = Kernels.largest(own, count: n) - margins[t]
                        Kernels.forEach(in: own, count: n, atLeast: floor) { r in
                            best[t] = Swift.max(best[t], Kernels.relevance(e.baseAddress! + Int(rows.items[r]) * d, xj, d))
                        }
                    }
                }
            }
        }
    }
}

/// Addresses the serial serving loop will read and write for the users next in line, asked of the
/// cache ahead of use (``ArmMarket/serveUsers(day:week:slot:poolSize:rules:adjustments:)``): the
/// shown items' store fields, then their creators' day counters and the arm's per-creator counters.
/// The addresses are taken once per run of feeds, while none of the buffers they point into is
/// reallocated (serving writes their elements in place). A prefetch is only a hint: it never faults
/// and changes no result. The one read, an item's creator, is of a buffer serving does not write.
struct ImpressionPrefetch {
    /// Per buffer, its base and its element size: the items' fields, and the creators' counters.
    private var itemFields: [(base: UnsafeRawPointer, size: Int)] = [], creatorFields: [(base: UnsafeRawPointer, size: Int)] = []
    private var creatorOf: UnsafePointer<Int32>?

    init() {}

    init(market: ArmMarket, week: Int) {
        func field<T>(_ array: [T], offset: Int = 0) -> (base: UnsafeRawPointer, size: Int) {
            (array.withUnsafeBytes { $0.baseAddress! } + offset * MemoryLayout<T>.stride, MemoryLayout<T>.stride)
        }
        let s = market.store, c = market.creators
        guard !s.creator.isEmpty, !c.impressionsToday.isEmpty else { return }
        itemFields = [field(s.creator), field(s.day), field(s.hour), field(s.topic), field(s.impressions), field(s.rewardToday)]
        creatorOf = s.creator.withUnsafeBufferPointer { $0.baseAddress! }
        creatorFields = [field(c.impressionsToday), field(c.likesToday), field(c.newItemRewardToday), field(c.followsToday)]
        guard week != 0 else { return }
        // The recorded periods: the whole trial and the week, or the pre-period.
        for k in market.counters {
            creatorFields.append(field(k.creatorStamp))
            for period in week < 0 ? [k.prePeriod] : [0, week] {
                for counts in [k.creatorServed, k.creatorImpressions, k.creatorLikes, k.creatorCold] {
                    creatorFields.append(field(counts, offset: period * k.creators))
                }
            }
        }
    }

    /// Asks for the store's fields of the items user slot `u` of `prepared` is shown.
    @inline(__always)
    func items(ofSlot u: Int, _ prepared: PreparedFeeds) {
        guard !itemFields.isEmpty else { return }
        let at = u * prepared.width
        for q in 0..<Int(prepared.requests[u]) {
            let item = Int(prepared.item[at + q])
            guard item >= 0 else { continue }
            for f in itemFields { Prefetch.read(f.base + item * f.size) }
        }
    }

    /// Asks for the counters of the creators of the items user slot `u` of `prepared` is shown
    /// (their items' store fields asked for a user earlier).
    @inline(__always)
    func creators(ofSlot u: Int, _ prepared: PreparedFeeds) {
        guard let creatorOf else { return }
        let at = u * prepared.width
        for q in 0..<Int(prepared.requests[u]) {
            let item = Int(prepared.item[at + q])
            guard item >= 0 else { continue }
            let i = Int(creatorOf[item])
            for f in creatorFields { Prefetch.read(f.base + i * f.size) }
        }
    }
}

/// The market and the prepared buffers, handed to the serving threads, which only read the market
/// and write disjoint slots of the buffers (each its own users' and its own worker).
private struct UnsafeContext<Value>: @unchecked Sendable {
    let market: Value
}
