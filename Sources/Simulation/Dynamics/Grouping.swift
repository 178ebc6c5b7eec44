import GSL

/// How the platform forms the user groups that share a weight.
public enum Grouping: Sendable, Equatable {
    /// k-means(++) on user embeddings with this many groups (never the generator's true clusters).
    case kMeans(groups: Int, maxIterations: Int)
    /// Every user is her own group (the toy example).
    case perUser
    /// One group for everyone.
    case single

    /// The group of every user and the number of groups.
    public func assign<R>(_ ecosystem: Ecosystem<R>, stream: RandomStream) -> (groups: [Int], count: Int) {
        switch self {
        case .perUser:
            return (Array(0..<ecosystem.userCount), ecosystem.userCount)
        case .single:
            return ([Int](repeating: 0, count: ecosystem.userCount), 1)
        case let .kMeans(groups, maxIterations):
            let clusters = KMeans(points: ecosystem.users, dimension: ecosystem.dimension,
                                  clusters: Swift.min(groups, ecosystem.userCount),
                                  maxIterations: maxIterations, stream: stream)
            return (clusters.assignments, Swift.min(groups, ecosystem.userCount))
        }
    }
}
