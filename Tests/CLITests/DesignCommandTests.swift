import Foundation
import Testing

/// A platform small enough to run whole, several times: 1 000 users, 100 creators, a week.
let tinyPlatform = """
name: tiny-platform
seed: 2
days: 5
warmupDays: 3
preDays: 0
replicates: 2
population:
  users: 1000
  creators: 100
  dimension: 8
  topics: 30
  countries: 5
  minGroupSize: 5
  tierRequests: [3, 8, 20]
split:
  users: 0.1
  creators: 0.1
arms:
  - name: control
    mechanism: control
  - name: treatment
    mechanism: hmt
"""

/// `twinarm design` (issue 18), run as a user would.
@Suite("twinarm design (the built binary)")
struct DesignCommandTests {
    func study(_ arguments: [String]) throws -> (folder: URL, json: [String: Any]) {
        let folder = try BinaryRunner.scratchFolder()
        let config = folder.appendingPathComponent("platform.yaml")
        try tinyPlatform.write(to: config, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("study")
        let run = try BinaryRunner.run(["design", config.path, "--out", out.path, "--jobs", "2"] + arguments)
        #expect(run.status == 0, "\(run.stderr)")
        let data = try Data(contentsOf: out.appendingPathComponent("design.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return (folder, json)
    }

    /// Known by construction: control in both arms. The whole-platform twin's arms are the same
    /// market, so the GTE is exactly 0; every design's estimate is 0 within its own intervals
    /// (99.9 % here, so that 40 cells do not fail by chance).
    @Test func withTheSameMechanismInBothArmsTheGTEAndEveryEstimateAreZero() throws {
        let (_, json) = try study(["--aa", "--fractions", "0.1,0.25", "--replicates", "2", "--alpha", "0.001"])
        let gte = try #require(json["gte"] as? [[String: Any]])
        #expect(gte.count == 6)
        for g in gte { #expect(g["estimate"] as? Double == 0, "\(g["metric"] ?? "")") }
        let cells = try #require(json["cells"] as? [[String: Any]])
        #expect(cells.count == 6 * 4 * 2)
        // A platform of 100 creators has a handful of popular ones: their DAU is not testable in every replicate.
        for cell in cells where cell["measured"] as? Bool == true && cell["metric"] as? String != "DAU popular" {
            let label = "\(cell["metric"]!) \(cell["design"]!) \(cell["fraction"]!)"
            #expect(cell["coverage"] as? Double == 1, "\(label): an interval missed 0")
            if let lo = cell["lower"] as? Double, let hi = cell["upper"] as? Double { #expect(lo <= 0 && 0 <= hi, "\(label)") }
        }
    }

    /// The GTE of design.json is the whole-platform twin that `twinarm run` runs (design twin,
    /// split 1), seed by seed; and design.json has every field for every metric, design and fraction.
    @Test func theGTEIsTheWholePlatformTwinOfTwinarmRun() throws {
        let (folder, json) = try study(["--designs", "symmetric", "two-sided", "--fractions", "0.25", "--replicates", "2"])
        let twin = tinyPlatform.replacingOccurrences(of: "split:\n  users: 0.1\n  creators: 0.1", with: "design: twin\nsplit:\n  users: 1\n  creators: 1")
        let config = folder.appendingPathComponent("twin.yaml")
        try twin.write(to: config, atomically: true, encoding: .utf8)
        var ltr = [Double]()
        for seed in [2, 3] {
            let out = folder.appendingPathComponent("twin-\(seed)")
            let run = try BinaryRunner.run(["run", config.path, "--seed", "\(seed)", "--out", out.path])
            #expect(run.status == 0, "\(run.stderr)")
            let report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("report.json"))) as? [String: Any])
            let tests = try #require(report["tests"] as? [[String: Any]])
            let method = try #require(report["varianceMethod"] as? String)
            let row = try #require(tests.first { ($0["metric"] as? String) == "ltr" && ($0["variance"] as? String) == method
                && ($0["breakdown"] as? String) == "total" })
            ltr.append(try #require((row["comparison"] as? [String: Any])?["relativeDelta"] as? Double))
        }
        let gte = try #require((json["gte"] as? [[String: Any]])?.first { $0["metric"] as? String == "LTR" })
        let estimate = try #require(gte["estimate"] as? Double)
        #expect(abs(estimate - (ltr[0] + ltr[1]) / 2) < 1e-12, "design.json \(estimate), twinarm run \(ltr)")
        #expect(estimate != 0)
        let cells = try #require(json["cells"] as? [[String: Any]])
        #expect(cells.count == 6 * 2)
        for cell in cells where cell["metric"] as? String != "DAU popular" {
            for key in ["estimate", "gte", "bias", "relativeBias", "sd", "rmse", "coverage", "halfWidth", "lower", "upper"] {
                #expect(cell[key] is Double, "\(cell["metric"]!) \(cell["design"]!): \(key) missing")
            }
        }
        let extrapolation = try #require(json["extrapolation"] as? [[String: Any]])
        #expect(extrapolation.count == 6)
    }

    /// The shipped study (reports/design-small, reproduced in CI) has every field of every metric,
    /// design and fraction, the extrapolation's included; a user-side study has no creator arms.
    @Test func theShippedStudyHasEveryField() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../reports/design-small/design.json")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let cells = try #require(json["cells"] as? [[String: Any]])
        #expect(cells.count == 6 * 4 * 4)
        for cell in cells {
            let label = "\(cell["metric"]!) \(cell["design"]!) \(cell["fraction"]!)"
            if cell["measured"] as? Bool == false {
                #expect(cell["design"] as? String == "user" && (cell["metric"] as? String)?.hasPrefix("DAU") == true, "\(label)")
                continue
            }
            for key in ["estimate", "gte", "bias", "relativeBias", "sd", "rmse", "coverage", "halfWidth", "lower", "upper"] {
                #expect(cell[key] is Double, "\(label): \(key) missing")
            }
        }
        for e in try #require(json["extrapolation"] as? [[String: Any]]) {
            for key in ["estimate", "lower", "upper", "gte", "error", "relativeError", "slope"] { #expect(e[key] is Double, "\(e["metric"]!): \(key)") }
        }
        for g in try #require(json["gte"] as? [[String: Any]]) {
            for key in ["estimate", "lower", "upper", "sd"] { #expect(g[key] is Double, "\(g["metric"]!): \(key)") }
        }
    }

