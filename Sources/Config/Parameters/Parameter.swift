import Trial

/// One config parameter, declared once: its YAML key, what it means, what it allows, and how to
/// read and set it on a typed config. Validation, calibration domains, sweeps' `--set`, the
/// manifest's non-default line and the README's config reference all read the registry.
public struct Parameter<Root>: Sendable {
    /// What a value is.
    public enum Kind: Sendable, Equatable {
        case number, integer, seed, flag, text
        /// One of these names.
        case choice([String])
        /// A list of numbers (each in the range); set in a file, not by one `--set` value.
        case numbers
        /// A block or a value with its own rules (a mapping, or a number or `all`).
        case other(String)
    }

    /// The dotted YAML key; `arms.*.mechanism` stands for every arm's.
    public let key: String
    public let meaning: String
    public let kind: Kind
    /// Numbers and integers (and each element of a list): the values allowed.
    public let range: ParameterRange?
    /// The value in `root` as text (arm parameters: of arm `index`); nil when absent.
    let read: @Sendable (Root, Int?) -> String?
    /// The numbers to check against `range` (one, or a list's elements).
    let numbers: (@Sendable (Root, Int?) -> [Double])?
    /// Sets the value from a typed value; nil when one `--set` value cannot set it.
    let write: (@Sendable (inout Root, Int?, ParameterValue) throws(ConfigError) -> Void)?

    /// Whether the key stands for one value per arm (`arms.*.…`).
    public var perArm: Bool { key.hasPrefix("arms.*.") }

    /// What the parameter allows, in a refusal's words.
    public var allowed: String {
        switch kind {
        case .number, .integer: return range?.text ?? "a number"
        case .seed: return "a whole number between 0 and \(UInt64.max)"
        case .flag: return "true or false"
        case .text: return "text"
        case let .choice(names): return "one of \(names.joined(separator: ", "))"
        case .numbers: return "a list of numbers" + (range.map { ", each \($0.text)" } ?? "")
        case let .other(text): return text
        }
    }

    /// The value in `root`, as text (on the defaults: the default).
    public func value(in root: Root, arm: Int? = nil) -> String? { read(root, arm) }

    /// The number in `root` (nil for a parameter that is not one number).
    public func number(in root: Root, arm: Int? = nil) -> Double? {
        guard kind == .number || kind == .integer else { return nil }
        return numbers?(root, arm).first
    }

    /// A number as a value is written: `0.04`, `20`, `-5.92`.
    static func plain(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : "\(x)"
    }

    /// The value parsed from `--set`'s text (YAML's scalar rules: `0.04`, `true`, `hmt`).
    public func parse(_ text: String, field: String) throws(ConfigError) -> ParameterValue {
        let refuse = ConfigError.invalidValue(field: field, value: "'\(text)'", allowed: allowed)
        switch kind {
        case .number:
            guard let x = Double(text.trimmingCharacters(in: .whitespaces)), x.isFinite else { throw refuse }
            return .number(x)
        case .integer:
            guard let x = Int(text.trimmingCharacters(in: .whitespaces)) else {
                // YAML reads 1e3 as a number; a whole one is still an integer.
                if let d = Double(text), d == d.rounded(), abs(d) < 1e15 { return .integer(Int(d)) }
                throw refuse
            }
            return .integer(x)
        case .seed:
            guard let x = UInt64(text.trimmingCharacters(in: .whitespaces)) else { throw refuse }
            return .seed(x)
        case .flag:
            switch text.lowercased() {
            case "true", "yes", "on": return .flag(true)
            case "false", "no", "off": return .flag(false)
            default: throw refuse
            }
        case .text: return .text(text)
        case let .choice(names):
            guard names.contains(text) else { throw refuse }
            return .text(text)
        case .numbers:
            throw .invalidValue(field: field, value: "'\(text)'", allowed: "\(allowed), set in the config file (one --set value cannot give a list)")
        case .other:
            // Parameters with their own rules take a number or a name; validation checks the rest.
            if let x = Double(text), x.isFinite { return .number(x) }
            return .text(text)
        }
    }

