import Foundation
import Testing

/// TwinArm never destroys what it did not write (issue 11): every case refuses with exit 73, one
/// line naming the folder, and leaves the disk as it was.
@Suite("Output safety (the built binary)")
struct OutputSafetyTests {
    func scratch(with files: [String: String] = [:]) throws -> URL {
        let folder = try BinaryRunner.scratchFolder()
        for (name, text) in files {
            let url = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return folder
    }

    func listing(_ folder: URL) -> [String] {
        (FileManager.default.enumerator(atPath: folder.path)?.allObjects as? [String] ?? []).sorted()
    }

    /// The commands that write a folder, each with its config.
    var commands: [(name: String, config: String, arguments: [String])] {
        [("run", tinyTrial, ["run", "trial.yaml"]), ("simulate", smallSynthetic, ["simulate", "trial.yaml"]),
         ("aa", tinyTrial, ["aa", "trial.yaml", "--trials", "2"])]
    }

    @Test(arguments: [".", "", "/", "..", "notes.txt", "keep", "keep/"])
    func refusesWhatItDidNotWrite(out: String) throws {
        for command in commands {
            let folder = try scratch(with: ["trial.yaml": command.config, "notes.txt": "mine", "keep/data.csv": "1,2"])
            let before = listing(folder)
            let run = try BinaryRunner.run(command.arguments + ["--out", out], in: folder)
            #expect(run.status == 73, "\(command.name) --out '\(out)': \(run.stderr)")
            #expect(run.stderr.hasPrefix("twinarm: error: output '\(out)' cannot be used: ") && run.stderr.split(separator: "\n").count == 1,
                    "\(run.stderr)")
            #expect(listing(folder) == before, "\(command.name) --out '\(out)' changed the folder")
        }
    }

    @Test func replacesItsOwnOutputAndForceOverridesAForeignFolder() throws {
        let folder = try scratch(with: ["trial.yaml": tinyTrial, "keep/data.csv": "1,2"])
        #expect(try BinaryRunner.run(["run", "trial.yaml", "--out", "out"], in: folder).status == 0)
        #expect(try BinaryRunner.run(["run", "trial.yaml", "--out", "out", "--seed", "9"], in: folder).status == 0)
        #expect(try BinaryRunner.run(["run", "trial.yaml", "--out", "keep", "--force"], in: folder).status == 0)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("keep/data.csv").path))
        #expect(listing(folder).filter { $0.hasPrefix(".") }.isEmpty)
    }

    @Test func unwritableParentIsRefusedBeforeSimulating() throws {
        let folder = try scratch(with: ["trial.yaml": tinyTrial.replacingOccurrences(of: "days: 8", with: "days: 3650"), "file": "x"])
        let started = Date()
        let run = try BinaryRunner.run(["run", "trial.yaml", "--out", "file/out"], in: folder)
        #expect(run.status == 73 && run.stderr.contains("its parent folder cannot be written"), "\(run.stderr)")
        #expect(Date().timeIntervalSince(started) < 20, "the simulation ran before the check")
    }

    @Test func configNamesBecomeOneSafeFolderName() throws {
        for (name, expected) in [(".", "trial"), ("", "trial"), ("../../x", "x"), ("a/b c", "a-b-c")] {
            let folder = try scratch(with: ["trial.yaml": tinyTrial.replacingOccurrences(of: "name: tiny", with: "name: '\(name)'")])
            let run = try BinaryRunner.run(["run", "trial.yaml"], in: folder)
            #expect(run.status == 0, "\(run.stderr)")
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("reports/\(expected)/manifest.json").path),
                    "name '\(name)': \(listing(folder))")
        }
    }

    @Test func interruptsNearTheFinalRenameReportWhatIsOnDisk() throws {
        let folder = try scratch(with: ["trial.yaml": tinyTrial])
        let out = folder.appendingPathComponent("out")
        #expect(try BinaryRunner.run(["run", "trial.yaml", "--out", "out", "--seed", "1"], in: folder).status == 0)
        var current = try Data(contentsOf: out.appendingPathComponent("manifest.json"))
        // A plain run's duration, to aim the interrupts at its end.
        let clock = Date()
        #expect(try BinaryRunner.run(["run", "trial.yaml", "--out", "probe"], in: folder).status == 0)
        let duration = Date().timeIntervalSince(clock)
        var seen = [Int32: Int]()
        for attempt in 0..<24 {
            let process = Process()
            process.executableURL = BinaryRunner.binary
            process.arguments = ["run", "trial.yaml", "--out", "out", "--seed", "\(attempt + 2)"]
            process.currentDirectoryURL = folder
            let err = Pipe()
            process.standardOutput = FileHandle.nullDevice
            process.standardError = err
            try process.run()
            Thread.sleep(forTimeInterval: duration * (0.6 + 0.6 * Double(attempt) / 24))
            kill(process.processIdentifier, SIGINT)
            let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            seen[process.terminationStatus, default: 0] += 1
            let manifest = try Data(contentsOf: out.appendingPathComponent("manifest.json"))
            let written = String(decoding: manifest, as: UTF8.self).contains("\"seed\" : \(attempt + 2)")
            switch process.terminationStatus {
            case 0:
                #expect(written)
            case 130 where stderr.contains("no output written"):
                #expect(manifest == current, "said nothing was written, but the output changed")
            case 130:
                #expect(stderr.contains("after the output was complete") && written, "\(stderr)")
            default:
                Issue.record("unexpected status \(process.terminationStatus): \(stderr)")
            }
            #expect(listing(folder).filter { $0.hasPrefix(".") }.isEmpty, "left behind: \(listing(folder))")
            current = manifest
        }
        #expect(seen[130, default: 0] > 0, "no attempt was interrupted: \(seen)")
    }

}

