/// A tiny, fast 64-bit generator used only to derive well-separated seeds.
///
/// Seeds given by users are small integers (0, 1, 2 …); feeding them straight into a
/// Mersenne Twister gives correlated-looking streams and, for seed 0, GSL's silent
/// substitution of 4357. Mixing them through SplitMix64 first avoids both.
public struct SplitMix64: Sendable, Equatable {
    public private(set) var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// The next 64-bit output.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
