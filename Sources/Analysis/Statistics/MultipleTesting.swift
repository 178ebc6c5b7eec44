/// Adjusted p-values for a family of tests.
public enum MultipleTesting {
    /// Benjamini–Hochberg (false discovery rate) adjusted p-values, in the input order.
    public static func benjaminiHochberg(_ p: [Double]) -> [Double] {
        let m = p.count
        guard m > 0 else { return [] }
        let order = p.indices.sorted { p[$0] > p[$1] }   // largest first
        var adjusted = [Double](repeating: 1, count: m)
        var running = 1.0
        for (position, index) in order.enumerated() {
            let rank = m - position
            running = Swift.min(running, p[index] * Double(m) / Double(rank))
            adjusted[index] = Swift.min(1, running)
        }
        return adjusted
    }

    /// Holm's step-down (family-wise error) adjusted p-values, in the input order.
    public static func holm(_ p: [Double]) -> [Double] {
        let m = p.count
        let order = p.indices.sorted { p[$0] < p[$1] }
        var adjusted = [Double](repeating: 1, count: m)
        var running = 0.0
        for (position, index) in order.enumerated() {
            running = Swift.max(running, Double(m - position) * p[index])
            adjusted[index] = Swift.min(1, running)
        }
        return adjusted
    }
}
