extension ReportDocument {
    /// The document as a self-contained HTML page (inline CSS and SVG, no scripts).
    public var html: String {
        HTMLPage.wrap(title: title, body: Self.html(blocks))
    }

    static func html(_ blocks: [Block]) -> String {
        blocks.map { block -> String in
            switch block {
            case let .heading(level, text):
                let h = "h\(min(6, max(1, level)))"
                return "<\(h)>" + text.html + "</\(h)>\n"
            case let .paragraph(text): return "<p>" + text.html + "</p>\n"
            case let .list(items): return "<ul>\n" + items.map { "<li>" + $0.html + "</li>\n" }.joined() + "</ul>\n"
            case let .table(table): return table.html
            case let .figure(svg, caption): return HTMLPage.figure(svg, caption: caption)
            case let .htmlOnly(inner): return html(inner)
            }
        }.joined()
    }
}

extension Table {
    public var html: String {
        func cell(_ tag: String, _ text: Inline, _ column: Column) -> String {
            "<\(tag)\(column.alignment == .left ? " class=\"l\"" : "")>" + text.html + "</\(tag)>"
        }
        var out = "<table>\n<thead><tr>" + columns.map { cell("th", $0.title, $0) }.joined() + "</tr></thead>\n<tbody>\n"
        for row in rows {
            out += "<tr>" + zip(row, columns).map { cell("td", $0, $1) }.joined() + "</tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }
}

extension Inline {
    /// Escaped text with `<code>` and `<strong>` spans.
    public var html: String {
        spans.map { span in
            switch span {
            case let .text(t): return SVGChart.escape(t)
            case let .code(t): return "<code>" + SVGChart.escape(t) + "</code>"
            case let .strong(t): return "<strong>" + SVGChart.escape(t) + "</strong>"
            }
        }.joined()
    }
}
