/// One instance of the creator-competition game: users, creators' starting strategies, and the rules.
///
/// Vectors are stored flattened row-major in contiguous arrays (`count × dimension`).
public struct Ecosystem<Relevance: RelevanceFunction>: Sendable {
    /// Embedding dimension d.
    public let dimension: Int
    /// User embeddings, `userCount × dimension`.
    public let users: [Double]
    /// Creators' starting strategies, `creatorCount × dimension`.
    public let initialStrategies: [Double]
    /// The relevance function σ (also the user utility π).
    public let relevance: Relevance
    /// Where creators may move.
    public let strategySet: StrategySet
    /// What creators are paid per impression.
    public let reward: Reward

    public init(dimension: Int, users: [Double], initialStrategies: [Double], relevance: Relevance,
                strategySet: StrategySet, reward: Reward = .relevance) {
        precondition(dimension >= 1, "dimension must be at least 1")
        precondition(!users.isEmpty && users.count % dimension == 0, "users must be a non-empty multiple of the dimension")
        precondition(!initialStrategies.isEmpty && initialStrategies.count % dimension == 0,
                     "strategies must be a non-empty multiple of the dimension")
        self.dimension = dimension
        self.users = users
        self.initialStrategies = initialStrategies
        self.relevance = relevance
        self.strategySet = strategySet
        self.reward = reward
    }

    /// Number of users m.
    public var userCount: Int { users.count / dimension }
    /// Number of creators n.
    public var creatorCount: Int { initialStrategies.count / dimension }

    /// User `j`'s embedding as an array.
    public func user(_ j: Int) -> [Double] { Array(users[(j * dimension)..<((j + 1) * dimension)]) }

    /// Its sizes and users, whatever its relevance function.
    public var shape: EcosystemShape { EcosystemShape(dimension: dimension, users: users, creatorCount: creatorCount) }
}

/// What the readers of a finished game need of its ecosystem (its files, `compare`'s
/// nearness count), whatever its relevance function.
public struct EcosystemShape: Sendable, Equatable {
    public let dimension: Int
    /// `userCount × dimension`.
    public let users: [Double]
    public let creatorCount: Int

    public var userCount: Int { users.count / dimension }
    public func user(_ j: Int) -> [Double] { Array(users[(j * dimension)..<((j + 1) * dimension)]) }
}
