/// Small numeric kernels for the trial's hot loops.
enum Kernels {
    /// Dot product of two vectors of length `d`, four lanes at a time.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ d: Int) -> Double {
        var acc = SIMD4<Double>(repeating: 0)
        var k = 0
        while k + 4 <= d {
            let x = UnsafeRawPointer(a + k).loadUnaligned(as: SIMD4<Double>.self)
            let y = UnsafeRawPointer(b + k).loadUnaligned(as: SIMD4<Double>.self)
            acc += x * y
            k += 4
        }
        var sum = acc.sum()
        while k < d { sum += a[k] * b[k]; k += 1 }
        return sum
    }

    /// Relevance of content to a user, both unit vectors: the dot product rescaled to [0, 1].
    @inline(__always)
    static func relevance(_ s: UnsafePointer<Double>, _ x: UnsafePointer<Double>, _ d: Int) -> Double {
        Swift.min(Swift.max((dot(s, x, d) + 1) / 2, 0), 1)
    }

    /// Scales a vector to unit length in place (leaves a zero vector alone).
    static func normalise(_ v: UnsafeMutableBufferPointer<Double>) {
        var n2 = 0.0
        for x in v { n2 += x * x }
        guard n2 > 0 else { return }
        let inv = 1 / n2.squareRoot()
        for k in v.indices { v[k] *= inv }
    }

    /// The logistic function.
    @inline(__always)
    static func logistic(_ x: Double) -> Double { 1 / (1 + exp(-x)) }
}

import Foundation
