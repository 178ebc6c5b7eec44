import Foundation
import Testing
import TwinArmTestSupport

let tinyPlatform = TestConfigs.tinyPlatform

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

    @Test func badFractionsAndDesignsAreRefusedWithOneLine() throws {
        let folder = try BinaryRunner.scratchFolder()
        let config = folder.appendingPathComponent("platform.yaml")
        try tinyPlatform.write(to: config, atomically: true, encoding: .utf8)
        for (arguments, message) in [(["--fractions", "0.1,0.7"], "--fractions must be numbers in (0, 0.5]"),
                                     (["--fractions", "0.01"], "population.creators"),
                                     (["--designs", "sideways"], "sideways"),
                                     (["--trials", "1"], "--trials has value '1'; allowed: an integer from 2 to 10000"),
                                     (["--replicates", "1"], "--replicates has value '1'")] {
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
            let run = try BinaryRunner.run(["benchmark", "platform", config.path, "--index", index, "--recall-stride", "3", "--days", "1"])
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
