/// σ(s, x) = max(offset − ‖s − x‖ / scale, 0).
///
/// The synthetic environment uses offset 1 and scale 3 (values in [0, 1]); the toy
/// example uses offset 2 and scale 1 (values in [0, 2], not normalised).
public struct DistanceRelevance: RelevanceFunction, Equatable {
    public let offset: Double
    public let scale: Double

    public init(offset: Double, scale: Double) {
        precondition(offset > 0 && scale > 0, "offset and scale must be positive")
        self.offset = offset
        self.scale = scale
    }

    /// The synthetic environment's relevance, max(1 − ‖s − x‖/3, 0).
    public static let synthetic = DistanceRelevance(offset: 1, scale: 3)
    /// The toy example's relevance, max(2 − ‖s − x‖, 0).
    public static let toy = DistanceRelevance(offset: 2, scale: 1)

    @inlinable
    public func relevance(_ s: UnsafePointer<Double>, _ x: UnsafePointer<Double>, dimension: Int) -> Double {
        var sum = 0.0
        for k in 0..<dimension {
            let diff = s[k] - x[k]
            sum += diff * diff
        }
        return Swift.max(offset - sum.squareRoot() / scale, 0)
    }

    public var maximum: Double { offset }

    public func lipschitzBound(maxUserNorm: Double) -> Double { 1 / scale }
}
