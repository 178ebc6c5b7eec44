/// A way of presenting a trial report: one file, rendered from the report document alone.
public protocol ReportRenderer: Sendable {
    /// The file this renderer writes, e.g. `report.md`.
    var fileName: String { get }
    /// The file's text; the same input always gives the same bytes.
    func render(_ input: TrialReportInput) -> String
}

/// `report.md`: the document as Markdown.
public struct MarkdownRenderer: ReportRenderer {
    public init() {}
    public var fileName: String { "report.md" }
    public func render(_ input: TrialReportInput) -> String { TrialReport.document(input).markdown }
}

/// `report.html`: the document as a page, with its charts.
public struct HTMLRenderer: ReportRenderer {
    public init() {}
    public var fileName: String { "report.html" }
    public func render(_ input: TrialReportInput) -> String { TrialReport.document(input, charts: true).html }
}

/// The renderers `twinarm run` and `twinarm report` write, in order.
public let standardRenderers: [any ReportRenderer] = [MarkdownRenderer(), HTMLRenderer()]
