import GSL

/// The significance analysis of a symmetric trial's unit table.
public enum TrialAnalysis {
    public struct Options: Sendable {
        public var control: String?
        public var treatment: String?
        /// The significance level of every test, interval and count (intervals at 1 − α).
        public var alpha: Double = Significance.defaultAlpha
        /// The intervals' confidence, 1 − α.
        public var level: Double {
            get { 1 - alpha }
            set { alpha = 1 - newValue }
        }
        /// Each arm's configured share, for the sample-ratio check (default: equal).
        public var shares: [String: Double]?
        /// The variance method to lead with; `nil`: market with ≥ 2 replicates, else inflated when
        /// a calibration is given, else unit.
        public var variance: VarianceMethod?
        /// A single pair's calibration from simulated A/A trials of the same config.
        public var inflation: AAInflation?
        /// CUPED on the pre-period (week −1 rows) when the table has one.
        public var cuped = true
        /// With a pre-period: CUPED on each metric's own pre-period value, or the regression on
        /// several covariates with the units' attributes (user metrics and creator DAU; coverage and churn keep CUPED).
        public var adjustment = CovariateAdjustment.cuped
        /// A twin trial (simulation only): both arms hold the same units, so their difference is
        /// ground truth and no test applies — nothing is marked.
        public var twin = false
        /// Non-inferiority margins (relative; the guardrail's by default) and superiority margins.
        public var guardrails = MetricMargins.defaultGuardrails
        public var superiority = MetricMargins()
        public init() {}
    }

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case unknownArm(String, available: [String])
        case needTwoArms(available: [String])
        case sameArm(String)
        case chooseTreatment(available: [String])
        case marketVarianceNeedsReplicates(Int)
        case inflatedVarianceNeedsCalibration(replicates: Int)
        /// What went wrong, in the analysis's own terms (a command phrases it with its options).
        public var description: String {
            switch self {
            case let .sameArm(name):
                return "the control and the treatment are both '\(name)'; an arm compared with itself tells nothing"
            case let .chooseTreatment(available):
                return "the table has \(available.count) arms (\(available.joined(separator: ", "))); the treatment arm must be named"
            case let .marketVarianceNeedsReplicates(count):
                return "the market variance needs at least 2 market pairs; the table has \(count)"
            case let .inflatedVarianceNeedsCalibration(replicates):
                return replicates >= 2
                    ? "the inflated variance is for one market pair; the table has \(replicates)"
                    : "the inflated variance needs the A/A calibration of a single-pair config"
            case let .unknownArm(name, available):
                return "arm '\(name)' is not in the table; arms present: \(available.joined(separator: ", "))"
            case let .needTwoArms(available):
                return "the table needs two arms to compare; arms present: \(available.joined(separator: ", "))"
            }
        }
    }

    public static func analyze(_ table: UnitTable, options: Options = Options()) throws(Failure) -> AnalysisReport {
        try analyze(table.statistics, options: options)
    }

    public static func analyze(_ table: UnitStatistics, options: Options = Options()) throws(Failure) -> AnalysisReport {
        let arms = table.arms
        guard arms.count >= 2 || (options.control != nil && options.treatment != nil) else { throw .needTwoArms(available: arms) }
        guard arms.count <= 2 || options.treatment != nil else { throw .chooseTreatment(available: arms) }
        let control = options.control ?? arms[0]
        let treatment = options.treatment ?? arms.first { $0 != control } ?? arms[1]
        for name in [control, treatment] where !arms.contains(name) { throw .unknownArm(name, available: arms) }
        guard control != treatment else { throw .sameArm(control) }
        let c = arms.firstIndex(of: control)!, t = arms.firstIndex(of: treatment)!
        let replicates = table.replicates
        if options.variance == .market && replicates.count < 2 { throw .marketVarianceNeedsReplicates(replicates.count) }
        let inflation = replicates.count < 2 ? options.inflation : nil
        if options.variance == .inflated && inflation == nil { throw .inflatedVarianceNeedsCalibration(replicates: replicates.count) }
        let method = options.variance ?? (replicates.count >= 2 ? .market : inflation != nil ? .inflated : .unit)
        let level = options.level
        let variances = VarianceMethod.allCases.filter {
            switch $0 {
            case .unit: return true
            case .market: return replicates.count >= 2
            case .inflated: return inflation != nil
            }
        }

        // Pre-treatment group sizes (all arms, whole period) fix the buckets.
        let buckets = GroupBuckets(groupSizes: table.groupSizes)
        let cuped = options.cuped && table.hasPrePeriod

        var rows = [TestRow]()
        let sizes = table.groupSizes
        let regression = cuped && options.adjustment == .regression
        var adjustments = [AdjustmentComparison]()
        /// The unit-level and market-level tests of a user metric under one pre-period adjustment.
        func tests(_ metric: any Metric, _ adjustment: CovariateAdjustment?,
                   users include: @escaping (UnitStatistics.UserKey) -> Bool) -> (unit: Comparison, market: Comparison?) {
            let cellC = table.users { $0.arm == c && include($0) }, cellT = table.users { $0.arm == t && include($0) }
            var unit = metric.compareUnits(control: cellC, treatment: cellT, level: level)
            var marketValue: (@escaping (UnitStatistics.UserKey) -> Bool) -> Double? = { metric.value(table.users(where: $0)) }
            switch adjustment {
            case nil:
                break
            case .cuped?:
                var joint = cellC
                joint.merge(cellT)
                if let xc = metric.covariate(cellC), let xt = metric.covariate(cellT), let xj = metric.covariate(joint) {
                    unit = RegressionAdjustment.compare(control: xc, treatment: xt, joint: xj, level: level)
                    // A market's value, CUPED-adjusted with the units' θ.
                    let theta = RegressionAdjustment.theta(joint: xj)
                    marketValue = { market in
                        let cell = table.users(where: market)
                        guard let x = metric.covariate(cell) else { return metric.value(cell) }
                        guard metric.value(cell) != nil, x.preEstimate.isFinite else { return nil }
                        return x.estimate - theta * (x.preEstimate - xj.preEstimate)
                    }
                }
            case .regression?:
                func summary(_ where: (UnitStatistics.UserKey) -> Bool) -> CovariateMatrixSummary? {
                    Self.covariateSummary(metric.id, table.userCovariates(where: `where`, groupSizes: sizes))
                }
                if let xc = summary({ $0.arm == c && include($0) }), let xt = summary({ $0.arm == t && include($0) }),
                   let xj = summary({ ($0.arm == c || $0.arm == t) && include($0) }) {
                    unit = MultipleRegressionAdjustment.compare(control: xc, treatment: xt, joint: xj, level: level)
                    let theta = MultipleRegressionAdjustment.theta(joint: xj)
                    marketValue = { market in
                        guard metric.value(table.users(where: market)) != nil, let x = summary(market) else { return nil }
                        return MultipleRegressionAdjustment.adjusted(x, theta: theta, joint: xj)
                    }
                }
            }
            guard replicates.count >= 2 else { return (unit, nil) }
            let values = replicates.map { r in
                (marketValue { $0.arm == c && $0.replicate == r && include($0) }, marketValue { $0.arm == t && $0.replicate == r && include($0) })
            }
            return (unit, marketComparison(values, reason: metric.undefinedReason, level: level))
        }
        func add(_ metric: any Metric, _ breakdown: Breakdown, users include: @escaping (UnitStatistics.UserKey) -> Bool) {
            let lead = tests(metric, regression ? .regression : cuped ? .cuped : nil, users: include)
            if cuped, breakdown == .total {
                let other = tests(metric, regression ? .cuped : .regression, users: include)
                let (cupedTests, regressionTests) = regression ? (other, lead) : (lead, other)
                // The market test, or the unit-level test (a single pair's inflation is learned for the lead adjustment only).
                adjustments.append(AdjustmentComparison(metric: metric.id, breakdown: breakdown, variance: method == .market ? .market : .unit,
                                                        cuped: method == .market ? cupedTests.market : cupedTests.unit,
                                                        regression: method == .market ? regressionTests.market : regressionTests.unit))
            }
            for variance in variances {
                let comparison: Comparison
                switch variance {
                case .unit:
                    comparison = lead.unit
                case .inflated:
                    comparison = inflation!.test(lead.unit, metric: metric.id, slot: AAInflation.slot(breakdown, bucketLabels: buckets.labels), level: level)
                case .market:
                    comparison = lead.market ?? .untestable(metric.undefinedReason, nControl: replicates.count, nTreatment: replicates.count)
                }
                rows.append(TestRow(metric: metric.id, breakdown: breakdown, control: control, treatment: treatment,
                                    variance: variance, comparison: comparison))
            }
        }
        for metric in userMetrics {
            add(metric, .total) { $0.week == 0 }
            for (b, label) in buckets.labels.enumerated() {
                add(metric, .bucket(label)) { $0.week == 0 && buckets.bucketOf[$0.group] == b }
            }
            for week in table.weeks { add(metric, .week(week)) { $0.week == week } }
        }
        for popular in [true, false] {
            for week in [0] + table.weeks {
                func cell(_ arm: Int?, _ replicate: Int? = nil) -> CreatorCell {
                    table.creators {
                        (arm == nil || $0.arm == arm) && $0.popular == popular && $0.week == week && (replicate == nil || $0.replicate == replicate)
                    }
                }
                func activity(_ arm: Int, _ replicate: Int? = nil) -> SampleSummary { cell(arm, replicate).dailyActivity }
                var joint = cell(c)
                joint.merge(cell(t))
                /// The unit-level test and each market's value under one adjustment (nil: none).
                func tests(_ adjustment: CovariateAdjustment?) -> (unit: Comparison, market: (Int, Int) -> Double?) {
                    switch adjustment {
                    case nil:
                        return (Welch.compare(control: activity(c), treatment: activity(t), level: level), { arm, r in
                            let x = cell(arm, r).covariate
                            return x.count > 0 ? x.estimate : nil
                        })
                    case .cuped?:
                        let theta = RegressionAdjustment.theta(joint: joint.covariate)
                        return (RegressionAdjustment.compare(control: cell(c).covariate, treatment: cell(t).covariate, joint: joint.covariate, level: level),
                                { arm, r in
                                    let x = cell(arm, r).covariate
                                    return x.count > 0 ? x.estimate - theta * (x.preEstimate - joint.covariate.preEstimate) : nil
                                })
                    case .regression?:
                        let xj = joint.covariates, theta = MultipleRegressionAdjustment.theta(joint: xj)
                        return (MultipleRegressionAdjustment.compare(control: cell(c).covariates, treatment: cell(t).covariates, joint: xj, level: level),
                                { arm, r in
                                    let x = cell(arm, r).covariates
                                    return x.count > 0 ? MultipleRegressionAdjustment.adjusted(x, theta: theta, joint: xj) : nil
                                })
                    }
                }
                let lead = tests(regression ? .regression : cuped ? .cuped : nil)
                let breakdown = Breakdown.creators(popular: popular, week: week == 0 ? nil : week)
                if cuped, week == 0, joint.count > 0 {
                    let other = tests(regression ? .cuped : .regression)
                    let (cupedTests, regressionTests) = regression ? (other, lead) : (lead, other)
                    func market(_ tests: (unit: Comparison, market: (Int, Int) -> Double?)) -> Comparison {
                        marketComparison(replicates.map { r in (tests.market(c, r), tests.market(t, r)) },
                                         reason: "a market has no units in this breakdown", level: level)
                    }
                    let atMarket = method == .market && replicates.count >= 2
                    adjustments.append(AdjustmentComparison(metric: .creatorDAU, breakdown: breakdown, variance: atMarket ? .market : .unit,
                                                            cuped: atMarket ? market(cupedTests) : cupedTests.unit,
                                                            regression: atMarket ? market(regressionTests) : regressionTests.unit))
                }
                for variance in variances {
                    let comparison: Comparison
                    switch variance {
                    case .unit:
                        comparison = lead.unit
                    case .inflated:
                        comparison = inflation!.test(lead.unit, metric: .creatorDAU, slot: breakdown.label, level: level)
                    case .market:
                        let values = replicates.map { r in (lead.market(c, r), lead.market(t, r)) }
                        comparison = marketComparison(values, reason: "a market has no units in this breakdown", level: level)
                    }
                    rows.append(TestRow(metric: .creatorDAU, breakdown: breakdown,
                                        control: control, treatment: treatment, variance: variance, comparison: comparison))
                }
            }
        }
        rows += ecosystemRows(table, control: (c, control), treatment: (t, treatment), variances: variances, inflation: inflation,
                              cuped: cuped, level: level)
        let calibrated = !options.twin && (method == .market || method == .inflated)
        adjust(&rows, alpha: options.alpha, lead: method, calibrated: calibrated)

        let shares = options.shares ?? [:]
        func srm(_ c: Int, _ t: Int) -> SampleRatioMismatch? {
            guard c + t > 0 else { return nil }
            return SampleRatioMismatch(observed: [c, t], shares: [shares[control] ?? 1, shares[treatment] ?? 1])
        }
        let usersC = table.users { $0.arm == c && $0.week == 0 }, usersT = table.users { $0.arm == t && $0.week == 0 }
        let creatorsC = table.creators { $0.arm == c && $0.week == 0 }.count, creatorsT = table.creators { $0.arm == t && $0.week == 0 }.count

        let basis: VarianceNote.Basis = options.twin ? .twin : method == .inflated ? .inflated : method == .market ? .market
            : replicates.count >= 2 ? .unitPooled : .unitSinglePair
        let note = VarianceNote(basis: basis, marketPairs: replicates.count, calibrationTrials: method == .inflated ? inflation!.trials : nil,
                                cuped: cuped)
        var report = AnalysisReport(control: control, treatment: treatment, level: level, alpha: options.alpha, replicates: replicates.count,
                                    varianceMethod: method, varianceNote: note, calibrated: calibrated,
                                    sampleRatioUsers: srm(usersC.count, usersT.count), sampleRatioCreators: srm(creatorsC, creatorsT),
                                    bucketLabels: buckets.labels, verdicts: [], power: [], tests: rows)
        if table.hasPrePeriod { report.cuped = cuped }
        if regression { report.varianceNote.adjustment = .regression }
        report.adjustments = adjustments.isEmpty ? nil : adjustments
        report.power = powerRows(report)
        report.verdicts = verdicts(report)
        if !options.twin {
            let margins = marginVerdicts(report, guardrails: options.guardrails, superiority: options.superiority)
            report.margins = margins.isEmpty ? nil : margins
            addMarginPower(&report, guardrails: options.guardrails)
        }
        return report
    }
}

