import Foundation

/// Turns the Markdown TwinArm writes (headings, paragraphs, bullet lists, pipe tables, `code`,
/// **bold**) into XHTML-compatible HTML, so the HTML report shows exactly the Markdown's tables.
enum MarkdownHTML {
    static func convert(_ markdown: String) -> String {
        var html = ""
        var paragraph = [String](), list = [String](), table = [[String]]()
        func flush() {
            if !paragraph.isEmpty { html += "<p>" + inline(paragraph.joined(separator: " ")) + "</p>\n"; paragraph = [] }
            if !list.isEmpty { html += "<ul>\n" + list.map { "<li>" + inline($0) + "</li>\n" }.joined() + "</ul>\n"; list = [] }
            if !table.isEmpty {
                let header = table[0], body = table.dropFirst(2)
                html += "<table>\n<thead><tr>" + header.map { "<th>" + inline($0) + "</th>" }.joined() + "</tr></thead>\n<tbody>\n"
                for row in body { html += "<tr>" + row.map { "<td>" + inline($0) + "</td>" }.joined() + "</tr>\n" }
                html += "</tbody>\n</table>\n"
                table = []
            }
        }
        for raw in markdown.components(separatedBy: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { flush(); continue }
            if line.hasPrefix("## ") { flush(); html += "<h2>" + inline(String(line.dropFirst(3))) + "</h2>\n"; continue }
            if line.hasPrefix("# ") { flush(); html += "<h1>" + inline(String(line.dropFirst(2))) + "</h1>\n"; continue }
            if line.hasPrefix("- ") { if !paragraph.isEmpty || !table.isEmpty { flush() }; list.append(String(line.dropFirst(2))); continue }
            if line.hasPrefix("|") {
                if !paragraph.isEmpty || !list.isEmpty { flush() }
                table.append(line.dropFirst().dropLast().components(separatedBy: "|").map { $0.trimmingCharacters(in: .whitespaces) })
                continue
            }
            if !list.isEmpty || !table.isEmpty { flush() }
            paragraph.append(line)
        }
        flush()
        return html
    }

    /// Escapes text, then renders `code` and **bold**.
    static func inline(_ text: String) -> String {
        var s = SVGChart.escape(text)
        s = replacePairs(s, marker: "**", open: "<strong>", close: "</strong>")
        s = replacePairs(s, marker: "`", open: "<code>", close: "</code>")
        return s
    }

    static func replacePairs(_ text: String, marker: String, open: String, close: String) -> String {
        let parts = text.components(separatedBy: marker)
        guard parts.count >= 3 else { return text }
        var out = ""
        for (i, part) in parts.enumerated() {
            if i == 0 { out += part; continue }
            let opening = i % 2 == 1
            if opening && i == parts.count - 1 { out += marker + part; continue }
            out += (opening ? open : close) + part
        }
        return out
    }
}
