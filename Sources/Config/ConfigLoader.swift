import Foundation
import Yams

/// Reads YAML config files, turning every failure into a ``ConfigError``.
public enum ConfigLoader {
    /// An offline-game experiment (`simulate`, `compare`, `benchmark`).
    public static func load(path: String) throws(ConfigError) -> ExperimentConfig {
        try decode(ExperimentConfig.self, text: try read(path: path), path: path)
    }

    /// The text of a config file.
    public static func read(path: String) throws(ConfigError) -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .fileNotFound(path: path)
        }
        guard !isDirectory.boolValue else { throw .unreadable(path: path, reason: "it is a directory, not a file") }
        let data: Data
        do {
            data = try Data(contentsOf: UserPath.url(path))
        } catch {
            throw .unreadable(path: path, reason: "\(error.localizedDescription)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .unreadable(path: path, reason: "it is not UTF-8 text")
        }
        return text
    }

    /// Decodes an experiment from YAML `text`; `path` only names the source in errors.
    public static func decode(_ text: String, path: String = "<config>") throws(ConfigError) -> ExperimentConfig {
        try decode(ExperimentConfig.self, text: text, path: path)
    }

    /// Decodes YAML `text` as `T`.
    public static func decode<T: Decodable>(_ type: T.Type, text: String, path: String = "<config>") throws(ConfigError) -> T {
        // Parse first so that syntax errors are reported as unreadable data (exit 65).
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw .malformed(path: path, reason: oneLine("\(error)"))
        }
        guard let node, node.mapping != nil else {
            throw .malformed(path: path, reason: "the top level must be a mapping of keys such as name: and seed:")
        }
        do {
            if let defaulted = T.self as? any DefaultedConfig.Type {
                return try YAMLDecoder().decode(T.self, from: try ConfigOverlay.merged(defaulted, node: node))
            }
            return try YAMLDecoder().decode(T.self, from: node)
        } catch let error as ConfigError {
            throw error
        } catch let error as DecodingError {
            throw describe(error)
        } catch {
            throw .malformed(path: path, reason: oneLine("\(error)"))
        }
    }

    package static func describe(_ error: DecodingError) -> ConfigError {
        switch error {
        case let .typeMismatch(type, context), let .valueNotFound(type, context):
            return .invalidValue(field: ConfigPath.string(context.codingPath), value: "of the wrong type",
                                 allowed: expectation(for: type))
        case let .keyNotFound(key, context):
            return .missingKey(field: ConfigPath.string(context.codingPath + [key]), allowed: "a value")
        case let .dataCorrupted(context):
            return .invalidValue(field: ConfigPath.string(context.codingPath), value: "that cannot be read",
                                 allowed: oneLine(context.debugDescription))
        @unknown default:
            return .invalidValue(field: "(unknown)", value: "?", allowed: oneLine("\(error)"))
        }
    }

    package static func expectation(for type: Any.Type) -> String {
        switch type {
        case is Int.Type, is UInt64.Type: return "an integer"
        case is Double.Type: return "a number"
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        case is [Double].Type, is [Int].Type: return "a list of numbers"
        case is [[Double]].Type: return "a list of points (lists of numbers)"
        default: return "a value of type \(type)"
        }
    }

    package static func oneLine(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        // A YAML parser's message ("2:6: error: scanner: mapping values are not allowed in this
        // context: <source> ^") as the user needs it: where, and what.
        let pattern = /^(\d+):(\d+): error: (?:parser|scanner|composer|reader|emitter): (.*?)(?::\s.*\^)?$/
        guard let match = line.wholeMatch(of: pattern) else { return line }
        return "line \(match.1), column \(match.2): \(match.3)"
    }
}