    /// Refuses a value outside the range, naming `field` and the range.
    func check(_ root: Root, arm: Int?, field: String) throws(ConfigError) {
        guard let range, let numbers else { return }
        let values = numbers(root, arm)
        for x in values where !range.contains(x) {
            let shown = kind == .numbers ? "\(values)" : kind == .integer ? "\(Int(exactly: x) ?? 0)" : "\(x)"
            throw .invalidValue(field: field, value: shown, allowed: allowed)
        }
    }
}

/// A parameter's value, typed: what a sweep, a design, an A/A batch or a calibration sets.
public enum ParameterValue: Sendable, Equatable, CustomStringConvertible {
    case number(Double)
    case integer(Int)
    case seed(UInt64)
    case flag(Bool)
    case text(String)

    public var description: String {
        switch self {
        case let .number(x): return "\(x)"
        case let .integer(x): return "\(x)"
        case let .seed(x): return "\(x)"
        case let .flag(x): return "\(x)"
        case let .text(x): return x
        }
    }

    var double: Double? {
        switch self {
        case let .number(x): return x
        case let .integer(x): return Double(x)
        case let .seed(x): return Double(x)
        default: return nil
        }
    }
}

extension Parameter {
    /// A number at `path`.
    static func number(_ key: String, _ path: WritableKeyPath<Root, Double> & Sendable, _ range: ParameterRange, _ meaning: String) -> Parameter {
        Parameter(key: key, meaning: meaning, kind: .number, range: range,
                  read: { root, _ in plain(root[keyPath: path]) }, numbers: { root, _ in [root[keyPath: path]] },
                  write: { root, _, value in if let x = value.double { root[keyPath: path] = x } })
    }

    /// An integer at `path`.
    static func integer(_ key: String, _ path: WritableKeyPath<Root, Int> & Sendable, _ range: ParameterRange, _ meaning: String) -> Parameter {
        var range = range
        if range.noun == "a number" { range.noun = "an integer" }
        return Parameter(key: key, meaning: meaning, kind: .integer, range: range,
                         read: { root, _ in "\(root[keyPath: path])" }, numbers: { root, _ in [Double(root[keyPath: path])] },
                         write: { root, _, value in if case let .integer(x) = value { root[keyPath: path] = x } })
    }

    /// A list of numbers at `path`, each in `range`.
    static func numbers(_ key: String, _ path: WritableKeyPath<Root, [Double]> & Sendable, _ range: ParameterRange, _ meaning: String) -> Parameter {
        Parameter(key: key, meaning: meaning, kind: .numbers, range: range,
                  read: { root, _ in "[" + root[keyPath: path].map(plain).joined(separator: ", ") + "]" },
                  numbers: { root, _ in root[keyPath: path] }, write: nil)
    }

    /// One of a closed set of names at `path`.
    static func choice<C: ConfigChoice>(_ key: String, _ path: WritableKeyPath<Root, C> & Sendable, _ meaning: String) -> Parameter {
        Parameter(key: key, meaning: meaning, kind: .choice(C.allCases.map(\.rawValue)), range: nil,
                  read: { root, _ in root[keyPath: path].rawValue }, numbers: nil,
                  write: { root, _, value in if case let .text(name) = value, let c = C(rawValue: name) { root[keyPath: path] = c } })
    }

    /// Text at `path`.
    static func text(_ key: String, _ path: WritableKeyPath<Root, String> & Sendable, _ meaning: String) -> Parameter {
        Parameter(key: key, meaning: meaning, kind: .text, range: nil, read: { root, _ in root[keyPath: path] }, numbers: nil,
                  write: { root, _, value in root[keyPath: path] = value.description })
    }

    /// A seed at `path`.
    static func seed(_ key: String, _ path: WritableKeyPath<Root, UInt64> & Sendable, _ meaning: String) -> Parameter {
        Parameter(key: key, meaning: meaning, kind: .seed, range: nil, read: { root, _ in "\(root[keyPath: path])" }, numbers: nil,
                  write: { root, _, value in if case let .seed(x) = value { root[keyPath: path] = x } })
    }

    /// A flag at `path`.
    static func flag(_ key: String, _ path: WritableKeyPath<Root, Bool> & Sendable, _ meaning: String) -> Parameter {
        Parameter(key: key, meaning: meaning, kind: .flag, range: nil, read: { root, _ in "\(root[keyPath: path])" }, numbers: nil,
                  write: { root, _, value in if case let .flag(x) = value { root[keyPath: path] = x } })
    }
}

