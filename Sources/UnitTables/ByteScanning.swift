/// Byte-level field scanning for the chunk parser: no strings are built on the hot path.
enum ASCII {
    static let comma: UInt8 = 0x2C, newline: UInt8 = 0x0A, carriageReturn: UInt8 = 0x0D
    static let space: UInt8 = 0x20, tab: UInt8 = 0x09, quote: UInt8 = 0x22
    static let zero: UInt8 = 0x30, nine: UInt8 = 0x39, plus: UInt8 = 0x2B, minus: UInt8 = 0x2D
}

/// A field of a row: a trimmed byte range of the chunk.
struct FieldRange: Sendable {
    var start: Int
    var end: Int
    var isEmpty: Bool { start >= end }
}

extension UnsafeRawBufferPointer {
    /// The field with surrounding blanks (and one pair of double quotes) removed.
    @inline(__always)
    func trimmed(_ start: Int, _ end: Int) -> FieldRange {
        var s = start, e = end
        while s < e, self[s] == ASCII.space || self[s] == ASCII.tab || self[s] == ASCII.carriageReturn { s += 1 }
        while e > s, self[e - 1] == ASCII.space || self[e - 1] == ASCII.tab || self[e - 1] == ASCII.carriageReturn { e -= 1 }
        if e - s >= 2, self[s] == ASCII.quote, self[e - 1] == ASCII.quote { s += 1; e -= 1 }
        return FieldRange(start: s, end: e)
    }

    /// The field's text (for messages and new arm names).
    func text(_ field: FieldRange) -> String {
        field.isEmpty ? "" : String(decoding: UnsafeRawBufferPointer(rebasing: self[field.start..<field.end]), as: UTF8.self)
    }

    /// A decimal integer with an optional sign, or `nil` if the field is not one or leaves
    /// ±`limit`.
    @inline(__always)
    func integer(_ field: FieldRange, limit: Int64) -> Int64? {
        var i = field.start
        guard i < field.end else { return nil }
        var negative = false
        if self[i] == ASCII.minus || self[i] == ASCII.plus { negative = self[i] == ASCII.minus; i += 1 }
        guard i < field.end else { return nil }
        var value: Int64 = 0
        while i < field.end {
            let digit = self[i] &- ASCII.zero
            guard digit < 10 else { return nil }
            value = value * 10 + Int64(digit)
            guard value <= limit else { return nil }
            i += 1
        }
        return negative ? -value : value
    }

    /// Equal bytes.
    @inline(__always)
    func matches(_ field: FieldRange, _ bytes: [UInt8]) -> Bool {
        guard field.end - field.start == bytes.count else { return false }
        for k in 0..<bytes.count where self[field.start + k] != bytes[k] { return false }
        return true
    }

    /// A 64-bit hash of the field's bytes (FNV-1a, then a finaliser).
    @inline(__always)
    func hash(_ field: FieldRange) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for k in field.start..<field.end { h = (h ^ UInt64(self[k])) &* 0x0000_0100_0000_01B3 }
        return mix64(h)
    }
}

/// The SplitMix64 finaliser: spreads every input bit over the output.
@inline(__always)
func mix64(_ x: UInt64) -> UInt64 {
    var z = x &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}
