import Analysis
import Trial
import Foundation
import Config
import Sweeps
import Simulation

/// The analysis choices a config makes beyond α and CUPED: the daily looks' plan and the margins.
package struct AnalysisSettings: Sendable, Equatable {
    package var sequential = SequentialPlan()
    package var guardrails = MetricMargins.defaultGuardrails
    package var superiority = MetricMargins()
    package var adjustment = CovariateAdjustment.cuped
    package init() {}
    package init(_ config: TrialConfig) {
        sequential = config.sequential
        guardrails = config.guardrails
        superiority = config.superiority
        adjustment = config.adjustment
    }
}

/// Turns a simulated trial into the analysis's sufficient statistics (the same rows as users.csv
/// and creators.csv, summed per cell).
package enum TrialTables {
    package static func statistics(_ outcome: TrialOutcome) -> UnitStatistics {
        var rows = UnitRowAccumulator<Int>()
        let arms = outcome.armNames.map { rows.arm($0) }
        for replicate in outcome.replicates {
            for arm in replicate.arms {
                for r in arm.users where r.week == -1 { rows.notePreUser(arm: arms[r.arm], replicate: r.replicate, id: r.user, counts: counts(r)) }
                for r in arm.creators where r.week == -1 {
                    rows.notePreCreator(arm: arms[r.arm], replicate: r.replicate, id: r.creator, counts: counts(r))
                }
                for r in arm.users {
                    rows.addUser(arm: arms[r.arm], replicate: r.replicate, id: r.user, group: r.group, week: r.week, counts: counts(r))
                }
                for r in arm.creators {
                    rows.addCreator(arm: arms[r.arm], replicate: r.replicate, id: r.creator, popular: r.popular, week: r.week,
                                    counts: counts(r))
                }
            }
        }
        return rows.statistics
    }

    package static func counts(_ r: CreatorRecord) -> CreatorCounts {
        CreatorCounts(days: r.days, activeDays: Int64(r.activeDays), servedDays: Int64(r.servedDays), impressions: Int64(r.impressions),
                      followers: CreatorCounts.wholeFollowers(r.followers) ?? 0)
    }

    package static func counts(_ r: UserRecord) -> UnitCounts {
        UnitCounts(impressions: Int64(r.impressions), likes: Int64(r.likes), coldStart: Int64(r.coldStart), fresh: Int64(r.fresh), topics: Int64(r.topics),
                   follows: Int64(r.follows), tier: Int64(r.tier))
    }
}

extension TrialTables {
    /// The significance analysis a run ends with: the second arm against the first, arm shares
    /// from the split for the sample-ratio check; `nil` for a one-arm trial.
    package static func report(_ outcome: TrialOutcome, spec: TrialSpec, inflation: AAInflation? = nil, sequential: Bool = true,
                       cuped: Bool = true, alpha: Double = Significance.defaultAlpha,
                       settings: AnalysisSettings = AnalysisSettings()) throws -> AnalysisReport? {
        guard spec.arms.count >= 2 else { return nil }
        var options = TrialAnalysis.Options()
        options.inflation = inflation
        options.cuped = cuped
        options.alpha = alpha
        options.twin = spec.design == .twin
        options.control = spec.arms[0].name
        options.treatment = spec.arms[1].name
        options.shares = Dictionary(uniqueKeysWithValues: spec.arms.map { ($0.name, spec.split.userFraction) })
        options.guardrails = settings.guardrails
        options.superiority = settings.superiority
        options.adjustment = settings.adjustment
        var report = try TrialAnalysis.analyze(statistics(outcome), options: options)
        setTwoSided(&report, cells: outcome.replicates.enumerated().flatMap { r, replicate in
            replicate.cells.map { CellRow.rows($0, replicate: r, arms: outcome.armNames) } ?? []
        })
        guard sequential else { return report }
        let series = outcome.replicates.map { replicate in replicate.arms.prefix(2).map(Self.series) }
        setLooks(&report, control: series.map { $0[0] }, treatment: series.map { $0[1] }, inflation: inflation, plan: settings.sequential)
        return report
    }

    /// The report's daily looks: R ≥ 2 pairs' market tests, or one pair's raw looks tested with
    /// its A/A calibration's daily variances when it has them (raw looks alone feed an A/A batch).
    package static func setLooks(_ report: inout AnalysisReport, control: [MarketSeries], treatment: [MarketSeries],
                                 inflation: AAInflation?, plan: SequentialPlan) {
        var looks = SequentialLooks.looks(control: control, treatment: treatment, alpha: report.alpha, plan: plan)
        if control.count == 1, let inflation, inflation.daily != nil, report.varianceNote.basis != .twin {
            looks = SequentialLooks.calibrated(looks, by: inflation, plan: plan, alpha: report.alpha)
        }
        report.sequential = looks.isEmpty ? nil : looks
        let tested = looks.contains { $0.crossed != nil }
        report.sequentialPlan = tested ? plan : nil
        report.stops = tested ? SequentialLooks.stops(looks) : nil
    }

