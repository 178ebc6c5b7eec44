import GSL

/// A two-sided (TSR) market's effect estimates from its four cells (``TwoSidedCells``), tested
/// across the trial's shared markets: the naive TSR estimator and the interpolating TSRI-1 and
/// TSRI-2, each as a relative effect.
///
/// Per market, a relative effect: the naive estimator over the pooled non-treated cells' level,
/// TSRI-k over ŷ_cc (the all-control cell's scaled total). LTR's is the likes' over the
/// impressions' ((1 + likes) / (1 + impressions) − 1). Across R ≥ 2 markets: the mean, and a t
/// interval and p-value on R − 1 df (the markets are independent draws of the platform's units).
public struct TwoSidedEstimate: Sendable, Equatable, Codable {
    public enum Estimator: String, Codable, Sendable, CaseIterable {
        case naive
        case tsri1 = "tsri-1"
        case tsri2 = "tsri-2"
    }

    public var metric: MetricID
    public var estimator: Estimator
    /// The user-side weight β the interpolating estimators used.
    public var weight: Double
    public var markets: Int
    public var degreesOfFreedom: Int
    public var relativeDelta: Double?
    public var relativeLower: Double?
    public var relativeUpper: Double?
    public var pValue: Double?

    /// The user-side weight TwinArm uses: β = exp(−λ/τ) at λ/τ = ln 2, equal weight on the user-side
    /// and creator-side contrasts. An assumption: the paper's λ/τ (customers' arrival rate over
    /// listings' replenishment) has no measured counterpart in a feed market yet.
    public static let defaultWeight = 0.5

    /// One market's totals per cell for each count TwinArm splits by cell.
    public struct Market: Sendable, Equatable {
        public var impressions: TwoSidedCells
        public var likes: TwoSidedCells
        public var coldStart: TwoSidedCells
        public var fresh: TwoSidedCells
        public init(impressions: TwoSidedCells, likes: TwoSidedCells, coldStart: TwoSidedCells, fresh: TwoSidedCells) {
            self.impressions = impressions
            self.likes = likes
            self.coldStart = coldStart
            self.fresh = fresh
        }
    }

    /// A market's relative effect of one count under one estimator (nil: a level of 0).
    static func relative(_ cells: TwoSidedCells, _ estimator: Estimator, weight: Double) -> Double? {
        let y = cells.scaled
        switch estimator {
        case .naive:
            let level = cells.pooledControlLevel
            return level > 0 ? cells.naive / level : nil
        case .tsri1: return y.cc > 0 ? cells.interpolated(k: 1, beta: weight) / y.cc : nil
        case .tsri2: return y.cc > 0 ? cells.interpolated(k: 2, beta: weight) / y.cc : nil
        }
    }

    /// The estimates for LTR, cold-start and fresh impressions, each estimator, over `markets`.
    public static func estimates(_ markets: [Market], level: Double, weight: Double = defaultWeight) -> [TwoSidedEstimate] {
        var rows = [TwoSidedEstimate]()
        for metric in [MetricID.ltr, .coldStartImpressions, .freshImpressions] {
            for estimator in Estimator.allCases {
                let values: [Double?] = markets.map { m in
                    switch metric {
                    case .ltr:
                        guard let likes = relative(m.likes, estimator, weight: weight),
                              let impressions = relative(m.impressions, estimator, weight: weight), impressions > -1 else { return nil }
                        return (1 + likes) / (1 + impressions) - 1
                    case .coldStartImpressions: return relative(m.coldStart, estimator, weight: weight)
                    default: return relative(m.fresh, estimator, weight: weight)
                    }
                }
                rows.append(summary(values, metric: metric, estimator: estimator, weight: weight, level: level))
            }
        }
        return rows
    }

    /// Mean, t interval and two-sided p-value of the markets' values on R − 1 df (nil with fewer
    /// than 2 values, any missing, or no spread).
    static func summary(_ values: [Double?], metric: MetricID, estimator: Estimator, weight: Double, level: Double) -> TwoSidedEstimate {
        var row = TwoSidedEstimate(metric: metric, estimator: estimator, weight: weight, markets: values.count,
                                   degreesOfFreedom: Swift.max(0, values.count - 1))
        let xs = values.compactMap { $0 }
        guard xs.count == values.count, xs.count >= 1 else { return row }
        let n = Double(xs.count), mean = xs.reduce(0, +) / n
        row.relativeDelta = mean
        guard xs.count >= 2 else { return row }
        let variance = xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        guard variance > 0 else { return row }
        let se = (variance / n).squareRoot(), df = n - 1
        let q = Distribution.studentTUpperQuantile((1 - level) / 2, degreesOfFreedom: df)
        row.relativeLower = mean - q * se
        row.relativeUpper = mean + q * se
        row.pValue = Swift.min(1, 2 * Distribution.studentTUpperTail(abs(mean) / se, degreesOfFreedom: df))
        return row
    }
}
