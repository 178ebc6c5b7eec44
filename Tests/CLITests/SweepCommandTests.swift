import Foundation
import Testing
@testable import TwinArmCLI
import Config
import Runs

/// `twinarm sweep`, `task` and `collect` (issue 12), run as a user would.
@Suite("twinarm sweep (the built binary)")
struct SweepCommandTests {
    func config() throws -> (folder: URL, config: String) {
        let folder = try BinaryRunner.scratchFolder()
        let config = folder.appendingPathComponent("tiny.yaml")
        try tinyTrial.write(to: config, atomically: true, encoding: .utf8)
        return (folder, config.path)
    }

    func finishedTasks(_ sweep: URL) -> [String] {
        let tasks = sweep.appendingPathComponent("tasks")
        return ((try? FileManager.default.contentsOfDirectory(atPath: tasks.path)) ?? [])
            .filter { FileManager.default.fileExists(atPath: tasks.appendingPathComponent("\($0)/task.json").path) }.sorted()
    }

    @Test func aBadKeyOrValueIsRefusedBeforeAnythingRuns() throws {
        let (folder, config) = try config()
        for (set, message) in [("serving.rankrNoise=0,1", "'serving.rankrNoise' is not a known key"),
                               ("serving.rankerNoise=0,-1", "serving.rankerNoise=-1"),
                               ("arms.4.mechanism=hmt", "an index from 0 to 1"),
                               ("days", "--set must look like KEY=V1,V2")] {
            let out = folder.appendingPathComponent("sweep")
            let run = try BinaryRunner.run(["sweep", config, "--set", set, "--out", out.path])
            #expect(run.status == 64, "\(set): \(run.stderr)")
            #expect(run.stderr.contains(message) && run.stderr.split(separator: "\n").count == 1, "\(set): \(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out.path), "\(set) wrote on rejection")
        }
    }

    @Test func aKilledSweepResumesOnlyItsMissingTasksToTheSameBytes() throws {
        let (folder, config) = try config()
        let arguments = ["sweep", config, "--set", "days=5,6,7", "--seeds", "0..1", "--jobs", "1"]
        // Uninterrupted.
        let whole = folder.appendingPathComponent("whole")
        let reference = try BinaryRunner.run(arguments + ["--out", whole.path])
        #expect(reference.status == 0, "\(reference.stderr)")
        #expect(finishedTasks(whole).count == 6)
        #expect(try BinaryRunner.run(["collect", whole.path]).status == 0)

        // Killed (SIGKILL) once two tasks have finished.
        let cut = folder.appendingPathComponent("cut")
        let process = Process()
        process.executableURL = BinaryRunner.binary
        process.arguments = arguments + ["--out", cut.path]
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while finishedTasks(cut).count < 2 && Date() < deadline { usleep(5_000) }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        usleep(600_000)   // the running task notices its executor is gone and stops
        let before = finishedTasks(cut)
        #expect(before.count >= 2 && before.count < 6, "\(before.count) tasks finished before the kill")
        func stamp(_ id: String) throws -> Date? {
            try FileManager.default.attributesOfItem(atPath: cut.appendingPathComponent("tasks/\(id)/task.json").path)[.modificationDate] as? Date
        }
        let stamps = try before.map(stamp)

        let resumed = try BinaryRunner.run(arguments + ["--out", cut.path])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("\(before.count) finished, \(6 - before.count) to run"), "\(resumed.stderr)")
        #expect(finishedTasks(cut) == finishedTasks(whole))
        let after = try before.map(stamp)
        #expect(after == stamps, "a finished task ran again")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: cut.appendingPathComponent("tasks").path).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty, "\(leftovers)")