    /// An arm market's daily totals and sizes.
    package static func series(_ arm: ArmOutcome) -> MarketSeries {
        let creators = arm.creators.filter { $0.week == 0 }
        let popular = creators.filter(\.popular).count
        return MarketSeries(users: arm.users.filter { $0.week == 0 }.count, popularCreators: popular, otherCreators: creators.count - popular,
                            days: arm.daily.filter { $0.day >= 1 }.sorted { $0.day < $1.day }.map {
                                .init(impressions: $0.impressions, likes: $0.likes, coldStart: $0.coldStart, fresh: $0.fresh,
                                      activePopular: $0.activePopular, activeOther: $0.activeCreators - $0.activePopular)
                            })
    }
}

extension TrialTables {
    /// The daily looks of a loaded run folder: each market's daily series from `daily.csv` and its
    /// sizes from the unit tables, for the report's two arms — the same looks `run` computed.
    package static func setLooks(_ report: inout AnalysisReport, record: RunRecord, statistics: UnitStatistics, inflation: AAInflation?) {
        guard let c = statistics.arms.firstIndex(of: report.control), let t = statistics.arms.firstIndex(of: report.treatment) else { return }
        func series(_ arm: Int, _ name: String, _ r: Int) -> MarketSeries {
            let popular = statistics.creators { $0.arm == arm && $0.replicate == r && $0.week == 0 && $0.popular }.count
            let other = statistics.creators { $0.arm == arm && $0.replicate == r && $0.week == 0 && !$0.popular }.count
            let days = record.daily.filter { $0.arm == name && $0.replicate == r && $0.day >= 1 }.sorted { $0.day < $1.day }
            return MarketSeries(users: statistics.users { $0.arm == arm && $0.replicate == r && $0.week == 0 }.count,
                                popularCreators: popular, otherCreators: other,
                                days: days.map { .init(impressions: $0.impressions, likes: $0.likes, coldStart: $0.coldStart, fresh: $0.fresh,
                                                       activePopular: $0.activePopular, activeOther: $0.activeCreators - $0.activePopular) })
        }
        let replicates = 0..<record.manifest.replicates
        setLooks(&report, control: replicates.map { series(c, report.control, $0) }, treatment: replicates.map { series(t, report.treatment, $0) },
                 inflation: inflation, plan: record.manifest.resolved?.sequential ?? SequentialPlan())
    }
}

extension TrialTables {
    /// A two-sided run's TSR estimators (naive, TSRI-1, TSRI-2) from its cells (`cells.csv`), one
    /// market per replicate; nothing for a run without cells.
    package static func setTwoSided(_ report: inout AnalysisReport, cells rows: [CellRow]) {
        guard !rows.isEmpty else { return }
        let control = report.control, treatment = report.treatment
        var markets = [TwoSidedEstimate.Market]()
        for r in Set(rows.map(\.replicate)).sorted() {
            func row(_ x: String, _ y: String) -> CellRow? { rows.first { $0.replicate == r && $0.userArm == x && $0.creatorArm == y } }
            guard let cc = row(control, control), let ct = row(control, treatment), let tc = row(treatment, control),
                  let tt = row(treatment, treatment), cc.platformUsers > 0, cc.platformCreators > 0,
                  cc.users > 0, tt.users > 0, cc.creators > 0, tt.creators > 0 else { return }
            let users = (Double(cc.users) / Double(cc.platformUsers), Double(tt.users) / Double(tt.platformUsers))
            let creators = (Double(cc.creators) / Double(cc.platformCreators), Double(tt.creators) / Double(tt.platformCreators))
            func cells(_ value: (CellRow) -> Int) -> TwoSidedCells {
                TwoSidedCells(controlControl: Double(value(cc)), controlTreated: Double(value(ct)), treatedControl: Double(value(tc)),
                              treatedTreated: Double(value(tt)), userShares: users, creatorShares: creators)
            }
            markets.append(.init(impressions: cells(\.impressions), likes: cells(\.likes), coldStart: cells(\.coldStart), fresh: cells(\.fresh)))
        }
        report.twoSided = TwoSidedEstimate.estimates(markets, level: report.level)
    }
}
