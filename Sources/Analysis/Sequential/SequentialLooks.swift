import Foundation
import GSL

/// One daily look at a trial: the cumulative effect through `day`, with the interval and the
/// boundary of the trial's sequential method (``SequentialPlan``).
///
/// A single market pair's uncalibrated look holds only `estimate`: the simulated A/A trials learn
/// each day's variance from it (``AAInflation``).
public struct SequentialLook: Sendable, Equatable, Codable {
    public var metric: MetricID
    public var breakdown: Breakdown
    public var day: Int
    /// Relative effect so far: the treatment's value ÷ the control's − 1.
    public var estimate: Double
    /// The look's interval at its boundary's level (a repeated confidence interval; the mSPRT's
    /// confidence sequence), as shares of the control's value; absent when unbounded or uncalibrated.
    public var lower: Double?
    public var upper: Double?
    /// An always-valid p-value where the method has one: the union bound's K·p, the mSPRT's
    /// min 1/Λ. The α-spending methods compare each look with its own boundary (`nominalAlpha`).
    public var p: Double?
    /// The day's own (fixed-horizon) p-value, for comparison.
    public var fixedHorizonP: Double?
    /// The look's information fraction: the last look's variance ÷ this look's (running maximum).
    public var informationFraction: Double?
    /// The look's boundary as a two-sided nominal level: the look crosses when its fixed-horizon
    /// p-value is below it.
    public var nominalAlpha: Double?
    /// Whether this look, or an earlier one, crossed the boundary.
    public var crossed: Bool?
    /// The look's standard error on the relative scale and its t degrees of freedom: what
    /// re-testing the looks under another method needs (``SequentialLooks/retested(_:plan:alpha:)``).
    public var standardError: Double?
    public var degreesOfFreedom: Double?

    public init(metric: MetricID, breakdown: Breakdown, day: Int, estimate: Double) {
        self.metric = metric
        self.breakdown = breakdown
        self.day = day
        self.estimate = estimate
    }
}

/// The stop rule's answer for one metric: the first look that crossed its boundary, with the
/// effect and interval on that day (`day` nil: no look crossed).
public struct SequentialStop: Sendable, Equatable, Codable {
    public var metric: MetricID
    public var breakdown: Breakdown
    public var day: Int?
    public var estimate: Double?
    public var lower: Double?
    public var upper: Double?
    /// The looks read.
    public var looks: Int
}

/// What a look's test needs: the absolute delta, its standard error and t degrees of freedom,
/// the control's value (the relative scale) and the fixed-horizon two-sided p-value.
public struct LookStatistic: Sendable, Equatable {
    public var day: Int
    public var delta: Double
    public var standardError: Double
    public var degreesOfFreedom: Double
    public var scale: Double
    public var pValue: Double

    public init(day: Int, delta: Double, standardError: Double, degreesOfFreedom: Double, scale: Double, pValue: Double) {
        self.day = day
        self.delta = delta
        self.standardError = standardError
        self.degreesOfFreedom = degreesOfFreedom
        self.scale = scale
        self.pValue = pValue
    }
}

/// Boundaries already solved, by spending function, α and fractions: looks on the same days share
/// them (calendar information gives every metric and trial of a config the same fractions).
public struct BoundaryMemo: Sendable {
    struct Key: Hashable { var spending: AlphaSpending; var alpha: Double; var fractions: [Double] }
    var solved: [Key: [Double]] = [:]
    public init() {}

    mutating func critical(fractions: [Double], alpha: Double, spending: AlphaSpending) -> [Double]? {
        let key = Key(spending: spending, alpha: alpha, fractions: fractions)
        if let hit = solved[key] { return hit }
        guard let critical = GroupSequentialBoundaries(fractions: fractions, alpha: alpha, spending: spending)?.critical else { return nil }
        solved[key] = critical
        return critical
    }
}

public enum SequentialLooks {
    /// The metrics with daily values (topics per user needs per-user histories the daily totals lack).
    public static let metrics: [(MetricID, Breakdown)] = [
        (.ltr, .total), (.coldStartImpressions, .total), (.freshImpressions, .total),
        (.creatorDAU, .creators(popular: true, week: nil)), (.creatorDAU, .creators(popular: false, week: nil)),
    ]

