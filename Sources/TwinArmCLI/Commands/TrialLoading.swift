import ArgumentParser
import Trial
import Config
import Runs

/// A trial config read, decoded and validated, as every trial command needs it.
struct LoadedTrial {
    var config: TrialConfig
    var spec: TrialSpec
    /// The file's text, kept verbatim in `manifest.json`.
    var text: String

    /// Loads `path`, applying `days` and `replicates` overrides; on a bad config prints the
    /// one-line error and exits with 64 (65 for unreadable data).
    static func load(_ path: String, days: Int? = nil, replicates: Int? = nil) throws -> LoadedTrial {
        do throws(ConfigError) {
            return try parse(try ConfigLoader.read(path: path), path: path, days: days, replicates: replicates)
        } catch {
            throw error.reported()
        }
    }

    /// Decodes and validates a config's text; `path` only names it in errors.
    static func parse(_ text: String, path: String, days: Int? = nil, replicates: Int? = nil) throws(ConfigError) -> LoadedTrial {
        var config = try ConfigLoader.decode(TrialConfig.self, text: text, path: path)
        if let replicates { config.replicates = replicates }
        return LoadedTrial(config: config, spec: try config.makeSpec(days: days), text: text)
    }
}
