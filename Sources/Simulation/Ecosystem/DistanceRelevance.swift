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

    /// Four users at a time with `SIMD4`; each lane performs exactly the scalar operations, in the
    /// same order, so the values are bit-for-bit those of ``relevance(_:_:dimension:)``.
    @inlinable
    public func relevanceRow(_ s: UnsafePointer<Double>, usersByCoordinate x: UnsafePointer<Double>, userCount m: Int,
                             dimension: Int, into output: UnsafeMutablePointer<Double>) {
        let lanes = 4
        let whole = m - m % lanes
        let offsets = SIMD4<Double>(repeating: offset), scales = SIMD4<Double>(repeating: scale)
        let zero = SIMD4<Double>(repeating: 0)
        var j = 0
        while j < whole {
            var sum = zero
            for k in 0..<dimension {
                let p = x + k * m + j
                let diff = SIMD4<Double>(repeating: s[k]) - SIMD4<Double>(p[0], p[1], p[2], p[3])
                sum += diff * diff
            }
            let sigma = (offsets - sum.squareRoot() / scales).replacing(with: zero, where: (offsets - sum.squareRoot() / scales) .< zero)
            output[j] = sigma[0]; output[j + 1] = sigma[1]; output[j + 2] = sigma[2]; output[j + 3] = sigma[3]
            j += lanes
        }
        while j < m {
            var sum = 0.0
            for k in 0..<dimension {
                let diff = s[k] - x[k * m + j]
                sum += diff * diff
            }
            output[j] = Swift.max(offset - sum.squareRoot() / scale, 0)
            j += 1
        }
    }

    /// Compares squared distances with each user's threshold turned into a distance bound, four
    /// users at a time and without square roots; only the picked users get their exact σ.
    @inlinable
    public func selectUsers(_ s: UnsafePointer<Double>, usersByCoordinate x: UnsafePointer<Double>, userCount m: Int,
                            dimension: Int, current: UnsafePointer<Double>, threshold: UnsafePointer<Double>,
                            into output: UnsafeMutablePointer<Double>, selected: UnsafeMutablePointer<Int32>) -> Int {
        // σ ≥ t  ⇔  ‖s − x‖ ≤ (offset − t)·scale; the bound is widened slightly so rounding never drops a user.
        // Pass 1 keeps squared distances in `output` and compacts the picked indices without branches;
        // pass 2 turns the picked ones into σ.
        typealias Lanes = SIMD4<Double>
        let widen = Lanes(repeating: 1 + 1e-9)
        var picked = 0
        var j = 0
        let whole = m - m % Lanes.scalarCount
        let offsets = Lanes(repeating: offset), scales = Lanes(repeating: scale)
        let zero = Lanes(repeating: 0)
        while j < whole {
            var sum = zero
            for k in 0..<dimension {
                let diff = Lanes(repeating: s[k]) - UnsafeRawPointer(x + k * m + j).loadUnaligned(as: Lanes.self)
                sum += diff * diff
            }
            UnsafeMutableRawPointer(output + j).storeBytes(of: sum, as: Lanes.self)
            let t = UnsafeRawPointer(threshold + j).loadUnaligned(as: Lanes.self)
            let c = UnsafeRawPointer(current + j).loadUnaligned(as: Lanes.self)
            let reach = (offsets - t) * scales
            let mask = (c .>= t) .| (t .<= zero) .| (sum .<= reach * reach * widen)
            for lane in 0..<Lanes.scalarCount {
                selected[picked] = Int32(j + lane)
                picked &+= mask[lane] ? 1 : 0
            }
            j += Lanes.scalarCount
        }
        for t in 0..<picked {
            let u = Int(selected[t])
            output[u] = Swift.max(offset - output[u].squareRoot() / scale, 0)
        }
        while j < m {
            var sum = 0.0
            for k in 0..<dimension {
                let diff = s[k] - x[k * m + j]
                sum += diff * diff
            }
            let sigma = Swift.max(offset - sum.squareRoot() / scale, 0)
            if current[j] >= threshold[j] || sigma >= threshold[j] {
                output[j] = sigma
                selected[picked] = Int32(j)
                picked += 1
            }
            j += 1
        }
        return picked
    }

    public var maximum: Double { offset }

}
