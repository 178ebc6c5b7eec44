import GSL

/// An ecosystem from real ratings (paper §5.1.2, Fig. 3): users' tastes are the user factors of
/// a factorised ratings matrix, and each creator publishes items of a finite catalogue — the
/// items common to every creator plus her own private ones — whose vectors are the item factors.
///
/// Relevance is the dot product of taste and item, normalised: every vector is scaled so that the
/// largest |sᵀx| over kept users and all items is 1, so σ = (sᵀx + 1) / 2 fills [0, 1]
/// (``DotProductRelevance``). A creator's strategy is always one of her items, so its norm stays
/// within the items'.
/// A creator's Local Better Response move steps from her item in a random direction and lands on
/// the nearest item she holds.
public struct RatingsEnvironment: Environment, Equatable {
    public let dimension: Int
    /// Users kept (those with enough ratings), `users × dimension`, normalised.
    public let users: [Double]
    /// Every item's vector, `items × dimension`, normalised.
    public let items: [Double]
    public var creators: Int
    /// Items every creator holds, and items each creator holds alone (drawn per ecosystem).
    public var commonItems: Int
    public var privateItems: Int
    public var reward: Reward

    /// From a fitted factorisation: the users with at least `minimumRatings` ratings in `ratings`.
    public init(factorisation mf: MatrixFactorisation, ratings: Ratings, minimumRatings: Int, creators: Int,
                commonItems: Int, privateItems: Int, reward: Reward = .relevance) {
        let d = Swift.max(1, mf.factors)
        var counts = [Int](repeating: 0, count: ratings.users)
        for u in ratings.user { counts[Int(u)] += 1 }
        var users = [Double]()
        for u in 0..<ratings.users where counts[u] >= minimumRatings { users += mf.userFactors[(u * d)..<((u + 1) * d)] }
        // Scale every vector by 1/√m, m the largest |uᵀi| over kept users and all items, so the dot
        // products fill [−1, 1] and σ = (sᵀx + 1)/2 fills [0, 1].
        var largest = 0.0
        mf.itemFactors.withUnsafeBufferPointer { items in
            for start in stride(from: 0, to: users.count, by: d) {
                for item in 0..<(items.count / d) {
                    var dot = 0.0
                    for k in 0..<d { dot += users[start + k] * items[item * d + k] }
                    largest = Swift.max(largest, abs(dot))
                }
            }
        }
        let scale = largest > 0 ? 1 / largest.squareRoot() : 1
        self.dimension = d
        self.users = users.map { $0 * scale }
        self.items = mf.itemFactors.map { $0 * scale }
        self.creators = creators
        self.commonItems = commonItems
        self.privateItems = privateItems
        self.reward = reward
    }

    public var userCount: Int { users.count / dimension }
    public var itemCount: Int { items.count / dimension }

    public func makeEcosystem(stream: RandomStream) -> Ecosystem<DotProductRelevance> {
        let d = dimension, total = itemCount
        var order = Array(0..<total)
        stream.shuffle(&order)
        let common = Swift.min(commonItems, total)
        let shared = order[0..<common].map(Int32.init), rest = Array(order[common...])
        var held = [[Int32]](), strategies = [Double]()
        strategies.reserveCapacity(creators * d)
        for _ in 0..<creators {
            var own = rest
            stream.shuffle(&own)
            let items = (shared + own.prefix(privateItems).map(Int32.init)).sorted()
            held.append(items)
            let start = Int(items[stream.integer(below: items.count)])
            strategies += self.items[(start * d)..<((start + 1) * d)]
        }
        return Ecosystem(dimension: d, users: users, initialStrategies: strategies, relevance: DotProductRelevance(),
                         strategySet: .catalogue(ItemCatalogue(dimension: d, items: items, held: held)), reward: reward)
    }
}