    /// Looks of R ≥ 2 market pairs: each look day's market test (``MarketTest`` on the 2R markets'
    /// cumulative values) under the plan's method. One pair gives its uncalibrated looks (the
    /// relative estimate only), which ``calibrated(_:by:plan:alpha:)`` tests with A/A variances.
    public static func looks(control: [MarketSeries], treatment: [MarketSeries], alpha: Double,
                             plan: SequentialPlan = SequentialPlan()) -> [SequentialLook] {
        var memo = BoundaryMemo()
        guard !control.isEmpty, control.count == treatment.count else { return [] }
        let days = control.map(\.days.count).min() ?? 0
        let lookDays = plan.looks.days(of: days)
        guard !lookDays.isEmpty else { return [] }
        var looks = [SequentialLook]()
        for (metric, breakdown) in metrics {
            if control.count == 1 {
                for day in lookDays {
                    guard let c = control[0].value(metric, breakdown, through: day), let t = treatment[0].value(metric, breakdown, through: day),
                          c != 0 else { continue }
                    looks.append(SequentialLook(metric: metric, breakdown: breakdown, day: day, estimate: t / c - 1))
                }
                continue
            }
            var statistics = [LookStatistic]()
            for day in lookDays {
                let values = zip(control, treatment).map { ($0.value(metric, breakdown, through: day), $1.value(metric, breakdown, through: day)) }
                guard values.allSatisfy({ $0.0 != nil && $0.1 != nil }) else { continue }
                let test = MarketTest.compare(controls: values.map { $0.0! }, treatments: values.map { $0.1! }, level: 1 - alpha)
                guard let c = test.control, c != 0, let delta = test.absoluteDelta, let se = test.standardError, se > 0,
                      let df = test.degreesOfFreedom, let p = test.pValue else { continue }
                statistics.append(LookStatistic(day: day, delta: delta, standardError: se, degreesOfFreedom: df, scale: abs(c), pValue: p))
            }
            looks += tested(statistics, metric: metric, breakdown: breakdown, plan: plan, alpha: alpha, memo: &memo)
        }
        return looks
    }

    /// A single pair's looks tested with each day's variance of the relative effect learned from
    /// simulated A/A trials (t with the trials' N degrees of freedom); looks without one are dropped.
    public static func calibrated(_ raw: [SequentialLook], by inflation: AAInflation, plan: SequentialPlan, alpha: Double) -> [SequentialLook] {
        var out = [SequentialLook](), memo = BoundaryMemo()
        for (metric, breakdown) in metrics {
            let statistics = raw.filter { $0.metric == metric && $0.breakdown == breakdown }.compactMap { look -> LookStatistic? in
                guard let v = inflation.dailyVariance(metric, breakdown, day: look.day), v.variance > 0 else { return nil }
                let se = v.variance.squareRoot(), df = Double(v.trials)
                let p = Swift.min(1, 2 * Distribution.studentTUpperTail(abs(look.estimate) / se, degreesOfFreedom: df))
                return LookStatistic(day: look.day, delta: look.estimate, standardError: se, degreesOfFreedom: df, scale: 1, pValue: p)
            }
            out += tested(statistics, metric: metric, breakdown: breakdown, plan: plan, alpha: alpha, memo: &memo)
        }
        return out
    }

    /// The looks of one metric under the plan's method.
    ///
    /// Each look's t statistic is carried to the z scale through its p-value (z = Φ⁻¹(1 − p/2)),
    /// where the boundaries live, and each boundary back to the t scale through its nominal level:
    /// the look crosses when its fixed-horizon p is below the boundary's two-sided level, and its
    /// interval is delta ± t_df(1 − level/2)·SE.
    public static func tested(_ statistics: [LookStatistic], metric: MetricID, breakdown: Breakdown, plan: SequentialPlan,
                              alpha: Double) -> [SequentialLook] {
        var memo = BoundaryMemo()
        return tested(statistics, metric: metric, breakdown: breakdown, plan: plan, alpha: alpha, memo: &memo)
    }

