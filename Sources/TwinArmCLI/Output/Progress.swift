import Foundation
import Config
import Runs

/// Progress on stderr: a one-line bar on a terminal, a line at each tenth otherwise.
final class ProgressBar {
    private let total: Int
    private let label: String
    private let enabled: Bool
    private let start = Date()
    private var lastDrawn = -1

    init(total: Int, label: String) {
        self.total = Swift.max(1, total)
        self.label = label
        enabled = isatty(STDERR_FILENO) == 1
    }

    func update(_ done: Int) {
        let percent = done * 100 / total
        guard percent != lastDrawn else { return }
        // Off a terminal (a log, a pipe): a line at each tenth, with the time to go.
        guard enabled else {
            if percent / 10 != lastDrawn / 10 || lastDrawn < 0 {
                let elapsed = Date().timeIntervalSince(start)
                printError(String(format: "%@: %d/%d (%d %%) · %.1f s elapsed · ETA %.1f s", label, done, total, percent, elapsed,
                                  done > 0 ? elapsed * Double(total - done) / Double(done) : 0))
            }
            lastDrawn = percent
            return
        }
        lastDrawn = percent
        let width = 30
        let filled = percent * width / 100
        let elapsed = Date().timeIntervalSince(start)
        let eta = done > 0 ? elapsed * Double(total - done) / Double(done) : 0
        let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
        let line = String(format: "\r%@ [%@] %3d%% %d/%d  %.1fs, ETA %.1fs", label, bar, percent, done, total, elapsed, eta)
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }
}

/// Writes one line to stderr.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
