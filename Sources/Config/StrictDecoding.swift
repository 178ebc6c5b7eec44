/// A coding key for whatever key a YAML mapping holds.
package struct AnyCodingKey: CodingKey {
    package var stringValue: String
    package var intValue: Int?
    package init(stringValue: String) { self.stringValue = stringValue }
    package init?(intValue: Int) { self.stringValue = String(intValue); self.intValue = intValue }
}

extension Decoder {
    /// The dotted path of this decoder's position, e.g. `matching.k`.
    package var fieldPath: String { ConfigPath.string(codingPath) }

    /// Throws ``ConfigError/unknownKey(field:allowed:)`` for any key outside `allowed`.
    package func rejectUnknownKeys(allowed: [String]) throws {
        let container = try container(keyedBy: AnyCodingKey.self)
        for key in container.allKeys where !allowed.contains(key.stringValue) {
            throw ConfigError.unknownKey(field: ConfigPath.string(codingPath + [key]), allowed: allowed)
        }
    }

    /// Same as ``rejectUnknownKeys(allowed:)`` with the cases of a `CodingKeys` enum.
    package func rejectUnknownKeys<Keys: CodingKey & CaseIterable>(_ keys: Keys.Type) throws {
        try rejectUnknownKeys(allowed: Keys.allCases.map(\.stringValue))
    }
}

package enum ConfigPath {
    package static func string(_ path: [any CodingKey]) -> String {
        var out = ""
        for key in path {
            if let index = key.intValue {
                out += "[\(index)]"
            } else {
                out += out.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return out.isEmpty ? "(top level)" : out
    }
}
