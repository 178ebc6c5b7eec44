/// A report as typed blocks: headings, paragraphs, lists, tables of typed cells and figures.
///
/// Analysis and design results become a document; Markdown and HTML are two renderers of it
/// (``ReportDocument/markdown``, ``ReportDocument/html``), so a table cannot lose a column to
/// its text and no page is parsed back out of another.
public struct ReportDocument: Sendable, Equatable {
    /// The page's title (the HTML `<title>`); the first heading says it to a reader.
    public var title: String
    public var blocks: [Block]

    public init(title: String, blocks: [Block] = []) {
        self.title = title
        self.blocks = blocks
    }

    public enum Block: Sendable, Equatable {
        case heading(level: Int, Inline)
        case paragraph(Inline)
        case list([Inline])
        case table(Table)
        /// An SVG chart with its caption: the HTML page shows it, the Markdown leaves it out.
        case figure(svg: String, caption: String)
        /// Blocks only the HTML page shows (a charts section).
        case htmlOnly([Block])
    }

    public mutating func heading(_ level: Int, _ text: Inline) { blocks.append(.heading(level: level, text)) }
    public mutating func paragraph(_ text: Inline) { blocks.append(.paragraph(text)) }
    public mutating func list(_ items: [Inline]) { if !items.isEmpty { blocks.append(.list(items)) } }
    public mutating func table(_ table: Table) { blocks.append(.table(table)) }
    public mutating func append(_ other: [Block]) { blocks += other }
}

/// A table: typed columns and rows of exactly as many cells.
public struct Table: Sendable, Equatable {
    public enum Alignment: Sendable, Equatable { case left, right }

    public struct Column: Sendable, Equatable {
        public var title: Inline
        public var alignment: Alignment
        public init(_ title: Inline, _ alignment: Alignment = .left) { self.title = title; self.alignment = alignment }
        public static func left(_ title: Inline) -> Column { Column(title, .left) }
        public static func right(_ title: Inline) -> Column { Column(title, .right) }
    }

    public private(set) var columns: [Column]
    public private(set) var rows: [[Inline]] = []

    public init(_ columns: [Column]) { self.columns = columns }

    /// Adds a row; it must have one cell per column (a programming error otherwise).
    public mutating func add(_ cells: [Inline]) {
        precondition(cells.count == columns.count, "a table row has \(cells.count) cells for \(columns.count) columns")
        rows.append(cells)
    }

    /// Every row has as many cells as the header (what ``add(_:)`` guarantees), for tests.
    public func _checkInvariants() {
        for row in rows { precondition(row.count == columns.count, "a row has \(row.count) cells for \(columns.count) columns") }
    }
}
