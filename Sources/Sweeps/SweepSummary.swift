import Analysis
import GSL

/// What `twinarm collect` concludes from a sweep's finished tasks: per grid point and headline
/// metric, the effect averaged over seeds with a t interval across them.
///
/// Each seed is an independent trial (its own population, split and market), so the seed-to-seed
/// spread of the relative deltas is an honest standard error for the design's expected effect.
public struct SweepSummary: Codable, Sendable, Equatable {
    public var name: String
    public var parameters: [SweepParameter]
    public var seeds: [UInt64]
    public var level: Double
    public var metrics: [HeadlineMetric]
    public var points: [Point]
    public var tasks: Int
    public var finished: Int
    /// Tasks with no finished result, by index and id.
    public var missing: [MissingTask]

    public struct Point: Codable, Sendable, Equatable {
        public var overrides: [Override]
        public var seeds: Int
        /// One per entry of `metrics`.
        public var effects: [Effect]
        /// The daily looks under each sequential method, on the same seeds' looks.
        public var sequential: [SequentialOutcome]?
    }

    /// How a sequential method fared on a point's trials for one metric: the trials whose looks
    /// crossed its boundary by the last day (its power, under a true effect), and the day they first
    /// crossed. `method` nil: the last day's fixed-horizon test, for comparison.
    public struct SequentialOutcome: Codable, Sendable, Equatable {
        public var metric: HeadlineMetric
        public var method: SequentialMethod?
        /// An α-spending method's information time.
        public var information: InformationTime?
        public var trials: Int
        public var crossed: Int
        public var medianDay: Double?
        public var meanDay: Double?
    }

    /// The mean relative effect over the seeds that could test it, its t interval across seeds
    /// (`nil` below two seeds), and how many seeds' own report marked it significant (a calibrated
    /// lead test, adjusted within the primary family).
    public struct Effect: Codable, Sendable, Equatable {
        public var seeds: Int
        public var mean: Double?
        public var lower: Double?
        public var upper: Double?
        public var significant: Int
        /// The lead variance method of the tasks' reports (`market` or `unit`).
        public var method: VarianceMethod?
        /// With one seed, the interval is that trial's own: its lead test's family-adjusted interval
        /// as a share of control (calibrated when the report is); `nil`/false: across seeds.
        public var withinTrial: Bool?
    }

    public struct MissingTask: Codable, Sendable, Equatable {
        public var index: Int
        public var id: String
        public var label: String
    }
}

/// A headline row of a trial report: a metric's total (or a creator group's). Its identity is
/// the metric and the breakdown; every summary table joins on that, never on a title.
public struct HeadlineMetric: Codable, Sendable, Equatable, Hashable {
    public var metric: MetricID
    public var breakdown: Breakdown

    public init(_ metric: MetricID, _ breakdown: Breakdown = .total) {
        self.metric = metric
        self.breakdown = breakdown
    }

    /// The column title, from the metric registry: the metric's short title, the creator group for DAU.
    public var title: String {
        if case let .creators(popular, _) = breakdown { return "DAU " + (popular ? "popular" : "other") }
        return metric.shortTitle
    }

    public static let all: [HeadlineMetric] = [
        .init(.ltr), .init(.coldStartImpressions), .init(.freshImpressions), .init(.topics),
        .init(.creatorDAU, .creators(popular: true, week: nil)), .init(.creatorDAU, .creators(popular: false, week: nil)),
    ]

    /// The ecosystem-health rows (sweeps show them beside the headline; the design study does not).
    public static let ecosystem: [HeadlineMetric] = [
        .init(.exposureGini), .init(.exposureTop10Share), .init(.creatorCoverage), .init(.creatorChurn), .init(.worstGroupLTR),
    ]
}

