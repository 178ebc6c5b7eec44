import Config
import Foundation
import Trial

/// `manifest.json`: what a run was (name, design, seed, arms and their realised sizes), the
/// config file's text, and the resolved config — every value in force, defaults included — so a
/// folder can be re-run from its manifest alone.
package struct RunManifest: Codable, Sendable {
    package struct Arm: Codable, Sendable, Equatable {
        package var name: String
        package var mechanism: String
        /// Realised users and creators, one entry per market pair.
        package var users: [Int]
        package var creators: [Int]
    }

    package struct Split: Codable, Sendable, Equatable {
        package var users: Double
        package var creators: Double
    }

    package struct File: Codable, Sendable, Equatable {
        package var rows: Int
        package var sha256: String
    }

    package var name: String
    package var design: TrialDesign
    package var seed: UInt64
    package var days: Int
    package var replicates: Int
    package var version: String
    package var split: Split
    package var arms: [Arm]
    package var files: [String: File]
    /// The config file as it was given, verbatim.
    package var config: String
    /// The config in force: the file laid over every default, with the command line's seed and
    /// days. Absent in folders written before it was recorded.
    package var resolved: TrialConfig?
}

extension RunManifest {
    /// The resolved config's values that differ from TwinArm's defaults, by the parameter
    /// registry, in its order (the arms, which have no default, are left out).
    package var nonDefaultValues: [(key: String, value: String)] {
        guard let resolved else { return [] }
        let defaults = TrialConfig()
        return TrialConfig.parameters.entries.compactMap { p in
            guard !p.perArm, let value = p.value(in: resolved), value != p.value(in: defaults) else { return nil }
            return (p.key, value)
        }
    }
}
