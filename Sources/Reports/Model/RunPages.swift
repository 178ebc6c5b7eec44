import Analysis
import Outputs
import Foundation
import Runs

extension TrialReportInput {
    /// The report model of a run record: its question from the manifest, its analysis, and the
    /// first market pair's daily series and final weights (the treatment arm's).
    package init(record: RunRecord, analysis: AnalysisReport) {
        let m = record.manifest
        let daily = record.daily.filter { $0.replicate == 0 && $0.day >= 1 }.map {
            Day(arm: $0.arm, day: $0.day, ltr: $0.ltr, activeCreators: $0.activeCreators, requests: $0.requests, impressions: $0.impressions)
        }
        let treated = record.weights.filter { $0.replicate == 0 && $0.arm == analysis.treatment }
        let lastDay = treated.map(\.day).max()
        let weights = treated.filter { $0.day == lastDay }.map { Weight(group: $0.group, users: $0.users, weight: $0.weight) }
        self.init(name: m.name, seed: m.seed, days: m.days, splitUsers: m.split.users, splitCreators: m.split.creators,
                  arms: m.arms.map { Arm(name: $0.name, mechanism: $0.mechanism, users: $0.users, creators: $0.creators) },
                  analysis: analysis, daily: daily, finalWeights: weights)
        design = m.design
        weightFollow = WeightFollow(record.weights, control: analysis.control, treatment: analysis.treatment)
        dose = DoseSeries(record.weights, treatment: analysis.treatment,
                          armUsers: m.arms.first { $0.name == analysis.treatment }?.users.first ?? 0,
                          productionPercentile: m.resolved?.serving.productionPercentile ?? 0.99)
        metricContext = MetricContext(freshHours: m.resolved?.platform.freshHours,
                                      coldStart: m.resolved.map { ($0.serving.coldStartDays, $0.serving.coldStartImpressions) })
        configChanges = m.nonDefaultValues.map { "\($0.key): \($0.value)" }
    }
}

/// Every page TwinArm renders for a run folder or an analysis, from values.
package enum RunPages {
    /// `report.md` and `report.html` of a trial record with its analysis.
    package static func trial(_ record: RunRecord, analysis: AnalysisReport) -> [RunFile] {
        render(TrialReportInput(record: record, analysis: analysis))
    }

    /// The pages of any report model.
    package static func render(_ input: TrialReportInput) -> [RunFile] {
        standardRenderers.map { (name: $0.fileName, contents: Data($0.render(input).utf8)) }
    }

    /// `report.md` and `report.html` of offline runs side by side.
    package static func welfare(_ record: OfflineRecord) -> [RunFile] {
        let mechanisms = record.runs.map { run in
            let s = run.summary
            return WelfareReportInput.Mechanism(
                name: s.mechanism, served: run.welfare.map(\.served), standard: run.welfare.map(\.standard),
                readings: .init(initialServed: s.initialWelfareServed, initialDefault: s.initialWelfareDefault,
                                plateauServed: s.plateauWelfareServed, plateauDefault: s.plateauWelfareDefault,
                                finalServed: s.finalWelfareServed, finalDefault: s.finalWelfareDefault,
                                weightSizeSpearman: s.weightSizeSpearman))
        }
        let input = WelfareReportInput(name: record.name, seed: record.seed, mechanisms: mechanisms)
        return [("report.md", Data(WelfareReport.markdown(input).utf8)), ("report.html", Data(WelfareReport.html(input).utf8))]
    }
}
