/// How relevant a piece of content `s` is to a user `x`: σ(s, x) ≥ 0.
///
/// The engine is generic over this protocol so that the hot loop calls a concrete,
/// inlinable function rather than an existential.
public protocol RelevanceFunction: Sendable {
    /// σ(s, x) for two vectors of `dimension` coordinates.
    func relevance(_ s: UnsafePointer<Double>, _ x: UnsafePointer<Double>, dimension: Int) -> Double

    /// The largest value σ can take; used to keep softmax exponents non-positive.
    var maximum: Double { get }

    /// A bound on |σ(s, x) − σ(s′, x)| / ‖s − s′‖ for users whose norm is at most `maxUserNorm`.
    ///
    /// The fast engine uses it to skip users whose ranking a step of length η cannot change.
    func lipschitzBound(maxUserNorm: Double) -> Double
}

extension RelevanceFunction {
    /// σ(s, x) for two arrays of equal length.
    @inlinable
    public func relevance(_ s: [Double], _ x: [Double]) -> Double {
        precondition(s.count == x.count && !s.isEmpty, "vectors must be non-empty and of equal length")
        return s.withUnsafeBufferPointer { sp in
            x.withUnsafeBufferPointer { xp in relevance(sp.baseAddress!, xp.baseAddress!, dimension: s.count) }
        }
    }
}