extension SweepSummary {
    /// Summarises the finished tasks' reports (task index → report) of `manifest`.
    /// - Parameter alpha: the significance level of the counts; the intervals across seeds are at 1 − α.
    public init(manifest: SweepManifest, reports: [Int: AnalysisReport], alpha: Double) {
        let level = 1 - alpha
        name = manifest.name
        parameters = manifest.parameters
        seeds = manifest.seeds
        self.level = level
        let shown = HeadlineMetric.all + HeadlineMetric.ecosystem
        metrics = shown
        tasks = manifest.tasks.count
        finished = reports.count
        missing = manifest.tasks.filter { reports[$0.index] == nil }.map { MissingTask(index: $0.index, id: $0.id, label: $0.label) }
        var order = [[Override]](), byPoint = [[Override]: [AnalysisReport]]()
        for task in manifest.tasks {
            if byPoint[task.overrides] == nil { order.append(task.overrides); byPoint[task.overrides] = [] }
            if let report = reports[task.index] { byPoint[task.overrides]!.append(report) }
        }
        points = order.map { overrides in
            let reports = byPoint[overrides]!
            let outcomes = Self.sequential(reports, alpha: alpha)
            return Point(overrides: overrides, seeds: reports.count,
                         effects: shown.map { Self.effect($0, reports, alpha: alpha) }, sequential: outcomes.isEmpty ? nil : outcomes)
        }
    }

    /// Every method on the same tested looks (re-tested from each report's), and the last day's fixed-horizon test.
    static func sequential(_ reports: [AnalysisReport], alpha: Double) -> [SequentialOutcome] {
        var out = [SequentialOutcome](), memo = BoundaryMemo()
        for (metric, breakdown) in SequentialLooks.metrics {
            let series = reports.compactMap { $0.sequential?.filter { $0.metric == metric && $0.breakdown == breakdown && $0.crossed != nil } }
                .filter { !$0.isEmpty }
            guard !series.isEmpty else { continue }
            func outcome(_ method: SequentialMethod?, _ information: InformationTime?, _ firstDay: ([SequentialLook]) -> Int?) -> SequentialOutcome {
                var found = [Double]()
                for looks in series { if let day = firstDay(looks) { found.append(Double(day)) } }
                let days = found.sorted()
                let median = days.isEmpty ? nil : days.count % 2 == 1 ? days[days.count / 2] : (days[days.count / 2 - 1] + days[days.count / 2]) / 2
                return SequentialOutcome(metric: HeadlineMetric(metric, breakdown), method: method,
                                         information: method?.spending == nil ? nil : information, trials: series.count, crossed: days.count,
                                         medianDay: median, meanDay: days.isEmpty ? nil : days.reduce(0, +) / Double(days.count))
            }
            for v in SequentialLooks.variants {
                out.append(outcome(v.method, v.information) {
                    SequentialLooks.retested($0, method: v.method, information: v.information, alpha: alpha, memo: &memo).first { $0.crossed == true }?.day
                })
            }
            out.append(outcome(nil, nil) { looks in looks.last.flatMap { ($0.fixedHorizonP ?? 1) < alpha ? $0.day : nil } })
        }
        return out
    }

    static func effect(_ headline: HeadlineMetric, _ reports: [AnalysisReport], alpha: Double) -> Effect {
        var values = [Double](), significant = 0, method: VarianceMethod?
        var own: (lower: Double, upper: Double)?
        for report in reports {
            guard let row = report.row(headline.metric, headline.breakdown) else { continue }
            method = method ?? row.variance
            guard let relative = row.comparison.relativeDelta else { continue }
            values.append(relative)
            if report.isSignificant(row, alpha: alpha) { significant += 1 }
            if report.calibrated, let control = row.comparison.control, control != 0, let lo = row.adjustedLower, let hi = row.adjustedUpper {
                own = (lo / abs(control), hi / abs(control))
            }
        }
        if values.count == 1, let own {
            return Effect(seeds: 1, mean: values[0], lower: own.lower, upper: own.upper, significant: significant, method: method, withinTrial: true)
        }
        let s = AcrossSeeds(values, alpha: alpha)
        return Effect(seeds: values.count, mean: s.mean, lower: s.lower, upper: s.upper, significant: significant, method: method)
    }
}

/// The mean of independent seeds' values with its t interval across them (df = n − 1; none below two).
struct AcrossSeeds {
    var mean: Double?
    var sd: Double?
    var lower: Double?
    var upper: Double?

    init(_ values: [Double], alpha: Double) {
        guard !values.isEmpty else { return }
        let mean = values.reduce(0, +) / Double(values.count)
        self.mean = mean
        guard values.count >= 2, let variance = Descriptive.variance(values) else { return }
        sd = variance.squareRoot()
        let half = Distribution.studentTUpperQuantile(alpha / 2, degreesOfFreedom: Double(values.count - 1))
            * (variance / Double(values.count)).squareRoot()
        lower = mean - half
        upper = mean + half
    }
}
