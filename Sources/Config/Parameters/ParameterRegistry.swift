/// Every parameter of a config type, declared once, looked up by dotted key.
public struct ParameterRegistry<Root>: Sendable {
    public let entries: [Parameter<Root>]
    private let byKey: [String: Int]

    public init(_ entries: [Parameter<Root>]) {
        self.entries = entries
        var byKey = [String: Int]()
        for (i, p) in entries.enumerated() {
            precondition(byKey[p.key] == nil, "parameter \(p.key) is declared twice")
            byKey[p.key] = i
        }
        self.byKey = byKey
    }

    /// The parameter of a dotted key, and the arm index for `arms.N.…`.
    public func resolve(_ key: String) -> (parameter: Parameter<Root>, arm: Int?)? {
        if let i = byKey[key] { return (entries[i], nil) }
        let parts = key.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false)
        if parts.count == 3, parts[0] == "arms", let arm = Int(parts[1]), let i = byKey["arms.*.\(parts[2])"] {
            return (entries[i], arm)
        }
        return nil
    }

    public subscript(key: String) -> Parameter<Root>? { byKey[key].map { entries[$0] } }

    /// Every key the registry knows, in declaration order.
    public var keys: [String] { entries.map(\.key) }
}

/// A value set on a config by its registry entry: what sweeps, design studies, A/A batches and
/// calibrations vary. Written as `key=value` in a task manifest; parsed once, applied to the
/// typed config, never to YAML text.
public struct TypedOverride<Root>: Sendable {
    public let key: String
    public let parameter: Parameter<Root>
    public let arm: Int?
    public let value: ParameterValue

    /// `key` resolved in `registry` and `text` parsed by its parameter; one-line errors name the key.
    public init(key: String, text: String, registry: ParameterRegistry<Root>) throws(ConfigError) {
        let key = key.trimmingCharacters(in: .whitespaces)
        guard let (parameter, arm) = registry.resolve(key) else {
            throw .unknownKey(field: key, allowed: ["a parameter of the config reference, e.g. serving.rankerNoise or arms.1.mechanism"])
        }
        guard parameter.write != nil else {
            throw .invalidValue(field: key, value: "'\(text)'", allowed: "\(parameter.allowed), set in the config file")
        }
        self.key = key
        self.parameter = parameter
        self.arm = arm
        self.value = try parameter.parse(text, field: key)
    }

    /// A typed value for a parameter (a calibration's number, an A/A batch's setting).
    public init(parameter: Parameter<Root>, arm: Int?, value: ParameterValue) {
        self.key = parameter.key
        self.parameter = parameter
        self.arm = arm
        self.value = value
    }

    /// `root` with the value set (validation of the result is the config's own).
    public func apply(to root: inout Root) throws(ConfigError) {
        try parameter.write?(&root, arm, value)
    }
}

extension ParameterRegistry {
    /// Refuses `value` of `key` (the effective value, a default substituted) outside the registry's range.
    public func require(_ key: String, _ value: Double, shown: String? = nil) throws(ConfigError) {
        guard let parameter = self[key], let range = parameter.range, !range.contains(value) else { return }
        let written = parameter.kind == .integer ? Int(exactly: value).map(String.init) ?? "\(value)" : "\(value)"
        throw .invalidValue(field: key, value: shown ?? written, allowed: range.text)
    }

    /// Every value in `root` outside its parameter's range (lists element by element), for keys not per arm.
    public func checkScalarRanges(_ root: Root, keys: Set<String>? = nil) throws(ConfigError) {
        for parameter in entries where parameter.range != nil && !parameter.perArm && (keys?.contains(parameter.key) ?? true) {
            try parameter.check(root, arm: nil, field: parameter.key)
        }
    }
}

extension ParameterRegistry where Root == TrialConfig {
    /// Refuses the first value outside its parameter's range, naming the field and the range
    /// (an arm's as `arms[i].…`); `except` skips keys a caller checks under another name.
    public func checkRanges(_ config: TrialConfig, except: Set<String> = []) throws(ConfigError) {
        try checkScalarRanges(config, keys: Set(keys).subtracting(except))
        for parameter in entries where parameter.range != nil && parameter.perArm {
            for i in config.arms.indices {
                try parameter.check(config, arm: i, field: "arms[\(i)].\(parameter.key.dropFirst("arms.*.".count))")
            }
        }
    }
}
