import CGSL

/// Cache hints for the simulation's gathers (the only C the hot loops need besides GSL's own).
public enum Prefetch {
    /// Asks the processor to bring the cache line holding `address` in ahead of a read; no effect on results.
    @inlinable @inline(__always)
    public static func read(_ address: UnsafeRawPointer) { cgsl_prefetch(address) }

    /// Asks for every cache line of the `count` bytes at `address`. A row need not start on a line:
    /// an array's elements start 32 bytes into its allocation, so a row of 128 bytes usually spans
    /// three lines, and asking for two left the third to a demand miss.
    @inlinable @inline(__always)
    public static func read(_ address: UnsafeRawPointer, bytes count: Int) {
        let last = Int(bitPattern: address) + count - 1
        var line = Int(bitPattern: address) & ~63
        while line <= last {
            cgsl_prefetch(UnsafeRawPointer(bitPattern: line)!)
            line += 64
        }
    }
}
