/// Users' tastes and creators' content taken from data (`population.embeddings`): vectors of a
/// factorisation's users and items, each normalised to unit length. A trial's user draws her
/// taste from a uniformly chosen user vector, a creator her starting content from a uniformly
/// chosen item vector; groups, activity and followers are drawn as for the synthetic world.
public struct TasteEmbeddings: Sendable, Equatable {
    public let dimension: Int
    /// `userCount × dimension`, unit rows.
    public let users: [Double]
    /// `itemCount × dimension`, unit rows.
    public let items: [Double]

    public init(dimension: Int, users: [Double], items: [Double]) {
        precondition(dimension >= 1 && users.count % dimension == 0 && items.count % dimension == 0)
        self.dimension = dimension
        self.users = Self.normalised(users, dimension)
        self.items = Self.normalised(items, dimension)
    }

    public var userCount: Int { users.count / dimension }
    public var itemCount: Int { items.count / dimension }

    static func normalised(_ rows: [Double], _ d: Int) -> [Double] {
        var out = rows
        for start in stride(from: 0, to: out.count, by: d) {
            let norm = out[start..<(start + d)].reduce(0) { $0 + $1 * $1 }.squareRoot()
            if norm > 0 { for k in start..<(start + d) { out[k] /= norm } }
        }
        return out
    }
}