    public static func tested(_ statistics: [LookStatistic], metric: MetricID, breakdown: Breakdown, plan: SequentialPlan,
                              alpha: Double, memo: inout BoundaryMemo) -> [SequentialLook] {
        let k = statistics.count
        guard k > 0 else { return [] }
        // On the relative scale: a cumulative count's absolute variance grows with its level.
        let fractions = plan.information.fractions(days: statistics.map(\.day),
                                                   variances: statistics.map { ($0.standardError / $0.scale) * ($0.standardError / $0.scale) })
        let z = statistics.map { Swift.min(40, -Distribution.normalQuantile(Swift.max($0.pValue, 1e-300) / 2)) }
        var nominal = [Double](repeating: alpha / Double(k), count: k)
        var always: [Double?] = statistics.map { Swift.min(1, $0.pValue * Double(k)) }
        switch plan.method {
        case .union:
            break
        case .obrienFleming, .pocock:
            let critical = memo.critical(fractions: fractions, alpha: alpha, spending: plan.method.spending!)
            nominal = critical?.map { $0.isFinite ? 2 * Distribution.normalCDF(-$0) : 0 } ?? nominal
            always = Array(repeating: nil, count: k)
        case .msprt:
            let relative = statistics.map { ($0.standardError / $0.scale) * ($0.standardError / $0.scale) }
            let tau2 = MixtureSPRT.tunedRatio(alpha: alpha) * relative[k - 1]
            let ratios = relative.map { tau2 / $0 }
            nominal = ratios.map { 2 * Distribution.normalCDF(-MixtureSPRT.boundary(alpha: alpha, ratio: $0)) }
            always = MixtureSPRT.pValues(z: z, ratios: ratios)
        }
        var crossed = false
        return statistics.enumerated().map { i, s in
            var look = SequentialLook(metric: metric, breakdown: breakdown, day: s.day, estimate: s.delta / s.scale)
            let q = nominal[i] > 0 ? Distribution.studentTUpperQuantile(nominal[i] / 2, degreesOfFreedom: s.degreesOfFreedom) : .infinity
            if q.isFinite {
                look.lower = (s.delta - q * s.standardError) / s.scale
                look.upper = (s.delta + q * s.standardError) / s.scale
            }
            look.p = always[i]
            look.fixedHorizonP = s.pValue
            look.informationFraction = fractions[i]
            look.nominalAlpha = nominal[i]
            look.standardError = s.standardError / s.scale
            look.degreesOfFreedom = s.degreesOfFreedom
            if let p = always[i] { crossed = crossed || p < alpha } else { crossed = crossed || s.pValue < nominal[i] }
            look.crossed = crossed
            return look
        }
    }

    /// Tested looks re-tested under another plan's method (the same days, estimates, standard
    /// errors and fixed-horizon p-values): how `aa` and a sweep compare the methods on the same trials.
    public static func retested(_ looks: [SequentialLook], method: SequentialMethod, information: InformationTime = .variance,
                                alpha: Double) -> [SequentialLook] {
        var memo = BoundaryMemo()
        return retested(looks, method: method, information: information, alpha: alpha, memo: &memo)
    }

    public static func retested(_ looks: [SequentialLook], method: SequentialMethod, information: InformationTime = .variance,
                                alpha: Double, memo: inout BoundaryMemo) -> [SequentialLook] {
        var out = [SequentialLook]()
        for (metric, breakdown) in metrics {
            let statistics = looks.filter { $0.metric == metric && $0.breakdown == breakdown }.compactMap { look -> LookStatistic? in
                guard let se = look.standardError, let df = look.degreesOfFreedom, let p = look.fixedHorizonP else { return nil }
                return LookStatistic(day: look.day, delta: look.estimate, standardError: se, degreesOfFreedom: df, scale: 1, pValue: p)
            }
            out += tested(statistics, metric: metric, breakdown: breakdown, plan: SequentialPlan(method: method, information: information),
                          alpha: alpha, memo: &memo)
        }
        return out
    }

    /// Every method and information time the studies compare: each spending method under both.
    public static let variants: [(method: SequentialMethod, information: InformationTime, label: String)] =
        SequentialMethod.allCases.flatMap { method -> [(method: SequentialMethod, information: InformationTime, label: String)] in
            method.spending == nil ? [(method, .variance, method.rawValue)]
                : InformationTime.allCases.map { (method, $0, "\(method.rawValue) (\($0.rawValue))") }
        }

    /// Information fractions from the looks' variances (of the relative effect): V of the last look / Vₖ, kept increasing
    /// (a running maximum, then strictly below the next) and within (0, 1], the last one 1.
    public static func informationFractions(_ variances: [Double]) -> [Double] {
        let k = variances.count
        guard k > 0, let last = variances.last else { return [] }
        var fractions = [Double](repeating: 1, count: k)
        var running = 0.0
        for i in 0..<k {
            let raw = variances[i] > 0 && last > 0 ? last / variances[i] : 0
            running = Swift.max(running, raw)
            fractions[i] = Swift.min(1, Swift.max(1e-6, running))
        }
        fractions[k - 1] = 1
        var i = k - 2
        while i >= 0 {
            fractions[i] = Swift.min(fractions[i], fractions[i + 1] - 1e-6)
            i -= 1
        }
        return fractions.map { Swift.max($0, 1e-9) }
    }

    /// The stop rule per metric: the first crossed look.
    public static func stops(_ looks: [SequentialLook]) -> [SequentialStop] {
        metrics.compactMap { metric, breakdown in
            let series = looks.filter { $0.metric == metric && $0.breakdown == breakdown && $0.crossed != nil }
            guard !series.isEmpty else { return nil }
            let first = series.first { $0.crossed == true }
            return SequentialStop(metric: metric, breakdown: breakdown, day: first?.day, estimate: first?.estimate,
                                  lower: first?.lower, upper: first?.upper, looks: series.count)
        }
    }
}
