import GSL

/// Explicit ratings (a MovieLens-style table): one (user, item, value) per row, users and items
/// numbered densely from 0 in order of first appearance.
public struct Ratings: Sendable, Equatable {
    public private(set) var user: [Int32] = []
    public private(set) var item: [Int32] = []
    public private(set) var value: [Double] = []
    /// Users and items of the table this one was drawn from (a split keeps the numbering).
    public let users: Int
    public let items: Int

    public init(users: Int, items: Int) {
        self.users = users
        self.items = items
    }

    public var count: Int { value.count }

    public mutating func append(user u: Int, item i: Int, value r: Double) {
        precondition((0..<users).contains(u) && (0..<items).contains(i), "rating outside the table")
        user.append(Int32(u)); item.append(Int32(i)); value.append(r)
    }

    /// The mean of the values (0 for an empty table).
    public var mean: Double { value.isEmpty ? 0 : value.reduce(0, +) / Double(value.count) }

    /// Root mean squared error of predicting every rating by `value` (the global-mean baseline).
    public func rmse(constant value: Double) -> Double {
        guard count > 0 else { return 0 }
        return (self.value.reduce(0) { $0 + ($1 - value) * ($1 - value) } / Double(count)).squareRoot()
    }

    /// Holds out each rating with probability `share` (independently, from `stream`): the
    /// training ratings and the held-out ones, both numbered as this table.
    public func split(holdout share: Double, stream: RandomStream) -> (train: Ratings, test: Ratings) {
        var train = Ratings(users: users, items: items), test = train
        for r in 0..<count {
            if stream.uniform() < share {
                test.append(user: Int(user[r]), item: Int(item[r]), value: value[r])
            } else {
                train.append(user: Int(user[r]), item: Int(item[r]), value: value[r])
            }
        }
        return (train, test)
    }
}