extension TrialAnalysis {
    /// A user metric's covariate summary from the sums: LTR on its linearised values, a mean metric on its count.
    static func covariateSummary(_ metric: MetricID, _ sums: UserCovariateSums) -> CovariateMatrixSummary? {
        switch metric {
        case .ltr: return sums.ratio()
        case .coldStartImpressions: return sums.mean(2)
        case .freshImpressions: return sums.mean(3)
        case .topics: return sums.mean(4)
        default: return nil
        }
    }
}

/// Which pre-period adjustment the user metrics get.
public enum CovariateAdjustment: String, Sendable, Codable, CaseIterable, Hashable {
    /// Each metric on its own pre-period value (one covariate).
    case cuped
    /// Each user metric on every metric's pre-period value and the user's attributes (follows,
    /// tier, group size: ``UserCovariates``); creator DAU on its pre-period value and the
    /// creator's followers (``CreatorCovariates``).
    case regression
}

/// One headline user metric's lead test under both adjustments, on the same trial: what the
/// regression buys over CUPED (and whether it keeps its level, on A/A trials).
public struct AdjustmentComparison: Sendable, Equatable, Codable {
    public var metric: MetricID
    public var breakdown: Breakdown
    public var variance: VarianceMethod
    public var cuped: Comparison?
    public var regression: Comparison?
}
