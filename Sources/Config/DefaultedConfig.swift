import Yams

/// A config whose every default is the value of a property initialiser: decoding lays the
/// file's mapping over the encoded defaults and decodes the result, so no default is written twice.
public protocol DefaultedConfig: Codable {
    init()
    /// Top-level keys a file must give, with what is allowed there.
    static var requiredKeys: [String: String] { get }
    /// Dotted keys whose value the file replaces whole instead of merging key by key (a
    /// mapping whose allowed keys depend on one of its values, such as `environment.kind`).
    static var replacedWhole: Set<String> { get }
}

extension DefaultedConfig {
    public static var replacedWhole: Set<String> { [] }
}

package enum ConfigOverlay {
    /// The defaults of `T` as a YAML node, encoded straight into the tree (no text).
    package static func defaults<T: DefaultedConfig>(_ type: T.Type) -> Node {
        // Encoding plain value types into a node tree cannot fail.
        (try? NodeEncoder.encode(T())) ?? .mapping(Node.Mapping([]))
    }

    /// `user` laid over `base`: mappings merge key by key (recursively), anything else replaces.
    /// A key of `user` that `base` lacks is an unknown key.
    package static func overlay(_ user: Node, onto base: Node, path: [String], whole: Set<String> = []) throws(ConfigError) -> Node {
        guard let given = user.mapping, var merged = base.mapping else { return user }
        let allowed = Array(merged.keys.compactMap(\.string))
        for (key, value) in given {
            guard let name = key.string else {
                throw .unknownKey(field: (path + ["\(key)"]).joined(separator: "."), allowed: allowed)
            }
            guard let current = merged[name] else {
                throw .unknownKey(field: (path + [name]).joined(separator: "."), allowed: allowed)
            }
            let key = path + [name]
            merged[name] = whole.contains(key.joined(separator: ".")) ? value : try overlay(value, onto: current, path: key, whole: whole)
        }
        return .mapping(merged)
    }

    /// Checks required keys, then lays `node` over the defaults of `T`.
    package static func merged<T: DefaultedConfig>(_ type: T.Type, node: Node) throws(ConfigError) -> Node {
        for (key, allowed) in T.requiredKeys.sorted(by: { $0.key < $1.key }) where node.mapping?[key] == nil {
            throw .missingKey(field: key, allowed: allowed)
        }
        return try overlay(node, onto: defaults(T.self), path: [], whole: T.replacedWhole)
    }
}
