import Dispatch
import GSL

/// Who follows whom inside one arm, and the follow channel that brings a creator's new items to
/// her followers (issue 17: followers act, so "popular" means reach).
///
/// At the start, creator i has Poisson(followers_i × the arm's share of the platform's users)
/// followers in the arm — her platform-wide followers that fall in the arm. People follow creators
/// whose content they like, so each is the best-matching (by taste · content) of
/// `candidatesPerFollower` users drawn at random. During the trial, a like turns into a follow with
/// probability `creators.followPerLike`. Each day the channel offers a user the new items of each
/// creator she follows with probability `serving.followReach`, up to `serving.followCandidates`
/// items: one candidate source beside the cold-start match and the established catalogue.
struct FollowGraph {
    /// The creators each user follows, in the order she followed them.
    private(set) var followees: [[Int32]]
    /// Followers each creator has in the arm.
    private(set) var armFollowers: [Int]
    /// Today's pool, by creator: the items of creator i are `poolStart + dayOffset[i] ..< poolStart + dayOffset[i + 1]`.
    private(set) var dayOffset: [Int32]
    private var poolStart = 0
    private(set) var poolCount = 0
    let stream: UnitStream

    static let candidatesPerFollower = 8

    enum Purpose {
        static let initial: UInt64 = 11
        static let reach: UInt64 = 12
        static let follow: UInt64 = 13
    }

    /// - Parameter threads: threads that draw the initial followers; the graph is the same for any number.
    init(population: ArmPopulation, users: UserState, armShare: Double, streamBase: UInt64, threads: Int = 1) {
        stream = UnitStream(seed: streamBase, stream: 0xF011_0505)
        let m = population.userCount, n = population.creatorCount
        followees = [[Int32]](repeating: [], count: m)
        armFollowers = [Int](repeating: 0, count: n)
        dayOffset = [Int32](repeating: 0, count: n + 1)
        guard m > 0 else { return }
        // Creators' draws are keyed by creator, so blocks of creators are drawn side by side (on
        // `threads` threads) and their follows added in creator order: the same graph for any count.
        let block = Self.creatorsPerBlock
        let blocks = (n + block - 1) / block
        var first = 0
        while first < blocks {
            let wave = Swift.min(Swift.max(1, threads), blocks - first)
            var chosen = [[Int32]](repeating: [], count: wave), counts = [[Int32]](repeating: [], count: wave)
            let base = stream, start = first
            chosen.withUnsafeMutableBufferPointer { chosen in
                counts.withUnsafeMutableBufferPointer { counts in
                    let shared = UnsafeShared((chosen, counts, population, users, base))
                    let body: @Sendable (Int) -> Void = { w in
                        let (chosen, counts, population, users, base) = shared.value
                        let b = start + w
                        let range = (b * block)..<Swift.min(n, (b + 1) * block)
                        let drawn = Self.draw(creators: range, population: population, users: users, armShare: armShare,
                                              stream: UnitStream(keyedLike: base))
                        chosen[w] = drawn.users
                        counts[w] = drawn.counts
                    }
                    if wave == 1 { body(0) } else { DispatchQueue.concurrentPerform(iterations: wave, execute: body) }
                }
            }
            for w in 0..<wave {
                var t = 0
                for (offset, count) in counts[w].enumerated() {
                    let i = Int32((first + w) * block + offset)
                    for _ in 0..<Int(count) { add(user: Int(chosen[w][t]), creator: i); t += 1 }
                }
            }
            first += wave
        }
    }

    /// Creators whose initial followers one task draws.
    static let creatorsPerBlock = 2_048

    /// The initial followers of creators `range` (each drawn on her own key): the users, creator
    /// by creator, and how many each creator got.
    private static func draw(creators range: Range<Int>, population: ArmPopulation, users: UserState, armShare: Double,
                             stream: UnitStream) -> (users: [Int32], counts: [Int32]) {
        let m = population.userCount, d = population.dimension
        var result: [Int32] = [], counts = [Int32](repeating: 0, count: range.count)
        // While creator i draws, a user follows i exactly when she was drawn for i already: one mark
        // per user answers that without searching her list.
        var drawnFor = [Int32](repeating: -1, count: m)
        // A creator's candidates are drawn up front (nothing else draws between them), so that the
        // tastes of candidates a few follows ahead can be fetched while the current ones are scored:
        // on a whole platform each is a read from anywhere in a table of millions.
        var drawn: [Int32] = []
        let per = Self.candidatesPerFollower, ahead = 32
        users.taste.withUnsafeBufferPointer { taste in
            population.creatorStart.withUnsafeBufferPointer { start in
                for i in range {
                    stream.key(Purpose.initial, day: 0, unit: i)
                    let count = Swift.min(m, stream.poisson(mean: population.followers[i] * armShare))
                    drawn.removeAll(keepingCapacity: true)
                    for _ in 0..<(count * per) { drawn.append(Int32(stream.integer(below: m))) }
                    for t in 0..<Swift.min(ahead, drawn.count) { Self.prefetch(taste, row: Int(drawn[t]), d: d) }
                    for f in 0..<count {
                        var best = -1, bestScore = -Double.infinity
                        for c in 0..<per {
                            let t = f * per + c
                            if t + ahead < drawn.count { Self.prefetch(taste, row: Int(drawn[t + ahead]), d: d) }
                            let j = Int(drawn[t])
                            var dot = 0.0
                            for k in 0..<d { dot += Double(taste[j * d + k]) * start[i * d + k] }
                            if dot > bestScore && drawnFor[j] != Int32(i) { best = j; bestScore = dot }
                        }
                        if best >= 0 {
                            result.append(Int32(best))
                            counts[i - range.lowerBound] += 1
                            drawnFor[best] = Int32(i)
                        }
                    }
                }
            }
        }
        return (result, counts)
    }

