import CGSL

/// A random stream that is re-keyed for every (unit, day, purpose): common random numbers.
///
/// A trial market draws each unit's daily randomness (a user's requests and likes, a creator's
/// activity and items) from its own key, so two arms that hold the same units draw the same
/// numbers for them until their paths really differ — the *twin* design's common random numbers —
/// and a change in one unit's draws never shifts another's. It wraps GSL's `taus2` (L'Ecuyer's
/// maximally equidistributed Tausworthe generator), whose seeding costs a few operations, so
/// re-keying per unit-day is cheap; a Mersenne Twister would cost 624 words per re-key.
public final class UnitStream {
    @usableFromInline let rng: UnsafeMutablePointer<gsl_rng>
    /// The stream's base key (from the run's seed and the arm's stream number).
    public let base: UInt64

    public convenience init(seed: UInt64, stream: UInt64) {
        _ = GSLRuntime.ready
        var mixer = SplitMix64(seed: seed ^ (stream &* 0x9E37_79B9_7F4A_7C15))
        self.init(base: mixer.next())
    }

    /// A second generator with `other`'s base key: keyed alike, it draws what `other` would (for a
    /// serving thread that draws some units' numbers while `other` draws the rest's).
    public convenience init(keyedLike other: UnitStream) { self.init(base: other.base) }

    private init(base: UInt64) {
        self.base = base
        guard let r = gsl_rng_alloc(cgsl_rng_taus2()) else {
            fatalError("GSL could not allocate a random number generator (out of memory)")
        }
        rng = r
        gsl_rng_set(rng, 1)
    }

    deinit { gsl_rng_free(rng) }

    /// Re-keys the stream for one purpose, day and unit; the draws that follow depend only on these and the base key.
    @inlinable public func key(_ purpose: UInt64, day: Int, unit: Int) {
        var h = base ^ (purpose &* 0xBF58_476D_1CE4_E5B9)
        h = (h ^ (UInt64(bitPattern: Int64(day)) &* 0x94D0_49BB_1331_11EB)) &* 0xD6E8_FEB8_6659_FD93
        h ^= UInt64(bitPattern: Int64(unit)) &+ 0x9E37_79B9_7F4A_7C15
        h = (h ^ (h >> 30)) &* 0xBF58_476D_1CE4_E5B9
        h = (h ^ (h >> 27)) &* 0x94D0_49BB_1331_11EB
        h ^= h >> 31
        // taus2 reads a 32-bit seed; 0 is replaced by GSL, so avoid it.
        var seed = UInt(truncatingIfNeeded: h ^ (h >> 32)) & 0xFFFF_FFFF
        if seed == 0 { seed = 0x5EED }
        gsl_rng_set(rng, seed)
    }

    /// A uniform draw in [0, 1).
    @inlinable public func uniform() -> Double { gsl_rng_uniform(rng) }
    /// A Gaussian draw with standard deviation `sd`.
    @inlinable public func gaussian(sd: Double = 1) -> Double { gsl_ran_gaussian_ziggurat(rng, sd) }
    /// A Poisson count with mean `mean` (0 for a mean ≤ 0).
    @inlinable public func poisson(mean: Double) -> Int { mean > 0 ? Int(gsl_ran_poisson(rng, mean)) : 0 }
    /// `true` with probability `p`.
    @inlinable public func bernoulli(_ p: Double) -> Bool { gsl_rng_uniform(rng) < p }
    /// A uniform integer in `0..<bound`.
    @inlinable public func integer(below bound: Int) -> Int { Int(gsl_rng_uniform_int(rng, UInt(bound))) }
    /// Fills `buffer` with a direction drawn uniformly from the unit sphere.
    @inlinable public func direction(into buffer: UnsafeMutableBufferPointer<Double>) {
        guard let base = buffer.baseAddress, buffer.count > 1 else { return }
        gsl_ran_dir_nd(rng, buffer.count, base)
    }
}
