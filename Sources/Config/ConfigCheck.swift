/// Throws ``ConfigError/invalidValue(field:value:allowed:)`` unless `ok`: for fields whose name is
/// only known at run time (an arm's index, a command-line override).
func require(_ ok: Bool, _ field: String, _ value: some CustomStringConvertible, _ allowed: String) throws(ConfigError) {
    if !ok { throw .invalidValue(field: field, value: value.description, allowed: allowed) }
}

/// A config field named by its key path: the dotted name an error shows is derived from the key
/// path, its property names mapped to their YAML keys, so no validator types a field's name again.
package enum ConfigField {
    /// Properties whose YAML key differs from their name (the spec types' `CodingKeys`).
    static let yamlKeys = ["creatorFraction": "creators", "userFraction": "users"]

    /// `\TrialConfig.split.userFraction` → `split.users`.
    package static func name(_ key: AnyKeyPath) -> String {
        let text = String(describing: key)
        guard let dot = text.firstIndex(of: ".") else { return text }
        return text[text.index(after: dot)...].split(separator: ".").map { yamlKeys[String($0)] ?? String($0) }.joined(separator: ".")
    }
}

/// A config whose validators name fields by key path.
package protocol KeyPathValidated {}

extension KeyPathValidated {
    /// Throws ``ConfigError/invalidValue(field:value:allowed:)`` naming `key`'s field unless `ok`
    /// holds for its value; the error shows the value, or `shown` when the check is on a derived one.
    package func check<Value>(_ key: KeyPath<Self, Value>, _ allowed: @autoclosure () -> String, shown: (any CustomStringConvertible)? = nil,
                              _ ok: (Value) -> Bool) throws(ConfigError) {
        let value = self[keyPath: key]
        if !ok(value) {
            throw .invalidValue(field: ConfigField.name(key), value: shown.map(\.description) ?? "\(value)", allowed: allowed())
        }
    }
}

extension TrialConfig: KeyPathValidated {}
extension ExperimentConfig: KeyPathValidated {}
