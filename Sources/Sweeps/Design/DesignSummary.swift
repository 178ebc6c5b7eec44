import Foundation
import Analysis
import GSL

/// What a design study concludes (`design.json`): the whole platform's effect (GTE) per metric,
/// and per metric × design × fraction how far the design's estimate lands from it.
///
/// Every value is a relative effect (treatment / control − 1) as the tasks' `report.json` lead
/// rows give it. Replicate s of every design and of the GTE share seed s: the same world, the same
/// platform population (a shared-market design and the whole-platform twin draw it from the same
/// stream), so a design's error on seed s is taken against that seed's GTE (paired).
public struct DesignSummary: Codable, Sendable, Equatable {
    public var name: String
    public var seeds: [UInt64]
    public var level: Double
    public var designs: [String]
    public var fractions: [Double]
    public var metrics: [HeadlineMetric]
    public var gte: [GTE]
    /// Metric by metric, design by design, fraction by fraction.
    public var cells: [Cell]
    /// Per metric: the symmetric design's fraction ladder extrapolated to the whole platform.
    public var extrapolation: [Extrapolation]
    /// The two-sided design read by the interpolating TSR estimators (TSRI-1, TSRI-2) from all four
    /// cells, for the metrics they apply to (LTR, cold-start and fresh impressions); nil when the
    /// study has no two-sided design or its reports no cells.
    public var interpolated: [Cell]?
    /// The user-side weight β the interpolating estimators used (from the tasks' reports).
    public var interpolationWeight: Double?
    public var tasks: Int
    public var finished: Int
    public var missing: [SweepSummary.MissingTask]

    /// The global treatment effect of one metric: the mean over seeds of the whole-platform twin's
    /// relative difference, with a t interval across seeds, and per group-size bucket.
    public struct GTE: Codable, Sendable, Equatable {
        public var metric: HeadlineMetric
        public var replicates: Int
        public var estimate: Double?
        public var sd: Double?
        public var lower: Double?
        public var upper: Double?
        public var buckets: [Bucket]
    }

    public struct Bucket: Codable, Sendable, Equatable {
        public var bucket: String
        public var replicates: Int
        public var estimate: Double?
        public var lower: Double?
        public var upper: Double?
    }

    /// One design at one fraction for one metric.
    public struct Cell: Codable, Sendable, Equatable {
        public var metric: HeadlineMetric
        public var design: String
        public var fraction: Double
        /// Whether the design measures the metric at all (a user-side test has no creator arms).
        public var measured: Bool
        /// Why not, when it does not.
        public var reason: String?
        public var replicates: Int
        /// Mean over replicates of the design's estimate.
        public var estimate: Double?
        /// Mean over the same replicates of the GTE.
        public var gte: Double?
        /// estimate − gte (paired by seed), and relative to |gte|.
        public var bias: Double?
        public var relativeBias: Double?
        /// Standard deviation of the estimate over replicates.
        public var sd: Double?
        /// Root mean square of (estimate − GTE) over replicates.
        public var rmse: Double?
        /// Share of replicates whose own interval (the report's lead test) covers that seed's GTE.
        public var coverage: Double?
        /// Mean half-width of the replicates' own intervals.
        public var halfWidth: Double?
        /// A t interval across replicates for the mean estimate.
        public var lower: Double?
        public var upper: Double?
    }

    /// The symmetric design's estimates against the log of the fraction (the arm's pool is the
    /// fraction of the platform's), fitted by least squares over every replicate and fraction and
    /// read at fraction 1, with the fit's t interval.
    public struct Extrapolation: Codable, Sendable, Equatable {
        public var metric: HeadlineMetric
        public var design: String
        public var model: String
        public var points: Int
        public var slope: Double?
        public var estimate: Double?
        public var lower: Double?
        public var upper: Double?
        public var gte: Double?
        public var error: Double?
        public var relativeError: Double?
        /// The smallest fraction from which on the symmetric design's |bias| stays within its own
        /// intervals' mean half-width (nil: at none of the fractions).
        public var trustedFrom: Double?
    }
}

