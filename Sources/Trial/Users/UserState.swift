import Foundation

/// The users of one arm: who they are (fixed) and how satisfied they have lately been (changing).
///
/// A user's daily requests are her mean rate times a multiplier that follows her recent like rate
/// against her own longer history (``UserSpec``): served better, she comes back more often.
struct UserState {
    let count: Int
    let d: Int
    /// Tastes, `count × d`, unit vectors (single precision for the serving loop).
    let taste: [Float]
    /// Each user's `ranked` nearest topic centroids, nearest first, `count × ranked`: her query reads
    /// the first `probe` buckets, and further ones while they hold fewer candidates than she needs.
    let nearestTopics: [Int32]
    let probe: Int
    let ranked: Int
    let rate: [Double]
    let group: [Int]
    let spec: UserSpec
    /// Daily decay of the recent and reference memories.
    private let recentDecay: Double, referenceDecay: Double
    /// Exponentially weighted sums of likes and impressions: recent and reference.
    private(set) var likesRecent: [Double], impressionsRecent: [Double]
    private(set) var likesReference: [Double], impressionsReference: [Double]
    /// Today's factor on each user's mean requests.
    private(set) var multiplier: [Double]
    /// The lowest true relevance among the items each user was shown on her last active day
    /// (what a new item must beat to reach her feed; used by creators' LBR estimates).
    var bar: [Float]

    /// - Parameters:
    ///   - coldStartProbes: topics the cold-start index probes at least (0: it scans the pool).
    ///   - indexed: whether a topic index serves her (`coldStartIndex` or `establishedIndex: ivf`);
    ///     without one no user's nearest topics are ranked (``nearestTopics`` is empty).
    init(population: ArmPopulation, world: World, spec: UserSpec, probe: Int, coldStartProbes: Int = 0, indexed: Bool = true) {
        count = population.userCount
        d = population.dimension
        taste = population.userTaste.map(Float.init)
        rate = population.userRate
        group = population.userGroup
        self.spec = spec
        recentDecay = pow(0.5, 1 / spec.satisfactionHalfLife)
        referenceDecay = pow(0.5, 1 / spec.referenceHalfLife)
        let d = population.dimension, count = population.userCount
        let topics = world.topicCentroids.count / d
        let probe = Swift.min(Swift.max(1, probe), topics)
        self.probe = probe
        // Up to four times the minimum probes (at least 16), nearest first: room for the index to
        // probe further when the nearest buckets are thin.
        let ranked = indexed ? Swift.min(topics, Swift.max(4 * probe, 16, 4 * coldStartProbes)) : 0
        self.ranked = ranked
        var nearest = [Int32](repeating: 0, count: count * ranked)
        var dots = [Double](repeating: 0, count: topics), order = [Int32](repeating: 0, count: topics)
        population.userTaste.withUnsafeBufferPointer { x in
            world.topicCentroids.withUnsafeBufferPointer { c in
                for j in 0..<count where ranked > 0 {
                    for t in 0..<topics {
                        dots[t] = Kernels.dot(x.baseAddress! + j * d, c.baseAddress! + t * d, d)
                        order[t] = Int32(t)
                    }
                    TopK.select(ranked, scores: dots, order: &order, count: topics)
                    dots.withUnsafeBufferPointer { s in order.withUnsafeMutableBufferPointer { TopK.sortPrefix(scores: s, order: $0, count: ranked) } }
                    for q in 0..<ranked { nearest[j * ranked + q] = order[q] }
                }
            }
        }
        nearestTopics = nearest
        likesRecent = [Double](repeating: 0, count: count); impressionsRecent = likesRecent
        likesReference = likesRecent; impressionsReference = likesRecent
        multiplier = [Double](repeating: 1, count: count)
        bar = [Float](repeating: -.infinity, count: count)
    }

    /// Mean requests of user `j` today.
    @inline(__always) func meanRequests(_ j: Int) -> Double { rate[j] * multiplier[j] }

    /// Folds user `j`'s day into her memories and sets tomorrow's multiplier.
    mutating func digest(user j: Int, likes: Int, impressions: Int) {
        let recent = recentDecay, reference = referenceDecay
        likesRecent[j] = recent * likesRecent[j] + Double(likes)
        impressionsRecent[j] = recent * impressionsRecent[j] + Double(impressions)
        likesReference[j] = reference * likesReference[j] + Double(likes)
        impressionsReference[j] = reference * impressionsReference[j] + Double(impressions)
        guard spec.satisfactionResponse != 0, impressionsReference[j] > 0, likesReference[j] > 0 else { return }
        let usual = likesReference[j] / impressionsReference[j]
        let lately = (likesRecent[j] + spec.priorImpressions * usual) / (impressionsRecent[j] + spec.priorImpressions)
        multiplier[j] = Swift.min(4, Swift.max(0.25, pow(lately / usual, spec.satisfactionResponse)))
    }
}
