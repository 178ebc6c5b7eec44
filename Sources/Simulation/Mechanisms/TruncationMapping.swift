import Foundation

/// How HMT turns a weight into the truncation K(x).
public enum TruncationMapping: Sendable, Equatable {
    /// K(x) = ⌈K · w⌉ (the offline experiments, §5.1.3).
    case scaled
    /// K(x) read from a table of K values.
    case table(StepTable)
    /// K(x) = max(1, ⌈(1 − p(w)) · poolSize⌉) with p(w) from a table of percentiles (Table 1).
    case percentile(StepTable)

    /// K(x) for weight `w`, never below 1.
    public func k(forWeight w: Double, defaults: MatchingDefaults) -> Int {
        let exact: Double
        switch self {
        case .scaled: exact = Double(defaults.k) * w
        case .table(let table): exact = table.value(at: w)
        case .percentile(let table): exact = (1 - table.value(at: w)) * Double(defaults.poolSize)
        }
        // A ceiling that ignores rounding noise: (1 − 0.99)·200 is 2.0000000000000018 in binary.
        let raw = (exact - 1e-9 * Swift.max(1, abs(exact))).rounded(.up)
        guard raw.isFinite else { return 1 }
        return Swift.max(1, Int(Swift.min(raw, Double(Int32.max))))
    }
}
