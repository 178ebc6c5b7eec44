/// The set of strategies (content embeddings) a creator may choose from.
public enum StrategySet: Sendable, Equatable {
    /// All of ℝ^d; projection is the identity.
    case unbounded
    /// The closed ball of the given radius around the origin.
    case ball(radius: Double)

    /// Projects `point` onto the set in place (Euclidean projection).
    ///
    /// - Complexity: O(d).
    @inlinable
    public func project(_ point: UnsafeMutableBufferPointer<Double>) {
        switch self {
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
