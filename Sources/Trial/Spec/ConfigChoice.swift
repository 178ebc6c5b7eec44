/// A closed set of named choices in a config (`design: twin`, `serving.selection: best` …).
///
/// Decoding an unknown name fails with a message that lists the allowed names, which the CLI
/// turns into its one-line error.
public protocol ConfigChoice: RawRepresentable<String>, CaseIterable, Codable, Sendable {}

extension ConfigChoice {
    /// The allowed names, in declaration order.
    public static var allowedNames: String { allCases.map(\.rawValue).joined(separator: ", ") }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = Self(rawValue: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "one of \(Self.allowedNames) (got '\(text)')"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}
