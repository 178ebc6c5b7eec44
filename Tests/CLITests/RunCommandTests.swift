import Analysis
import Foundation
import Testing
import TwinArmTestSupport
@testable import TwinArmCLI
import Config
import Runs
import Sweeps

/// A trial that runs in a fraction of a second.
let tinyTrial = TestConfigs.tinyTrial

@Suite("twinarm run (the built binary)")
struct RunCommandTests {
    func write(_ text: String, in folder: URL, name: String = "trial.yaml") throws -> String {
        let url = folder.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func writesTablesAndManifestReproducibly() throws {
        let folder = try BinaryRunner.scratchFolder()
        let config = try write(tinyTrial, in: folder)
        let a = folder.appendingPathComponent("a"), b = folder.appendingPathComponent("b")
        for out in [a, b] {
            let run = try BinaryRunner.run(["run", config, "--out", out.path])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout.contains("| control |") && run.stdout.contains("| treatment |"))
        }
        for file in ["users.csv", "creators.csv", "daily.csv", "weights.csv", "manifest.json"] {
            #expect(try Data(contentsOf: a.appendingPathComponent(file)) == Data(contentsOf: b.appendingPathComponent(file)), "\(file)")
        }
        let users = try String(contentsOf: a.appendingPathComponent("users.csv"), encoding: .utf8).split(separator: "\n")
        #expect(users.first == "arm,replicate,user,group,tier,week,impressions,likes,coldStart,fresh,topics,follows")
        let manifest = try RunJSON.decode(RunManifest.self, from: Data(contentsOf: a.appendingPathComponent("manifest.json")))
        #expect(manifest.files["users.csv"]?.rows == users.count - 1)
        let data = try Data(contentsOf: a.appendingPathComponent("users.csv"))
        #expect(manifest.files["users.csv"]?.sha256 == ContentHash.sha256(data))
        #expect(manifest.seed == 2)
        #expect(manifest.config.contains("name: tiny"))
        #expect(manifest.arms.map(\.name) == ["control", "treatment"])
    }

