import GSL

/// The clustered population of §5.1.1 (Fig. 2): a few large and many small user clusters,
/// and creators who all start near the largest cluster's centre.
public struct SyntheticEnvironment: Environment, Equatable {
    public var dimension: Int
    /// Users per cluster; the first cluster is the one creators start at.
    public var clusterSizes: [Int]
    /// Standard deviation of users around their cluster centre.
    public var userSpread: Double
    /// Number of creators n.
    public var creators: Int
    /// Standard deviation of creators' starting noise around the largest centre.
    public var creatorSpread: Double
    /// Radius of the ball that bounds users and strategies.
    public var radius: Double
    public var relevance: DistanceRelevance
    public var reward: Reward

    public init(dimension: Int = 5, clusterSizes: [Int] = [1000, 500, 200, 100, 100, 50, 20, 10, 10, 10],
                userSpread: Double = 0.5, creators: Int = 200, creatorSpread: Double = 0.1, radius: Double = 1,
                relevance: DistanceRelevance = .synthetic, reward: Reward = .relevance) {
        self.dimension = dimension
        self.clusterSizes = clusterSizes
        self.userSpread = userSpread
        self.creators = creators
        self.creatorSpread = creatorSpread
        self.radius = radius
        self.relevance = relevance
        self.reward = reward
    }

    /// Cluster centres, drawn uniformly on the sphere of radius `radius`; flattened.
    public func centres(stream: RandomStream) -> [Double] {
        var centres = [Double](repeating: 0, count: clusterSizes.count * dimension)
        var direction = [Double](repeating: 0, count: dimension)
        for c in clusterSizes.indices {
            direction.withUnsafeMutableBufferPointer { stream.direction(into: $0) }
            for k in 0..<dimension { centres[c * dimension + k] = radius * direction[k] }
        }
        return centres
    }

    public func makeEcosystem(stream: RandomStream) -> Ecosystem<DistanceRelevance> {
        let d = dimension
        let set = StrategySet.ball(radius: radius)
        let centres = centres(stream: stream)
        var users = [Double]()
        users.reserveCapacity(clusterSizes.reduce(0, +) * d)
        var point = [Double](repeating: 0, count: d)
        for (c, size) in clusterSizes.enumerated() {
            for _ in 0..<size {
                for k in 0..<d { point[k] = centres[c * d + k] + stream.gaussian(sd: userSpread) }
                point.withUnsafeMutableBufferPointer { set.project($0) }
                users.append(contentsOf: point)
            }
        }
        let largest = clusterSizes.indices.max { clusterSizes[$0] < clusterSizes[$1] } ?? 0
        var strategies = [Double]()
        strategies.reserveCapacity(creators * d)
        for _ in 0..<creators {
            for k in 0..<d { point[k] = centres[largest * d + k] + stream.gaussian(sd: creatorSpread) }
            point.withUnsafeMutableBufferPointer { set.project($0) }
            strategies.append(contentsOf: point)
        }
        return Ecosystem(dimension: d, users: users, initialStrategies: strategies, relevance: relevance,
                         strategySet: set, reward: reward)
    }
}
