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
}
