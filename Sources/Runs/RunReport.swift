import Analysis
import Foundation
import Reports
import Trial
import Config
import Sweeps
import Simulation

/// Renders `report.md` and `report.html` from a run's files — the same code for `run` (files in
/// memory) and `report` (files on disk), so both give the same bytes.
package enum RunReport {
    package struct Failure: Error, CustomStringConvertible { package var description: String }

    /// Trial run: needs manifest.json, report.json, daily.csv and weights.csv.
    package static func trial(_ files: [String: Data]) throws -> [(name: String, contents: Data)] {
        guard let manifestData = files["manifest.json"], let reportData = files["report.json"],
              let dailyData = files["daily.csv"], let weightsData = files["weights.csv"] else {
            throw Failure(description: "a trial report needs manifest.json, report.json, daily.csv and weights.csv in the folder")
        }
        struct Manifest: Decodable {
            package struct Arm: Decodable { var name: String; var mechanism: String; var users: [Int]; var creators: [Int] }
            package var name: String; var seed: UInt64; var days: Int; var split: [String: Double]; var arms: [Arm]
            package var design: String?
        }
        let manifest = try JSONDecoder().decode(Manifest.self, from: manifestData)
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let analysis = try decoder.decode(AnalysisReport.self, from: reportData)
        let daily = try table(dailyData, "daily.csv").compactMap { row -> TrialReportInput.Day? in
            guard row["replicate"] == "0", let day = Int(row["day"] ?? ""), day >= 1, let ltr = Double(row["ltr"] ?? ""),
                  let active = Int(row["activeCreators"] ?? "") else { return nil }
            return TrialReportInput.Day(arm: row["arm"] ?? "", day: day, ltr: ltr, activeCreators: active)
        }
        let weightRows = try table(weightsData, "weights.csv").filter { $0["replicate"] == "0" && $0["arm"] == analysis.treatment }
        let lastDay = weightRows.compactMap { Int($0["day"] ?? "") }.max()
        let weights = weightRows.filter { Int($0["day"] ?? "") == lastDay }.compactMap { row -> TrialReportInput.Weight? in
            guard let g = Int(row["group"] ?? ""), let u = Int(row["users"] ?? ""), let w = Double(row["weight"] ?? "") else { return nil }
            return TrialReportInput.Weight(group: g, users: u, weight: w)
        }
        var input = TrialReportInput(
            name: manifest.name, seed: manifest.seed, days: manifest.days, splitUsers: manifest.split["users"] ?? 0,
            splitCreators: manifest.split["creators"] ?? 0,
            arms: manifest.arms.map { TrialReportInput.Arm(name: $0.name, mechanism: $0.mechanism, users: $0.users, creators: $0.creators) },
            analysis: analysis, daily: daily, finalWeights: weights)
        input.design = manifest.design ?? "symmetric"
        return standardRenderers.map { (name: $0.fileName, contents: Data($0.render(input).utf8)) }
    }

    /// Offline runs side by side: every subfolder with summary.json and welfare.csv is one mechanism.
    package static func welfare(folder: URL) throws -> [(name: String, contents: Data)] {
        let fm = FileManager.default
        let order = ["control", "uir", "smt", "hmt"]
        let subfolders = try fm.contentsOfDirectory(atPath: folder.path)
            .filter { fm.fileExists(atPath: folder.appendingPathComponent($0).appendingPathComponent("summary.json").path) }
            .sorted { (order.firstIndex(of: $0) ?? 99, $0) < (order.firstIndex(of: $1) ?? 99, $1) }
        guard !subfolders.isEmpty else { throw Failure(description: "no run found: expected a trial folder (manifest.json) or subfolders with summary.json") }
        var mechanisms = [WelfareReportInput.Mechanism]()
        var name = folder.lastPathComponent, seed: UInt64 = 0
        for sub in subfolders {
            let dir = folder.appendingPathComponent(sub)
            let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("summary.json"))) as? [String: Any] ?? [:]
            name = summary["experiment"] as? String ?? name
            seed = (summary["seed"] as? NSNumber)?.uint64Value ?? seed
            let rows = try table(Data(contentsOf: dir.appendingPathComponent("welfare.csv")), "\(sub)/welfare.csv")
            mechanisms.append(WelfareReportInput.Mechanism(
                name: summary["mechanism"] as? String ?? sub,
                served: rows.compactMap { Double($0["welfareServed"] ?? "") }, standard: rows.compactMap { Double($0["welfareDefault"] ?? "") },
                summary: summary.compactMapValues { ($0 as? NSNumber)?.doubleValue }))
        }
        let input = WelfareReportInput(name: name, seed: seed, mechanisms: mechanisms)
        return [("report.md", Data(WelfareReport.markdown(input).utf8)), ("report.html", Data(WelfareReport.html(input).utf8))]
    }

    package static func table(_ data: Data, _ name: String) throws -> [[String: String]] {
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
        guard let header = lines.first?.split(separator: ",", omittingEmptySubsequences: false).map(String.init) else {
            throw Failure(description: "\(name) is empty")
        }
        return lines.dropFirst().map { line in
            Dictionary(uniqueKeysWithValues: zip(header, line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)))
        }
    }
}
