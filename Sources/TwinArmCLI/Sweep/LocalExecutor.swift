import Dispatch
import Foundation
import Sweeps
import Config
import Runs

/// Runs a sweep's unfinished tasks on this machine, `jobs` at a time, each as its own process
/// (`twinarm task DIR --index N`, output in `logs/task-N.log`): a crash or error fails that task
/// only. Ctrl-C (or SIGTERM) stops launching, interrupts the running tasks — which leave no
/// partial folder — and keeps every finished one; rerunning resumes.
final class LocalExecutor: @unchecked Sendable {
    struct Outcome {
        var finished: Int
        var failed: [(task: SweepTask, status: Int32)]
        var interrupted: Bool
        /// The signal that interrupted the batch (SIGINT or SIGTERM): the exit status is 128 + it.
        var signal: Int32 = SIGINT
    }

    let folder: SweepFolder
    let jobs: Int
    private let lock = NSLock()
    private let wake = DispatchSemaphore(value: 0)
    private var stopping = false
    private var stopSignal: Int32 = SIGINT
    private var running: [Int: Process] = [:]
    /// Tasks whose process has ended, in the order their termination handlers ran.
    private var ended: [Int] = []
    private var sources: [any DispatchSourceSignal] = []

    init(folder: SweepFolder, jobs: Int) {
        self.folder = folder
        self.jobs = Swift.max(1, jobs)
    }

    /// Tasks side by side, or a single core: each task keeps to one core.
    var serialTasks: Bool { jobs > 1 || Cores.available == 1 }

    /// The executable to start tasks with: this very binary.
    static var binary: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    }

    func run(_ pending: [SweepTask]) -> Outcome {
        installSignalHandlers()
        defer { sources.forEach { $0.cancel() } }
        let progress = SweepProgress(total: pending.count)
        var queue = pending[...]
        var outcome = Outcome(finished: 0, failed: [], interrupted: false)
        var started: [Int: SweepTask] = [:]
        while true {
            lock.lock()
            let stop = stopping
            while !stop, running.count < jobs, let task = queue.first {
                queue.removeFirst()
                if let process = launch(task) {
                    running[task.index] = process
                    started[task.index] = task
                } else {
                    outcome.failed.append((task, -1))
                    progress.failed(task, status: -1, log: folder.log(task))
                }
            }
            let done = ended.compactMap { index in running.removeValue(forKey: index).map { (key: index, value: $0) } }
            ended.removeAll()
            let idle = running.isEmpty
            lock.unlock()
            for (index, process) in done {
                let task = started[index]!
                if process.terminationStatus == 0 && process.terminationReason == .exit && folder.isFinished(task) {
                    outcome.finished += 1
                    progress.finished(task)
                } else if stop {
                    progress.interrupted(task)
                } else {
                    let status = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
                    outcome.failed.append((task, status))
                    progress.failed(task, status: status, log: folder.log(task))
                }
            }
            if idle && (stop || queue.isEmpty) { break }
            _ = wake.wait(timeout: .now() + .milliseconds(20))
            progress.redraw()
        }
        progress.close()
        outcome.interrupted = stopping
        lock.lock(); outcome.signal = stopSignal; lock.unlock()
        return outcome
    }

    /// Starts `twinarm task DIR --index N` with its output in the task's log.
    private func launch(_ task: SweepTask) -> Process? {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = ["task", folder.url.path, "--index", String(task.index)] + (serialTasks ? ["--serial"] : [])
        var environment = ProcessInfo.processInfo.environment
        environment["TWINARM_EXECUTOR_PID"] = String(ProcessInfo.processInfo.processIdentifier)
        process.environment = environment
        FileManager.default.createFile(atPath: folder.log(task).path, contents: nil)
        guard let log = FileHandle(forWritingAtPath: folder.log(task).path) else { return nil }
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        process.terminationHandler = { [weak self] _ in
            guard let self else { return }
            lock.lock()
            ended.append(task.index)
            lock.unlock()
            wake.signal()
        }
        do { try process.run() } catch { return nil }
        try? log.close()
        return process
    }

    private func installSignalHandlers() {
        sources = InterruptGuard.watchSignals { [weak self] sig in self?.stop(sig) }
    }

    private func stop(_ sig: Int32) {
        lock.lock()
        stopping = true
        stopSignal = sig
        // Tasks started from a terminal got Ctrl-C themselves; pass on a signal sent to us alone.
        for process in running.values where process.isRunning { kill(process.processIdentifier, sig) }
        lock.unlock()
        wake.signal()
    }
}

/// The cores this process may run on: its CPU affinity (`taskset`, a batch scheduler's binding),
/// else every online core.
enum Cores {
    static var available: Int {
        #if os(Linux)
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
           let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed_list:") }) {
            var count = 0
            for part in line.dropFirst("Cpus_allowed_list:".count).trimmingCharacters(in: .whitespaces).split(separator: ",") {
                let bounds = part.split(separator: "-").compactMap { Int($0) }
                if bounds.count == 2 { count += bounds[1] - bounds[0] + 1 } else if bounds.count == 1 { count += 1 }
            }
            if count > 0 { return count }
        }
        #endif
        return ProcessInfo.processInfo.activeProcessorCount
    }
}

/// A progress bar with ETA on a terminal; a line per task otherwise.
final class SweepProgress {
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
        write("\(live ? "\r\u{1B}[K" : "")twinarm: task \(task.index) (\(task.label.isEmpty ? "base" : task.label), seed \(task.seed)) failed with status \(status); log \(log.path)\(last.isEmpty ? "" : ": \(last)")\n")
        redraw()
    }

    func interrupted(_ task: SweepTask) {
        if live { write("\r\u{1B}[K") }
        write("task \(task.index) interrupted; it will run again on resume\n")
    }

    func redraw() {
        if live { write("\r\u{1B}[K" + bar) }
    }

    func close() {
        if live { write("\r\u{1B}[K" + bar + "\n") }
    }
}
