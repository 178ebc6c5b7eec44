import GSL

/// The five-user example of §4.1 (Fig. 1): without intervention creators crowd the centre user.
public struct ToyEnvironment: Environment, Equatable {
    /// User positions (each a point in ℝ^d).
    public var users: [[Double]]
    /// Number of creators.
    public var creators: Int
    /// Creators start uniformly on the segment from `startFrom` to `startTo` …
    public var startFrom: [Double]
    public var startTo: [Double]
    /// … plus Gaussian noise of this standard deviation per coordinate.
    public var startJitter: Double
    public var relevance: DistanceRelevance
    public var reward: Reward

    public init(users: [[Double]] = [[0, 0], [1, 0], [0, 1], [-1, 0], [0, -1]], creators: Int = 5,
                startFrom: [Double] = [0, 0], startTo: [Double] = [1, 0], startJitter: Double = 0.05,
                relevance: DistanceRelevance = .toy, reward: Reward = .relevance) {
        self.users = users
        self.creators = creators
        self.startFrom = startFrom
        self.startTo = startTo
        self.startJitter = startJitter
        self.relevance = relevance
        self.reward = reward
    }

    public var dimension: Int { users.first?.count ?? 0 }

    public func makeEcosystem(stream: RandomStream) -> Ecosystem<DistanceRelevance> {
        let d = dimension
        var strategies = [Double]()
        strategies.reserveCapacity(creators * d)
        for _ in 0..<creators {
            let t = stream.uniform()
            for k in 0..<d {
                strategies.append(startFrom[k] + t * (startTo[k] - startFrom[k]) + stream.gaussian(sd: startJitter))
            }
        }
        return Ecosystem(dimension: d, users: users.flatMap { $0 }, initialStrategies: strategies,
                         relevance: relevance, strategySet: .unbounded, reward: reward)
    }
}
