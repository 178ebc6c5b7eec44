import Foundation
import Sweeps
import Testing
@testable import Studies

@Suite("Executors")
struct ExecutorTests {
    @Test func slurmArrayListsAreCompact() {
        #expect(SlurmExecutor.arrayList([0, 1, 2, 3, 5, 7, 8, 9]) == "0-3,5,7-9")
        #expect(SlurmExecutor.arrayList([4]) == "4")
        #expect(SlurmExecutor.arrayList([]) == "")
    }

    /// The array script starts the given binary on each index, one core per task when asked.
    @Test func theArrayScriptRunsTheBinaryOnTheFolder() {
        let folder = SweepFolder(path: "/tmp/study with space")
        let slurm = SlurmExecutor(folder: folder, jobs: 3, cpusPerTask: 1, sbatch: URL(fileURLWithPath: "/usr/bin/sbatch"), wait: false,
                                  binary: URL(fileURLWithPath: "/opt/twinarm"))
        let tasks = [0, 1, 2, 5].map { SweepTask(index: $0, overrides: [], seed: UInt64($0), config: "c") }
        let script = slurm.script(tasks, name: "s")
        #expect(script.contains("#SBATCH --array=0-2,5%3"))
        #expect(script.contains("exec '/opt/twinarm' task '/tmp/study with space' --serial"))
    }
}