/// Every reachable crash or garbage value of the issue's list is a one-line refusal (exit 64) before
/// anything runs or is written.
@Suite("Impossible configs are refused (the built binary)")
struct ImpossibleConfigTests {
    @Test(arguments: [
        ("population: {creators: 20}", "population.creators", "at least 10 units"),
        ("split: {creators: 0.00005}", "population.creators", "at least 10 units"),
        ("population: {users: 1000000000}", "population.users", "a size that fits in memory"),
        ("population: {followersMedian: .inf}", "population.followersMedian", "a number > 0 and at most 1e9"),
        ("population: {popularFollowers: .nan}", "population.popularFollowers", "a number between 0 and 1e12"),
        ("creators: {rewardResponse: .nan}", "creators.rewardResponse", "a number between −100 and 100"),
        ("serving: {rankerNoise: -.inf}", "serving.rankerNoise", "a number between 0 and 100"),
    ])
    func trialConfigs(yaml: String, field: String, allowed: String) throws {
        let folder = try BinaryRunner.scratchFolder()
        try ("arms: [{name: a}, {name: b, mechanism: hmt}]\n" + yaml + "\n").write(to: folder.appendingPathComponent("t.yaml"), atomically: true,
            encoding: .utf8)
        let run = try BinaryRunner.run(["run", "t.yaml", "--out", "out"], in: folder)
        #expect(run.status == 64, "\(yaml): \(run.stderr)")
        #expect(run.stderr.hasPrefix("twinarm: error: config field '\(field)'") && run.stderr.contains(allowed)
                && run.stderr.split(separator: "\n").count == 1, "\(yaml): \(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
    }

    @Test(arguments: [
        ("environment: {kind: synthetic, creators: 2000000000}", "environment.creators", "an integer between 1 and 10000000"),
        ("environment: {kind: synthetic, dimension: 64, creators: 9000000, clusterSizes: [9000000]}", "environment.creators", "a size that fits in memory"),
        ("environment: {kind: synthetic, userSpread: .inf}", "environment.userSpread", "a number between 0 and 1000000"),
        ("environment: {kind: toy, users: [[0, .nan]]}", "environment.users", "each between −1e6 and 1e6"),
    ])
    func offlineConfigs(yaml: String, field: String, allowed: String) throws {
        let folder = try BinaryRunner.scratchFolder()
        try (yaml + "\n").write(to: folder.appendingPathComponent("o.yaml"), atomically: true, encoding: .utf8)
        let run = try BinaryRunner.run(["simulate", "o.yaml", "--out", "out"], in: folder)
        #expect(run.status == 64 && run.stderr.hasPrefix("twinarm: error: config field '\(field)'") && run.stderr.contains(allowed),
                "\(yaml): \(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
    }

    @Test func compareOutMustBeItsOwnFile() throws {
        let folder = try BinaryRunner.scratchFolder()
        try smallSynthetic.write(to: folder.appendingPathComponent("s.yaml"), atomically: true, encoding: .utf8)
        try "my notes".write(to: folder.appendingPathComponent("notes.md"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("dir"), withIntermediateDirectories: true)
        for out in ["dir", "notes.md", ""] {
            let run = try BinaryRunner.run(["compare", "s.yaml", "--mechanisms", "control", "--seeds", "0", "--out", out], in: folder)
            #expect(run.status == 73 && run.stderr.split(separator: "\n").count == 1, "--out '\(out)': \(run.stderr)")
        }
        #expect(try String(contentsOf: folder.appendingPathComponent("notes.md"), encoding: .utf8) == "my notes")
        let fresh = try BinaryRunner.run(["compare", "s.yaml", "--mechanisms", "control", "--seeds", "0", "--out", "cmp.md"], in: folder)
        #expect(fresh.status == 0, "\(fresh.stderr)")
        let again = try BinaryRunner.run(["compare", "s.yaml", "--mechanisms", "control", "--seeds", "1", "--out", "cmp.md"], in: folder)
        #expect(again.status == 0, "its own earlier table may be replaced: \(again.stderr)")
    }
}
