import GSL

/// Daily looks at a trial that stay valid however often they are read.
///
/// On each day d the market test runs on the cumulative values of the R market pairs. Its
/// interval is taken at level 1 − α/D and its p-value multiplied by D, for the D days of the
/// trial: by the union bound, the chance that any day's interval misses the true effect (or that
/// any day's p-value falls below α in an A/A trial) is at most α — a confidence sequence over the
/// trial's planned looks. Fixed-horizon p-values read daily reject far more often (`aa` shows it).
public struct SequentialLook: Sendable, Equatable, Codable {
    public var metric: MetricID
    public var breakdown: Breakdown
    public var day: Int
    /// Relative effect so far: the treatment's mean over pairs ÷ the control's − 1.
    public var estimate: Double
    /// The absolute delta's time-uniform interval, as a share of the control's value.
    public var lower: Double
    public var upper: Double
    /// Always-valid p-value: D × the day's market-test p, at most 1.
    public var p: Double
    /// The day's own (fixed-horizon) p-value, for comparison.
    public var fixedHorizonP: Double
}

public enum SequentialLooks {
    /// The metrics with daily values (topics per user needs per-user histories the daily totals lack).
    public static let metrics: [(MetricID, Breakdown)] = [
        (.ltr, .total), (.coldStartImpressions, .total), (.freshImpressions, .total),
        (.creatorDAU, .creators(popular: true, week: nil)), (.creatorDAU, .creators(popular: false, week: nil)),
    ]

    /// Looks for every day; empty below two market pairs (no calibrated test).
    public static func looks(control: [MarketSeries], treatment: [MarketSeries], alpha: Double) -> [SequentialLook] {
        guard control.count >= 2, control.count == treatment.count else { return [] }
        let days = control.map(\.days.count).min() ?? 0
        guard days >= 1 else { return [] }
        var looks = [SequentialLook]()
        for (metric, breakdown) in metrics {
            for day in 1...days {
                let values = zip(control, treatment).map { ($0.value(metric, breakdown, through: day), $1.value(metric, breakdown, through: day)) }
                guard values.allSatisfy({ $0.0 != nil && $0.1 != nil }) else { continue }
                let test = MarketTest.compare(controls: values.map { $0.0! }, treatments: values.map { $0.1! },
                                                 level: 1 - alpha / Double(days))
                guard let c = test.control, c != 0, let delta = test.absoluteDelta, let lo = test.absoluteLower,
                      let hi = test.absoluteUpper, let p = test.pValue else { continue }
                looks.append(SequentialLook(metric: metric, breakdown: breakdown, day: day, estimate: delta / abs(c),
                                            lower: lo / abs(c), upper: hi / abs(c), p: Swift.min(1, p * Double(days)), fixedHorizonP: p))
            }
        }
        return looks
    }
}
