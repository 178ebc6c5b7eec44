import CGSL

/// Descriptive statistics over contiguous samples, through GSL.
public enum Descriptive {
    /// The arithmetic mean; `nil` for an empty sample.
    public static func mean(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        return values.withUnsafeBufferPointer { gsl_stats_mean($0.baseAddress, 1, $0.count) }
    }

    /// The sample variance (divides by n − 1); `nil` with fewer than two values.
    public static func variance(_ values: [Double]) -> Double? {
        guard values.count > 1 else { return nil }
        return values.withUnsafeBufferPointer { gsl_stats_variance($0.baseAddress, 1, $0.count) }
    }

    /// The sample standard deviation; `nil` with fewer than two values.
    public static func standardDeviation(_ values: [Double]) -> Double? {
        variance(values).map { $0.squareRoot() }
    }

    /// Spearman's rank correlation of two equally long samples; `nil` if it is undefined
    /// (fewer than two pairs, or a sample without spread).
    public static func spearman(_ x: [Double], _ y: [Double]) -> Double? {
        precondition(x.count == y.count, "samples must have the same length")
        guard x.count > 1 else { return nil }
        var work = [Double](repeating: 0, count: 2 * x.count)
        let rho = x.withUnsafeBufferPointer { xs in
            y.withUnsafeBufferPointer { ys in
                work.withUnsafeMutableBufferPointer { w in
                    gsl_stats_spearman(xs.baseAddress, 1, ys.baseAddress, 1, xs.count, w.baseAddress)
                }
            }
        }
        return rho.isFinite ? rho : nil
    }
}
