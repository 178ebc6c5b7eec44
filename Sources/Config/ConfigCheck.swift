/// Throws ``ConfigError/invalidValue(field:value:allowed:)`` unless `ok`: the one way validators reject a value.
package func require(_ ok: Bool, _ field: String, _ value: some CustomStringConvertible, _ allowed: String) throws(ConfigError) {
    if !ok { throw .invalidValue(field: field, value: value.description, allowed: allowed) }
}
