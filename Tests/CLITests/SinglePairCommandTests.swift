import Foundation
import Testing

@Suite("A single market pair (the built binary)")
struct SinglePairCommandTests {
    static let config = tinyTrial + "\nreplicates: 1\ncalibrationTrials: 4\npreDays: 3\n"

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
        // The pre-period: week −1 rows per unit, days −2 … 0 in daily.csv; not analysed as a week.
        let users = try String(contentsOf: a.appendingPathComponent("users.csv"), encoding: .utf8)
        #expect(users.contains(",-1,"))
        let daily = try String(contentsOf: a.appendingPathComponent("daily.csv"), encoding: .utf8).split(separator: "\n").dropFirst()
        #expect(daily.filter { $0.hasPrefix("control,0,") }.map { Int($0.split(separator: ",")[2])! } == Array(-2...8))
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
}
