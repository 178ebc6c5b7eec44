import Foundation

/// What a design study (`twinarm design`) compares: experiment designs at fractions of the
/// platform per arm, each against the whole platform's twin (the GTE), over seeds.
///
/// The plan lives in the sweep manifest, so a study's tasks run, resume and go to Slurm like a
/// sweep's. Designs are named as a config's `design` key names them.
public struct DesignPlan: Codable, Sendable, Equatable {
    /// `symmetric`, `user`, `creator`, `two-sided`.
    public var designs: [String]
    /// Fractions of the platform's users and creators per arm.
    public var fractions: [Double]

    public static let defaultDesigns = ["symmetric", "user", "creator", "two-sided"]
    public static let defaultFractions = [0.01, 0.03, 0.10, 0.25, 0.50]

    public init(designs: [String] = Self.defaultDesigns, fractions: [Double] = Self.defaultFractions) {
        self.designs = designs
        self.fractions = fractions
    }

    /// The whole platform as a twin: the same units and random numbers under control and under the
    /// treatment; its difference is the global treatment effect.
    public static let gteOverrides = [Override(key: "design", value: "twin"), Override(key: "split.users", value: "1"),
                                      Override(key: "split.creators", value: "1")]

    /// A design at a fraction per arm, as config overrides.
    public static func overrides(design: String, fraction: Double) -> [Override] {
        let f = Self.text(fraction)
        return [Override(key: "design", value: design), Override(key: "split.users", value: f), Override(key: "split.creators", value: f)]
    }

    /// Every grid point: the GTE first, then design by design, fraction by fraction.
    public var points: [[Override]] {
        [Self.gteOverrides] + designs.flatMap { d in fractions.map { Self.overrides(design: d, fraction: $0) } }
    }

    /// A fraction as written in overrides and tables (shortest form that reads back exactly).
    public static func text(_ fraction: Double) -> String {
        var s = String(format: "%.6f", fraction)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }
}

extension SweepManifest {
    /// A design study's manifest: every point of `plan` × every seed, in that order.
    public init(name: String, config: String, base: [Override] = [], aa: Bool = false, seeds: [UInt64], design plan: DesignPlan) {
        self.init(name: name, config: config, base: base, aa: aa, parameters: [], seeds: seeds)
        design = plan
        let content = SweepTask.content(config: config, base: base, aa: aa)
        tasks = plan.points.flatMap { overrides in seeds.map { (overrides, $0) } }.enumerated().map { index, task in
            SweepTask(index: index, overrides: task.0, seed: task.1, config: content)
        }
    }
}