extension DesignSummary {
    /// Summarises a design study's finished tasks (task index → report).
    public init(manifest: SweepManifest, reports: [Int: AnalysisReport], alpha: Double) {
        let plan = manifest.design ?? DesignPlan()
        name = manifest.name
        seeds = manifest.seeds
        level = 1 - alpha
        designs = plan.designs
        fractions = plan.fractions
        metrics = HeadlineMetric.all
        tasks = manifest.tasks.count
        finished = reports.count
        missing = manifest.tasks.filter { reports[$0.index] == nil }.map { .init(index: $0.index, id: $0.id, label: $0.label) }
        // Reports by point and seed.
        var byPoint = [[Override]: [UInt64: AnalysisReport]]()
        for task in manifest.tasks { if let r = reports[task.index] { byPoint[task.overrides, default: [:]][task.seed] = r } }
        let twins = byPoint[DesignPlan.gteOverrides] ?? [:]
        let seeds = manifest.seeds
        func value(_ report: AnalysisReport?, _ m: HeadlineMetric, _ breakdown: Breakdown? = nil) -> Double? {
            report?.row(m.metric, breakdown ?? m.breakdown)?.comparison.relativeDelta
        }
        func meanInterval(_ xs: [Double]) -> (mean: Double?, sd: Double?, lower: Double?, upper: Double?) {
            let s = AcrossSeeds(xs, alpha: alpha)
            return (s.mean, s.sd, s.lower, s.upper)
        }
        // Buckets by position (quartiles of group size: each seed's platform sets its own cut points),
        // labelled by the first seed's.
        let bucketLabels = seeds.compactMap { twins[$0] }.first?.bucketLabels ?? []
        gte = metrics.map { m in
            let xs = seeds.compactMap { value(twins[$0], m) }
            let s = meanInterval(xs)
            let buckets: [Bucket] = m.breakdown == .total ? bucketLabels.indices.map { k in
                let b = seeds.compactMap { seed in
                    twins[seed].flatMap { r in r.bucketLabels.indices.contains(k) ? value(r, m, .bucket(r.bucketLabels[k])) : nil }
                }
                let s = meanInterval(b)
                return Bucket(bucket: bucketLabels[k], replicates: b.count, estimate: s.mean, lower: s.lower, upper: s.upper)
            } : []
            return GTE(metric: m, replicates: xs.count, estimate: s.mean, sd: s.sd, lower: s.lower, upper: s.upper, buckets: buckets)
        }
        var cells = [Cell]()
        for m in metrics {
            for design in plan.designs {
                for f in plan.fractions {
                    let point = byPoint[DesignPlan.overrides(design: design, fraction: f)] ?? [:]
                    var cell = Cell(metric: m, design: design, fraction: f, measured: true, reason: nil, replicates: 0)
                    if design == "user", case .creators = m.breakdown {
                        cell.measured = false
                        cell.reason = "users are randomised and every creator serves both arms: a user-side test has no creator arms to compare"
                        cells.append(cell)
                        continue
                    }
                    let points: [Point] = seeds.compactMap { seed in
                        guard let row = point[seed]?.row(m.metric, m.breakdown), let estimate = row.comparison.relativeDelta,
                              let truth = value(twins[seed], m) else { return nil }
                        return Point(estimate: estimate, lower: row.comparison.relativeLower, upper: row.comparison.relativeUpper, truth: truth)
                    }
                    Self.fill(&cell, points, alpha: alpha)
                    cells.append(cell)
                }
            }
        }
        self.cells = cells
        var interpolated = [Cell](), weight: Double?
        if plan.designs.contains("two-sided") {
            for m in metrics where m.breakdown == .total && [MetricID.ltr, .coldStartImpressions, .freshImpressions].contains(m.metric) {
                for estimator in [TwoSidedEstimate.Estimator.tsri1, .tsri2] {
                    for f in plan.fractions {
                        let point = byPoint[DesignPlan.overrides(design: "two-sided", fraction: f)] ?? [:]
                        let points: [Point] = seeds.compactMap { seed in
                            guard let row = point[seed]?.twoSided?.first(where: { $0.metric == m.metric && $0.estimator == estimator }),
                                  let estimate = row.relativeDelta, let truth = value(twins[seed], m) else { return nil }
                            weight = row.weight
                            return Point(estimate: estimate, lower: row.relativeLower, upper: row.relativeUpper, truth: truth)
                        }
                        guard !points.isEmpty else { continue }
                        var cell = Cell(metric: m, design: Self.designName(estimator), fraction: f, measured: true, reason: nil, replicates: 0)
                        Self.fill(&cell, points, alpha: alpha)
                        interpolated.append(cell)
                    }
                }
            }
        }
        self.interpolated = interpolated.isEmpty ? nil : interpolated
        interpolationWeight = interpolated.isEmpty ? nil : weight
        let (gte, metrics) = (self.gte, self.metrics)
        extrapolation = metrics.map { m in
            Self.extrapolate(m, byPoint: byPoint, plan: plan, seeds: seeds, cells: cells, gte: gte, alpha: alpha)
        }
    }

    /// One replicate's estimate, its own interval, and its seed's GTE.
    struct Point {
        var estimate: Double
        var lower: Double?
        var upper: Double?
        var truth: Double
    }

    /// The design row of an interpolating estimator.
    public static func designName(_ estimator: TwoSidedEstimate.Estimator) -> String {
        switch estimator {
        case .naive: "two-sided TSR-naive"
        case .tsri1: "two-sided TSRI-1"
        case .tsri2: "two-sided TSRI-2"
        }
    }

