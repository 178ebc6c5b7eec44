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

    /// Whether `value` holds an infinite or NaN number anywhere (the plain encoder refuses them).
    package static func hasNonFinite<Value: Encodable>(_ value: Value) -> Bool {
        do { _ = try JSONEncoder().encode(value); return false } catch { return true }
    }
}
