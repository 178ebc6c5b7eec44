/// Exact sums of a per-unit count: Σx and Σx², in integers, so that any split of the units
/// into chunks, merged in any order, gives the same bits.
public struct CountMoments: Sendable, Equatable, Hashable {
    public var sum: Int64 = 0
    public var sumSquares: Int128 = 0

    public init() {}

    @inline(__always)
    public mutating func add(_ x: Int64) {
        sum += x
        sumSquares += Int128(x) * Int128(x)
    }

    public mutating func merge(_ other: CountMoments) {
        sum += other.sum
        sumSquares += other.sumSquares
    }

    /// Mean and sample variance (n − 1) over `count` units; the variance's numerator
    /// n·Σx² − (Σx)² is formed exactly in integers before the one division.
    public func summary(count: Int) -> SampleSummary {
        guard count > 0 else { return SampleSummary(count: 0, mean: .nan, variance: 0) }
        let n = Int128(count)
        let mean = Double(sum) / Double(count)
        guard count >= 2 else { return SampleSummary(count: count, mean: mean, variance: 0) }
        let numerator = n * sumSquares - Int128(sum) * Int128(sum)
        return SampleSummary(count: count, mean: mean, variance: Double(numerator) / (Double(count) * Double(count - 1)))
    }
}