    @Test func badFractionsAndDesignsAreRefusedWithOneLine() throws {
        let folder = try BinaryRunner.scratchFolder()
        let config = folder.appendingPathComponent("platform.yaml")
        try tinyPlatform.write(to: config, atomically: true, encoding: .utf8)
        for (arguments, message) in [(["--fractions", "0.1,0.7"], "--fractions must be numbers in (0, 0.5]"),
                                     (["--fractions", "0.01"], "population.creators"),
                                     (["--designs", "sideways"], "sideways"),
                                     (["--replicates", "1"], "--replicates must be between 2")] {
            let out = folder.appendingPathComponent("study")
            let run = try BinaryRunner.run(["design", config.path, "--out", out.path] + arguments)
            #expect(run.status == 64 || run.status == 65, "\(arguments): \(run.status) \(run.stderr)")
            #expect(run.stderr.contains(message), "\(arguments): \(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out.path), "\(arguments) wrote on rejection")
        }
    }

    /// `benchmark --platform`: exact search finds all of the exact top K; the inverted-file index
    /// finds most of it while scoring a fraction of the pool, and more with more probes.
    @Test func theColdStartIndexFindsMostOfTheExactTopKAndMoreWithMoreProbes() throws {
        let folder = try BinaryRunner.scratchFolder()
        func measure(_ index: String, probes: Int) throws -> (recall: Double, scored: Double) {
            let text = tinyPlatform.replacingOccurrences(of: "  users: 1000", with: "  users: 600")
                .replacingOccurrences(of: "  creators: 100\n", with: "  creators: 1000\n")
                .replacingOccurrences(of: "warmupDays: 3", with: "warmupDays: 1")
                + "\nserving:\n  productionPercentile: 0.95\n  coldStartProbes: \(probes)\n"
            let config = folder.appendingPathComponent("platform-\(probes).yaml")
            try text.write(to: config, atomically: true, encoding: .utf8)
            let run = try BinaryRunner.run(["benchmark", "--platform", config.path, "--index", index, "--recall-stride", "3", "--days", "1"])
            #expect(run.status == 0, "\(run.stderr)")
            let words = run.stdout.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
            let recall = try #require(words.firstIndex(of: "recall").flatMap { Double(words[$0 + 1]) }, "\(run.stdout)")
            let scored = try #require(words.firstIndex(of: "scored").flatMap { Double(words[$0 + 1]) }, "\(run.stdout)")
            return (recall, scored)
        }
        let exact = try measure("exact", probes: 1), few = try measure("ivf", probes: 4), many = try measure("ivf", probes: 20)
        #expect(exact.recall == 1)
        #expect(few.scored < exact.scored / 3, "scored \(few.scored) of \(exact.scored)")
        #expect(few.recall < many.recall && many.recall > 0.85 && few.recall > 0.2, "recall with 4 probes \(few.recall), 20 probes \(many.recall)")
    }
}
