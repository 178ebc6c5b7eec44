import Config
import Runs
import Sweeps

/// A study's tasks resolved to trials: the base config (the file's, with the manifest's `base`
/// values and, for an A/A batch, both arms on production), and each task's config from it by
/// typed overrides through the parameter registry. No YAML text is produced or edited.
package struct StudyPlan: Sendable {
    package let manifest: SweepManifest
    /// The base every task starts from.
    package let base: TrialConfig

    /// From a manifest read off disk (another process, a Slurm node): its config text is decoded once.
    package init(manifest: SweepManifest, path: String = "tasks.json") throws(ConfigError) {
        let file = try ConfigLoader.decode(TrialConfig.self, text: manifest.config, path: path)
        try self.init(manifest: manifest, config: file)
    }

    /// From the file's config as this process already decoded it (`file`: no command-line values
    /// applied; the manifest's `base` carries them).
    package init(manifest: SweepManifest, config file: TrialConfig) throws(ConfigError) {
        self.manifest = manifest
        var base = file
        for o in manifest.base { try TypedOverride(key: o.key, text: o.value, registry: TrialConfig.parameters).apply(to: &base) }
        if manifest.aa || manifest.calibration != nil { base = base.aa }
        self.base = base
    }

    /// The significance level every task of the study computes at, and so the level its collection states.
    package var alpha: Double { base.alpha }

    /// The trial of a grid point: the base with `overrides` set, validated.
    package func trial(_ overrides: [Override]) throws(ConfigError) -> LoadedTrial {
        var config = base
        for o in overrides { try TypedOverride(key: o.key, text: o.value, registry: TrialConfig.parameters).apply(to: &config) }
        return try LoadedTrial(config: config, text: manifest.config)
    }

    /// Checks that every grid point makes a valid trial, before anything runs; the error names the point.
    package func checkEveryPoint(_ points: [[Override]]) throws(StudyError) {
        for point in points {
            do { _ = try trial(point) } catch {
                throw .point(point.map { "\($0.key)=\($0.value)" }.joined(separator: ", "), error)
            }
        }
    }
}

/// A study that cannot start or finish, phrased once (by `main`).
package enum StudyError: ReportedFailure {
    /// A grid point makes an invalid trial.
    case point(String, ConfigError)

    package var description: String {
        switch self {
        case let .point(label, error): return "\(label): \(error.description)"
        }
    }

    package var exitCode: Int32 {
        switch self {
        case let .point(_, error): return error.exitCode
        }
    }
}
