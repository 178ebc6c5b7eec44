import Analysis
import Outputs
import Foundation
import Sweeps
import Trial
import Config
import Runs
import Simulation

/// A sweep's folder: `tasks.json` (the manifest), `tasks/<id>/` (one finished task each, written
/// atomically), `logs/task-<index>.log`, `slurm/` (the array script) and, from `collect`,
/// `sweep.json`, `sweep.md` and `sweep.html`.
package struct SweepFolder {
    package let url: URL
    /// The path as the user gave it, for messages.
    package let path: String

    package init(path: String) {
        self.path = path
        url = UserPath.url(path).standardizedFileURL
    }

    package var manifestURL: URL { url.appendingPathComponent("tasks.json") }
    package var logs: URL { url.appendingPathComponent("logs") }
    package func log(_ task: SweepTask) -> URL { logs.appendingPathComponent("task-\(task.index).log") }
    package func folder(_ task: SweepTask) -> URL { url.appendingPathComponent(task.folder) }

    /// A task is finished once its folder holds `task.json` (the folder appears whole, by rename).
    package func isFinished(_ task: SweepTask) -> Bool {
        FileManager.default.fileExists(atPath: folder(task).appendingPathComponent("task.json").path)
    }

    /// The manifest, or a one-line reason (exit 65) why it cannot be read.
    package func manifest() throws -> SweepManifest {
        guard let data = try? Data(contentsOf: manifestURL) else {
            throw SweepError.data("'\(path)' holds no tasks.json; create it with `twinarm sweep`")
        }
        do {
            return try JSONDecoder().decode(SweepManifest.self, from: data)
        } catch {
            throw SweepError.data("'\(manifestURL.path)' is not a TwinArm task manifest (\(error.localizedDescription))")
        }
    }

    package static func encode<Value: Encodable>(_ value: Value) throws -> Data {
        try RunJSON.encode(value)
    }

    /// Writes the manifest of a new sweep, or checks that the folder already holds this very
    /// sweep (then it resumes). Refuses a folder of other files or of another sweep (exit 73).
    package func prepare(_ manifest: SweepManifest, force: Bool) throws {
        let fm = FileManager.default
        if let existing = try? self.manifest() {
            guard existing == manifest else {
                throw OutputError.refused(path: path, reason: "it holds another sweep (its tasks.json differs); choose another --out or remove it")
            }
        } else {
            try OutputFolder(path: path, kind: .sweep).check(force: force)
            do {
                try fm.createDirectory(at: url, withIntermediateDirectories: true)
                try Self.encode(manifest).write(to: manifestURL, options: .atomic)
            } catch {
                throw OutputError.writeFailed(path: manifestURL.path, reason: OutputFolder.reason(error))
            }
        }
        try? fm.createDirectory(at: logs, withIntermediateDirectories: true)
        try? fm.createDirectory(at: url.appendingPathComponent("tasks"), withIntermediateDirectories: true)
        removeAbandonedStaging()
    }

    /// Staging folders of tasks that were killed before their rename (TwinArm's own, hidden).
    package func removeAbandonedStaging() {
        let tasks = url.appendingPathComponent("tasks")
        for name in (try? FileManager.default.contentsOfDirectory(atPath: tasks.path)) ?? []
        where name.hasPrefix(".") && (name.contains(".tmp-") || name.contains(".old-")) {
            try? FileManager.default.removeItem(at: tasks.appendingPathComponent(name))
        }
    }

    /// The reports of the finished tasks among `tasks`, by task index.
    package func reports(_ tasks: [SweepTask]) throws -> [Int: AnalysisReport] {
        var reports = [Int: AnalysisReport]()
        for task in tasks where isFinished(task) {
            let file = folder(task).appendingPathComponent("report.json")
            guard let data = try? Data(contentsOf: file) else { continue }
            do {
                reports[task.index] = try JSONDecoder().decode(AnalysisReport.self, from: data)
            } catch {
                throw SweepError.data("'\(file.path)' is not a TwinArm report (\(error.localizedDescription))")
            }
        }
        return reports
    }
}

/// A sweep problem, with its exit status: 64 usage, 65 data.
package enum SweepError: ReportedFailure {
    case usage(String)
    case data(String)

    package var description: String {
        switch self {
        case let .usage(text), let .data(text): return text
        }
    }

    package var exitCode: Int32 {
        switch self {
        case .usage: return 64
        case .data: return 65
        }
    }
}
