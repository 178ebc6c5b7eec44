import CGSL

/// Cache hints for the simulation's gathers (the only C the hot loops need besides GSL's own).
public enum Prefetch {
    /// Asks the processor to bring the cache line holding `address` in ahead of a read; no effect on results.
    @inlinable @inline(__always)
    public static func read(_ address: UnsafeRawPointer) { cgsl_prefetch(address) }
}
