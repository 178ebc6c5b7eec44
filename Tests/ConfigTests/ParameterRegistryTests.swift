import Foundation
import Testing
import Yams
@testable import Config
import Trial

/// The shipped experiments and the trial config every range test starts from.
enum Shipped {
    static let experiments = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("experiments")

    static func text(_ name: String) throws -> String { try String(contentsOf: experiments.appendingPathComponent(name), encoding: .utf8) }

    /// The dotted keys a YAML file sets: mappings by key, `arms` entries by index; a list is a value.
    static func keys(_ node: Node, prefix: String = "") -> [String] {
        switch node {
        case let .mapping(mapping):
            return mapping.flatMap { key, value -> [String] in
                let name = prefix.isEmpty ? (key.string ?? "?") : "\(prefix).\(key.string ?? "?")"
                return [name] + keys(value, prefix: name)
            }
        case let .sequence(items) where prefix == "arms":
            return items.enumerated().flatMap { i, item in keys(item, prefix: "arms.\(i)") }
        default:
            return []
        }
    }
}

@Suite("The parameter registry")
struct ParameterRegistryTests {
    /// Every key of every shipped experiment is declared: a parameter, or a block holding parameters.
    @Test func everyKeyOfEveryShippedExperimentResolves() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Shipped.experiments.path).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(files.count >= 10, "\(files)")
        for file in files {
            let node = try #require(try Yams.compose(yaml: try Shipped.text(file)), "\(file)")
            let offline = node.mapping?["environment"] != nil
            let declared: (String) -> Bool = offline
                ? { key in ExperimentConfig.parameters.resolve(key) != nil }
                : { key in TrialConfig.parameters.resolve(key) != nil }
            let keys = Shipped.keys(node)
            #expect(!keys.isEmpty)
            for key in keys {
                // A block (`serving`, `arms.1.exposure`) resolves when a parameter lies below it; a
                // value below a mapping parameter (`arms.1.truncation.kind`) when its parent is one.
                let parts = key.split(separator: ".").map(String.init)
                let below = (offline ? ExperimentConfig.parameters.keys : TrialConfig.parameters.keys).contains { $0.hasPrefix(key + ".") }
                    || (key.hasPrefix("arms.") && parts.count == 3 && TrialConfig.parameters.keys.contains { $0.hasPrefix("arms.*.\(parts[2]).") })
                    || (key.hasPrefix("arms.") && parts.count == 2)
                let parentIsMapping = (1..<parts.count).contains { n in declared(parts.prefix(n).joined(separator: ".")) }
                #expect(declared(key) || below || parentIsMapping, "\(file): '\(key)' is not in the parameter registry")
            }
        }
    }

    /// The registry's defaults are the config types' own (one declaration of each default).
    @Test func everyDefaultIsTheConfigsOwn() throws {
        let defaults = TrialConfig()
        #expect(TrialConfig.parameters["serving.rankerNoise"]?.value(in: defaults) == "0.04")
        #expect(TrialConfig.parameters["alpha"]?.value(in: defaults) == "0.05")
        #expect(TrialConfig.parameters["population.tierShares"]?.value(in: defaults) == "[0.5, 0.35, 0.15]")
        #expect(TrialConfig.parameters["design"]?.value(in: defaults) == "symmetric")
        #expect(TrialConfig.parameters.keys.count >= 80)
    }

    /// A value just outside each range is refused by validation, with the range in the one line.
    @Test func validationEnforcesEveryTrialRange() throws {
        let base = try ConfigLoader.decode(TrialConfig.self, text: try Shipped.text("quickstart.yaml"), path: "quickstart.yaml")
        _ = try base.makeSpec()
        var checked = 0
        for parameter in TrialConfig.parameters.entries {
            guard let range = parameter.range, parameter.kind == .number || parameter.kind == .integer else { continue }
            var config = base
            var arm: Int?
            if parameter.perArm {
                // The block belongs to its mechanism: an exposure arm for exposure.*, a bandit arm for bandit.*.
                let mechanism = parameter.key.contains("exposure.") ? "exposure" : "bandit"
                config.arms[1] = ArmConfig(name: "treated", mechanism: mechanism)
                arm = 1
            }
            let step = parameter.kind == .integer ? 1.0 : max(abs(range.upper) * 1e-3, 1e-9)
            for outside in [range.lowerOpen ? range.lower : range.lower - step, range.upperOpen ? range.upper : range.upper + step] {
                var c = config
                let value: ParameterValue = parameter.kind == .integer ? .integer(Int(outside)) : .number(outside)
                try TypedOverride(parameter: parameter, arm: arm, value: value).apply(to: &c)
                do {
                    _ = try c.makeSpec()
                    Issue.record("\(parameter.key) = \(outside) was accepted; range \(range.text)")
                } catch {
                    #expect(error.description.contains(range.text), "\(parameter.key) = \(outside): \(error.description)")
                }
                checked += 1
            }
        }
        #expect(checked >= 100, "checked \(checked) bounds")
    }

    /// The same for the offline game's numbers (those one value sets), on the kind that reads them.
    @Test func validationEnforcesEveryOfflineRange() throws {
        let synthetic = try ConfigLoader.decode(ExperimentConfig.self, text: try Shipped.text("paper-synthetic.yaml"), path: "paper-synthetic.yaml")
        let toy = try ConfigLoader.decode(ExperimentConfig.self, text: try Shipped.text("paper-toy.yaml"), path: "paper-toy.yaml")
        var checked = 0
        for parameter in ExperimentConfig.parameters.entries where parameter.write != nil {
            guard let range = parameter.range, parameter.kind == .number || parameter.kind == .integer else { continue }
            let ratingsOnly = ["environment.factors", "environment.regularisation", "environment.minRatings", "environment.commonItems",
                "environment.privateItems"]
            guard !ratingsOnly.contains(parameter.key) else { continue }
            let base = parameter.key == "environment.startJitter" ? toy : synthetic
            let step = parameter.kind == .integer ? 1.0 : max(abs(range.upper) * 1e-3, 1e-9)
            for outside in [range.lowerOpen ? range.lower : range.lower - step, range.upperOpen ? range.upper : range.upper + step] {
                var c = base
                try TypedOverride(parameter: parameter, arm: nil, value: parameter.kind == .integer ? .integer(Int(outside)) : .number(outside)).apply(to: &c)
                #expect(throws: ConfigError.self, "\(parameter.key) = \(outside)") { _ = try c.makeExperiment() }
                do { _ = try c.makeExperiment() } catch {
                    #expect(error.description.contains(range.text), "\(parameter.key) = \(outside): \(error.description)")
                }
                checked += 1
            }
        }
        #expect(checked >= 20, "checked \(checked) bounds")
    }

    /// `--set` text goes through the registry: typed, ranged, and named in its refusal.
    @Test func overridesParseByTheRegistry() throws {
        var config = TrialConfig()
        config.arms = [ArmConfig(name: "control", mechanism: "control"), ArmConfig(name: "t", mechanism: "hmt")]
        try TypedOverride(key: "serving.rankerNoise", text: "0.08", registry: TrialConfig.parameters).apply(to: &config)
        try TypedOverride(key: "arms.1.mechanism", text: "uir", registry: TrialConfig.parameters).apply(to: &config)
        try TypedOverride(key: "population.users", text: "1e4", registry: TrialConfig.parameters).apply(to: &config)
        try TypedOverride(key: "design", text: "twin", registry: TrialConfig.parameters).apply(to: &config)
        #expect(config.serving.rankerNoise == 0.08 && config.arms[1].mechanism == "uir" && config.population.users == 10_000 && config.design == .twin)
        #expect(throws: ConfigError.self) { try TypedOverride(key: "serving.rankrNoise", text: "0", registry: TrialConfig.parameters) }
        #expect(throws: ConfigError.self) { try TypedOverride(key: "design", text: "sideways", registry: TrialConfig.parameters) }
        #expect(throws: ConfigError.self) { try TypedOverride(key: "population.users", text: "many", registry: TrialConfig.parameters) }
        #expect(throws: ConfigError.self) { try TypedOverride(key: "population.tierShares", text: "0.5", registry: TrialConfig.parameters) }
        #expect(throws: ConfigError.self) {
            try TypedOverride(key: "arms.5.mechanism", text: "hmt", registry: TrialConfig.parameters).apply(to: &config)
        }
        do { _ = try TypedOverride(key: "design", text: "sideways", registry: TrialConfig.parameters) } catch {
            #expect(error.description.contains("one of symmetric"), "\(error.description)")
        }
    }

    @Test func rangeTextsSayTheBounds() {
        #expect(ParameterRange.closed(0, 100).text == "a number between 0 and 100")
        #expect(ParameterRange.aboveUpTo(0, 1e6).text == "a number > 0 and at most 1000000")
        #expect(ParameterRange.closed(-100, 1e9).text == "a number between −100 and 1e9")
        #expect(ParameterRange.fromBelow(0, 1, "a percentile").text == "a percentile ≥ 0 and below 1")
        #expect(ParameterRange.open(0, 1, "a probability").text == "a probability strictly between 0 and 1")
        #expect(!ParameterRange.open(0, 1).contains(0) && !ParameterRange.open(0, 1).contains(1) && ParameterRange.open(0, 1).contains(0.5))
        #expect(!ParameterRange.closed(0, 1).contains(.nan) && !ParameterRange.closed(0, 1e6).contains(.infinity))
        #expect(ParameterRange.fromBelow(0, 1).closedInterval.upperBound < 1)
    }
}