        #expect(try BinaryRunner.run(["collect", cut.path]).status == 0)
        for name in ["tasks.json", "sweep.json", "sweep.md", "sweep.html"] {
            #expect(try Data(contentsOf: cut.appendingPathComponent(name)) == Data(contentsOf: whole.appendingPathComponent(name)), "\(name) differs")
        }
        for task in finishedTasks(whole) {
            let report = "tasks/\(task)/report.json"
            #expect(try Data(contentsOf: cut.appendingPathComponent(report)) == Data(contentsOf: whole.appendingPathComponent(report)))
        }
        // A second rerun has nothing to do.
        let again = try BinaryRunner.run(arguments + ["--out", cut.path])
        #expect(again.status == 0 && again.stderr.contains("6 finished, 0 to run"), "\(again.stderr)")
    }

    /// SIGTERM to a running batch ends it with 128 + 15, as SIGINT ends it with 130.
    @Test func aTerminatedBatchExitsWith143() throws {
        let (folder, config) = try config()
        for (sig, status) in [(SIGTERM, Int32(143)), (SIGINT, Int32(130))] {
            let out = folder.appendingPathComponent("signal-\(sig)")
            let process = Process()
            process.executableURL = BinaryRunner.binary
            process.arguments = ["sweep", config, "--set", "days=5,6,7", "--seeds", "0..3", "--jobs", "1", "--out", out.path]
            process.standardError = FileHandle.nullDevice
            try process.run()
            let deadline = Date().addingTimeInterval(60)
            while finishedTasks(out).isEmpty && Date() < deadline { usleep(5_000) }
            kill(process.processIdentifier, sig)
            process.waitUntilExit()
            #expect(process.terminationStatus == status, "signal \(sig)")
        }
    }

    @Test func aDryRunLeavesTasksToSlurmOrKubernetesAndCollectNamesMissingTasks() throws {
        let (folder, config) = try config()
        let sweep = folder.appendingPathComponent("sweep")
        // Without Slurm, --executor slurm is refused before anything is written.
        let noSlurm = try BinaryRunner.run(["sweep", config, "--set", "days=5,6", "--seeds", "0..1", "--out", sweep.path,
                                            "--executor", "slurm"], environment: ["PATH": "/nonexistent"])
        #expect(noSlurm.status == 69 && noSlurm.stderr.contains("sbatch is not on PATH"), "\(noSlurm.stderr)")
        #expect(!FileManager.default.fileExists(atPath: sweep.path))
        // A dry run writes the manifest and the array script and starts nothing; the tasks are run by hand below.
        let planned = try BinaryRunner.run(["sweep", config, "--set", "days=5,6", "--seeds", "0..1", "--out", sweep.path,
                                            "--executor", "slurm", "--jobs", "2", "--dry-run"], environment: ["PATH": "/nonexistent"])
        #expect(planned.status == 0 && planned.stderr.contains("dry run: nothing started"), "\(planned.stderr)")
        #expect(finishedTasks(sweep).isEmpty)
        let script = try String(contentsOf: sweep.appendingPathComponent("slurm/array.sbatch"), encoding: .utf8)
        #expect(script.contains("#SBATCH --array=0-3%2\n") && script.contains("task '\(sweep.path)'"), "\(script)")

        let slurm = try BinaryRunner.run(["task", sweep.path], environment: ["SLURM_ARRAY_TASK_ID": "1"])
        #expect(slurm.status == 0 && slurm.stdout.contains("task 1 finished"), "\(slurm.stdout) \(slurm.stderr)")
        let kubernetes = try BinaryRunner.run(["task", sweep.path], environment: ["JOB_COMPLETION_INDEX": "2"])
        #expect(kubernetes.status == 0 && kubernetes.stdout.contains("task 2 finished"), "\(kubernetes.stdout) \(kubernetes.stderr)")
        let twice = try BinaryRunner.run(["task", sweep.path, "--index", "2"])
        #expect(twice.status == 0 && twice.stdout.contains("already finished"))
        let outside = try BinaryRunner.run(["task", sweep.path, "--index", "9"])
        #expect(outside.status == 64 && outside.stderr.contains("a task index from 0 to 3"), "\(outside.stderr)")

        let collected = try BinaryRunner.run(["collect", sweep.path])
        #expect(collected.status == 0)
        #expect(collected.stderr.contains("2 of 4 tasks are missing: 0, 3"), "\(collected.stderr)")
        #expect(collected.stdout.contains("2 of 4 tasks finished") && collected.stdout.contains("**Missing tasks (2):**"))
        // collect replaces its own files, never one of the same name it did not write.
        #expect(try BinaryRunner.run(["collect", sweep.path]).status == 0)
        try "mine".write(to: sweep.appendingPathComponent("sweep.md"), atomically: true, encoding: .utf8)
        let refused = try BinaryRunner.run(["collect", sweep.path])
        #expect(refused.status == 73 && refused.stderr.contains("sweep.md"), "\(refused.stderr)")
        #expect(try String(contentsOf: sweep.appendingPathComponent("sweep.md"), encoding: .utf8) == "mine")
    }
}
