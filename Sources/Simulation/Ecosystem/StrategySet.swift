/// The set of strategies (content embeddings) a creator may choose from.
public enum StrategySet: Sendable, Equatable {
    /// All of ℝ^d; projection is the identity.
    case unbounded
    /// The closed ball of the given radius around the origin.
    case ball(radius: Double)
    /// A finite catalogue of items: each creator may only publish the items she holds.
    case catalogue(ItemCatalogue)

    /// Projects `point` onto the set in place (Euclidean projection).
    ///
    /// - Complexity: O(d).
    @inlinable
    public func project(_ point: UnsafeMutableBufferPointer<Double>) {
        project(point, creator: nil)
    }

    /// Projects creator `creator`'s candidate strategy (`nil`: any creator's): a catalogue snaps it
    /// to the nearest item she holds (every item for `nil`).
    @inlinable
    public func project(_ point: UnsafeMutableBufferPointer<Double>, creator: Int?) {
        switch self {
        case let .catalogue(catalogue):
            catalogue.snap(point, creator: creator)
        case .unbounded:
            return
        case .ball(let radius):
            var norm2 = 0.0
            for v in point { norm2 += v * v }
            let norm = norm2.squareRoot()
            guard norm > radius else { return }
            let factor = radius / norm
            for k in point.indices { point[k] *= factor }
        }
    }

    /// Projects an array onto the set.
    public func projected(_ point: [Double]) -> [Double] {
        var copy = point
        copy.withUnsafeMutableBufferPointer { project($0) }
        return copy
    }
}

/// The items a creator may publish (the ratings environment, paper §5.1.2): item vectors shared by
/// all, and per creator the indices she holds (items common to every creator plus her own).
public struct ItemCatalogue: Sendable, Equatable {
    public let dimension: Int
    /// `items × dimension`.
    public let items: [Double]
    /// Per creator, the items she holds (ascending).
    public let held: [[Int32]]

    public init(dimension: Int, items: [Double], held: [[Int32]]) {
        precondition(dimension >= 1 && items.count % dimension == 0)
        self.dimension = dimension
        self.items = items
        self.held = held
    }

    public var count: Int { items.count / dimension }

    /// Replaces `point` by the nearest (Euclidean) held item; ties go to the lower index.
    @inlinable
    public func snap(_ point: UnsafeMutableBufferPointer<Double>, creator: Int?) {
        let d = dimension
        var best = -1, bestDistance = Double.infinity
        items.withUnsafeBufferPointer { e in
            func consider(_ item: Int) {
                var distance = 0.0
                for k in 0..<d { let t = e[item * d + k] - point[k]; distance += t * t }
                if distance < bestDistance { bestDistance = distance; best = item }
            }
            if let creator { for item in held[creator] { consider(Int(item)) } } else { for item in 0..<count { consider(item) } }
            guard best >= 0 else { return }
            for k in 0..<d { point[k] = e[best * d + k] }
        }
    }
}
