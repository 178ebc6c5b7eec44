import Simulation

/// Builds a mechanism from its config name and optional mappings; shared by every command.
package enum MechanismFactory {
    /// - Parameters:
    ///   - field: how to name the mechanism in an error (`mechanism.name`, `arms[1].mechanism`, `--mechanism`).
    ///   - path: the config path that holds `truncation` and `temperature`.
    ///   - defaultTruncation: HMT's mapping when the config gives none.
    package static func make(name: String, field: String, truncation: MappingConfig?, temperature: MappingConfig?, path: String,
                     defaultTruncation: String = "scaled") throws(ConfigError) -> any Mechanism {
        guard let kind = MechanismKind(rawValue: name) else {
            throw .invalidValue(field: field, value: "'\(name)'", allowed: MechanismKind.allowedNames)
        }
        switch kind {
        case .control: return Control()
        case .uir: return UserImportanceReweighting()
        case .newitem: return NewItemBoost()
        case .exposure: return ProviderExposure()
        case .bandit: return ContextualBandit()
        case .smt:
            let config = temperature ?? MappingConfig()
            switch config.kind {
            case "scaled": return SoftMatchingTruncation(mapping: .scaled)
            case "table":
                return SoftMatchingTruncation(mapping: .table(try table(config, field: "\(path).temperature", values: 0...1e6,
                    allowed: "temperatures between 0 and 1e6")))
            default: throw .invalidValue(field: "\(path).temperature.kind", value: "'\(config.kind)'", allowed: "scaled, table")
            }
        case .hmt:
            let config = truncation ?? MappingConfig(kind: defaultTruncation)
            switch config.kind {
            case "scaled": return HardMatchingTruncation(mapping: .scaled)
            case "table":
                return HardMatchingTruncation(mapping: .table(try table(config, field: "\(path).truncation", values: 1...1e7,
                    allowed: "truncations K between 1 and 10000000")))
            case "percentile":
                let t = try table(config, field: "\(path).truncation", values: 0...1, allowed: "percentiles between 0 and 1")
                return HardMatchingTruncation(mapping: .percentile(t))
            default:
                throw .invalidValue(field: "\(path).truncation.kind", value: "'\(config.kind)'", allowed: "scaled, table, percentile")
            }
        }
    }

    /// The config's step table, every value within `values`.
    private static func table(_ config: MappingConfig, field: String, values range: ClosedRange<Double>, allowed: String) throws(ConfigError) -> StepTable {
        let t = try table(config, field: field)
        guard t.values.allSatisfy(range.contains) else { throw .invalidValue(field: "\(field).values", value: t.values.description, allowed: allowed) }
        return t
    }

    private static func table(_ config: MappingConfig, field: String) throws(ConfigError) -> StepTable {
        if config.kind == "percentile", config.thresholds == nil, config.values == nil { return .hmtPercentiles }
        guard let thresholds = config.thresholds, let values = config.values else {
            throw .missingKey(field: "\(field).thresholds/values", allowed: "both lists, with one more value than thresholds")
        }
        do {
            return try StepTable(thresholds: thresholds, values: values)
        } catch {
            throw .invalidValue(field: "\(field).values", value: values.description, allowed: error.description)
        }
    }
}
