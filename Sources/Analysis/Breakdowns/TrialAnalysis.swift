import GSL

/// The significance analysis of a symmetric trial's unit table.
public enum TrialAnalysis {
    public struct Options: Sendable {
        public var control: String?
        public var treatment: String?
        public var level: Double = 0.95
        /// Each arm's configured share, for the sample-ratio check (default: equal).
        public var shares: [String: Double]?
        /// The variance method to lead with; `nil`: market when there are ≥ 2 replicates, else unit.
        public var variance: VarianceMethod?
        public init() {}
    }

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case unknownArm(String, available: [String])
        case needTwoArms(available: [String])
        case sameArm(String)
        case chooseTreatment(available: [String])
        case marketVarianceNeedsReplicates(Int)
        public var description: String {
            switch self {
            case let .sameArm(name):
                return "--control and --treatment both name '\(name)'; an arm compared with itself tells nothing"
            case let .chooseTreatment(available):
                return "the table has \(available.count) arms (\(available.joined(separator: ", "))); name the arm to test against the control with --treatment"
            case let .marketVarianceNeedsReplicates(count):
                return "--variance market needs at least 2 market pairs (replicates); the table has \(count); use --variance unit"
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
        let method = options.variance ?? (replicates.count >= 2 ? .market : .unit)
        let level = options.level
        let variances = VarianceMethod.allCases.filter { $0 == .unit || replicates.count >= 2 }

        // Pre-treatment group sizes (all arms, whole period) fix the buckets.
        let buckets = GroupBuckets(groupSizes: table.groupSizes)

        var rows = [TestRow]()
        func add(_ metric: any Metric, _ breakdown: String, users include: (UnitStatistics.UserKey) -> Bool) {
            for variance in variances {
                let comparison: Comparison
                switch variance {
                case .unit:
                    comparison = metric.compareUnits(control: table.users { $0.arm == c && include($0) },
                                                     treatment: table.users { $0.arm == t && include($0) }, level: level)
                case .market:
                    let values = replicates.map { r in
                        (metric.value(table.users { $0.arm == c && $0.replicate == r && include($0) }),
                         metric.value(table.users { $0.arm == t && $0.replicate == r && include($0) }))
                    }
                    comparison = marketComparison(values, reason: metric.undefinedReason, level: level)
                }
                rows.append(TestRow(metric: metric.name, breakdown: breakdown, control: control, treatment: treatment,
                                    variance: variance, comparison: comparison))
            }
        }
        for metric in userMetrics {
            add(metric, "total") { $0.week == 0 }
            for (b, label) in buckets.labels.enumerated() {
                add(metric, "bucket \(label)") { $0.week == 0 && buckets.bucketOf[$0.group] == b }
            }
            for week in table.weeks { add(metric, "week \(week)") { $0.week == week } }
        }
        for (label, popular) in [("popular", true), ("other", false)] {
            for week in [0] + table.weeks {
                func activity(_ arm: Int, _ replicate: Int? = nil) -> SampleSummary {
                    table.creators { $0.arm == arm && $0.popular == popular && $0.week == week && (replicate == nil || $0.replicate == replicate) }
                        .dailyActivity
                }
                for variance in variances {
                    let comparison: Comparison
                    switch variance {
                    case .unit:
                        comparison = Welch.compare(control: activity(c), treatment: activity(t), level: level)
                    case .market:
                        let values = replicates.map { r in
                            (activity(c, r), activity(t, r))
                        }.map { ($0.count > 0 ? $0.mean : nil, $1.count > 0 ? $1.mean : nil) }
                        comparison = marketComparison(values, reason: "a market has no units in this breakdown", level: level)
                    }
                    rows.append(TestRow(metric: "creatorDAU", breakdown: week == 0 ? "\(label) creators" : "\(label) creators, week \(week)",
                                        control: control, treatment: treatment, variance: variance, comparison: comparison))
                }
            }
        }
        // Adjust within each variance method's family of tests.
        for variance in VarianceMethod.allCases {
            let indices = rows.indices.filter { rows[$0].variance == variance && rows[$0].comparison.pValue != nil }
            let p = indices.map { rows[$0].comparison.pValue! }
            let bh = MultipleTesting.benjaminiHochberg(p), holm = MultipleTesting.holm(p)
            for (k, index) in indices.enumerated() { rows[index].adjustedPValue = bh[k]; rows[index].holmPValue = holm[k] }
        }

        let shares = options.shares ?? [:]
        func srm(_ c: Int, _ t: Int) -> SampleRatioMismatch? {
            guard c + t > 0 else { return nil }
            return SampleRatioMismatch(observed: [c, t], shares: [shares[control] ?? 1, shares[treatment] ?? 1])
        }
        let usersC = table.users { $0.arm == c && $0.week == 0 }, usersT = table.users { $0.arm == t && $0.week == 0 }
        let creatorsC = table.creators { $0.arm == c && $0.week == 0 }.count, creatorsT = table.creators { $0.arm == t && $0.week == 0 }.count

        let power = powerRows(control: usersC, treatmentCount: usersT.count, alpha: 1 - level)
        let note = method == .market
            ? "market: t-test on the \(replicates.count) per-market-pair deltas (df = \(replicates.count - 1)); includes the between-market variance"
            : (replicates.count >= 2 ? "unit: Welch / delta method on units pooled over \(replicates.count) market pairs; ignores between-market variance"
                : "unit: Welch / delta method on units; a single market pair cannot estimate the between-market variance, so p-values may be too small")
        return AnalysisReport(control: control, treatment: treatment, level: level, alpha: 1 - level, replicates: replicates.count,
                              varianceMethod: method, varianceNote: note, sampleRatioUsers: srm(usersC.count, usersT.count),
                              sampleRatioCreators: srm(creatorsC, creatorsT), bucketLabels: buckets.labels, power: power, tests: rows)
    }

    /// The paired-market test, or why it cannot be made when a market's value is undefined.
    static func marketComparison(_ values: [(Double?, Double?)], reason: String, level: Double) -> Comparison {
        guard values.allSatisfy({ $0.0 != nil && $0.1 != nil }) else {
            return .untestable(reason, nControl: values.count, nTreatment: values.count)
        }
        return PairedMarkets.compare(controls: values.map { $0.0! }, treatments: values.map { $0.1! }, level: level)
    }

    static func powerRows(control base: UserCell, treatmentCount nt: Int, alpha: Double) -> [PowerRow] {
        let nc = base.count
        guard nc >= 2, nt >= 2 else { return [] }
        return userMetrics.compactMap { metric in
            // No baseline, no relative MDE: a metric that is 0 throughout the control arm gets no power row.
            guard let (baseline, unitVariance) = metric.baseline(base), baseline != 0, baseline.isFinite else { return nil }
            let mde = Power.minimumDetectableEffect(variance: unitVariance, control: nc, treatment: nt, alpha: alpha)
            return PowerRow(metric: metric.name, baseline: baseline, unitStandardDeviation: unitVariance.squareRoot(),
                            unitsControl: nc, unitsTreatment: nt, minimumDetectableEffect: mde,
                            relativeMinimumDetectableEffect: mde / abs(baseline))
        }
    }
}
