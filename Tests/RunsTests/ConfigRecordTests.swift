import Testing
@testable import Config
@testable import Runs

@Suite("The resolved config in a record")
struct ConfigRecordTests {
    @Test func keyPathNamesAreTheConfigsOwnKeys() {
        let keys = Set(TrialConfig.parameters.keys)
        let paths: [PartialKeyPath<TrialConfig>] = [\.split.userFraction, \.split.creatorFraction, \.population.users, \.platform.alpha,
                                                    \.alpha, \.serving.rankerNoise, \.creators.followPerLike, \.users.priorImpressions]
        let names = paths.map { ConfigField.name($0) }
        #expect(names[0] == "split.users" && names[1] == "split.creators" && names[3] == "platform.alpha" && names[4] == "alpha")
        for name in names { #expect(keys.contains(name), "\(name) is not a key of the parameter registry") }
        // And the error a validator throws names that key.
        var config = TrialConfig()
        config.arms = [ArmConfig(name: "a", mechanism: "control"), ArmConfig(name: "b", mechanism: "hmt")]
        config.split.userFraction = 0.7
        #expect(throws: ConfigError.invalidValue(field: "split.users", value: "0.7", allowed: "a fraction in (0, 0.5]")) { try config.makeSpec() }
    }
}
