import Foundation

/// The one JSON style of every file TwinArm writes: sorted keys, indented, a final newline, and
/// non-finite numbers as the strings `inf`, `-inf` and `nan`.
package enum RunJSON {
    package static func encode<Value: Encodable>(_ value: Value) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(value) + Data("\n".utf8)
    }

    package static func decode<Value: Decodable>(_ type: Value.Type, from data: Data) throws -> Value {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode(type, from: data)
    }

    /// A value's leaves as dotted keys (`serving.rankerNoise`, `arms.1.mechanism`) and their JSON text, in key order.
    package static func flatten<Value: Encodable>(_ value: Value) -> [(key: String, value: String)] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(value), let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else { return [] }
        var out = [(key: String, value: String)]()
        func walk(_ node: Any, _ path: String) {
            if let dictionary = node as? [String: Any] {
                for key in dictionary.keys.sorted() { walk(dictionary[key]!, path.isEmpty ? key : "\(path).\(key)") }
            } else if let array = node as? [Any] {
                for (k, item) in array.enumerated() { walk(item, "\(path).\(k)") }
            } else if let leaf = try? JSONSerialization.data(withJSONObject: node, options: [.fragmentsAllowed, .sortedKeys]) {
                out.append((path, String(decoding: leaf, as: UTF8.self)))
            }
        }
        walk(object, "")
        return out
    }

    /// Whether `value` holds an infinite or NaN number anywhere (the plain encoder refuses them).
    package static func hasNonFinite<Value: Encodable>(_ value: Value) -> Bool {
        do { _ = try JSONEncoder().encode(value); return false } catch { return true }
    }
}
