import Dispatch
import Outputs
import Foundation
import Sweeps
import Config
import Runs

/// Runs a study's unfinished tasks on this machine, `jobs` at a time, each as its own process
/// (`twinarm task DIR --index N`, output in `logs/task-N.log`): a crash or error fails that task
/// only. Ctrl-C (or SIGTERM) stops launching, interrupts the running tasks — which leave no
/// partial folder — and keeps every finished one; rerunning resumes.
package final class ProcessExecutor: StudyExecutor, @unchecked Sendable {
    /// The `twinarm` executable that runs each task.
    package let binary: URL
    package let jobs: Int
    private var folder = SweepFolder(path: ".")
    private let lock = NSLock()
    private let wake = DispatchSemaphore(value: 0)
    private var stopping = false
    private var stopSignal: Int32 = SIGINT
    private var running: [Int: Process] = [:]
    /// Tasks whose process has ended, in the order their termination handlers ran.
    private var ended: [Int] = []
    private var sources: [any DispatchSourceSignal] = []

    package init(binary: URL = ProcessExecutor.currentBinary, jobs: Int) {
        self.binary = binary
        self.jobs = Swift.max(1, jobs)
    }

    /// Tasks side by side, or a single core: each task keeps to one core.
    var serialTasks: Bool { jobs > 1 || Cores.available == 1 }

    /// This very binary (the process's executable).
    package static var currentBinary: URL {
        #if os(Linux)
        return URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        #else
        return Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
        #endif
    }

    package func execute(_ pending: [SweepTask], of plan: StudyPlan, in folder: SweepFolder, observer: any ExecutionObserver) throws -> ExecutionOutcome {
        self.folder = folder
        installSignalHandlers()
        defer { sources.forEach { $0.cancel() } }
        let progress = observer
        var queue = pending[...]
        var outcome = ExecutionOutcome()
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
                guard let task = started[index] else { continue }
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
            progress.tick()
        }
        outcome.interrupted = stopping
        lock.lock(); outcome.signal = stopSignal; lock.unlock()
        return outcome
    }

    /// Starts `twinarm task DIR --index N` with its output in the task's log.
    private func launch(_ task: SweepTask) -> Process? {
        let process = Process()
        process.executableURL = binary
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

