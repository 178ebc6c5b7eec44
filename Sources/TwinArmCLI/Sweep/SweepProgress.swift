import Foundation
import Studies
import Sweeps

/// A progress bar with ETA on a terminal; a line per task otherwise.
final class SweepProgress: ExecutionObserver, @unchecked Sendable {
    private let total: Int
    private var done = 0, failures = 0
    private let start = Date()
    private let live = isatty(STDERR_FILENO) == 1

    init(total: Int) { self.total = total }

    private func write(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }

    private var bar: String {
        let width = 24, filled = total > 0 ? width * done / total : width
        let elapsed = Date().timeIntervalSince(start)
        let eta = done > 0 ? elapsed * Double(total - done) / Double(done) : nil
        return "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] "
            + "\(done)/\(total) tasks" + (failures > 0 ? " · \(failures) failed" : "")
            + " · \(Self.clock(elapsed)) elapsed" + (eta.map { " · ETA \(Self.clock($0))" } ?? "")
    }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }

    func finished(_ task: SweepTask) {
        done += 1
        if live { redraw() } else { write("task \(task.index) finished (\(done)/\(total)) · \(bar)\n") }
    }

    func failed(_ task: SweepTask, status: Int32, log: URL) {
        done += 1
        failures += 1
        let last = (try? String(contentsOf: log, encoding: .utf8))?.split(whereSeparator: \.isNewline).last.map(String.init) ?? ""
        write("\(live ? "\r\u{1B}[K" : "")twinarm: task \(task.index) (\(task.label.isEmpty ? "base" : task.label), seed \(task.seed)) failed with status "
            + "\(status); log \(log.path)\(last.isEmpty ? "" : ": \(last)")\n")
        redraw()
    }

    func interrupted(_ task: SweepTask) {
        if live { write("\r\u{1B}[K") }
        write("task \(task.index) interrupted; it will run again on resume\n")
    }

    func tick() { redraw() }

    func redraw() {
        if live { write("\r\u{1B}[K" + bar) }
    }

    func close() {
        if live { write("\r\u{1B}[K" + bar + "\n") }
    }
}
