import Foundation
import Yams

/// Encodes a value straight into a YAML node tree (no YAML text is written and parsed back): the
/// defaults a config file is laid over.
package enum NodeEncoder {
    package static func encode<T: Encodable>(_ value: T) throws -> Node {
        let slot = Slot()
        try value.encode(to: TreeEncoder(slot: slot, codingPath: []))
        return slot.node
    }

    /// One node under construction.
    final class Slot {
        enum Content { case empty, scalar(Node), mapping([(String, Slot)]), sequence([Slot]) }
        var content = Content.empty

        var node: Node {
            switch content {
            case .empty: return Node("null", Tag(.null), .plain)
            case let .scalar(node): return node
            case let .mapping(pairs): return .mapping(Node.Mapping(pairs.map { (Node($0.0), $0.1.node) }))
            case let .sequence(items): return .sequence(Node.Sequence(items.map(\.node)))
            }
        }

        func child(_ key: String) -> Slot {
            var pairs: [(String, Slot)] = []
            if case let .mapping(existing) = content { pairs = existing }
            if let found = pairs.first(where: { $0.0 == key }) { return found.1 }
            let slot = Slot()
            pairs.append((key, slot))
            content = .mapping(pairs)
            return slot
        }

        func makeMapping() { if case .mapping = content { return }; content = .mapping([]) }

        func append() -> Slot {
            var items: [Slot] = []
            if case let .sequence(existing) = content { items = existing }
            let slot = Slot()
            items.append(slot)
            content = .sequence(items)
            return slot
        }

        func makeSequence() { if case .sequence = content { return }; content = .sequence([]) }

        var count: Int {
            if case let .sequence(items) = content { return items.count }
            return 0
        }
    }

    /// A plain scalar the decoder resolves (numbers, flags) or a quoted string.
    static func scalar(_ value: Any) -> Node? {
        switch value {
        case let b as Bool: return Node(b ? "true" : "false", Tag(.implicit), .plain)
        case let s as String: return Node(s, Tag(.str), .singleQuoted)
        case let d as Double: return Node(number(d), Tag(.implicit), .plain)
        case let f as Float: return Node(number(Double(f)), Tag(.implicit), .plain)
        case let i as any BinaryInteger: return Node("\(i)", Tag(.implicit), .plain)
        default: return nil
        }
    }

    static func number(_ d: Double) -> String {
        if d.isNaN { return ".nan" }
        if d.isInfinite { return d > 0 ? ".inf" : "-.inf" }
        return "\(d)"
    }

    struct TreeEncoder: Encoder {
        let slot: Slot
        var codingPath: [any CodingKey]
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            slot.makeMapping()
            return KeyedEncodingContainer(Keyed<Key>(slot: slot, codingPath: codingPath))
        }
        func unkeyedContainer() -> any UnkeyedEncodingContainer { slot.makeSequence(); return Unkeyed(slot: slot, codingPath: codingPath) }
        func singleValueContainer() -> any SingleValueEncodingContainer { Single(slot: slot, codingPath: codingPath) }
    }

    static func put<T: Encodable>(_ value: T, into slot: Slot, path: [any CodingKey]) throws {
        if let node = scalar(value) { slot.content = .scalar(node); return }
        try value.encode(to: TreeEncoder(slot: slot, codingPath: path))
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let slot: Slot
        var codingPath: [any CodingKey]
        mutating func encodeNil(forKey key: Key) throws { slot.child(key.stringValue).content = .empty }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            try NodeEncoder.put(value, into: slot.child(key.stringValue), path: codingPath + [key])
        }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            let child = slot.child(key.stringValue)
            child.makeMapping()
            return KeyedEncodingContainer(Keyed<NestedKey>(slot: child, codingPath: codingPath + [key]))
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            let child = slot.child(key.stringValue)
            child.makeSequence()
            return Unkeyed(slot: child, codingPath: codingPath + [key])
        }
        mutating func superEncoder() -> any Encoder { TreeEncoder(slot: slot, codingPath: codingPath) }
        mutating func superEncoder(forKey key: Key) -> any Encoder { TreeEncoder(slot: slot.child(key.stringValue), codingPath: codingPath + [key]) }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let slot: Slot
        var codingPath: [any CodingKey]
        var count: Int { slot.count }
        mutating func encodeNil() throws { _ = slot.append() }
        mutating func encode<T: Encodable>(_ value: T) throws { try NodeEncoder.put(value, into: slot.append(), path: codingPath) }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            let child = slot.append()
            child.makeMapping()
            return KeyedEncodingContainer(Keyed<NestedKey>(slot: child, codingPath: codingPath))
        }
        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            let child = slot.append()
            child.makeSequence()
            return Unkeyed(slot: child, codingPath: codingPath)
        }
        mutating func superEncoder() -> any Encoder { TreeEncoder(slot: slot.append(), codingPath: codingPath) }
    }

    struct Single: SingleValueEncodingContainer {
        let slot: Slot
        var codingPath: [any CodingKey]
        mutating func encodeNil() throws { slot.content = .empty }
        mutating func encode<T: Encodable>(_ value: T) throws { try NodeEncoder.put(value, into: slot, path: codingPath) }
    }
}
