import GSL

/// Pearson's χ² test of realised arm sizes against the configured split.
public struct SampleRatioMismatch: Sendable, Equatable, Codable {
    public var observed: [Int]
    public var expected: [Double]
    public var chiSquared: Double
    public var degreesOfFreedom: Int
    public var pValue: Double

    /// - Parameter shares: each arm's configured share (any positive scale; rescaled to the total).
    public init(observed: [Int], shares: [Double]) {
        precondition(observed.count == shares.count && observed.count >= 2, "one share per arm, at least two arms")
        let total = Double(observed.reduce(0, +)), scale = shares.reduce(0, +)
        self.observed = observed
        expected = shares.map { total * $0 / scale }
        chiSquared = zip(observed, expected).reduce(0) { $0 + (Double($1.0) - $1.1) * (Double($1.0) - $1.1) / $1.1 }
        degreesOfFreedom = observed.count - 1
        pValue = Distribution.chiSquaredUpperTail(chiSquared, degreesOfFreedom: Double(degreesOfFreedom))
    }
}