    /// A cell's estimate, bias, RMSE, coverage and half-width from its replicates' points.
    static func fill(_ cell: inout Cell, _ points: [Point], alpha: Double) {
        cell.replicates = points.count
        guard !points.isEmpty else { return }
        let estimates = points.map(\.estimate), truths = points.map(\.truth)
        let s = AcrossSeeds(estimates, alpha: alpha)
        let errors = zip(estimates, truths).map { $0 - $1 }
        cell.estimate = s.mean
        cell.sd = s.sd
        cell.lower = s.lower
        cell.upper = s.upper
        cell.gte = Descriptive.mean(truths)
        cell.bias = Descriptive.mean(errors)
        if let bias = cell.bias, let g = cell.gte, g != 0 { cell.relativeBias = bias / abs(g) }
        cell.rmse = (errors.map { $0 * $0 }.reduce(0, +) / Double(errors.count)).squareRoot()
        var covered = 0, halves = [Double]()
        for p in points {
            guard let lo = p.lower, let hi = p.upper else { continue }
            halves.append((hi - lo) / 2)
            if lo <= p.truth && p.truth <= hi { covered += 1 }
        }
        cell.coverage = halves.isEmpty ? nil : Double(covered) / Double(halves.count)
        cell.halfWidth = Descriptive.mean(halves)
    }

    /// The fraction ladder of the symmetric design extrapolated to fraction 1: ordinary least
    /// squares of the replicates' estimates on ln f (every replicate a point), read at ln 1 = 0, so
    /// the estimate is the intercept and its interval the intercept's t interval (n − 2 df).
    static func extrapolate(_ m: HeadlineMetric, byPoint: [[Override]: [UInt64: AnalysisReport]], plan: DesignPlan,
                            seeds: [UInt64], cells: [Cell], gte: [GTE], alpha: Double) -> Extrapolation {
        let truth = gte.first { $0.metric == m }?.estimate
        var out = Extrapolation(metric: m, design: "symmetric",
            model: "estimate = a + b · ln(fraction), least squares over replicates; the launch estimate is a (fraction 1)",
                                points: 0, gte: truth)
        var xs = [Double](), ys = [Double]()
        for f in plan.fractions {
            for seed in seeds {
                if let y = byPoint[DesignPlan.overrides(design: "symmetric", fraction: f)]?[seed]?.row(m.metric, m.breakdown)?.comparison.relativeDelta {
                    xs.append(f)
                    ys.append(y)
                }
            }
        }
        out.points = xs.count
        let trusted = cells.filter { $0.metric == m && $0.design == "symmetric" }.sorted { $0.fraction < $1.fraction }
        // The smallest fraction from which on every larger one's bias stays within its half-width.
        var from: Double?
        for cell in trusted.reversed() {
            guard let bias = cell.bias, let half = cell.halfWidth, abs(bias) <= half else { break }
            from = cell.fraction
        }
        out.trustedFrom = from
        guard let fit = LogFit(fractions: xs, estimates: ys, alpha: alpha) else { return out }
        let a = fit.intercept
        out.slope = fit.slope
        out.estimate = a
        out.lower = fit.lower
        out.upper = fit.upper
        if let truth {
            out.error = a - truth
            if truth != 0 { out.relativeError = (a - truth) / abs(truth) }
        }
        return out
    }

    /// The cell of a metric, design and fraction.
    public func cell(_ metric: HeadlineMetric, _ design: String, _ fraction: Double) -> Cell? {
        cells.first { $0.metric == metric && $0.design == design && $0.fraction == fraction }
    }
}

/// Ordinary least squares of estimates on ln(fraction), read at fraction 1: the intercept, its
/// standard error s·√(1/n + x̄²/Sxx) and its t interval with n − 2 degrees of freedom.
public struct LogFit: Sendable, Equatable {
    public var intercept: Double
    public var slope: Double
    public var standardError: Double
    public var lower: Double
    public var upper: Double

    /// nil below three points or with a single distinct fraction.
    public init?(fractions: [Double], estimates ys: [Double], alpha: Double) {
        let xs = fractions.map { log($0) }
        guard xs.count == ys.count, xs.count >= 3, Set(xs).count >= 2 else { return nil }
        let n = Double(xs.count), mx = xs.reduce(0, +) / n, my = ys.reduce(0, +) / n
        let sxx = xs.map { ($0 - mx) * ($0 - mx) }.reduce(0, +)
        let sxy = zip(xs, ys).map { ($0 - mx) * ($1 - my) }.reduce(0, +)
        slope = sxy / sxx
        intercept = my - slope * mx
        let (a, b) = (intercept, slope)
        let residual = zip(xs, ys).map { (x: Double, y: Double) -> Double in let e = y - a - b * x; return e * e }.reduce(0, +) / (n - 2)
        standardError = (residual * (1 / n + mx * mx / sxx)).squareRoot()
        let q = Distribution.studentTUpperQuantile(alpha / 2, degreesOfFreedom: n - 2)
        lower = intercept - q * standardError
        upper = intercept + q * standardError
    }
}
