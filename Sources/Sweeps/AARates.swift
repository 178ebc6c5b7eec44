import Analysis
import Foundation

/// The false-positive rates of a batch of A/A trials (both arms production): per headline metric
/// and variance method, the share of trials whose p-value fell below α, with a Clopper–Pearson
/// 95 % interval. A calibrated test rejects at about α.
public struct AARates: Codable, Sendable, Equatable {
    public var name: String
    public var seed: UInt64
    public var trials: Int
    public var replicates: Int
    public var days: Int
    public var alpha: Double
    public var rates: [Rate]
    /// The headline user metrics' lead test under the regression against CUPED, on the same trials.
    public var adjustmentGains: [AdjustmentGain]?

    /// The mean standard error of a metric's lead test (relative to the control's value) under
    /// CUPED and under the regression on several covariates, and the regression test's A/A rate.
    public struct AdjustmentGain: Codable, Sendable, Equatable {
        public var metric: MetricID
        /// The row (total, or creator DAU's popular and other creators); `nil` in files written before it (total).
        public var breakdown: Breakdown?
        public var variance: VarianceMethod
        public var trials: Int
        public var cupedSE: Double
        public var regressionSE: Double
        /// Mean of the per-trial ratios regression SE / CUPED SE.
        public var ratio: Double
        public var regressionRejections: Int
        public var regressionRate: Double
        public var regressionLower: Double
        public var regressionUpper: Double
    }

    public struct Rate: Codable, Sendable, Equatable {
        /// A metric, or `nil` for a pooled rate over every metric's rows of a kind.
        public var metric: MetricID?
        /// The row, or `buckets` / `weeks` for rates pooled over those rows.
        public var breakdown: String
        public var variance: VarianceMethod
        public var trials: Int
        public var rejections: Int
        public var rate: Double
        public var lower: Double
        public var upper: Double
        public var untestable: Int
        /// A fixed-horizon test, or a daily look that rejects when any day does.
        public var look: Look = .fixedHorizon
    }

    /// How a rate's trials were tested: once at the end, or at every day's look.
    public enum Look: String, Codable, Sendable, Equatable {
        case fixedHorizon
        /// Rejects when any look crosses its boundary; by design at most α.
        case anyDay
        /// A one-sided non-inferiority test at a margin equal to the true effect (0): at most α.
        case nonInferiority
    }

    /// The rows `aa` checks.
    public static let family: [(metric: MetricID, breakdown: Breakdown)] = AnalysisReport.headline + AnalysisReport.ecosystem

