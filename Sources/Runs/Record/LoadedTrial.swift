import Config
import Foundation
import Trial

/// A trial config read, decoded and validated, as every trial command needs it: from a YAML
/// file, or from a run folder's `manifest.json` (its resolved config, so the folder re-runs to
/// the same bytes).
package struct LoadedTrial: Sendable {
    /// The config in force, command-line overrides included: what the manifest records as `resolved`.
    package var config: TrialConfig
    package var spec: TrialSpec
    /// The file's text, kept verbatim in `manifest.json` (a manifest's own `config` when re-run from one).
    package var text: String

    private init(checked config: TrialConfig, spec: TrialSpec, text: String) {
        self.config = config
        self.spec = spec
        self.text = text
    }

    /// Loads `path` (a YAML config or a `manifest.json`), applying the overrides.
    package static func load(_ path: String, seed: UInt64? = nil, days: Int? = nil, replicates: Int? = nil,
        alpha: Double? = nil) throws(ConfigError) -> LoadedTrial {
        let text = try ConfigLoader.read(path: path)
        guard path.hasSuffix(".json") else { return try parse(text, path: path, seed: seed, days: days, replicates: replicates, alpha: alpha) }
        let manifest: RunManifest
        do { manifest = try RunJSON.decode(RunManifest.self, from: Data(text.utf8)) } catch {
            throw .malformed(path: path, reason: "not a manifest.json TwinArm wrote (\(RunRecord.reason(error)))")
        }
        guard let resolved = manifest.resolved else {
            throw .invalidValue(field: "resolved", value: "absent",
                allowed: "a manifest.json written by TwinArm 0.1.0 or later, which records the resolved config")
        }
        return try resolve(resolved, text: manifest.config, seed: seed, days: days, replicates: replicates, alpha: alpha)
    }

    /// Decodes and validates a config's text; `path` only names it in errors.
    package static func parse(_ text: String, path: String, seed: UInt64? = nil, days: Int? = nil, replicates: Int? = nil,
        alpha: Double? = nil) throws(ConfigError) -> LoadedTrial {
        let config: TrialConfig
        do { config = try ConfigLoader.decode(TrialConfig.self, text: text, path: path) } catch {
            // An offline experiment (the game of `simulate`) has an environment and no arms.
            if case .missingKey(field: "arms", _) = error, text.split(whereSeparator: \.isNewline).contains(where: { $0.hasPrefix("environment:") }) {
                throw .invalidValue(field: "environment", value: "an offline experiment's block",
                                    allowed: "a trial config (arms:, population:, …); '\(path)' is an offline experiment: run it with `twinarm simulate`")
            }
            throw error
        }
        return try resolve(config, text: text, seed: seed, days: days, replicates: replicates, alpha: alpha)
    }

    /// A config already decoded in this process, validated into its spec (no text is parsed).
    package init(config: TrialConfig, text: String) throws(ConfigError) {
        self = try Self.resolve(config, text: text, seed: nil, days: nil, replicates: nil, alpha: nil)
    }

    private static func resolve(_ config: TrialConfig, text: String, seed: UInt64?, days: Int?, replicates: Int?,
        alpha: Double?) throws(ConfigError) -> LoadedTrial {
        var config = config
        if let replicates { config.replicates = replicates }
        if let seed { config.seed = seed }
        if let alpha { config.alpha = alpha }
        let spec = try config.makeSpec(days: days)
        config.days = spec.days
        return LoadedTrial(checked: config, spec: spec, text: text)
    }
}
