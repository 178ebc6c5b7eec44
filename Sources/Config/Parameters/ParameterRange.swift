/// The values a numeric parameter allows: bounds, each open or closed, and whether only whole
/// numbers are allowed. Validation, calibration domains and sweeps all read it, and its text is
/// the "allowed:" of every refusal.
import Foundation

public struct ParameterRange: Sendable, Equatable {
    public var lower: Double
    public var upper: Double
    public var lowerOpen: Bool
    public var upperOpen: Bool
    /// What a value is, for the message: "a number", "an integer", "a probability", "a number of days".
    public var noun: String
    /// An aside shown after the range, e.g. "0: a perfect ranker".
    public var note: String?

    public init(_ lower: Double, _ upper: Double, lowerOpen: Bool = false, upperOpen: Bool = false, noun: String = "a number", note: String? = nil) {
        self.lower = lower; self.upper = upper; self.lowerOpen = lowerOpen; self.upperOpen = upperOpen; self.noun = noun; self.note = note
    }

    /// [lower, upper].
    public static func closed(_ lower: Double, _ upper: Double, _ noun: String = "a number", note: String? = nil) -> ParameterRange {
        ParameterRange(lower, upper, noun: noun, note: note)
    }
    /// (lower, upper].
    public static func aboveUpTo(_ lower: Double, _ upper: Double, _ noun: String = "a number", note: String? = nil) -> ParameterRange {
        ParameterRange(lower, upper, lowerOpen: true, noun: noun, note: note)
    }
    /// [lower, upper).
    public static func fromBelow(_ lower: Double, _ upper: Double, _ noun: String = "a number", note: String? = nil) -> ParameterRange {
        ParameterRange(lower, upper, upperOpen: true, noun: noun, note: note)
    }
    /// (lower, upper).
    public static func open(_ lower: Double, _ upper: Double, _ noun: String = "a number", note: String? = nil) -> ParameterRange {
        ParameterRange(lower, upper, lowerOpen: true, upperOpen: true, noun: noun, note: note)
    }

    public func contains(_ x: Double) -> Bool {
        guard x.isFinite || (x == upper && !upperOpen) || (x == lower && !lowerOpen) else { return false }
        let aboveLower = lowerOpen ? x > lower : x >= lower
        let belowUpper = upperOpen ? x < upper : x <= upper
        return aboveLower && belowUpper
    }

    /// The largest closed interval inside the range (an optimiser's box): an open bound moves to
    /// the next representable value inside.
    public var closedInterval: ClosedRange<Double> {
        (lowerOpen ? lower.nextUp : lower)...(upperOpen ? upper.nextDown : upper)
    }

    /// A bound as a message writes it: `100`, `10000000`, `1e9`, `0.001`, `1e-6`, `−100`.
    static func number(_ x: Double) -> String {
        guard x.isFinite else { return "\(x)" }
        let sign = x < 0 ? "−" : ""
        let a = abs(x)
        if a == a.rounded(), a < 1e8 { return sign + String(Int64(a)) }
        if a >= 1e8 || a < 1e-3 {
            let exponent = Int(log10(a).rounded(.down)), mantissa = a / pow(10, Double(exponent))
            let m = abs(mantissa - mantissa.rounded()) < 1e-9 ? String(Int64(mantissa.rounded())) : "\(mantissa)"
            return sign + m + "e" + String(exponent)
        }
        return sign + "\(a)"
    }

    /// `a number between 0 and 100 (0: a perfect ranker)`, `a fraction in (0, 0.5]`.
    public var text: String {
        let lo = Self.number(lower), hi = Self.number(upper)
        let body: String
        switch (lowerOpen, upperOpen) {
        case (false, false): body = "\(noun) between \(lo) and \(hi)"
        case (true, false): body = "\(noun) > \(lo) and at most \(hi)"
        case (false, true): body = "\(noun) ≥ \(lo) and below \(hi)"
        case (true, true): body = "\(noun) strictly between \(lo) and \(hi)"
        }
        return note.map { "\(body) (\($0))" } ?? body
    }
}
