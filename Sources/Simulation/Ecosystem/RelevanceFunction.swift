/// How relevant a piece of content `s` is to a user `x`: σ(s, x) ≥ 0.
///
/// The engine is generic over this protocol so that the hot loop calls a concrete,
/// inlinable function rather than an existential.
public protocol RelevanceFunction: Sendable {
    /// σ(s, x) for two vectors of `dimension` coordinates.
    func relevance(_ s: UnsafePointer<Double>, _ x: UnsafePointer<Double>, dimension: Int) -> Double

    /// The largest value σ can take; used to keep softmax exponents non-positive.
    var maximum: Double { get }

    /// σ(s, xⱼ) for every user j, with users stored coordinate-major (`dimension × userCount`).
    ///
    /// Must give bit-for-bit the values of ``relevance(_:_:dimension:)``; a conforming type may
    /// override the default to vectorise across users.
    func relevanceRow(_ s: UnsafePointer<Double>, usersByCoordinate: UnsafePointer<Double>, userCount: Int,
                      dimension: Int, into output: UnsafeMutablePointer<Double>)

    /// Picks the users j with `current[j] ≥ threshold[j]` or σ(s, xⱼ) ≥ `threshold[j]` (a superset is
    /// allowed), writes their indices to `selected` and σ(s, xⱼ) — bit-for-bit as
    /// ``relevance(_:_:dimension:)`` — to `output[j]`, and returns how many were picked.
    ///
    /// This is the fast market's inner loop; a conforming type may override it to skip most of
    /// the work for users that cannot qualify.
    func selectUsers(_ s: UnsafePointer<Double>, usersByCoordinate: UnsafePointer<Double>, userCount: Int,
                     dimension: Int, current: UnsafePointer<Double>, threshold: UnsafePointer<Double>,
                     into output: UnsafeMutablePointer<Double>, selected: UnsafeMutablePointer<Int32>) -> Int
}

extension RelevanceFunction {
    /// Computes the whole row with ``relevanceRow(_:usersByCoordinate:userCount:dimension:into:)``, then filters.
    @inlinable
    public func selectUsers(_ s: UnsafePointer<Double>, usersByCoordinate: UnsafePointer<Double>, userCount: Int,
                            dimension: Int, current: UnsafePointer<Double>, threshold: UnsafePointer<Double>,
                            into output: UnsafeMutablePointer<Double>, selected: UnsafeMutablePointer<Int32>) -> Int {
        relevanceRow(s, usersByCoordinate: usersByCoordinate, userCount: userCount, dimension: dimension, into: output)
        var picked = 0
        for j in 0..<userCount {
            selected[picked] = Int32(j)
            picked &+= (current[j] >= threshold[j] || output[j] >= threshold[j]) ? 1 : 0
        }
        return picked
    }

    /// The plain loop: gathers each user and calls ``relevance(_:_:dimension:)``.
    @inlinable
    public func relevanceRow(_ s: UnsafePointer<Double>, usersByCoordinate: UnsafePointer<Double>, userCount: Int,
                             dimension: Int, into output: UnsafeMutablePointer<Double>) {
        withUnsafeTemporaryAllocation(of: Double.self, capacity: dimension) { x in
            for j in 0..<userCount {
                for k in 0..<dimension { x[k] = usersByCoordinate[k * userCount + j] }
                output[j] = relevance(s, x.baseAddress!, dimension: dimension)
            }
        }
    }
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
