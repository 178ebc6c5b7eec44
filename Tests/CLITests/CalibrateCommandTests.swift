import Foundation
import Testing
import TwinArmTestSupport

/// `twinarm calibrate` run as a user would: its `calibrated.yaml` is the given config with the
/// fitted values set in place.
@Suite("twinarm calibrate (the built binary)")
struct CalibrateCommandTests {
    @Test func theCalibratedConfigKeepsTheGivenText() throws {
        let folder = try BinaryRunner.scratchFolder()
        let config = folder.appendingPathComponent("platform.yaml"), targets = folder.appendingPathComponent("targets.yaml")
        try ("# The author's note.\n" + TestConfigs.tinyTrial).write(to: config, atomically: true, encoding: .utf8)
        try """
        name: test
        parameters:
          - {key: platform.likeIntercept, lower: -8, upper: -3}
          - {key: population.tierRequests.scale, lower: 0.5, upper: 2}
        moments:
          - {moment: ltr, target: 0.02, tolerance: 0.1, source: "assumption: a test"}
          - {moment: requestsPerUserDay, target: 12, tolerance: 0.1, source: "assumption: a test"}

        """.write(to: targets, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("fit")
        let run = try BinaryRunner.run(["calibrate", config.path, "--targets", targets.path, "--iterations", "0", "--replicates", "1",
                                        "--days", "3", "--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        let text = try String(contentsOf: out.appendingPathComponent("calibrated.yaml"), encoding: .utf8)
        // The header, then the author's file: its comments, and each fitted key set in its block.
        #expect(text.contains("# The author's note.\nname: tiny\n"), "\(text)")
        #expect(text.contains("  unmeasuredDose: mechanism   # the paper-literal dose"))
        #expect(text.contains("platform:\n  likeIntercept: -6.77  # set by twinarm calibrate\n"), "\(text)")
        #expect(text.contains("population:\n  tierRequests: [4.9, 13.1, 32.7]  # set by twinarm calibrate\n"), "\(text)")
        #expect(text.contains("days: 3  # set by twinarm calibrate"), "\(text)")
        #expect(!text.contains("e-") && !text.contains("e+"), "\(text)")
    }
}
