import Testing
import Yams
@testable import Config
import Trial

@Suite("Defaults as a node tree")
struct NodeEncoderTests {
    /// The defaults node decodes back to the defaults (no YAML text on the way).
    @Test func theDefaultsTreeDecodesToTheDefaults() throws {
        let node = ConfigOverlay.defaults(TrialConfig.self)
        let decoded = try YAMLDecoder().decode(TrialConfig.self, from: node)
        #expect(decoded.serving == TrialConfig().serving && decoded.population == TrialConfig().population)
        #expect(decoded.alpha == TrialConfig().alpha && decoded.platform == TrialConfig().platform && decoded.creators == TrialConfig().creators)
        let offline = try YAMLDecoder().decode(ExperimentConfig.self, from: ConfigOverlay.defaults(ExperimentConfig.self))
        #expect(offline == ExperimentConfig())
    }

    /// A string that looks like a number stays a string, and an empty one stays empty.
    @Test func stringsStayStrings() throws {
        struct Holder: Codable, Equatable { var a = "0.5"; var b = ""; var c = "true"; var d = 3; var e = [1.5, 2] }
        let node = try NodeEncoder.encode(Holder())
        #expect(try YAMLDecoder().decode(Holder.self, from: node) == Holder())
    }
}
