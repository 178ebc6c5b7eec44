import Foundation
import Testing

@Suite("A single market pair (the built binary)")
struct SinglePairCommandTests {
    static let config = tinyTrial + "\nreplicates: 1\ncalibrationTrials: 4\n"

    @Test func aSinglePairRunLeadsWithItsAACalibrationAndAnalyzeReproducesIt() throws {
        let folder = try BinaryRunner.scratchFolder()
        let config = folder.appendingPathComponent("single.yaml")
        try Self.config.write(to: config, atomically: true, encoding: .utf8)
        let a = folder.appendingPathComponent("a"), b = folder.appendingPathComponent("b")
        for out in [a, b] {
            let run = try BinaryRunner.run(["run", config.path, "--out", out.path])
            #expect(run.status == 0, "\(run.stderr)")
        }
        for file in ["calibration.json", "report.json", "users.csv", "daily.csv", "daily-groups.csv"] {
            #expect(try Data(contentsOf: a.appendingPathComponent(file)) == Data(contentsOf: b.appendingPathComponent(file)), "\(file)")
        }
        let calibration = try JSONSerialization.jsonObject(with: Data(contentsOf: a.appendingPathComponent("calibration.json"))) as! [String: Any]
        #expect((calibration["seeds"] as! [Any]).count == 4)
        #expect((calibration["inflation"] as! [String: Any])["trials"] as? Int == 4)
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: a.appendingPathComponent("report.json"))) as! [String: Any]
        #expect(report["varianceMethod"] as? String == "inflated" && report["calibrated"] as? Bool == true)
        let tests = report["tests"] as! [[String: Any]]
        #expect(tests.allSatisfy { $0["variance"] as? String == "inflated" || $0["significant"] as? Bool == false })
        #expect(tests.contains { $0["variance"] as? String == "inflated" && ($0["comparison"] as! [String: Any])["degreesOfFreedom"] as? Double == 4 })
        // The pre-period (tinyTrial has 2 days): week −1 rows per unit, days −1 … 0 in daily.csv; not analysed as a week.
        let users = try String(contentsOf: a.appendingPathComponent("users.csv"), encoding: .utf8)
        #expect(users.contains(",-1,"))
        let daily = try String(contentsOf: a.appendingPathComponent("daily.csv"), encoding: .utf8).split(separator: "\n").dropFirst()
        #expect(daily.filter { $0.hasPrefix("control,0,") }.map { Int($0.split(separator: ",")[2])! } == Array(-1...8))
        #expect(!tests.contains { ($0["breakdown"] as? String)?.contains("week -1") == true })

        // analyze of the run folder reads its calibration.json: the same report.json.
        let again = folder.appendingPathComponent("again")
        var run = try BinaryRunner.run(["analyze", a.path, "--out", again.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try Data(contentsOf: again.appendingPathComponent("report.json")) == Data(contentsOf: a.appendingPathComponent("report.json")))
        // Without it, a copy is a diagnostic only; --calibration brings it back.
        let copy = folder.appendingPathComponent("copy")
        try FileManager.default.copyItem(at: a, to: copy)
        try FileManager.default.removeItem(at: copy.appendingPathComponent("calibration.json"))
        run = try BinaryRunner.run(["analyze", copy.path, "--out", folder.appendingPathComponent("plain").path])
        #expect(run.status == 0, "\(run.stderr)")
        let plain = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("plain/report.json"))) as! [String: Any]
        #expect(plain["calibrated"] as? Bool == false && plain["varianceMethod"] as? String == "unit")
        run = try BinaryRunner.run(["analyze", copy.path, "--calibration", a.appendingPathComponent("calibration.json").path,
                                    "--out", folder.appendingPathComponent("given").path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try Data(contentsOf: folder.appendingPathComponent("given/report.json")) == Data(contentsOf: a.appendingPathComponent("report.json")))
        // A calibration that is not one: one line, exit 64, nothing written.
        run = try BinaryRunner.run(["analyze", copy.path, "--calibration", a.appendingPathComponent("users.csv").path,
                                    "--out", folder.appendingPathComponent("bad").path])
        #expect(run.status == 64 && run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("bad").path))
    }

    /// A run folder's tables as one exported units.csv (ids made global), week −1 rows first or last.
    static func export(_ run: URL, preFirst: Bool) throws -> String {
        func rows(_ file: String) throws -> [[Substring]] {
            try String(contentsOf: run.appendingPathComponent(file), encoding: .utf8).split(separator: "\n").dropFirst().map { $0.split(separator: ",",
                omittingEmptySubsequences: false) }
        }
        var lines = [String]()
        for f in try rows("users.csv") { lines.append("\(f[0]),\(f[1]),\(f[0])-u\(f[2]),user,\(f[3]),,\(f[5]),\(f[6]),\(f[7]),\(f[8]),\(f[9]),\(f[10]),,") }
        for f in try rows("creators.csv") { lines.append("\(f[0]),\(f[1]),\(f[0])-c\(f[2]),creator,,\(f[3]),\(f[5]),,,,,,\(f[6]),\(f[7])") }
        let pre = lines.filter { $0.split(separator: ",", omittingEmptySubsequences: false)[6] == "-1" }, other = lines.filter { !pre.contains($0) }
        return (["arm,replicate,unit,kind,group,popular,week,impressions,likes,coldStart,fresh,topics,days,activeDays"]
                + (preFirst ? pre + other : other + pre)).joined(separator: "\n") + "\n"
    }

    @Test func anExportedTableIsCUPEDAdjustedWhateverItsRowOrderExceptLatePreRowsOnStandardInput() throws {
        let folder = try BinaryRunner.scratchFolder()
        let config = folder.appendingPathComponent("single.yaml")
        try (tinyTrial + "\nreplicates: 1\ncalibrationTrials: 0\n").write(to: config, atomically: true, encoding: .utf8)
        let run = folder.appendingPathComponent("run")
        var result = try BinaryRunner.run(["run", config.path, "--out", run.path])
        #expect(result.status == 0, "\(result.stderr)")
        let first = folder.appendingPathComponent("first.csv"), late = folder.appendingPathComponent("late.csv")
        try Self.export(run, preFirst: true).write(to: first, atomically: true, encoding: .utf8)
        try Self.export(run, preFirst: false).write(to: late, atomically: true, encoding: .utf8)
        var reports = [Data]()
        for (name, input) in [("a", first), ("b", late)] {
            result = try BinaryRunner.run(["analyze", input.path, "--out", folder.appendingPathComponent(name).path])
            #expect(result.status == 0, "\(result.stderr)")
            reports.append(try Data(contentsOf: folder.appendingPathComponent("\(name)/report.json")))
        }
        // The second pass over a file joins late week −1 rows to the same bytes; standard input in order too.
        #expect(reports[0] == reports[1])
        result = try BinaryRunner.run(["analyze", "-", "--out", folder.appendingPathComponent("c").path], input: try Data(contentsOf: first))
        #expect(result.status == 0, "\(result.stderr)")
        let fromStandardInput = try Data(contentsOf: folder.appendingPathComponent("c/report.json"))
        #expect(fromStandardInput == reports[0])
        let report = try JSONSerialization.jsonObject(with: reports[0]) as! [String: Any]
        #expect(report["cuped"] as? Bool == true)
        // Late week −1 rows on standard input cannot be joined in one pass: one line, exit 65, nothing written.
        result = try BinaryRunner.run(["analyze", "-", "--out", folder.appendingPathComponent("d").path], input: try Data(contentsOf: late))
        #expect(result.status == 65 && result.stderr.contains("week −1 (pre-period) row before its other rows"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("d").path))
        result = try BinaryRunner.run(["analyze", "-", "--no-cuped", "--out", folder.appendingPathComponent("e").path], input: try Data(contentsOf: late))
        #expect(result.status == 0, "\(result.stderr)")
        let plain = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("e/report.json"))) as! [String: Any]
        #expect(plain["cuped"] as? Bool == false)
    }
}
