extension ReportDocument {
    /// The document as Markdown: one blank line between blocks; figures and HTML-only blocks are left out.
    public var markdown: String {
        Self.markdown(blocks).joined(separator: "\n")
    }

    static func markdown(_ blocks: [Block]) -> [String] {
        blocks.flatMap { block -> [String] in
            switch block {
            case let .heading(level, text): return [String(repeating: "#", count: max(1, level)) + " " + text.markdown(inTable: false) + "\n"]
            case let .paragraph(text): return [text.markdown(inTable: false) + "\n"]
            case let .list(items): return [items.map { "- " + $0.markdown(inTable: false) + "\n" }.joined()]
            case let .table(table): return [table.markdown]
            case .figure, .htmlOnly: return []
            }
        }
    }
}

extension Table {
    /// The pipe table: a header row, an alignment row, then the rows; a `|` inside a cell is escaped.
    public var markdown: String {
        func line(_ cells: [String]) -> String { "| " + cells.joined(separator: " | ") + " |\n" }
        var out = line(columns.map { $0.title.markdown(inTable: true) })
        out += "|" + columns.map { $0.alignment == .right ? "---:|" : "---|" }.joined() + "\n"
        for row in rows { out += line(row.map { $0.markdown(inTable: true) }) }
        return out
    }
}

extension Inline {
    /// Markdown text: code in backticks, strong in double asterisks; in a table cell, `|` is
    /// escaped and a line break becomes a space, so the cell stays one cell.
    func markdown(inTable: Bool) -> String {
        var out = ""
        for span in spans {
            switch span {
            case let .text(t): out += t
            case let .code(t): out += "`" + t + "`"
            case let .strong(t): out += "**" + t + "**"
            }
        }
        guard inTable else { return out }
        return out.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
