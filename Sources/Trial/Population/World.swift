import GSL

/// What every arm shares and nobody changes: topic centroids and the attribute taste directions.
///
/// Drawn once from the seed's own stream; arms only read it.
public struct World: Sendable {
    public let dimension: Int
    /// Topic centroids, `topics × dimension`, unit vectors.
    public let topicCentroids: [Double]
    /// Taste direction of each country and gender value, unit vectors.
    public let countryTastes: [Double]
    public let genderTastes: [Double]
    /// Cumulative Zipf shares of countries (for categorical draws).
    public let countryCumulative: [Double]
    /// Cumulative shares of activity tiers.
    public let tierCumulative: [Double]

    /// The world of a trial run on `seed`: stream 100 of `population.worldSeed`, or of the trial's
    /// seed when the platform is not fixed.
    public init(spec: PopulationSpec, trialSeed seed: UInt64) {
        self.init(spec: spec, stream: RandomStream(seed: spec.worldSeed(trial: seed), stream: 100))
    }

    public init(spec: PopulationSpec, stream: RandomStream) {
        let d = spec.dimension
        dimension = d
        func units(_ count: Int) -> [Double] {
            var out = [Double](repeating: 0, count: count * d)
            out.withUnsafeMutableBufferPointer { buffer in
                for c in 0..<count { stream.direction(into: UnsafeMutableBufferPointer(rebasing: buffer[(c * d)..<((c + 1) * d)])) }
            }
            return out
        }
        topicCentroids = units(spec.topics)
        countryTastes = units(spec.countries)
        genderTastes = units(spec.genders)
        let zipf = (1...spec.countries).map { 1 / pow(Double($0), spec.countryExponent) }
        countryCumulative = World.cumulative(zipf)
        tierCumulative = World.cumulative(spec.tierShares)
    }

    static func cumulative(_ weights: [Double]) -> [Double] {
        let total = weights.reduce(0, +)
        var running = 0.0
        return weights.map { running += $0 / total; return running }
    }

    /// Index drawn from a cumulative table with one uniform draw.
    static func draw(_ cumulative: [Double], _ stream: RandomStream) -> Int {
        let u = stream.uniform()
        var lo = 0, hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if cumulative[mid] > u { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    /// The topic nearest (largest dot product) to an embedding.
    public func topic(of embedding: UnsafePointer<Double>) -> Int {
        let d = dimension
        var best = 0, bestDot = -Double.infinity
        topicCentroids.withUnsafeBufferPointer { c in
            for t in 0..<(c.count / d) {
                let dot = Kernels.dot(embedding, c.baseAddress! + t * d, d)
                if dot > bestDot { bestDot = dot; best = t }
            }
        }
        return best
    }
}

import Foundation
