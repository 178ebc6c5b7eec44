import CGSL

/// A seeded Mersenne Twister stream (GSL's `mt19937`) with the draws TwinArm needs.
///
/// A stream is unsynchronised mutable state, so it is a non-`Sendable` class: give every
/// market, arm or task its own, derived from the run's seed with ``init(seed:stream:)``.
public final class RandomStream {
    @usableFromInline let rng: UnsafeMutablePointer<gsl_rng>

    /// The GSL seed actually used (never 0, which GSL would silently replace by 4357).
    public let gslSeed: UInt

    /// Creates stream number `stream` of the run seeded with `seed`.
    ///
    /// Different `(seed, stream)` pairs give independent-looking, distinct GSL seeds.
    public init(seed: UInt64, stream: UInt64 = 0) {
        _ = GSLRuntime.ready
        var mixer = SplitMix64(seed: seed ^ (stream &* 0xD1B5_4A32_D192_ED03))
        _ = mixer.next()
        var value = mixer.next() & 0xFFFF_FFFF
        if value == 0 { value = 0x5EED }
        gslSeed = UInt(value)
        guard let r = gsl_rng_alloc(cgsl_rng_mt19937()) else {
            fatalError("GSL could not allocate a random number generator (out of memory)")
        }
        rng = r
        gsl_rng_set(rng, gslSeed)
    }

    deinit { gsl_rng_free(rng) }

    /// A uniform draw in [0, 1).
    @inlinable public func uniform() -> Double { gsl_rng_uniform(rng) }

    /// A uniform draw in (0, 1), never exactly 0.
    @inlinable public func uniformPositive() -> Double { gsl_rng_uniform_pos(rng) }

    /// A uniform integer in `0..<bound`; `bound` must be positive.
    @inlinable public func integer(below bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        return Int(gsl_rng_uniform_int(rng, UInt(bound)))
    }

    /// A Gaussian draw with mean `mean` and standard deviation `sd`.
    @inlinable public func gaussian(mean: Double = 0, sd: Double = 1) -> Double {
        mean + gsl_ran_gaussian_ziggurat(rng, sd)
    }

    /// A Poisson count with mean `mean`.
    @inlinable public func poisson(mean: Double) -> Int { Int(gsl_ran_poisson(rng, mean)) }

    /// A binomial count: successes in `trials` draws of probability `p`.
    @inlinable public func binomial(trials: Int, p: Double) -> Int {
        trials <= 0 ? 0 : Int(gsl_ran_binomial(rng, p, UInt32(clamping: trials)))
    }

    /// A log-normal draw: exp(N(mu, sigma²)).
    @inlinable public func logNormal(mu: Double, sigma: Double) -> Double { gsl_ran_lognormal(rng, mu, sigma) }

    /// Counts of `trials` draws over categories with the given probabilities (they need not sum to 1).
    public func multinomial(trials: Int, probabilities: [Double]) -> [Int] {
        var counts = [UInt32](repeating: 0, count: probabilities.count)
        probabilities.withUnsafeBufferPointer { p in
            counts.withUnsafeMutableBufferPointer { c in
                gsl_ran_multinomial(rng, p.count, UInt32(clamping: trials), p.baseAddress, c.baseAddress)
            }
        }
        return counts.map(Int.init)
    }

    /// `true` with probability `p`.
    @inlinable public func bernoulli(_ p: Double) -> Bool { gsl_ran_bernoulli(rng, p) == 1 }

    /// Fills `buffer` with a direction drawn uniformly from the unit sphere in `buffer.count` dimensions.
    @inlinable public func direction(into buffer: UnsafeMutableBufferPointer<Double>) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        if buffer.count == 1 {
            base[0] = uniform() < 0.5 ? -1 : 1
        } else {
            gsl_ran_dir_nd(rng, buffer.count, base)
        }
    }

    /// Shuffles `values` in place (Fisher–Yates, GSL's `gsl_ran_shuffle`).
    public func shuffle(_ values: inout [Int]) {
        guard values.count > 1 else { return }
        values.withUnsafeMutableBufferPointer { buffer in
            gsl_ran_shuffle(rng, buffer.baseAddress, buffer.count, MemoryLayout<Int>.stride)
        }
    }

    /// An index drawn with probability proportional to `weights` (all non-negative, not all zero).
    public func index(weightedBy weights: [Double]) -> Int {
        let total = weights.reduce(0, +)
        precondition(total > 0, "weights must not all be zero")
        var target = uniform() * total
        for (i, w) in weights.enumerated() {
            target -= w
            if target < 0 { return i }
        }
        return weights.lastIndex(where: { $0 > 0 })!
    }
}
