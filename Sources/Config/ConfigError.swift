/// A failure a command reports as one `twinarm: error:` line with a documented exit status.
public protocol ReportedFailure: Error, CustomStringConvertible {
    var exitCode: Int32 { get }
}

/// A problem with a config file, phrased so the user knows what to change.
public enum ConfigError: ReportedFailure, Equatable {
    /// A field holds a value outside what is allowed.
    case invalidValue(field: String, value: String, allowed: String)
    /// A key that TwinArm does not know (often a typo).
    case unknownKey(field: String, allowed: [String])
    /// A required key is absent.
    case missingKey(field: String, allowed: String)
    /// The config file does not exist.
    case fileNotFound(path: String)
    /// The file exists but cannot be read as text.
    case unreadable(path: String, reason: String)
    /// The file is not valid YAML.
    case malformed(path: String, reason: String)
    /// A file a config or an option names (an embeddings file, a targets file) does not exist.
    case inputNotFound(path: String, what: String)
    /// Such a file exists but is not what it should be (`what`: "embeddings file", …).
    case badInput(path: String, what: String, reason: String)

    public var description: String {
        switch self {
        case let .invalidValue(field, value, allowed):
            return "config field '\(field)' has value \(value); allowed: \(allowed)"
        case let .unknownKey(field, allowed):
            return "config field '\(field)' is not a known key; allowed here: \(allowed.joined(separator: ", "))"
        case let .missingKey(field, allowed):
            return "config field '\(field)' is missing; allowed: \(allowed)"
        case let .fileNotFound(path):
            return "config file '\(path)' does not exist; pass the path of a YAML experiment such as experiments/paper-toy.yaml"
        case let .unreadable(path, reason):
            return "config file '\(path)' cannot be read: \(reason)"
        case let .malformed(path, reason):
            return "config file '\(path)' is not valid YAML: \(reason)"
        case let .inputNotFound(path, what):
            return "\(what) '\(path)' does not exist"
        case let .badInput(path, what, reason):
            return "\(what) '\(path)': \(reason)"
        }
    }

    /// The process exit status: 64 (usage) for a wrong config, 65 (data) for unreadable data.
    public var exitCode: Int32 {
        switch self {
        case .unreadable, .malformed, .badInput: return 65
        case .inputNotFound: return 66
        default: return 64
        }
    }
}
