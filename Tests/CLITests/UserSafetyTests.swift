import Foundation
import Runs
import Sweeps
import Testing
@testable import Simulation

/// The serious cases an independent campaign found (issue 21): each class, run again, gives its
/// documented exit code and one `twinarm: error:` line, and touches nothing outside the output.
@Suite("Nothing outside what TwinArm wrote (the built binary)")
struct UserSafetyTests {
    static func write(_ text: String, _ folder: URL, _ name: String = "trial.yaml") throws -> String {
        let url = folder.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// Every file below `folder`, with its bytes: a snapshot to compare before and after.
    static func snapshot(_ folder: URL) -> [String: Data] {
        var out = [String: Data]()
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
        while let url = enumerator?.nextObject() as? URL {
            if let data = try? Data(contentsOf: url) { out[url.path] = data }
        }
        return out
    }

    static func refusedInOneLine(_ outcome: BinaryRunner.Outcome, _ status: Int32, mentioning words: [String] = []) {
        #expect(outcome.status == status, "\(outcome.stderr)")
        let lines = outcome.stderr.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].hasPrefix("twinarm: error: "), "\(outcome.stderr)")
        for word in words { #expect(outcome.stderr.contains(word), "'\(word)' missing in \(outcome.stderr)") }
    }

    @Test func pathsResolveOnlyToWhatTheUserNamed() throws {
        let scratch = try BinaryRunner.scratchFolder()
        let home = scratch.appendingPathComponent("home"), work = scratch.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        try "mine".write(to: home.appendingPathComponent(".profile"), atomically: true, encoding: .utf8)
        let config = try Self.write(tinyTrial.replacingOccurrences(of: "days: 8", with: "days: 2"), work)
        let environment = ["HOME": home.path]
        let homeBefore = Self.snapshot(home)
        // A quoted ~ is a folder name like any other: the run lands in ./~/sub.
        let tilde = try BinaryRunner.run(["run", config, "--out", "~/sub"], in: work, environment: environment)
        #expect(tilde.status == 0, "\(tilde.stderr)")
        #expect(FileManager.default.fileExists(atPath: work.appendingPathComponent("~/sub/manifest.json").path))
        // The home folder and the root are never outputs, forced or not.
        for out in [home.path, "/"] {
            let refused = try BinaryRunner.run(["run", config, "--out", out, "--force"], in: work, environment: environment)
            Self.refusedInOneLine(refused, 73, mentioning: ["root or a home folder"])
        }
        let table = try Self.write("arm,unit,kind,week,group,impressions,likes,coldStart,fresh,topics,popular,days,activeDays\n"
                                   + "A,u1,user,0,1,10,1,2,1,3,,,\nA,u2,user,0,1,12,2,2,1,4,,,\nB,u3,user,0,1,9,1,1,0,2,,,\nB,u4,user,0,1,11,3,2,1,3,,,\n",
                                   work, "units.csv")
        for out in ["/", home.path] {
            let analyze = try BinaryRunner.run(["analyze", table, "--out", out, "--force"], in: work, environment: environment)
            Self.refusedInOneLine(analyze, 73, mentioning: ["root or a home folder"])
        }
        #expect(!FileManager.default.fileExists(atPath: "/report.json") || (try? String(contentsOfFile: "/report.json",
            encoding: .utf8))?.contains("\"varianceMethod\"") != true)
        #expect(Self.snapshot(home) == homeBefore)
    }

    @Test func aFolderIsTwinArmsOnlyWhenEveryEntryIs() throws {
        let scratch = try BinaryRunner.scratchFolder()
        let config = try Self.write(tinyTrial.replacingOccurrences(of: "days: 8", with: "days: 2"), scratch)
        let out = scratch.appendingPathComponent("run")
        #expect(try BinaryRunner.run(["run", config, "--out", out.path]).status == 0)
        // A rerun replaces a folder of TwinArm's files …
        #expect(try BinaryRunner.run(["run", config, "--out", out.path]).status == 0)
        // … but not once the user's notes are in it.
        try "my notes".write(to: out.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        let before = Self.snapshot(out)
        Self.refusedInOneLine(try BinaryRunner.run(["run", config, "--out", out.path]), 73, mentioning: ["notes.txt"])
        // simulate never replaces a trial folder, even one of TwinArm's own.
        try FileManager.default.removeItem(at: out.appendingPathComponent("notes.txt"))
        let toy = try Self.write(smallSynthetic, scratch, "toy.yaml")
        Self.refusedInOneLine(try BinaryRunner.run(["simulate", toy, "--out", out.path]), 73)
        // report never overwrites a report.md the user wrote.
        try "# my own report\n".write(to: out.appendingPathComponent("report.md"), atomically: true, encoding: .utf8)
        Self.refusedInOneLine(try BinaryRunner.run(["report", out.path]), 73, mentioning: ["report.md"])
        #expect(try String(contentsOf: out.appendingPathComponent("report.md"), encoding: .utf8) == "# my own report\n")
        var after = Self.snapshot(out)
        after[out.appendingPathComponent("notes.txt").path] = before[out.appendingPathComponent("notes.txt").path]
        #expect(after.count == before.count)
    }

    @Test(arguments: [
        ("population: {users: 9223372036854775807}", "population.users"),
        ("population: {tasteNoise: 1e308}", "population.tasteNoise"),
        ("platform: {alpha: 1000}", "platform.alpha"),
        ("days: 9223372036854775807", "days"),
        ("serving: {rankerNoise: 1e308}", "serving.rankerNoise"),
    ])
    func acceptedInputNeverCrashes(_ line: String, _ field: String) throws {
        let scratch = try BinaryRunner.scratchFolder()
        let config = try Self.write("name: bounds\narms:\n  - {name: control, mechanism: control}\n  - {name: hmt, mechanism: hmt}\n" + line + "\n", scratch)
        let out = scratch.appendingPathComponent("out")
        Self.refusedInOneLine(try BinaryRunner.run(["run", config, "--out", out.path]), 64, mentioning: [field])
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func hugeCountsAreRefusedBeforeAnyAllocation() throws {
        let scratch = try BinaryRunner.scratchFolder()
        let trial = try Self.write(tinyTrial, scratch)
        let toy = try Self.write(smallSynthetic, scratch, "toy.yaml")
        Self.refusedInOneLine(try BinaryRunner.run(["compare", toy, "--seeds", "0..100000000"]), 64, mentioning: ["--seeds"])
        Self.refusedInOneLine(try BinaryRunner.run(["compare", toy, "--seeds", "0,0"]), 64, mentioning: ["--seeds"])
        Self.refusedInOneLine(try BinaryRunner.run(["aa", trial, "--trials", "99999999999", "--dry-run", "--out", scratch.appendingPathComponent("aa").path]),
                              64, mentioning: ["--trials"])
        for key in ["relevanceOffset", "creatorSpread"] {
            let config = try Self.write(smallSynthetic.replacingOccurrences(of: "  creators: 12\n", with: "  creators: 12\n  \(key): 1e308\n"),
                                        scratch, "\(key).yaml")
            Self.refusedInOneLine(try BinaryRunner.run(["simulate", config, "--out", scratch.appendingPathComponent(key).path]), 64,
                                  mentioning: ["environment.\(key)"])
            #expect(!FileManager.default.fileExists(atPath: scratch.appendingPathComponent(key).path))
        }
        let bench = try BinaryRunner.run(["benchmark", "analyze", "99999999999999"])
        Self.refusedInOneLine(bench, 64, mentioning: ["users per arm"])
        let temporary = FileManager.default.temporaryDirectory.path
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: temporary).filter { $0.hasPrefix("twinarm-bench-") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    @Test func noNonFiniteNumberIsWrittenOrReRendered() throws {
        // The re-weighting step never overflows to NaN, whatever the step size (log-space fallback).
        let rule = AdaptiveReweighting(alphaEarly: 1e4, alphaLate: 1e4, switchFraction: 1, minimumWeight: 0.2, maximumWeight: 5)
        let weights = rule.updated(weights: [1, 1, 1], satisfaction: [-0.5, 0.1, nil], alpha: 1e4)
        #expect(weights.allSatisfy(\.isFinite) && weights.count == 3)
        // log space: the first group's term dominates (exp(0) against exp(−5000) and exp(−6000)).
        #expect(weights == [3, 0.2, 0.2])
        // A folder whose series hold NaN is refused, not re-rendered.
        let scratch = try BinaryRunner.scratchFolder()
        let config = try Self.write(tinyTrial.replacingOccurrences(of: "days: 8", with: "days: 2"), scratch)
        let out = scratch.appendingPathComponent("run")
        #expect(try BinaryRunner.run(["run", config, "--out", out.path]).status == 0)
        let daily = out.appendingPathComponent("daily.csv")
        var lines = try String(contentsOf: daily, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var fields = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        fields[10] = "nan"
        lines[1] = fields.joined(separator: ",")
        try lines.joined(separator: "\n").write(to: daily, atomically: true, encoding: .utf8)
        var before = Self.snapshot(out)
        // Edited by hand: its SHA-256 is no longer the manifest's.
        Self.refusedInOneLine(try BinaryRunner.run(["report", out.path]), 65, mentioning: ["daily.csv", "SHA-256"])
        #expect(Self.snapshot(out) == before)
        // With the manifest edited to match, the NaN itself is refused.
        let manifestURL = out.appendingPathComponent("manifest.json")
        var manifest = try RunJSON.decode(RunManifest.self, from: Data(contentsOf: manifestURL))
        manifest.files["daily.csv"]?.sha256 = ContentHash.sha256(try Data(contentsOf: daily))
        try RunJSON.encode(manifest).write(to: manifestURL)
        before = Self.snapshot(out)
        Self.refusedInOneLine(try BinaryRunner.run(["report", out.path]), 65, mentioning: ["daily.csv", "ltr"])
        #expect(Self.snapshot(out) == before)
    }

    @Test func armNamesWithSeparatorsAreRefused() throws {
        let scratch = try BinaryRunner.scratchFolder()
        for name in ["\"a,b\"", "'say \"hi\"'", "\"two\\nlines\""] {
            let config = try Self.write(tinyTrial.replacingOccurrences(of: "name: treatment", with: "name: \(name)"), scratch)
            let out = scratch.appendingPathComponent("out")
            Self.refusedInOneLine(try BinaryRunner.run(["run", config, "--out", out.path]), 64, mentioning: ["arms[1].name", "commas, quotes, line breaks"])
            #expect(!FileManager.default.fileExists(atPath: out.path))
        }
    }
}

/// The minor cases of the same campaign: each is one clear line and a documented exit code.
@Suite("Minor cases: one clear line (the built binary)")
struct MinorCaseTests {
    static let units = "arm,unit,kind,week,group,impressions,likes,coldStart,fresh,topics,popular,days,activeDays\n"
        + "A,u1,user,0,1,10,1,2,1,3,,,\nA,u2,user,0,1,12,2,2,1,4,,,\nB,u3,user,0,1,9,1,1,0,2,,,\nB,u4,user,0,1,11,3,2,1,3,,,\n"

    @Test func cliLayerErrorsAreOneLine() throws {
        let scratch = try BinaryRunner.scratchFolder()
        let trial = try UserSafetyTests.write(tinyTrial, scratch)
        let toy = try UserSafetyTests.write(smallSynthetic, scratch, "toy.yaml")
        UserSafetyTests.refusedInOneLine(try BinaryRunner.run(["help", "nonexistent"]), 64, mentioning: ["nonexistent"])
        UserSafetyTests.refusedInOneLine(try BinaryRunner.run(["run", trial, "--seed", "-1"]), 64,
            mentioning: ["--seed has value '-1'; allowed: not a negative number"])
        UserSafetyTests.refusedInOneLine(try BinaryRunner.run(["run", trial, "--days"]), 64)
        UserSafetyTests.refusedInOneLine(try BinaryRunner.run(["benchmark", toy, "--threads", "0"]), 64, mentioning: ["--threads"])
        UserSafetyTests.refusedInOneLine(try BinaryRunner.run(["benchmark", "trial"]), 64, mentioning: ["<config>"])
        UserSafetyTests.refusedInOneLine(try BinaryRunner.run(["rn", trial]), 64, mentioning: ["did you mean 'run'"])
        // An option given twice, the second time negative: the message names the negative value, not the first.
        UserSafetyTests.refusedInOneLine(try BinaryRunner.run(["plan", trial, "--mde", "0.1", "--mde", "-2"]), 64,
            mentioning: ["--mde has value '-2'; allowed: not a negative number"])
        UserSafetyTests.refusedInOneLine(try BinaryRunner.run(["run", toy, "--out", scratch.appendingPathComponent("x").path]), 64,
            mentioning: ["twinarm simulate"])
        for bad in ["0", "1", "nan", "5%"] {
            UserSafetyTests.refusedInOneLine(try BinaryRunner.run(["run", trial, "--alpha", bad]), 64, mentioning: ["--alpha", "between 1e-6 and 0.5"])
        }
        UserSafetyTests.refusedInOneLine(try BinaryRunner.run(["benchmark", "platform", trial, "--days", "0"]), 64, mentioning: ["--days",
            "between 1 and 3650"])
        UserSafetyTests.refusedInOneLine(try BinaryRunner.run(["compare", toy, "--radius", "0.5"]), 64, mentioning: ["--near-user"])
        UserSafetyTests.refusedInOneLine(try BinaryRunner.run(["compare", toy, "--near-user", "9999"]), 64, mentioning: ["beyond"])
        // The file's own mechanism is checked even when --mechanism overrides it.
        let badMechanism = try UserSafetyTests.write(smallSynthetic.replacingOccurrences(of: "name: hmt", with: "name: hmtx"), scratch, "bad.yaml")
        UserSafetyTests.refusedInOneLine(try BinaryRunner.run(["simulate", badMechanism, "--mechanism", "uir", "--out",
            scratch.appendingPathComponent("s").path]),
                                         64, mentioning: ["mechanism.name"])
        // YAML errors say where and what, without the parser's internals.
        let broken = try UserSafetyTests.write("name: [x\n", scratch, "broken.yaml")
        let yaml = try BinaryRunner.run(["run", broken])
        UserSafetyTests.refusedInOneLine(yaml, 65, mentioning: ["line 2, column 1"])
        #expect(!yaml.stderr.contains("parser:"))
    }

    @Test func mechanismTablesAreChecked() throws {
        let scratch = try BinaryRunner.scratchFolder()
        for (arm, field) in [("mechanism: hmt\n    truncation: {kind: table, thresholds: [1], values: [0, 5]}", "truncation.values"),
                             ("mechanism: smt\n    temperature: {kind: table, thresholds: [1], values: [-1, 0.1]}", "temperature.values")] {
            let config = try UserSafetyTests.write(tinyTrial.replacingOccurrences(of: "mechanism: hmt", with: arm), scratch)
            UserSafetyTests.refusedInOneLine(try BinaryRunner.run(["run", config, "--out", scratch.appendingPathComponent("o").path]), 64, mentioning: [field])
        }
    }

    @Test func tablesAndStreamsAreReadAsTheUserMeans() throws {
        let scratch = try BinaryRunner.scratchFolder()
        // A UTF-8 byte-order mark (a spreadsheet's export) is not part of the first column's name.
        let bom = scratch.appendingPathComponent("bom.csv")
        try (Data([0xEF, 0xBB, 0xBF]) + Data(Self.units.utf8)).write(to: bom)
        #expect(try BinaryRunner.run(["analyze", bom.path, "--out", scratch.appendingPathComponent("b").path]).status == 0)
        // A duplicate column is refused.
        let twice = try UserSafetyTests.write(Self.units.replacingOccurrences(of: "arm,unit", with: "arm,arm,unit"), scratch, "twice.csv")
        UserSafetyTests.refusedInOneLine(try BinaryRunner.run(["analyze", twice, "--out", scratch.appendingPathComponent("t").path]), 65, mentioning: ["twice"])
        // A FIFO is refused at once instead of blocking.
        let fifo = scratch.appendingPathComponent("fifo.csv")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        UserSafetyTests.refusedInOneLine(try BinaryRunner.run(["analyze", fifo.path, "--out", scratch.appendingPathComponent("f").path]), 65,
            mentioning: ["regular file"])
        // --calibration on a table of several market pairs is refused, not ignored.
        let config = try UserSafetyTests.write(tinyTrial.replacingOccurrences(of: "days: 8", with: "days: 2"), scratch)
        let run = scratch.appendingPathComponent("run")
        #expect(try BinaryRunner.run(["run", config, "--out", run.path]).status == 0)
        UserSafetyTests.refusedInOneLine(try BinaryRunner.run(["analyze", run.path, "--calibration", bom.path, "--out",
            scratch.appendingPathComponent("c").path]),
                                         64, mentioning: ["single market pair"])
    }

    @Test func aCopiedConfigDoesNotReplaceAnotherRun() throws {
        let scratch = try BinaryRunner.scratchFolder()
        let original = try UserSafetyTests.write(tinyTrial.replacingOccurrences(of: "days: 8", with: "days: 2"), scratch, "a.yaml")
        let copy = try UserSafetyTests.write(tinyTrial.replacingOccurrences(of: "days: 8", with: "days: 3"), scratch, "b.yaml")
        #expect(try BinaryRunner.run(["run", original], in: scratch).status == 0)
        let before = UserSafetyTests.snapshot(scratch.appendingPathComponent("reports/tiny"))
        UserSafetyTests.refusedInOneLine(try BinaryRunner.run(["run", copy], in: scratch), 73, mentioning: ["same name", "--out"])
        #expect(UserSafetyTests.snapshot(scratch.appendingPathComponent("reports/tiny")) == before)
        // The same config again replaces its own run.
        #expect(try BinaryRunner.run(["run", original], in: scratch).status == 0)
    }
}
