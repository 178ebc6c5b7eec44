/// A run of report text: plain text with code and strong spans, built by string interpolation
/// (`"Did \(code: arm) change …"`), so no renderer ever parses markup out of a string.
public struct Inline: Sendable, Equatable, Hashable, ExpressibleByStringInterpolation, CustomStringConvertible {
    public enum Span: Sendable, Equatable, Hashable {
        case text(String)
        case code(String)
        case strong(String)
    }

    public var spans: [Span]

    public init(spans: [Span]) { self.spans = spans.filter { if case .text("") = $0 { return false }; return true } }
    public init(_ text: String) { self.init(spans: [.text(text)]) }
    public init(stringLiteral value: String) { self.init(value) }
    public init(stringInterpolation: Interpolation) { self.init(spans: stringInterpolation.spans) }

    public static func code(_ text: String) -> Inline { Inline(spans: [.code(text)]) }
    public static func strong(_ text: String) -> Inline { Inline(spans: [.strong(text)]) }

    /// The words without any markup (for a page title or an SVG label).
    public var plain: String {
        spans.map { span in
            switch span {
            case let .text(t), let .code(t), let .strong(t): return t
            }
        }.joined()
    }

    public var description: String { plain }
    public var isEmpty: Bool { spans.isEmpty }

    public static func + (lhs: Inline, rhs: Inline) -> Inline { Inline(spans: lhs.spans + rhs.spans) }
    public static func += (lhs: inout Inline, rhs: Inline) { lhs = lhs + rhs }

    /// `items` joined by `separator`.
    public static func joined(_ items: [Inline], separator: Inline = ", ") -> Inline {
        var out = Inline(spans: [])
        for (i, item) in items.enumerated() {
            if i > 0 { out += separator }
            out += item
        }
        return out
    }

    public struct Interpolation: StringInterpolationProtocol {
        var spans: [Span] = []
        public init(literalCapacity: Int, interpolationCount: Int) {}
        public mutating func appendLiteral(_ literal: String) { spans.append(.text(literal)) }
        public mutating func appendInterpolation(_ value: some CustomStringConvertible) { spans.append(.text(value.description)) }
        public mutating func appendInterpolation(_ value: Inline) { spans += value.spans }
        public mutating func appendInterpolation(code: some CustomStringConvertible) { spans.append(.code(code.description)) }
        public mutating func appendInterpolation(strong: some CustomStringConvertible) { spans.append(.strong(strong.description)) }
    }
}
