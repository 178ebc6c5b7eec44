import Foundation
import GSL

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

extension Kernels {
    /// Dot product of two single-precision vectors of length `d`, eight lanes at a time.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ d: Int) -> Float {
        var acc = SIMD8<Float>(repeating: 0), other = acc
        var k = 0
        while k + 16 <= d {
            acc += UnsafeRawPointer(a + k).loadUnaligned(as: SIMD8<Float>.self)
                * UnsafeRawPointer(b + k).loadUnaligned(as: SIMD8<Float>.self)
            other += UnsafeRawPointer(a + k + 8).loadUnaligned(as: SIMD8<Float>.self)
                * UnsafeRawPointer(b + k + 8).loadUnaligned(as: SIMD8<Float>.self)
            k += 16
        }
        if k + 8 <= d {
            acc += UnsafeRawPointer(a + k).loadUnaligned(as: SIMD8<Float>.self)
                * UnsafeRawPointer(b + k).loadUnaligned(as: SIMD8<Float>.self)
            k += 8
        }
        var sum = (acc + other).sum()
        while k < d { sum += a[k] * b[k]; k += 1 }
        return sum
    }

    /// The largest of `count` finite values (−∞ for none), sixteen lanes at a time: a maximum
    /// does not depend on the order it is taken in, so this is the scalar loop's value.
    @inline(__always)
    static func largest(_ v: UnsafePointer<Float>, count n: Int) -> Float {
        var lanes = SIMD16<Float>(repeating: -.infinity)
        var r = 0
        while r + 16 <= n {
            let x = UnsafeRawPointer(v + r).loadUnaligned(as: SIMD16<Float>.self)
            lanes.replace(with: x, where: x .> lanes)
            r += 16
        }
        var m = lanes.max()
        while r < n { m = Swift.max(m, v[r]); r += 1 }
        return m
    }

    /// Calls `body` with every index r < `count` whose value is at least `floor`, in ascending
    /// order, testing sixteen values at a time.
    @inline(__always)
    static func forEach(in v: UnsafePointer<Float>, count n: Int, atLeast floor: Float, _ body: (Int) -> Void) {
        let bar = SIMD16<Float>(repeating: floor)
        var r = 0
        while r + 16 <= n {
            if any(UnsafeRawPointer(v + r).loadUnaligned(as: SIMD16<Float>.self) .>= bar) {
                for q in r..<(r + 16) where v[q] >= floor { body(q) }
            }
            r += 16
        }
        while r < n {
            if v[r] >= floor { body(r) }
            r += 1
        }
    }

    /// Relevance of content to a user (unit vectors): the dot product rescaled to [0, 1].
    @inline(__always)
    static func relevance(_ s: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ d: Int) -> Float {
        Swift.min(Swift.max((dot(s, x, d) + 1) / 2, 0), 1)
    }

    /// An approximately standard normal number fixed by `key`, `a` and `b` (Irwin–Hall sum of four
    /// 16-bit uniforms, rescaled): the ranker's error on one (user, item) pair, the same every time
    /// the pair is scored and in every arm that shares the key.
    @inline(__always)
    static func pairNoise(_ key: UInt64, _ a: Int, _ b: Int) -> Float {
        var h = key ^ (UInt64(truncatingIfNeeded: a) &* 0x9E37_79B9_7F4A_7C15) ^ (UInt64(truncatingIfNeeded: b) &* 0xC2B2_AE3D_27D4_EB4F)
        h = (h ^ (h >> 30)) &* 0xBF58_476D_1CE4_E5B9
        h = (h ^ (h >> 27)) &* 0x94D0_49BB_1331_11EB
        h ^= h >> 31
        let s = Float(h & 0xFFFF) + Float((h >> 16) & 0xFFFF) + Float((h >> 32) & 0xFFFF) + Float(h >> 48)
        return (s * (1 / 65536) - 2) * 1.7320508
    }

    /// Writes `v + noise·g/√d` (g standard normal from `stream`), renormalised, into `out`.
    static func perturb(_ v: UnsafePointer<Double>, noise: Double, stream: UnitStream, into out: UnsafeMutableBufferPointer<Double>) {
        let d = out.count
        let scale = noise / Double(d).squareRoot()
        for k in 0..<d { out[k] = v[k] + (scale > 0 ? scale * stream.gaussian() : 0) }
        normalise(out)
    }
}
