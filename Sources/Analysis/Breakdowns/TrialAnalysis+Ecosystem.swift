/// The ecosystem-health rows (issue 19): exposure concentration, creator coverage and churn, and
/// the worst-served group's LTR, each at the whole period, tested by every available variance
/// method like the other metrics.
extension TrialAnalysis {
    /// A group counts for the worst group's LTR when it holds at least this many users in the market.
    public static let worstGroupMinimumUsers = 30

    static func ecosystemRows(_ table: UnitStatistics, control: (index: Int, name: String), treatment: (index: Int, name: String),
                              variances: [VarianceMethod], inflation: AAInflation?, cuped: Bool, level: Double) -> [TestRow] {
        let c = control.index, t = treatment.index
        let replicates = table.replicates
        var rows = [TestRow]()
        func emit(_ metric: MetricID, unit: Comparison, market: () -> Comparison) {
            for variance in variances {
                let comparison: Comparison
                switch variance {
                case .unit: comparison = unit
                case .inflated: comparison = inflation!.test(unit, metric: metric, slot: Breakdown.total.label, level: level)
                case .market: comparison = market()
                }
                rows.append(TestRow(metric: metric, breakdown: .total, control: control.name, treatment: treatment.name,
                                    variance: variance, comparison: comparison))
            }
        }

        // Exposure concentration: one histogram per market; pooled over market pairs for the unit test.
        if !table.exposure.isEmpty {
            func pooled(_ arm: Int) -> ExposureHistogram {
                var h = ExposureHistogram()
                for (key, histogram) in table.exposure where key.arm == arm { h.merge(histogram) }
                return h
            }
            for (metric, statistic) in [(MetricID.exposureGini, ExposureHistogram.Statistic.gini), (.exposureTop10Share, .topShare(0.1))] {
                let hc = pooled(c), ht = pooled(t)
                emit(metric, unit: jackknifeComparison(hc, ht, statistic, level: level)) {
                    let values = replicates.map { r in
                        (table.exposure[.init(arm: c, replicate: r)]?.estimate(statistic)?.value,
                         table.exposure[.init(arm: t, replicate: r)]?.estimate(statistic)?.value)
                    }
                    return marketComparison(values, reason: "a market has fewer than 2 creators or no impressions", level: level)
                }
            }
        }

        // Coverage and churn: per-creator fractions, tested like creator DAU (CUPED on the pre-period's value).
        let lastWeek = table.weeks.last
        for (metric, cells) in [(MetricID.creatorCoverage, table.coverage), (.creatorChurn, table.churn)] where !cells.isEmpty {
            let week = metric == .creatorChurn ? lastWeek : 0
            guard let week else { continue }
            func cell(_ arm: Int, _ replicate: Int? = nil) -> CreatorCell {
                var total = CreatorCell()
                for (key, value) in cells where key.arm == arm && key.week == week && (replicate == nil || key.replicate == replicate) {
                    total.merge(value)
                }
                return total
            }
            var joint = cell(c)
            joint.merge(cell(t))
            let adjust = cuped && joint.pre.joined > 0
            let unit = adjust
                ? RegressionAdjustment.compare(control: cell(c).covariate, treatment: cell(t).covariate, joint: joint.covariate, level: level)
                : Welch.compare(control: cell(c).dailyActivity, treatment: cell(t).dailyActivity, level: level)
            let theta = adjust ? RegressionAdjustment.theta(joint: joint.covariate) : 0
            emit(metric, unit: unit) {
                let values = replicates.map { r -> (Double?, Double?) in
                    func value(_ arm: Int) -> Double? {
                        let x = cell(arm, r).covariate
                        guard x.count > 0 else { return nil }
                        return adjust ? x.estimate - theta * (x.preEstimate - joint.covariate.preEstimate) : x.estimate
                    }
                    return (value(c), value(t))
                }
                return marketComparison(values, reason: "a market has no creators observed", level: level)
            }
        }

        // The worst group's LTR: per market, the lowest LTR among groups with enough users.
        let ltr = ltrMetric
        func worst(_ arm: Int, _ replicate: Int?) -> UserCell? {
            var groups = [Int: UserCell]()
            for (key, cell) in table.users where key.arm == arm && key.week == 0 && (replicate == nil || key.replicate == replicate) {
                groups[key.group, default: UserCell()].merge(cell)
            }
            var best: (ratio: Double, group: Int, cell: UserCell)?
            for (group, cell) in groups where cell.count >= worstGroupMinimumUsers {
                guard let ratio = ltr.value(cell) else { continue }
                if best == nil || ratio < best!.ratio || (ratio == best!.ratio && group < best!.group) { best = (ratio, group, cell) }
            }
            return best?.cell
        }
        if let wc = worst(c, nil), let wt = worst(t, nil) {
            emit(.worstGroupLTR, unit: ltr.compareUnits(control: wc, treatment: wt, level: level)) {
                let values = replicates.map { r in (worst(c, r).flatMap(ltr.value), worst(t, r).flatMap(ltr.value)) }
                return marketComparison(values, reason: "a market has no group of at least \(worstGroupMinimumUsers) users with impressions",
                                        level: level)
            }
        }
        return rows
    }

    /// Treatment against control of a market-level exposure statistic, with jackknife variances and
    /// Welch–Satterthwaite degrees of freedom (n − 1 per arm).
    static func jackknifeComparison(_ control: ExposureHistogram, _ treatment: ExposureHistogram, _ statistic: ExposureHistogram.Statistic,
                                    level: Double) -> Comparison {
        guard let ec = control.estimate(statistic), let et = treatment.estimate(statistic) else {
            return .untestable("an arm has fewer than 2 creators or no impressions", nControl: control.creators, nTreatment: treatment.creators)
        }
        let vc = ec.variance, vt = et.variance
        guard vc + vt > 0 else {
            return .untestable("zero variance in both arms", nControl: control.creators, nTreatment: treatment.creators,
                               control: ec.value, treatment: et.value)
        }
        let df = (vc + vt) * (vc + vt) / (vc * vc / Double(control.creators - 1) + vt * vt / Double(treatment.creators - 1))
        return Comparison(nControl: control.creators, nTreatment: treatment.creators, control: ec.value, treatment: et.value,
                          varianceControl: vc, varianceTreatment: vt, degreesOfFreedom: df, level: level)
    }
}