    @inline(__always)
    private static func prefetch(_ taste: UnsafeBufferPointer<Float>, row j: Int, d: Int) {
        Prefetch.read(UnsafeRawPointer(taste.baseAddress! + j * d), bytes: d * 4)
    }

    @inline(__always) func follows(_ j: Int, _ i: Int32) -> Bool { followees[j].contains(i) }

    private mutating func add(user j: Int, creator i: Int32) {
        followees[j].append(i)
        armFollowers[Int(i)] += 1
    }

    /// User j liked an item of creator i: she follows her with probability `p` (if she does not
    /// already). Returns whether a new follow happened.
    @inline(__always) mutating func liked(user j: Int, creator i: Int, p: Double) -> Bool {
        guard p > 0, stream.uniform() < p, !follows(j, Int32(i)) else { return false }
        add(user: j, creator: Int32(i))
        return true
    }

    /// Re-keys the stream that decides user j's follows on day t (call before her impressions).
    @inline(__always) func beginLikes(user j: Int, day t: Int) { stream.key(Purpose.follow, day: t, unit: j) }

    /// Indexes today's pool by creator (items of a day are stored creator by creator).
    mutating func prepare(pool: Range<Int>, store: ItemStore) {
        for i in dayOffset.indices { dayOffset[i] = 0 }
        for item in pool { dayOffset[Int(store.creator[item]) + 1] += 1 }
        for i in 1..<dayOffset.count { dayOffset[i] += dayOffset[i - 1] }
        poolStart = pool.lowerBound
        poolCount = pool.count
    }

    /// What one serving thread needs of its own to draw follow candidates (``candidates``): the
    /// channel's random stream (keyed per user and day, so every copy draws alike) and marks of
    /// today's pool items already in a user's list, by pool position — a whole platform's
    /// cold-start match holds thousands of items, too many to search per item.
    struct Scratch {
        let stream: UnitStream
        fileprivate var listed: [UInt32] = []
        /// The list slot of a marked pool item.
        fileprivate var slot: [Int32] = []
        fileprivate var stamp: UInt32 = 0
    }

    func makeScratch() -> Scratch { Scratch(stream: UnitStream(keyedLike: stream)) }

    /// Appends to `list` up to `quota` of today's items from creators user j follows, each creator
    /// reached with probability `reach`; skips items already in `list[0..<skipCount]` (the cold-start
    /// match). Every item of a reached creator, new or already listed, is marked as followed (the
    /// ranker's follow bonus).
    func candidates(user j: Int, day t: Int, quota: Int, reach: Double, skipCount: Int, sorted: Bool = false, into list: inout CandidateList,
                    scratch: inout Scratch) {
        guard quota > 0, reach > 0, !followees[j].isEmpty else { return }
        let stream = scratch.stream
        stream.key(Purpose.reach, day: t, unit: j)
        if sorted {
            // The list's first `skipCount` items ascend (an exact or indexed cold-start list): each of
            // a reached creator's items is looked up by bisection instead of marking the whole list
            // (thousands of scattered writes per user at HMT's K). The same items, slots and order.
            assert((0..<Swift.max(0, skipCount - 1)).allSatisfy { list.item[$0] < list.item[$0 + 1] }, "the cold-start list ascends")
            var added = 0
            for i in followees[j] {
                let first = Int(dayOffset[Int(i)]), last = Int(dayOffset[Int(i) + 1])
                guard last > first, stream.uniform() < reach else { continue }
                for offset in first..<last {
                    let item = Int32(poolStart + offset)
                    if let slot = Self.slot(of: item, in: list, count: skipCount) {
                        list.markFollowed(slot)
                    } else if added < quota {
                        list.append(item)
                        list.markFollowed(list.count - 1)
                        added += 1
                    }
                }
                if added >= quota { break }
            }
            return
        }
        if scratch.listed.count != poolCount {
            scratch.listed = [UInt32](repeating: 0, count: poolCount)
            scratch.slot = [Int32](repeating: 0, count: poolCount)
            scratch.stamp = 0
        }
        var added = 0, marked = false
        for i in followees[j] {
            let first = Int(dayOffset[Int(i)]), last = Int(dayOffset[Int(i) + 1])
            guard last > first, stream.uniform() < reach else { continue }
            if !marked {
                scratch.stamp &+= 1
                if scratch.stamp == 0 {
                    for p in scratch.listed.indices { scratch.listed[p] = 0 }
                    scratch.stamp = 1
                }
                for s in 0..<skipCount {
                    let position = Int(list.item[s]) - poolStart
                    if position >= 0 && position < poolCount { scratch.listed[position] = scratch.stamp; scratch.slot[position] = Int32(s) }
                }
                marked = true
            }
            for offset in first..<last {
                if scratch.listed[offset] == scratch.stamp {
                    list.markFollowed(Int(scratch.slot[offset]))
                } else if added < quota {
                    list.append(Int32(poolStart + offset))
                    list.markFollowed(list.count - 1)
                    added += 1
                }
            }
            if added >= quota { break }
        }
    }
}

extension FollowGraph {
    /// The slot of `item` among the first `count` items of `list`, which ascend (nil: not there).
    @inline(__always)
    static func slot(of item: Int32, in list: CandidateList, count: Int) -> Int? {
        var low = 0, high = count
        while low < high {
            let mid = (low + high) >> 1
            if list.item[mid] < item { low = mid + 1 } else { high = mid }
        }
        return low < count && list.item[low] == item ? low : nil
    }

    /// Breaks the graph on purpose (a follower counted twice), so a test can see the check fire.
    mutating func corruptForTesting() {
        guard !armFollowers.isEmpty else { return }
        armFollowers[0] += 1
    }
}
