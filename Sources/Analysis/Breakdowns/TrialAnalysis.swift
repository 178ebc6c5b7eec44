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
        let arms = table.arms
        guard arms.count >= 2 || (options.control != nil && options.treatment != nil) else { throw .needTwoArms(available: arms) }
        guard arms.count <= 2 || options.treatment != nil else { throw .chooseTreatment(available: arms) }
        let control = options.control ?? arms[0]
        let treatment = options.treatment ?? arms.first { $0 != control } ?? arms[1]
        for name in [control, treatment] where !arms.contains(name) { throw .unknownArm(name, available: arms) }
        guard control != treatment else { throw .sameArm(control) }
        let replicates = table.replicates
        if options.variance == .market && replicates.count < 2 { throw .marketVarianceNeedsReplicates(replicates.count) }
        let method = options.variance ?? (replicates.count >= 2 ? .market : .unit)
        let level = options.level

        // Pre-treatment group sizes (all arms, whole period) fix the buckets.
        let wholeUsers = table.users.filter { $0.week == 0 }
        var sizes = [Int: Int]()
        for u in wholeUsers { sizes[u.group, default: 0] += 1 }
        let buckets = GroupBuckets(groupSizes: sizes)

        var rows = [TestRow]()
        func add(_ metric: any Metric, _ breakdown: String, users: (UnitTable.User) -> Bool) {
            let selected = table.users.filter(users)
            for variance in VarianceMethod.allCases where variance == .unit || replicates.count >= 2 {
                let comparison = metric.compare(selected, control: control, treatment: treatment, replicates: replicates,
                                                variance: variance, level: level)
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
                for variance in VarianceMethod.allCases where variance == .unit || replicates.count >= 2 {
                    let units = table.creators.filter { $0.popular == popular && $0.week == week && $0.days > 0 }
                    let comparison = compareMeans(units, control: control, treatment: treatment, replicates: replicates,
                                                  arm: \.arm, replicate: \.replicate, value: { $0.activeDays / $0.days },
                                                  variance: variance, level: level)
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
        func srm(_ counts: [String: Int]) -> SampleRatioMismatch? {
            guard let c = counts[control], let t = counts[treatment], c + t > 0 else { return nil }
            return SampleRatioMismatch(observed: [c, t], shares: [shares[control] ?? 1, shares[treatment] ?? 1])
        }
        var userCounts = [String: Int](), creatorCounts = [String: Int]()
        for u in wholeUsers { userCounts[u.arm, default: 0] += 1 }
        for c in table.creators where c.week == 0 { creatorCounts[c.arm, default: 0] += 1 }

        let power = powerRows(table, control: control, treatment: treatment, userCounts: userCounts, alpha: 1 - level)
        let note = method == .market
            ? "market: t-test on the \(replicates.count) per-market-pair deltas (df = \(replicates.count - 1)); includes the between-market variance"
            : (replicates.count >= 2 ? "unit: Welch / delta method on units pooled over \(replicates.count) market pairs; ignores between-market variance"
                : "unit: Welch / delta method on units; a single market pair cannot estimate the between-market variance, so p-values may be too small")
        return AnalysisReport(control: control, treatment: treatment, level: level, alpha: 1 - level, replicates: replicates.count,
                              varianceMethod: method, varianceNote: note, sampleRatioUsers: srm(userCounts),
                              sampleRatioCreators: srm(creatorCounts), bucketLabels: buckets.labels, power: power, tests: rows)
    }

    static func compareMeans<Unit>(_ units: [Unit], control: String, treatment: String, replicates: [Int],
                                   arm: KeyPath<Unit, String>, replicate: KeyPath<Unit, Int>, value: (Unit) -> Double,
                                   variance: VarianceMethod, level: Double) -> Comparison {
        switch variance {
        case .unit:
            return Welch.compare(control: SampleSummary(units.filter { $0[keyPath: arm] == control }.map(value)),
                                 treatment: SampleSummary(units.filter { $0[keyPath: arm] == treatment }.map(value)), level: level)
        case .market:
            func means(_ name: String) -> [Double?] {
                replicates.map { r in
                    let values = units.filter { $0[keyPath: arm] == name && $0[keyPath: replicate] == r }.map(value)
                    return values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
                }
            }
            let c = means(control), t = means(treatment)
            if c.contains(where: { $0 == nil }) || t.contains(where: { $0 == nil }) {
                return .untestable("a market has no units in this breakdown", nControl: replicates.count, nTreatment: replicates.count)
            }
            return PairedMarkets.compare(controls: c.map { $0! }, treatments: t.map { $0! }, level: level)
        }
    }

    static func powerRows(_ table: UnitTable, control: String, treatment: String, userCounts: [String: Int], alpha: Double) -> [PowerRow] {
        let nc = userCounts[control] ?? 0, nt = userCounts[treatment] ?? 0
        guard nc >= 2, nt >= 2 else { return [] }
        let base = table.users.filter { $0.week == 0 && $0.arm == control }
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
