/// Sets values in a config's YAML text line by line, keeping everything else — comments, blank
/// lines, key order and number spellings — as the author wrote it: how `twinarm calibrate` writes
/// its fitted config over the one it was given.
///
/// A key is `section.key` (a key of a top-level block written in block style) or `key` (a
/// top-level key). A key found in its block gets its value replaced, with its trailing comment
/// kept; a missing key is added at the top of its block, a missing block at the end. Anything
/// the editor does not read safely — a flow-style block (`serving: {…}`), a value spread over
/// several lines (a block sequence) — gives `nil`, and the caller writes the config another way.
public enum ConfigTextEdit {
    public struct Edit: Sendable, Equatable {
        public var key: String
        /// The new value as YAML flow text: `0.25`, `[4.9, 13.1]`.
        public var value: String
        public init(key: String, value: String) { self.key = key; self.value = value }
    }

    /// What a line the editor adds or changes says after its value when it had no comment.
    public static let mark = "# set by twinarm calibrate"

    public static func applying(_ edits: [Edit], to text: String) -> String? {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // A file ending in a newline keeps exactly one.
        let endsWithNewline = lines.last == ""
        if endsWithNewline { lines.removeLast() }
        for edit in edits {
            let parts = edit.key.split(separator: ".", maxSplits: 1).map(String.init)
            guard !parts.isEmpty, parts.allSatisfy(isPlainKey) else { return nil }
            if parts.count == 1 {
                guard set(parts[0], to: edit.value, in: &lines, range: lines.indices, indent: "") else { return nil }
                continue
            }
            let section = parts[0], key = parts[1]
            guard let header = lines.firstIndex(where: { keyAndRest($0, indent: "")?.key == section }) else {
                lines += ["\(section):", "  \(key): \(edit.value)  \(mark)"]
                continue
            }
            // A block-style header has nothing after the colon but a comment.
            guard let rest = keyAndRest(lines[header], indent: "")?.rest, rest.isEmpty || rest.hasPrefix("#") else { return nil }
            let end = lines[(header + 1)...].firstIndex { line in
                guard let first = line.first else { return false }
                return first != " " && first != "\t" && first != "#"
            } ?? lines.count
            let block = (header + 1)..<end
            // The block's own keys sit at the indentation of its first key.
            let indent = lines[block].first { !$0.trimmingCharacters(in: .whitespaces).isEmpty && !$0.trimmingCharacters(in: .whitespaces).hasPrefix("#") }
                .map { String($0.prefix { $0 == " " }) } ?? "  "
            guard !indent.isEmpty else { return nil }
            if lines[block].contains(where: { keyAndRest($0, indent: indent)?.key == key }) {
                guard set(key, to: edit.value, in: &lines, range: block, indent: indent) else { return nil }
            } else {
                lines.insert("\(indent)\(key): \(edit.value)  \(mark)", at: header + 1)
            }
        }
        return lines.joined(separator: "\n") + (endsWithNewline ? "\n" : "")
    }

    /// Replaces the value of `key` on its line (at exactly `indent`) in `range`, or appends a new
    /// top-level line when `indent` is empty and the key is absent; false when the value is not on the line.
    private static func set(_ key: String, to value: String, in lines: inout [String], range: Range<Int>, indent: String) -> Bool {
        guard let index = range.first(where: { keyAndRest(lines[$0], indent: indent)?.key == key }) else {
            guard indent.isEmpty else { return false }
            lines.append("\(key): \(value)  \(mark)")
            return true
        }
        let rest = keyAndRest(lines[index], indent: indent)!.rest
        guard let split = splitComment(rest), !split.value.isEmpty else { return false }
        lines[index] = "\(indent)\(key): \(value)  \(split.comment.isEmpty ? mark : split.comment)"
        return true
    }

    /// A line `indent` + `key:` + rest (rest trimmed), when the line is exactly at that indentation.
    private static func keyAndRest(_ line: String, indent: String) -> (key: String, rest: String)? {
        guard line.hasPrefix(indent) else { return nil }
        let body = line.dropFirst(indent.count)
        guard let first = body.first, first != " ", first != "\t", first != "#", first != "-" else { return nil }
        guard let colon = body.firstIndex(of: ":") else { return nil }
        let key = String(body[..<colon])
        guard isPlainKey(key) else { return nil }
        let after = body[body.index(after: colon)...]
        // `key:value` is not a mapping entry in YAML; `key:` or `key: value` is.
        guard after.isEmpty || after.first == " " || after.first == "\t" else { return nil }
        return (key, after.trimmingCharacters(in: .whitespaces))
    }

    /// A value and its trailing comment (`# …`, after a blank); nil when a quote or bracket is left open.
    private static func splitComment(_ rest: String) -> (value: String, comment: String)? {
        var depth = 0, quote: Character?, previous: Character = " "
        for (offset, c) in rest.enumerated() {
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == "[" || c == "{" {
                depth += 1
            } else if c == "]" || c == "}" {
                depth -= 1
            } else if c == "#", depth == 0, previous == " " || previous == "\t" {
                let index = rest.index(rest.startIndex, offsetBy: offset)
                return (rest[..<index].trimmingCharacters(in: .whitespaces), String(rest[index...]))
            }
            previous = c
        }
        guard quote == nil, depth == 0 else { return nil }
        return (rest, "")
    }

    private static func isPlainKey<S: StringProtocol>(_ key: S) -> Bool {
        !key.isEmpty && key.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
    }
}
