/// Why a unit table was refused: one line naming the file, the line and column, the value and
/// what is allowed (exit 65 in the CLI).
public struct UnitTableError: Error, Equatable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) { self.description = description }

    /// The error for `value` in column `name` (1-based `column`) on `line` (1-based) of `path`.
    static func field(path: String, line: Int, column: Int, name: String, value: String, allowed: String) -> UnitTableError {
        UnitTableError("'\(path)' line \(line), column \(column) (\(name)): '\(printable(value))'; allowed: \(allowed)")
    }

    /// A value as it can be shown on one line: control characters become '?', long values are cut.
    static func printable(_ value: String) -> String {
        let cleaned = String(value.unicodeScalars.map { $0.value < 32 || $0.value == 127 ? "?" : Character($0) })
        return cleaned.count > 60 ? String(cleaned.prefix(60)) + "…" : cleaned
    }
}

/// A problem found while parsing a chunk, before its file and global line are known.
struct RowProblem: Sendable {
    enum Kind: Sendable {
        /// A value in a named column.
        case field(column: String, value: String, allowed: String)
        /// A whole-row problem (the text follows "'path' line N: ").
        case row(String)
        /// A whole-file problem (the text follows "'path' ").
        case file(String)
    }
    /// 0-based line within the chunk.
    var line: Int
    var kind: Kind

    func error(path: String, firstLine: Int, columns: [String: Int]) -> UnitTableError {
        switch kind {
        case let .field(column, value, allowed):
            return .field(path: path, line: firstLine + line, column: (columns[column] ?? -1) + 1, name: column,
                          value: value, allowed: allowed)
        case let .row(text):
            return UnitTableError("'\(path)' line \(firstLine + line): \(text)")
        case let .file(text):
            return UnitTableError("'\(path)' \(text)")
        }
    }
}
