import Foundation
import Simulation

/// A folder of offline-game runs (`simulate`), one subfolder per mechanism, loaded for the
/// side-by-side welfare report: each run's `summary.json` and `welfare.csv`.
package struct OfflineRecord: Sendable {
    package struct Run: Sendable {
        package var summary: SimulationSummary
        package var welfare: [WelfareRow]
    }

    package var name: String
    package var seed: UInt64
    /// In mechanism order (control, uir, smt, hmt, newitem), then any other by name.
    package var runs: [Run]

    package static func load(folder: URL) throws(RunFileError) -> OfflineRecord {
        let fm = FileManager.default
        let order = MechanismKind.allCases.map(\.rawValue)
        let subfolders = ((try? fm.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { fm.fileExists(atPath: folder.appendingPathComponent($0).appendingPathComponent("summary.json").path) }
            .sorted { (order.firstIndex(of: $0) ?? order.count, $0) < (order.firstIndex(of: $1) ?? order.count, $1) }
        guard !subfolders.isEmpty else { throw .missing(file: "manifest.json or subfolders with summary.json", folder: folder.path) }
        var runs = [Run]()
        for sub in subfolders {
            let dir = folder.appendingPathComponent(sub)
            let summary: SimulationSummary
            do { summary = try RunJSON.decode(SimulationSummary.self, from: Data(contentsOf: dir.appendingPathComponent("summary.json"))) } catch {
                throw .malformed(file: "\(sub)/summary.json", reason: RunRecord.reason(error))
            }
            guard let welfare = try? Data(contentsOf: dir.appendingPathComponent("welfare.csv")) else {
                throw .missing(file: "welfare.csv", folder: dir.path)
            }
            runs.append(Run(summary: summary, welfare: try SimulationFiles.welfareSchema.read(welfare, blank: WelfareRow())))
        }
        return OfflineRecord(name: runs.last?.summary.experiment ?? folder.lastPathComponent, seed: runs.last?.summary.seed ?? 0, runs: runs)
    }
}

/// One step of the offline game: a line of `welfare.csv`.
package struct WelfareRow: Sendable, Equatable {
    package var step = 0
    package var served = 0.0
    package var standard = 0.0
    package init() {}
}
