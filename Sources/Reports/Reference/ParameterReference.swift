import Config

/// The README's config references, generated from the parameter registries (never typed twice):
/// one row per parameter with its default, what it allows and what it means.
public enum ParameterReference {
    /// The trial config's reference table.
    public static var trial: Table { table(TrialConfig.parameters, defaults: TrialConfig()) }

    /// The offline game's reference table.
    public static var offline: Table { table(ExperimentConfig.parameters, defaults: ExperimentConfig()) }

    static func table<Root>(_ registry: ParameterRegistry<Root>, defaults: Root) -> Table {
        var table = Table([.left("key"), .left("default"), .left("allowed"), .left("meaning")])
        for p in registry.entries {
            let value = p.perArm ? nil : p.value(in: defaults)
            let shown: Inline = value.map { $0.isEmpty ? "empty" : Inline.code($0) } ?? "—"
            table.add([.code(p.key.replacingOccurrences(of: "arms.*.", with: "arms[i].")), shown, Inline(p.allowed), Inline(p.meaning)])
        }
        return table
    }

    /// The markers around a generated table in the README.
    public static func markers(_ name: String) -> (begin: String, end: String) {
        ("<!-- generated: twinarm parameters \(name) -->", "<!-- end of generated table -->")
    }
}