    /// `block`: with one market pair, each trial is tested as `twinarm run` tests it — its unit-level
    /// rows inflated by factors learned from simulated A/A trials — the A/A trials being the other
    /// `block − 1` trials of its block of the batch (leave one out), so the batch needs no extra runs.
    public init(name: String, seed: UInt64, replicates: Int, days: Int, alpha: Double, reports: [AnalysisReport], block: Int = 21) {
        let reports = replicates == 1 ? Self.crossCalibrated(reports, block: block) : reports
        self.name = name
        self.seed = seed
        trials = reports.count
        self.replicates = replicates
        self.days = days
        self.alpha = alpha
        rates = []
        func rate(_ metric: MetricID?, _ label: String, _ variance: VarianceMethod, _ rows: [TestRow]) {
            guard !rows.isEmpty else { return }
            let tested = rows.compactMap { $0.comparison.pValue }
            rates.append(Rate(metric: metric, breakdown: label, variance: variance, rejections: tested.filter { $0 < alpha }.count,
                              trials: tested.count, untestable: rows.count - tested.count))
        }
        for (metric, breakdown) in Self.family {
            for variance in VarianceMethod.allCases {
                rate(metric, breakdown.label, variance,
                    reports.compactMap { $0.tests.first { $0.metric == metric && $0.breakdown == breakdown && $0.variance == variance } })
            }
        }
        // Daily looks: a trial rejects if any look crosses its boundary, under each method on the
        // same looks, against reading each day's fixed-horizon p-value at α.
        var memo = BoundaryMemo()
        for (metric, breakdown) in SequentialLooks.metrics {
            let series = reports.compactMap { $0.sequential?.filter { $0.metric == metric && $0.breakdown == breakdown && $0.crossed != nil } }
                .filter { !$0.isEmpty }
            guard !series.isEmpty else { continue }
            func add(_ label: String, _ rejected: ([SequentialLook]) -> Bool) {
                var rejections = 0
                for looks in series where rejected(looks) { rejections += 1 }
                rates.append(Rate(metric: metric, breakdown: "\(breakdown.label), any day, \(label)", variance: .market, rejections: rejections,
                                  trials: series.count, untestable: reports.count - series.count, look: .anyDay))
            }
            for v in SequentialLooks.variants {
                add(v.label) { SequentialLooks.retested($0, method: v.method, information: v.information, alpha: alpha, memo: &memo)
                    .contains { $0.crossed == true } }
            }
            add("fixed-horizon p") { $0.contains { ($0.fixedHorizonP ?? 1) < alpha } }
        }
        // A true effect exactly at a non-inferiority margin (an A/A trial's 0 with margin 0): how often "no worse".
        for (metric, breakdown) in AnalysisReport.headline {
            // One pair: the inflated rows the batch's cross-calibration added (what `run` leads with).
            let lead: VarianceMethod? = replicates == 1 ? .inflated : nil
            let verdicts = reports.compactMap { report -> MarginVerdict? in
                let variance = lead ?? report.varianceMethod
                return report.tests.first { $0.metric == metric && $0.breakdown == breakdown && $0.variance == variance }.map {
                    MarginTest.test($0.comparison, metric: metric, breakdown: breakdown, kind: .nonInferiority, margin: 0,
                                    alpha: alpha, level: 1 - alpha, calibrated: lead != nil || report.calibrated)
                }
            }.filter { $0.call != .untestable && $0.call != .uncalibrated }
            guard !verdicts.isEmpty else { continue }
            rates.append(Rate(metric: metric, breakdown: "\(breakdown.label), no worse than a margin of 0", variance: lead ?? reports[0].varianceMethod,
                              rejections: verdicts.filter { $0.call == .noWorse }.count, trials: verdicts.count,
                              untestable: reports.count - verdicts.count, look: .nonInferiority))
        }
        var gains = [AdjustmentGain]()
        for (metric, breakdown) in AnalysisReport.headline {
            var cuped = [Double](), regression = [Double](), ratios = [Double](), rejections = 0, variance: VarianceMethod?
            for report in reports {
                guard let a = report.adjustments?.first(where: { $0.metric == metric && $0.breakdown == breakdown }),
                      let c = a.cuped, let r = a.regression, let cs = c.standardError, let rs = r.standardError,
                      let cc = c.control, cc != 0, cs > 0, let p = r.pValue else { continue }
                variance = a.variance
                cuped.append(cs / abs(cc)); regression.append(rs / abs(cc)); ratios.append(rs / cs)
                if p < alpha { rejections += 1 }
            }
            guard !ratios.isEmpty, let variance else { continue }
            let ci = BinomialInterval(successes: rejections, trials: ratios.count)
            let mean = { (x: [Double]) in x.reduce(0, +) / Double(x.count) }
            gains.append(AdjustmentGain(metric: metric, breakdown: breakdown, variance: variance, trials: ratios.count, cupedSE: mean(cuped),
                                        regressionSE: mean(regression),
                                        ratio: mean(ratios), regressionRejections: rejections, regressionRate: ci.rate,
                                        regressionLower: ci.lower, regressionUpper: ci.upper))
        }
        adjustmentGains = gains.isEmpty ? nil : gains
        // Every bucket and every week row, pooled: unadjusted p-values, so each should reject at about α.
        for variance in VarianceMethod.allCases {
            let rows = reports.flatMap { $0.tests.filter { $0.variance == variance } }
            rate(nil, "buckets", variance, rows.filter { if case .bucket = $0.breakdown { return true } else { return false } })
            rate(nil, "weeks", variance, rows.filter {
                switch $0.breakdown {
                case .week, .creators(_, .some): return true
                default: return false
                }
            })
        }
    }

    /// Each report with `inflated` rows added, its factors learned from the other reports of its block.
    static func crossCalibrated(_ reports: [AnalysisReport], block: Int) -> [AnalysisReport] {
        var out = reports
        for start in stride(from: 0, to: reports.count, by: Swift.max(2, block)) {
            let members = Array(start..<Swift.min(reports.count, start + Swift.max(2, block)))
            guard members.count >= 3 else { continue }
            for i in members {
                let inflation = AAInflation(reports: members.filter { $0 != i }.map { reports[$0] })
                let report = reports[i]
                let added = report.tests.filter { $0.variance == .unit }.map { row -> TestRow in
                    var copy = row
                    copy.variance = .inflated
                    copy.comparison = inflation.test(row.comparison, metric: row.metric,
                                                     slot: AAInflation.slot(row.breakdown, bucketLabels: report.bucketLabels), level: report.level)
                    return copy
                }
                out[i].tests += added
                if let raw = report.sequential, inflation.daily != nil {
                    let looks = SequentialLooks.calibrated(raw, by: inflation, plan: SequentialPlan(), alpha: report.alpha)
                    out[i].sequential = looks.isEmpty ? nil : looks
                }
            }
        }
        return out
    }
}

extension AARates.Rate {
    /// `rejections` of `trials`, with its Clopper–Pearson interval.
    init(metric: MetricID?, breakdown: String, variance: VarianceMethod, rejections: Int, trials: Int, untestable: Int,
         look: AARates.Look = .fixedHorizon) {
        let ci = BinomialInterval(successes: rejections, trials: trials)
        self.init(metric: metric, breakdown: breakdown, variance: variance, trials: trials, rejections: rejections,
                  rate: ci.rate, lower: ci.lower, upper: ci.upper, untestable: untestable, look: look)
    }
}
