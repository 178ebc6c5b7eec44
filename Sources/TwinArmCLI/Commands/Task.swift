import ArgumentParser
import Outputs
import Foundation
import Sweeps
import Config
import Runs
import Studies

/// `twinarm task`: runs one task of a sweep folder — what every executor calls.
struct TaskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "task",
        abstract: "Run one task of a sweep (the index from --index, SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX).",
        discussion: """
        The same manifest runs as a Slurm job array (SLURM_ARRAY_TASK_ID) or a Kubernetes Indexed \
        Job (JOB_COMPLETION_INDEX) with DIR on shared storage. A finished task is not run again.
        """
    )

    @Argument(help: "The sweep folder (holding tasks.json).")
    var folder: String

    @Option(help: "Task index (default: $SLURM_ARRAY_TASK_ID, then $JOB_COMPLETION_INDEX).")
    var index: Int?

    @Flag(help: "Run the trial's arms one after another on one core (results are the same bytes); executors pass it when tasks run side by side.")
    var serial = false

    func run() throws {
        Self.dieWithExecutor()
        let environment = ProcessInfo.processInfo.environment
        let source: String
        let raw: String
        if let index { (source, raw) = ("--index", String(index)) }
        else if let slurm = environment["SLURM_ARRAY_TASK_ID"] { (source, raw) = ("SLURM_ARRAY_TASK_ID", slurm) }
        else if let kubernetes = environment["JOB_COMPLETION_INDEX"] { (source, raw) = ("JOB_COMPLETION_INDEX", kubernetes) }
        else { throw ValidationError("give --index N, or run under Slurm (SLURM_ARRAY_TASK_ID) or a Kubernetes Indexed Job (JOB_COMPLETION_INDEX)") }
        let sweep = SweepFolder(path: folder)
        let manifest = try sweep.manifest()
        guard let n = Int(raw), manifest.tasks.indices.contains(n) else {
            throw CommandFailure.usage("\(source) is '\(raw)'; allowed: a task index from 0 to \(manifest.tasks.count - 1)")
        }
        let task = manifest.tasks[n]
        if sweep.isFinished(task) {
            print("task \(n) (\(task.id)) already finished")
            return
        }
        let interrupts = InterruptGuard()
        let started = Date()
        print("task \(n) (\(task.id)): \(task.label.isEmpty ? "base config" : task.label), seed \(task.seed)")
        let plan = try StudyPlan(manifest: manifest, path: sweep.manifestURL.path)
        try TaskRun.run(task, of: plan, in: sweep, parallel: !serial, interrupts: interrupts)
        print(String(format: "task %d finished in %.2f s → %@", n, Date().timeIntervalSince(started), sweep.folder(task).path))
    }

    /// Started by the local executor: end with it (checked every 0.2 s), so that a killed sweep
    /// leaves no task running; SIGTERM lets the interrupt guard remove a partial folder.
    static func dieWithExecutor() {
        guard let text = ProcessInfo.processInfo.environment["TWINARM_EXECUTOR_PID"], let parent = Int32(text) else { return }
        let timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now(), repeating: .milliseconds(200))
        timer.setEventHandler { if getppid() != parent { kill(getpid(), SIGTERM) } }
        timer.resume()
        watchdog = timer
    }

    nonisolated(unsafe) private static var watchdog: (any DispatchSourceTimer)?
}
