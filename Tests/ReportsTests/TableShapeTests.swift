import Foundation
import Testing
import Analysis
import Sweeps
@testable import Reports

/// Every Markdown table a renderer writes has as many cells per row as its header, and no
/// Markdown survives into HTML: checked on freshly rendered reports and on every shipped report.
enum TableShape {
    /// The cells of one pipe-table row: split on `|` that is not escaped.
    static func cells(_ line: Substring) -> Int {
        var count = 0, escaped = false
        for ch in line.dropFirst() {
            if escaped { escaped = false; continue }
            if ch == "\\" { escaped = true; continue }
            if ch == "|" { count += 1 }
        }
        return count
    }

    /// Rows whose cell count differs from their table's header: (line number, found, expected).
    static func misshapen(_ markdown: String) -> [(line: Int, found: Int, expected: Int)] {
        var bad = [(Int, Int, Int)](), header: Int?
        for (n, raw) in markdown.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.drop { $0 == " " }
            guard line.hasPrefix("|") else { header = nil; continue }
            let count = cells(line)
            if let expected = header {
                if count != expected { bad.append((n + 1, count, expected)) }
            } else {
                header = count
            }
        }
        return bad
    }

    /// Markdown syntax found in an HTML page's text: headings at a line start, `**`, backticks, pipe rows.
    static func markdownInHTML(_ html: String) -> [String] {
        html.split(separator: "\n").filter { line in
            line.hasPrefix("#") || line.hasPrefix("|") || line.contains("<p>#") || line.contains("<p>|") || line.contains("**")
                || (line.contains("`") && !line.contains("<svg"))
        }.map(String.init)
    }
}

@Suite("Report tables")
struct TableShapeTests {
    @Test func theShapeCheckCatchesAnUnescapedPipe() {
        // The defect the design study shipped with: a header cell holding "|GTE|".
        #expect(!TableShape.misshapen("| a | b / |GTE| | c |\n|---|---|---|\n| 1 | 2 | 3 |\n").isEmpty)
        #expect(TableShape.misshapen("| a | b / \\|GTE\\| | c |\n|---|---|---|\n| 1 | 2 | 3 |\n").isEmpty)
    }

    @Test func aCellHoldingAPipeStaysOneCell() {
        var table = Table([.left("a"), .right("b / |GTE|")])
        table.add(["x | y", "1"])
        table._checkInvariants()
        #expect(TableShape.misshapen(table.markdown).isEmpty, "\(table.markdown)")
        #expect(table.html.contains("<th>b / |GTE|</th>"))
        #expect(table.html.contains("<td class=\"l\">x | y</td>"))
    }

    @Test func inlineSpansRenderAsMarkupOnlyWhereTyped() {
        let text: Inline = "a \(code: "x*y") and \(strong: "<b>") **not bold**"
        #expect(text.html == "a <code>x*y</code> and <strong>&lt;b&gt;</strong> **not bold**")
        #expect(text.markdown(inTable: false) == "a `x*y` and **<b>** **not bold**")
    }

    @Test func freshTrialAndWelfareReportsAreWellShaped() throws {
        let input = try sampleInput()
        let md = MarkdownRenderer().render(input), html = HTMLRenderer().render(input)
        #expect(TableShape.misshapen(md).isEmpty, "\(TableShape.misshapen(md))")
        #expect(TableShape.markdownInHTML(html).isEmpty, "\(TableShape.markdownInHTML(html))")
        #expect(html.contains("<h2>Health checks</h2>") && html.contains("<strong>Verdict</strong>"))
    }

    @Test func theFreshWindowTitleFollowsTheConfig() throws {
        var input = try sampleInput()
        input.metricContext = MetricContext(freshHours: 6)
        let md = MarkdownRenderer().render(input)
        #expect(md.contains("fresh (< 6 h) impressions / user") && !md.contains("< 2 h"))
        input.metricContext = MetricContext(freshHours: 0.5)
        #expect(MarkdownRenderer().render(input).contains("fresh (< 0.5 h) impressions / user"))
    }

    static let reports = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("reports")

    @Test func freshlyRenderedDesignAndSweepReportsAreWellShaped() throws {
        let design = try JSONDecoder().decode(DesignSummary.self, from: Data(contentsOf: Self.reports.appendingPathComponent("design-small/design.json")))
        let sweep = try JSONDecoder().decode(SweepSummary.self, from: Data(contentsOf: Self.reports.appendingPathComponent("sweep-hmt/sweep.json")))
        for (md, html) in [(DesignReport.markdown(design), DesignReport.html(design)), (SweepReport.markdown(sweep), SweepReport.html(sweep))] {
            #expect(TableShape.misshapen(md).isEmpty, "\(TableShape.misshapen(md))")
            #expect(TableShape.markdownInHTML(html).isEmpty, "\(TableShape.markdownInHTML(html).prefix(3))")
            #expect(XMLCheck.check(html).error == nil)
        }
        #expect(DesignReport.markdown(design).contains("| design | fraction | estimate | bias (pp) | bias / \\|GTE\\| |"))
        #expect(DesignReport.html(design).contains("<h3>LTR</h3>"))
    }

    @Test func everyShippedReportIsWellShaped() throws {
        let reports = Self.reports
        let files = FileManager.default.enumerator(at: reports, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        let markdown = files.filter { $0.pathExtension == "md" }, html = files.filter { $0.pathExtension == "html" }
        #expect(markdown.count >= 10 && html.count >= 8, "found \(markdown.count) Markdown and \(html.count) HTML reports under \(reports.path)")
        for file in markdown {
            let bad = TableShape.misshapen(try String(contentsOf: file, encoding: .utf8))
            #expect(bad.isEmpty, "\(file.path): rows with the wrong number of cells (line, found, expected): \(bad)")
        }
        for file in html {
            let leftovers = TableShape.markdownInHTML(try String(contentsOf: file, encoding: .utf8))
            #expect(leftovers.isEmpty, "\(file.path): Markdown in the page: \(leftovers.prefix(3))")
            let check = XMLCheck.check(try String(contentsOf: file, encoding: .utf8))
            #expect(check.error == nil, "\(file.path): \(check.error ?? "")")
        }
    }
}

@Suite("The forest of relative deltas")
struct ForestChartTests {
    /// Two market pairs can give one row an interval of ±4 000 %: the axis follows the estimates,
    /// and the cut interval ends in an arrow instead of flattening every estimate onto 0.
    @Test func oneHugeIntervalDoesNotFlattenTheOthers() {
        let rows = [(label: "LTR, total", estimate: 1.2, lower: 0.4, upper: 2.0, significant: true),
                    (label: "topics, groups 62+", estimate: 3.0, lower: -4000.0, upper: 4000.0, significant: false)]
        let svg = SVGChart(title: "f", xLabel: "x", yLabel: "").forest(rows)
        #expect(svg.components(separatedBy: "<path d=\"M").count - 1 == 2, "both cut ends carry an arrow")
        let ticks = svg.components(separatedBy: "class=\"tick\"").dropFirst()
            .compactMap { $0.split(separator: ">").dropFirst().first?.split(separator: "<").first }
            .compactMap { Double($0.replacingOccurrences(of: "−", with: "-")) }
        #expect(!ticks.isEmpty && ticks.allSatisfy { abs($0) < 100 }, "axis ticks \(ticks)")
    }
}
