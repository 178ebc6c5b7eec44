import Testing
@testable import TwinArmCLI

@Suite("Config decoding")
struct ConfigTests {
    @Test func shippedConfigsValidate() throws {
        for path in ["experiments/paper-toy.yaml", "experiments/paper-synthetic.yaml"] {
            let config = try ConfigLoader.load(path: path)
            _ = try config.makeExperiment()
        }
    }

    @Test func errorsNameFieldValueAndAllowed() throws {
        let base = "environment: {kind: toy}\n"
        #expect(throws: ConfigError.invalidValue(field: "matching.k", value: "0", allowed: "an integer ≥ 1")) {
            try ConfigLoader.decode(base + "matching: {k: 0}").makeExperiment()
        }
        #expect(throws: ConfigError.unknownKey(field: "dynamics.stepz", allowed: ["steps", "eta", "tailWindow"])) {
            try ConfigLoader.decode(base + "dynamics: {stepz: 3}")
        }
        #expect(throws: ConfigError.invalidValue(field: "environment.kind", value: "'cube'", allowed: "toy, synthetic")) {
            try ConfigLoader.decode("environment: {kind: cube}")
        }
        #expect(throws: ConfigError.unknownKey(field: "environment.clusterSizes",
                                               allowed: ["kind", "creators", "relevanceOffset", "relevanceScale",
                                                         "users", "startFrom", "startTo", "startJitter"])) {
            try ConfigLoader.decode("environment: {kind: toy, clusterSizes: [3]}")
        }
        #expect(throws: ConfigError.invalidValue(field: "--mechanism", value: "'abc'", allowed: "control, uir, smt, hmt, newitem")) {
            try ConfigLoader.decode(base).makeExperiment(.init(mechanism: "abc"))
        }
        #expect(throws: ConfigError.invalidValue(field: "reweighting.initialWeights", value: "[1.0, 2.0]",
                                                 allowed: "a list of 5 positive weights, one per group")) {
            try ConfigLoader.decode(base + "reweighting: {groups: perUser, initialWeights: [1, 2]}").makeExperiment()
        }
        #expect(ConfigError.malformed(path: "x", reason: "r").exitCode == 65)
        #expect(ConfigError.fileNotFound(path: "x").exitCode == 64)
    }
}
