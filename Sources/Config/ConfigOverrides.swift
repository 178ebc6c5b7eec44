import Sweeps
import Yams

/// Sets dotted config keys (`serving.rankerNoise`, `arms.1.mechanism`) in a config's YAML text,
/// for sweeps: the result decodes and validates like any file, so a bad key or value is the usual
/// one-line config error.
package enum ConfigOverrides {
    /// `text` with every override applied (later ones win).
    package static func apply(_ overrides: [Override], to text: String, path: String) throws(ConfigError) -> String {
        guard !overrides.isEmpty else { return text }
        let parsed: Node?
        do { parsed = try Yams.compose(yaml: text) } catch { throw .malformed(path: path, reason: "\(error)") }
        guard var node = parsed, node.mapping != nil else {
            throw .malformed(path: path, reason: "the top level must be a mapping of keys such as name: and seed:")
        }
        for o in overrides {
            let components = o.key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard !components.contains(where: \.isEmpty) else {
                throw .invalidValue(field: o.key, value: "'\(o.key)'", allowed: "a dotted key such as serving.rankerNoise or arms.1.mechanism")
            }
            // A plain scalar: YAML's own rules make 0.04 a number, true a flag and hmt a string.
            node = try set(node, components[...], to: Node(o.value, Tag(.implicit), .plain), key: o.key)
        }
        do {
            return try Yams.serialize(node: node)
        } catch {
            throw .malformed(path: path, reason: "\(error)")
        }
    }

    private static func set(_ node: Node, _ path: ArraySlice<String>, to value: Node, key: String) throws(ConfigError) -> Node {
        guard let head = path.first else { return value }
        if case var .sequence(items) = node {
            guard let index = Int(head), index >= 0, index < items.count else {
                throw .invalidValue(field: key, value: "index '\(head)'", allowed: "an index from 0 to \(items.count - 1) (the list has \(items.count) entries)")
            }
            let position = items.index(items.startIndex, offsetBy: index)
            items[position] = try set(items[position], path.dropFirst(), to: value, key: key)
            return .sequence(items)
        }
        guard var mapping = node.mapping else {
            let parent = key.split(separator: ".").dropLast(path.count).joined(separator: ".")
            throw .invalidValue(field: key, value: "below '\(parent)'", allowed: "keys only inside a mapping; '\(parent)' is a single value")
        }
        let child = mapping[head] ?? (path.count > 1 ? .mapping(Node.Mapping([])) : value)
        mapping[head] = try set(child, path.dropFirst(), to: value, key: key)
        return .mapping(mapping)
    }
}
