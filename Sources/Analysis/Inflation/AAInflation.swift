import GSL

/// The single-pair test's calibration: variance-inflation factors learned from simulated A/A
/// trials of the same config (both arms on production, the trial's design, scale and duration).
///
/// A single market pair cannot estimate the noise its two markets share — creators' paths, the
/// pool each arm happens to draw — so unit-level standard errors are too small. In an A/A trial
/// the delta has mean 0, so its z-score z = Δ / SE_unit has a variance f ≥ 0 that is the row's
/// inflation factor; N independent A/A trials estimate it by f̂ = Σ z² / N. For a new trial of the
/// same config, Δ / (SE_unit·√f̂) then follows Student's t with N degrees of freedom when z is
/// normal — an exact test, whatever f is. The factor is per row (metric × breakdown), because how
/// much a market shares differs between metrics, buckets and weeks.
public struct AAInflation: Sendable, Equatable, Codable {
    /// One row's factor.
    public struct Factor: Sendable, Equatable, Codable {
        public var metric: MetricID
        /// The row: `total`, `bucket 1` … (bucket by rank, 1 = the largest groups: bucket labels
        /// depend on each table's group sizes), `week 2`, `popular creators`, ….
        public var slot: String
        /// A/A trials in which the row was testable: the t test's degrees of freedom.
        public var trials: Int
        public var factor: Double
    }

    /// One day's variance of a daily look's relative effect (the cumulative value through `day`):
    /// the mean square of the A/A trials' relative deltas, which have mean 0.
    public struct DailyVariance: Sendable, Equatable, Codable {
        public var metric: MetricID
        /// The look's breakdown label: `total`, `popular creators`, `other creators`.
        public var slot: String
        public var day: Int
        public var trials: Int
        public var variance: Double
    }

    /// Simulated A/A trials learned from.
    public var trials: Int
    public var factors: [Factor]
    /// Each daily look's variance: a single pair's daily looks are tested with it (t with the
    /// trials' df), like the rows with their factors.
    public var daily: [DailyVariance]?

    public init(trials: Int, factors: [Factor], daily: [DailyVariance]? = nil) {
        self.trials = trials
        self.factors = factors
        self.daily = daily
    }

    /// Learns every row's factor from the unit-level rows of A/A reports.
    public init(reports: [AnalysisReport]) {
        var squares = [String: (metric: MetricID, slot: String, sum: Double, count: Int)]()
        var order = [String]()
        for report in reports {
            for row in report.tests where row.variance == .unit {
                guard let z = row.comparison.zScore else { continue }
                let slot = Self.slot(row.breakdown, bucketLabels: report.bucketLabels)
                let key = row.metric.rawValue + "|" + slot
                if squares[key] == nil { order.append(key); squares[key] = (row.metric, slot, 0, 0) }
                squares[key]!.sum += z * z
                squares[key]!.count += 1
            }
        }
        trials = reports.count
        factors = order.map { key in
            let s = squares[key]!
            return Factor(metric: s.metric, slot: s.slot, trials: s.count, factor: s.sum / Double(s.count))
        }
        var days = [String: DailyVariance]()
        var dayOrder = [String]()
        for report in reports {
            for look in report.sequential ?? [] where look.estimate.isFinite {
                let key = "\(look.metric.rawValue)|\(look.breakdown.label)|\(look.day)"
                if days[key] == nil {
                    dayOrder.append(key)
                    days[key] = DailyVariance(metric: look.metric, slot: look.breakdown.label, day: look.day, trials: 0, variance: 0)
                }
                days[key]!.trials += 1
                days[key]!.variance += look.estimate * look.estimate
            }
        }
        let learned = dayOrder.map { key -> DailyVariance in
            var v = days[key]!
            v.variance /= Double(v.trials)
            return v
        }
        daily = learned.isEmpty ? nil : learned
    }

    /// A daily look's variance, when it was learned from at least two A/A trials.
    public func dailyVariance(_ metric: MetricID, _ breakdown: Breakdown, day: Int) -> DailyVariance? {
        daily?.first { $0.metric == metric && $0.slot == breakdown.label && $0.day == day && $0.trials >= 2 && $0.variance.isFinite }
    }

    /// The factor of a row, when it was testable in at least two A/A trials.
    public func factor(_ metric: MetricID, slot: String) -> Factor? {
        factors.first { $0.metric == metric && $0.slot == slot && $0.trials >= 2 && $0.factor.isFinite }
    }

    /// A breakdown's calibration slot: buckets by their rank among the report's buckets.
    public static func slot(_ breakdown: Breakdown, bucketLabels: [String]) -> String {
        if case let .bucket(label) = breakdown, let index = bucketLabels.firstIndex(of: label) { return "bucket \(index + 1)" }
        return breakdown.label
    }

    /// The single-pair test of a unit-level comparison: its variance × the row's factor, t with
    /// the factor's N degrees of freedom; untestable without a factor.
    public func test(_ unit: Comparison, metric: MetricID, slot: String, level: Double) -> Comparison {
        guard unit.isTestable else { return unit }
        guard let f = factor(metric, slot: slot) else {
            return .untestable("no A/A calibration for this row (untestable in the simulated A/A trials)",
                               nControl: unit.nControl, nTreatment: unit.nTreatment, control: unit.control, treatment: unit.treatment)
        }
        return unit.inflated(by: f.factor, degreesOfFreedom: Double(f.trials), level: level)
    }
}

extension Comparison {
    /// Δ / SE, when the comparison was tested with a positive standard error.
    public var zScore: Double? {
        guard isTestable, let delta = absoluteDelta, let se = standardError, se > 0, delta.isFinite else { return nil }
        return delta / se
    }

    /// The same estimates with every variance multiplied by `factor` and Student's t at
    /// `degreesOfFreedom`: intervals and p-value recomputed, the relative interval's delta-method
    /// standard error scaled by √factor like the absolute one's.
    public func inflated(by factor: Double, degreesOfFreedom df: Double, level: Double) -> Comparison {
        guard isTestable, let delta = absoluteDelta, let se = standardError, let oldDF = degreesOfFreedom else { return self }
        var out = self
        let scale = factor.squareRoot(), newSE = se * scale
        let upperTail = (1 - level) / 2
        let q = Distribution.studentTUpperQuantile(upperTail, degreesOfFreedom: df)
        out.standardError = newSE
        out.degreesOfFreedom = df
        out.absoluteLower = delta - q * newSE
        out.absoluteUpper = delta + q * newSE
        if newSE > 0 {
            out.setTwoSidedP(abs(delta / newSE), degreesOfFreedom: df)
        } else {
            out.pValue = delta == 0 ? 1 : 0
            out.log10PValue = nil
        }
        if let relative = relativeDelta, let upper = relativeUpper {
            let oldQ = Distribution.studentTUpperQuantile(upperTail, degreesOfFreedom: oldDF)
            let relativeSE = (upper - relative) / oldQ * scale
            out.relativeLower = relative - q * relativeSE
            out.relativeUpper = relative + q * relativeSE
        }
        return out
    }
}
