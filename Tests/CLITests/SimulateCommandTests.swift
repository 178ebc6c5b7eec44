import Foundation
import Testing

@Suite("twinarm simulate (the built binary)")
struct SimulateCommandTests {
    func writeConfig(_ text: String, in folder: URL, name: String = "config.yaml") throws -> String {
        let url = folder.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func writesTheFourFilesReproducibly() throws {
        let folder = try BinaryRunner.scratchFolder()
        let config = try writeConfig(smallSynthetic, in: folder)
        let a = folder.appendingPathComponent("a").path, b = folder.appendingPathComponent("b").path
        let c = folder.appendingPathComponent("c").path
        for out in [a, b] {
            let run = try BinaryRunner.run(["simulate", config, "--out", out])
            #expect(run.status == 0, "\(run.stderr)")
        }
        let other = try BinaryRunner.run(["simulate", config, "--out", c, "--seed", "4"])
        #expect(other.status == 0)
        for file in ["welfare.csv", "groups.csv", "creators.csv", "summary.json"] {
            let first = try Data(contentsOf: URL(fileURLWithPath: a).appendingPathComponent(file))
            let second = try Data(contentsOf: URL(fileURLWithPath: b).appendingPathComponent(file))
            #expect(first == second, "\(file) differs between two runs with the same seed")
        }
        let welfareA = try String(contentsOfFile: a + "/welfare.csv", encoding: .utf8)
        let welfareC = try String(contentsOfFile: c + "/welfare.csv", encoding: .utf8)
        #expect(welfareA != welfareC, "another seed must give another trajectory")

        let lines = welfareA.split(separator: "\n")
        #expect(lines.first == "step,welfareServed,welfareDefault")
        #expect(lines.count == 1 + 41)
        let groups = try String(contentsOfFile: a + "/groups.csv", encoding: .utf8)
        #expect(groups.hasPrefix("group,size,weight,utility\n"))
        #expect(groups.split(separator: "\n").count == 1 + 4)

        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: a + "/summary.json"))) as! [String: Any]
        for key in ["mechanism", "seed", "steps", "finalWelfareServed", "finalWelfareDefault"] {
            #expect(summary[key] != nil, "summary.json lacks \(key)")
        }
        #expect(summary["mechanism"] as? String == "hmt")
        #expect(summary["steps"] as? Int == 40)
        #expect(summary["seed"] as? Int == 3)
    }

    struct BadInput: CustomTestStringConvertible, Sendable {
        var name: String
        var config: String?
        var extra: [String]
        var status: Int32
        var mentions: [String]
        var testDescription: String { name }
    }

    static let badInputs: [BadInput] = [
        BadInput(name: "unknown mechanism", config: smallSynthetic, extra: ["--mechanism", "lottery"], status: 64,
                 mentions: ["--mechanism", "lottery", "control, uir, smt, hmt, newitem, exposure, bandit"]),
        BadInput(name: "unknown mechanism in the file", config: smallSynthetic.replacingOccurrences(of: "name: hmt", with: "name: xyz"),
                 extra: [], status: 64, mentions: ["mechanism.name", "xyz", "control, uir, smt, hmt, newitem, exposure, bandit"]),
        BadInput(name: "K < 1", config: smallSynthetic.replacingOccurrences(of: "k: 4", with: "k: 0"), extra: [], status: 64,
                 mentions: ["matching.k", "0", "between 1 and"]),
        BadInput(name: "β < 0", config: smallSynthetic.replacingOccurrences(of: "beta: 0.1", with: "beta: -0.5"), extra: [], status: 64,
                 mentions: ["matching.beta", "-0.5", "between 0 and"]),
        BadInput(name: "η ≤ 0", config: smallSynthetic.replacingOccurrences(of: "steps: 40", with: "steps: 40\n  eta: 0"), extra: [],
                 status: 64, mentions: ["dynamics.eta", "0", "> 0"]),
        BadInput(name: "wMin > wMax", config: smallSynthetic + "\n  wMin: 3\n  wMax: 2\n", extra: [], status: 64,
                 mentions: ["reweighting.wMax", "2", "reweighting.wMin"]),
        BadInput(name: "unknown key", config: smallSynthetic.replacingOccurrences(of: "beta: 0.1", with: "beta: 0.1\n  temprature: 3"),
                 extra: [], status: 64, mentions: ["matching.temprature", "k, beta, reward"]),
        BadInput(name: "wrong type", config: smallSynthetic.replacingOccurrences(of: "k: 4", with: "k: many"), extra: [], status: 64,
                 mentions: ["matching.k", "an integer"]),
        BadInput(name: "missing file", config: nil, extra: [], status: 64, mentions: ["does not exist"]),
        BadInput(name: "malformed YAML", config: "name: [unclosed\nenvironment: {kind: toy", extra: [], status: 65,
                 mentions: ["not valid YAML"]),
    ]

    @Test(arguments: badInputs)
    func badInputFailsCleanly(_ bad: BadInput) throws {
        let folder = try BinaryRunner.scratchFolder()
        let config = try bad.config.map { try writeConfig($0, in: folder) } ?? folder.appendingPathComponent("absent.yaml").path
        let out = folder.appendingPathComponent("out")
        let run = try BinaryRunner.run(["simulate", config, "--out", out.path] + bad.extra)
        #expect(run.status == bad.status, "\(bad.name): \(run.stderr)")
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(bad.name): expected one line, got \(run.stderr)")
        for word in bad.mentions { #expect(run.stderr.contains(word), "\(bad.name): '\(word)' missing from \(run.stderr)") }
        #expect(!FileManager.default.fileExists(atPath: out.path), "\(bad.name): --out was written")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".out") }
        #expect(leftovers.isEmpty)
    }

    @Test func aFailedRunLeavesAnEarlierReportIntact() throws {
        let folder = try BinaryRunner.scratchFolder()
        let good = try writeConfig(smallSynthetic, in: folder)
        let out = folder.appendingPathComponent("out")
        #expect(try BinaryRunner.run(["simulate", good, "--out", out.path]).status == 0)
        let before = try Data(contentsOf: out.appendingPathComponent("summary.json"))
        let bad = try writeConfig(smallSynthetic.replacingOccurrences(of: "k: 4", with: "k: -2"), in: folder, name: "bad.yaml")
        #expect(try BinaryRunner.run(["simulate", bad, "--out", out.path]).status == 64)
        #expect(try Data(contentsOf: out.appendingPathComponent("summary.json")) == before)
    }
}