    @Test(arguments: [
        ("duplicate arm names", tinyTrial.replacingOccurrences(of: "name: treatment", with: "name: control"), ["arms[1].name", "control"]),
        ("unknown mechanism", tinyTrial.replacingOccurrences(of: "mechanism: hmt", with: "mechanism: lottery"), ["arms[1].mechanism", "lottery",
            "control, uir, smt, hmt, newitem, exposure, bandit"]),
        ("fraction above 0.5", tinyTrial.replacingOccurrences(of: "users: 0.02", with: "users: 0.6"), ["split.users", "0.6", "(0, 0.5]"]),
        ("fraction zero", tinyTrial.replacingOccurrences(of: "creators: 0.02", with: "creators: 0"), ["split.creators", "a fraction > 0"]),
        ("share sum above 1", tinyTrial.replacingOccurrences(of: "users: 0.02", with: "users: 0.4")
            .replacingOccurrences(of: "    mechanism: hmt\n", with: "    mechanism: hmt\n  - name: third\n    mechanism: uir\n"), ["split.users", "at most 1"]),
        ("unknown key", tinyTrial.replacingOccurrences(of: "days: 8", with: "days: 8\nweeks: 2"), ["weeks", "days"]),
    ])
    func badTrialConfig(_ name: String, _ text: String, _ mentions: [String]) throws {
        let folder = try BinaryRunner.scratchFolder()
        let config = try write(text, in: folder)
        let out = folder.appendingPathComponent("out")
        let run = try BinaryRunner.run(["run", config, "--out", out.path])
        #expect(run.status == 64, "\(name): \(run.stderr)")
        #expect(run.stderr.split(separator: "\n").count == 1, "\(name): \(run.stderr)")
        for word in mentions { #expect(run.stderr.contains(word), "\(name): '\(word)' missing in \(run.stderr)") }
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func interruptedRunLeavesEarlierReportIntact() throws {
        let folder = try BinaryRunner.scratchFolder()
        let out = folder.appendingPathComponent("out")
        let quick = try write(tinyTrial, in: folder)
        #expect(try BinaryRunner.run(["run", quick, "--out", out.path]).status == 0)
        let before = try Data(contentsOf: out.appendingPathComponent("manifest.json"))
        // A run long enough to be interrupted half-way.
        let slow = try write(tinyTrial.replacingOccurrences(of: "days: 8", with: "days: 3650").replacingOccurrences(of: "seed: 2", with: "seed: 5"),
                             in: folder, name: "slow.yaml")
        let process = Process()
        process.executableURL = BinaryRunner.binary
        process.arguments = ["run", slow, "--out", out.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: 1.0)
        #expect(process.isRunning, "the slow run finished before it could be interrupted")
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        #expect(try Data(contentsOf: out.appendingPathComponent("manifest.json")) == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty, "left behind: \(leftovers)")
    }
}

@Suite("twinarm report, plan and aa (the built binary)")
struct ReportPlanAATests {
    @Test func reportReRendersTheSameBytes() throws {
        let folder = try BinaryRunner.scratchFolder()
        let config = folder.appendingPathComponent("trial.yaml")
        try tinyTrial.write(to: config, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("out")
        #expect(try BinaryRunner.run(["run", config.path, "--out", out.path]).status == 0)
        let md = try Data(contentsOf: out.appendingPathComponent("report.md"))
        let html = try Data(contentsOf: out.appendingPathComponent("report.html"))
        try FileManager.default.removeItem(at: out.appendingPathComponent("report.md"))
        try FileManager.default.removeItem(at: out.appendingPathComponent("report.html"))
        let again = try BinaryRunner.run(["report", out.path])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try Data(contentsOf: out.appendingPathComponent("report.md")) == md)
        #expect(try Data(contentsOf: out.appendingPathComponent("report.html")) == html)
        #expect(String(decoding: md, as: UTF8.self).contains("## Health checks"))
    }

    @Test func aaWritesRatesForBothVarianceMethods() throws {
        let folder = try BinaryRunner.scratchFolder()
        let config = folder.appendingPathComponent("trial.yaml")
        try tinyTrial.replacingOccurrences(of: "days: 8", with: "days: 4").write(to: config, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("aa")
        let run = try BinaryRunner.run(["aa", config.path, "--trials", "6", "--replicates", "3", "--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        let rates = try JSONDecoder().decode(AARates.self, from: Data(contentsOf: out.appendingPathComponent("aa.json"))).rates
        #expect(Set(rates.map(\.variance)) == [.unit, .market])
        #expect(Set(rates.compactMap(\.metric)) == Set(MetricID.allCases))
        // Bucket and week rows are checked too, pooled over metrics.
        #expect(Set(rates.filter { $0.metric == nil }.map(\.breakdown)) == ["buckets", "weeks"])
        // The daily looks under every method and information time, and the margin at the true effect.
        let anyDay = Set(rates.filter { $0.look == .anyDay && $0.metric == .ltr }.map(\.breakdown))
        #expect(anyDay == ["total, any day, obrien-fleming (variance)", "total, any day, obrien-fleming (calendar)", "total, any day, pocock (variance)",
                           "total, any day, pocock (calendar)", "total, any day, union", "total, any day, msprt", "total, any day, fixed-horizon p"])
        #expect(rates.filter { $0.look == .nonInferiority }.count == 6)
        let gains = try JSONDecoder().decode(AARates.self, from: Data(contentsOf: out.appendingPathComponent("aa.json"))).adjustmentGains
        #expect(gains?.map(\.metric) == [.ltr, .coldStartImpressions, .freshImpressions, .topics, .creatorDAU, .creatorDAU])
        #expect(gains?.last?.breakdown == .creators(popular: false, week: nil))
        for rate in rates {
            #expect(rate.lower <= rate.rate && rate.rate <= rate.upper)
            if rate.metric != nil { #expect(rate.trials <= 6) }
        }
        // The trials are sweep tasks: a rerun after losing two of them runs only those two, and
        // `collect` rewrites the same aa.json.
        let original = try Data(contentsOf: out.appendingPathComponent("aa.json"))
        let tasks = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("tasks").path).sorted()
        #expect(tasks.count == 6)
        for task in tasks.prefix(2) { try FileManager.default.removeItem(at: out.appendingPathComponent("tasks/\(task)")) }
        try FileManager.default.removeItem(at: out.appendingPathComponent("aa.json"))
        let resumed = try BinaryRunner.run(["aa", config.path, "--trials", "6", "--replicates", "3", "--out", out.path])
        #expect(resumed.status == 0 && resumed.stderr.contains("4 finished, 2 to run"), "\(resumed.stderr)")
        #expect(try Data(contentsOf: out.appendingPathComponent("aa.json")) == original)
        try FileManager.default.removeItem(at: out.appendingPathComponent("aa.json"))
        #expect(try BinaryRunner.run(["collect", out.path]).status == 0)
        #expect(try Data(contentsOf: out.appendingPathComponent("aa.json")) == original)
    }

    /// `analyze` takes margins and an adjustment on the command line, and refuses bad ones in one line, writing nothing.
    @Test func analyzeTakesMarginsAndTheAdjustment() throws {
        let folder = try BinaryRunner.scratchFolder()
        let config = folder.appendingPathComponent("trial.yaml")
        try tinyTrial.write(to: config, atomically: true, encoding: .utf8)
        let run = folder.appendingPathComponent("run")
        #expect(try BinaryRunner.run(["run", config.path, "--out", run.path]).status == 0)
        let out = folder.appendingPathComponent("margins")
        let analyzed = try BinaryRunner.run(["analyze", run.path, "--out", out.path, "--guardrail", "topics=-0.01",
                                             "--superiority", "coldStartImpressions=0.02", "--adjustment", "regression"])
        #expect(analyzed.status == 0, "\(analyzed.stderr)")
        let report = try RunJSON.decode(AnalysisReport.self, from: Data(contentsOf: out.appendingPathComponent("report.json")))
        #expect(report.margins?.map(\.metric) == [.coldStartImpressions, .topics])
        #expect(report.margins?.map(\.kind) == [.superiority, .nonInferiority])
        #expect(report.adjustment == .regression && report.varianceNote.adjustment == .regression)
        for (arguments, words) in [(["foo"], "allowed: metric=margin"), (["ltr=0.01"], "allowed: a relative margin in (-1, 0]"),
                                   (["ltr=-0.01", "--guardrail", "ltr=-0.02"], "--guardrail ltr is given twice (-0.01 and -0.02)")] {
            let bad = folder.appendingPathComponent("bad")
            let refused = try BinaryRunner.run(["analyze", run.path, "--out", bad.path, "--guardrail"] + arguments)
            #expect(refused.status == 64 && refused.stderr.contains(words), "\(refused.stderr)")
            #expect(refused.stderr.split(separator: "\n").count == 1)
            #expect(!FileManager.default.fileExists(atPath: bad.path))
        }
    }

    @Test func planPrintsMDEsAndRejectsConflictingOptions() throws {
        let folder = try BinaryRunner.scratchFolder()
        let config = folder.appendingPathComponent("trial.yaml")
        try tinyTrial.write(to: config, atomically: true, encoding: .utf8)
        let run = try BinaryRunner.run(["plan", config.path, "--mde", "0.05"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("| ltr |") && run.stdout.contains("| topics |"))
        // The default guardrail (LTR −0.5 %): its power at no effect and the smallest margin met.
        #expect(run.stdout.contains("guardrail margin: power at no effect") && run.stdout.contains("(margin -0.50%)"), "\(run.stdout)")
        let both = try BinaryRunner.run(["plan", config.path, "--mde", "0.05", "--fraction", "0.1"])
        #expect(both.status == 64)
    }
}
