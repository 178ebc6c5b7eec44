import Foundation
import GSL
import Simulation

/// One serving thread's feed machinery: its own buffers and random streams over the day's shared,
/// read-only market state, so that users' feeds can be built side by side (``ArmMarket/serveUsers(day:week:slot:pool:rules:adjustments:)``).
///
/// A feed depends only on state that no user changes while the day is served — the day's indexes,
/// tastes, what the ranker knows, the mechanism's rules and the user's own follows — and its
/// random numbers are keyed per user and day, so any worker builds the same feed for a user.
struct FeedWorker {
    var retrieval: Retrieval
    var selection: Selection
    var list = CandidateList()
    var scratch = CandidateList()
    var hours: [Double]
    var shown: [Int32]
    var retrievedMark: [Int32] = []
    var retrievalStamp: Int32 = 0
    var follow: FollowGraph.Scratch
    /// Keyed like the market's stream: draws each user's requests, hours and selection.
    let stream: UnitStream
    /// Cold-start retrieval measured this day (``ArmMarket/recallStride``).
    var measure = RetrievalMeasure()
    /// The run's users this worker serves, with the k of their exact searches, searched ahead of
    /// their feeds (``Retrieval/shortlist(users:coldStart:established:users:store:)``).
    var ahead: [Int32] = [], aheadColdStart: [Int32] = [], aheadEstablished: [Int32] = []
    /// The sampled users of a run (``ArmMarket/needStride``), their best relevance, and their
    /// products with the day's sources (``ArmMarket/bestRelevance(users:scratch:into:)``).
    var sampled: [Int32] = [], sampledBest: [Float] = [], products: [Float] = []

    init(market: ArmMarket) {
        retrieval = market.retrieval
        selection = Selection(spec: market.spec.serving)
        hours = [Double](repeating: 0, count: ArmMarket.maximumRequests)
        shown = [Int32](repeating: 0, count: ArmMarket.maximumRequests)
        follow = market.follows.makeScratch()
        stream = UnitStream(keyedLike: market.stream)
    }

    /// Sizes the feed's buffers for a day's pool, once, so that ``feed(user:k:hours:day:adjustments:mixed:market:)`` never allocates.
    mutating func reserve(poolSize: Int, market: ArmMarket) {
        let capacity = poolSize + market.spec.serving.followCandidates + market.spec.serving.establishedCandidates + ArmMarket.maximumRequests
        list.reserve(capacity)
        selection.reserve(capacity)
        if market.assignment != nil {
            scratch.reserve(poolSize)
            let count = market.store.count
            if retrievedMark.count < count { retrievedMark += [Int32](repeating: 0, count: count - retrievedMark.count) }
        }
    }

    /// One user's feed for the day: retrieval (cold-start under `k`, the follow channel's new items,
    /// then established items), ranking, and selection of an item per request hour into `shown`
    /// (slots of `list`, −1 for none). Returns the uniforms the selection drew from ``stream``.
    ///
    /// - Parameter mixed: in a shared market, a user whose items' rules depend on their creators'
    ///   arms: each of today's items is retrieved under its creator's arm's K (control's for creators
    ///   outside the experiment), and the treatment's ranking adjustments reach treated creators' items only.
    @discardableResult
    mutating func feed(user j: Int, k: Int, hours: ArraySlice<Double>, day t: Int, adjustments: RankingAdjustments?,
                       mixed: (control: Int, treatment: Int)? = nil, context market: FeedContext) -> Int {
        list.removeAll()
        // A cold-start list in item order (every path but a mixed feed's), which the follow channel bisects.
        var ascending = true
        if let mixed, mixed.control != mixed.treatment {
            mixedColdStart(user: j, control: mixed.control, treatment: mixed.treatment, market: market)
            ascending = false
        } else {
            retrieval.coldStart(user: j, k: k, users: market.users, store: market.store, into: &list)
        }
        let serving = market.serving
        market.follows.candidates(user: j, day: t, quota: serving.followCandidates, reach: serving.followReach,
                                  skipCount: list.count, sorted: ascending, into: &list, scratch: &follow)
        retrieval.established(user: j, requests: hours.count, users: market.users, into: &list)
        market.ranker.score(&list, user: j, store: market.store, users: market.users, adjustments: adjustments,
                            treatedCreators: mixed == nil ? nil : market.assignment?.creator)
        return selection.select(list, hours: hours, day: t, store: market.store, stream: stream, shown: &shown)
    }

    /// The cold-start items of a mixed feed: the top min(K) of the pool for every creator, and the
    /// items ranked between min(K) and max(K) for the creators of the arm with the larger K (exact
    /// top-k sets are nested, ties going to the lower slot).
    private mutating func mixedColdStart(user j: Int, control: Int, treatment: Int, market: FeedContext) {
        let small = Swift.min(control, treatment), big = Swift.max(control, treatment)
        let bigArm: Int8 = treatment > control ? 1 : 0
        retrieval.coldStart(user: j, k: small, users: market.users, store: market.store, into: &list)
        retrievalStamp &+= 1
        let stamp = retrievalStamp
        for c in 0..<list.count { retrievedMark[Int(list.item[c])] = stamp }
        scratch.removeAll()
        retrieval.coldStart(user: j, k: big, users: market.users, store: market.store, into: &scratch)
        let arms = market.assignment!.creator, store = market.store
        for c in 0..<scratch.count {
            let item = Int(scratch.item[c])
            let arm: Int8 = arms[Int(store.creator[item])] == 1 ? 1 : 0
            if retrievedMark[item] != stamp && arm == bigArm { list.append(Int32(item)) }
        }
    }
}

/// The market state a run of feeds reads, taken from the market once per run: no feed changes
/// it. Read through the market instead (a class), every feed's every stage copied the user and
/// item stores out of it, retaining and releasing each of their buffers — shared by the serving
/// threads, so the reference counts' cache lines moved between cores (6 % of a pair in `perf`).
/// Drop it before the market changes: while it holds the buffers, a write to one copies it.
struct FeedContext {
    let users: UserState
    let store: ItemStore
    let follows: FollowGraph
    let ranker: Ranker
    let serving: ServingSpec
    let assignment: SharedAssignment?

    init(market: ArmMarket) {
        users = market.users
        store = market.store
        follows = market.follows
        ranker = market.ranker
        serving = market.spec.serving
        assignment = market.assignment
    }
}

/// The day's feeds of a run of users, built before they are served: per user her requests, their
/// hours, and per request the item shown (−1 for none) with its true relevance.
struct PreparedFeeds {
    let width: Int
    var requests: [Int32]
    var draws: [Int32]
    var hours: [Double]
    var item: [Int32]
    var sigma: [Float]
    /// Whether the follow channel brought the item shown.
    var followed: [Bool]
    /// Per user, the best true relevance the day's sources held for her (−1: not sampled; ``ArmMarket/needStride``).
    var best: [Float]

    init(users: Int, width: Int) {
        self.width = width
        requests = [Int32](repeating: 0, count: users)
        draws = requests
        hours = [Double](repeating: 0, count: users * width)
        item = [Int32](repeating: -1, count: users * width)
        sigma = [Float](repeating: 0, count: users * width)
        followed = [Bool](repeating: false, count: users * width)
        best = [Float](repeating: -1, count: users)
    }
}
