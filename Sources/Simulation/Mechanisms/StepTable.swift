/// A piecewise-constant function of the weight: `values[i]` applies while `w < thresholds[i]`,
/// the last value for every larger weight.
///
/// docs/MODEL.md's HMT percentile table is `StepTable(thresholds: [1.0, 1.19, 1.79, 2.13, 2.36, 2.68],
/// values: [0.99, 0.95, 0.90, 0.85, 0.75, 0.70, 0.10])`.
public struct StepTable: Sendable, Equatable {
    public let thresholds: [Double]
    public let values: [Double]

    /// Fails with a description when thresholds are not strictly increasing or the counts do not fit.
    public init(thresholds: [Double], values: [Double]) throws(StepTable.Invalid) {
        guard values.count == thresholds.count + 1 else { throw .countMismatch(thresholds: thresholds.count, values: values.count) }
        for i in thresholds.indices.dropFirst() where !(thresholds[i] > thresholds[i - 1]) {
            throw .notIncreasing
        }
        guard thresholds.allSatisfy(\.isFinite), values.allSatisfy(\.isFinite) else { throw .notFinite }
        self.thresholds = thresholds
        self.values = values
    }

    /// The value at weight `w`.
    @inlinable
    public func value(at w: Double) -> Double {
        for (i, t) in thresholds.enumerated() where w < t { return values[i] }
        return values[values.count - 1]
    }

    /// docs/MODEL.md's Table 1: the share p(w) of the cold-start pool a user is *not* matched with.
    public static let hmtPercentiles = try! StepTable(
        thresholds: [1.0, 1.19, 1.79, 2.13, 2.36, 2.68],
        values: [0.99, 0.95, 0.90, 0.85, 0.75, 0.70, 0.10]
    )

    /// Why a table was rejected.
    public enum Invalid: Error, Equatable, CustomStringConvertible {
        case countMismatch(thresholds: Int, values: Int)
        case notIncreasing
        case notFinite

        public var description: String {
            switch self {
            case let .countMismatch(t, v):
                return "a table needs one more value than thresholds (got \(t) thresholds and \(v) values)"
            case .notIncreasing:
                return "table thresholds must be strictly increasing"
            case .notFinite:
                return "table thresholds and values must be finite numbers"
            }
        }
    }
}
