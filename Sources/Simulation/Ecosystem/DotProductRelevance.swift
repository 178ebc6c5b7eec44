/// σ(s, x) = (s·x + 1) / 2, clamped to [0, 1]: a dot product of vectors of norm ≤ 1 rescaled to [0, 1].
public struct DotProductRelevance: RelevanceFunction, Equatable {
    public init() {}

    @inlinable
    public func relevance(_ s: UnsafePointer<Double>, _ x: UnsafePointer<Double>, dimension: Int) -> Double {
        var dot = 0.0
        for k in 0..<dimension { dot += s[k] * x[k] }
        return Swift.min(Swift.max((dot + 1) / 2, 0), 1)
    }

    public var maximum: Double { 1 }

}
