import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import Analysis
import GSL
@testable import Reports

/// A small but complete report input: two arms, four groups, two weeks.
func sampleInput() throws -> TrialReportInput {
    let stream = RandomStream(seed: 11)
    var users = [UnitTable.User](), creators = [UnitTable.Creator]()
    for arm in ["control", "treatment"] {
        for u in 0..<120 {
            let group = u % 7 == 0 ? 3 : u % 3
            var weeks = [(Int, Int, Int, Int, Int)]()
            for _ in 1...2 {
                let imps = stream.poisson(mean: 20), likes = stream.binomial(trials: imps, p: arm == "control" ? 0.05 : 0.06)
                weeks.append((imps, likes, stream.poisson(mean: 4), stream.poisson(mean: 1), stream.poisson(mean: 8)))
            }
            for (w, v) in weeks.enumerated() {
                users.append(.init(arm: arm, id: "\(u)", group: group, week: w + 1, impressions: v.0, likes: v.1, coldStart: v.2, fresh: v.3, topics: v.4))
            }
            users.append(.init(arm: arm, id: "\(u)", group: group, week: 0, impressions: weeks[0].0 + weeks[1].0, likes: weeks[0].1 + weeks[1].1,
                               coldStart: weeks[0].2 + weeks[1].2, fresh: weeks[0].3 + weeks[1].3, topics: weeks[0].4 + weeks[1].4))
        }
        for c in 0..<30 {
            for week in 0...2 {
                let days = week == 0 ? 14 : 7
                creators.append(.init(arm: arm, id: "\(c)", popular: c < 8, week: week, days: days,
                                      activeDays: stream.binomial(trials: days, p: 0.5)))
            }
        }
    }
    let analysis = try TrialAnalysis.analyze(UnitTable(users: users, creators: creators))
    let daily = (1...14).flatMap { d in ["control", "treatment"].map { TrialReportInput.Day(arm: $0, day: d, ltr: 0.05 + 0.001 * Double(d % 3),
        activeCreators: 14 + d % 4) } }
    let weights = (0..<4).map { TrialReportInput.Weight(group: $0, users: [60, 40, 15, 5][$0], weight: [0.8, 1.0, 1.2, 2.5][$0]) }
    return TrialReportInput(name: "sample <&> trial", seed: 1, days: 14, splitUsers: 0.03, splitCreators: 0.03,
                            arms: [.init(name: "control", mechanism: "control", users: [120], creators: [30]),
                                   .init(name: "treatment", mechanism: "hmt", users: [120], creators: [30])],
                            analysis: analysis, daily: daily, finalWeights: weights)
}

/// Parses a document as XML and reports the first error.
final class XMLCheck: NSObject, XMLParserDelegate {
    var error: String?
    var svgCount = 0
    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        error = "line \(parser.lineNumber), column \(parser.columnNumber): \(parseError.localizedDescription)"
    }
    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if elementName == "svg" { svgCount += 1 }
    }
    static func check(_ text: String) -> XMLCheck {
        // The HTML5 doctype is not XML; everything after it must be well-formed.
        let body = text.replacingOccurrences(of: "<!DOCTYPE html>\n", with: "")
        let parser = XMLParser(data: Data(body.utf8))
        let check = XMLCheck()
        parser.delegate = check
        if !parser.parse() && check.error == nil { check.error = "parse failed" }
        return check
    }
}

@Suite("Reports")
struct ReportsTests {
    @Test func trialHTMLIsWellFormedXMLWithCharts() throws {
        let html = HTMLRenderer().render(try sampleInput())
        let check = XMLCheck.check(html)
        #expect(check.error == nil, "\(check.error ?? "")")
        #expect(check.svgCount == 4)   // daily LTR, daily DAU, forest plot, weights
        #expect(html.contains("sample &lt;&amp;&gt; trial"))
        #expect(!html.contains("http://") || !html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").contains("http://"),
            "no network references")
        #expect(!html.contains("<script"))
    }

    @Test func weightsChartLabelsBothAxesAsPlainNumbers() {
        // Weights around 1 against group sizes 5 … 2 000: the y axis says 1, not 10; the x axis 1, 10, 100, 1000, 10000.
        let svg = SVGChart(title: "w", xLabel: "users", yLabel: "weight").scatterLogX([(5, 0.8), (60, 1.0), (2000, 1.3)])
        let ticks = svg.components(separatedBy: "class=\"tick\"").dropFirst()
            .compactMap { $0.split(separator: ">").dropFirst().first?.split(separator: "<").first }.map(String.init)
        let y = Array(ticks.dropLast(5)), x = Array(ticks.suffix(5))
        #expect(y.contains("1") && y.contains("0.5") && !y.contains("10"), "y axis: \(y)")
        #expect(x == ["1", "10", "100", "1000", "10000"], "x axis: \(x)")
    }

    @Test func theXMLCheckRejectsBrokenMarkup() {
        #expect(XMLCheck.check("<html><body><p><b>bold</p></body></html>").error != nil)
        #expect(XMLCheck.check("<html><body><br></body></html>").error != nil)
    }

    @Test func markdownLeadsWithHealthChecksAndIsDeterministic() throws {
        let input = try sampleInput()
        let md = MarkdownRenderer().render(input)
        #expect(md == MarkdownRenderer().render(try sampleInput()))
        let order = ["**Verdict**", "## Health checks", "## Headline", "## Power", "## By group-size bucket", "## By week",
                     "## Final group weights", "## Metric definitions"]
        let positions = order.map { md.range(of: $0)?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil }, "\(md)")
        #expect(zip(positions, positions.dropFirst()).allSatisfy { $0! < $1! })
        // One market pair: no calibrated test, so no verdict and no significance mark.
        #expect(md.contains("No calibrated test exists for one market pair"))
        #expect(md.contains("— (uncalibrated)") && !md.contains("| significant |"))
        #expect(md.contains("LTR (likes / impressions) (guardrail)"))
    }

    @Test func welfareReportIsWellFormed() {
        let input = WelfareReportInput(name: "w", seed: 0, mechanisms: [
            .init(name: "control", served: (0...300).map { 0.7 + Double($0) / 3000 }, standard: (0...300).map { 0.7 + Double($0) / 3000 },
                  readings: .init(finalServed: 0.8, finalDefault: 0.8)),
            .init(name: "hmt", served: (0...300).map { 0.7 + Double($0) / 2000 }, standard: (0...300).map { 0.7 + Double($0) / 2500 },
                  readings: .init(finalServed: 0.85, finalDefault: 0.82)),
        ])
        let check = XMLCheck.check(WelfareReport.html(input))
        #expect(check.error == nil, "\(check.error ?? "")")
        #expect(check.svgCount == 2)
        #expect(WelfareReport.markdown(input).contains("| hmt |") && WelfareReport.markdown(input).contains("+0.0200"))
    }
}
