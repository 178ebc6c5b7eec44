import Config
import Foundation

/// One column of a run file: its header name, how a row's value is written, and (for files a
/// command reads back from a folder) how it is read into a row.
package struct CSVColumn<Row>: Sendable {
    package var name: String
    package let format: @Sendable (Row) -> String
    package let parse: (@Sendable (inout Row, Substring) -> Bool)?

    package init(_ name: String, format: @escaping @Sendable (Row) -> String, parse: (@Sendable (inout Row, Substring) -> Bool)? = nil) {
        self.name = name
        self.format = format
        self.parse = parse
    }

    package static func int(_ name: String, _ key: WritableKeyPath<Row, Int> & Sendable) -> CSVColumn {
        CSVColumn(name, format: { String($0[keyPath: key]) }, parse: { row, text in
            guard let value = Int(text) else { return false }
            row[keyPath: key] = value
            return true
        })
    }

    /// Written with Swift's shortest round-trip form, so a value read back is the value written.
    package static func double(_ name: String, _ key: WritableKeyPath<Row, Double> & Sendable) -> CSVColumn {
        CSVColumn(name, format: { "\($0[keyPath: key])" }, parse: { row, text in
            guard let value = Double(text), value.isFinite else { return false }
            row[keyPath: key] = value
            return true
        })
    }

    package static func string(_ name: String, _ key: WritableKeyPath<Row, String> & Sendable) -> CSVColumn {
        CSVColumn(name, format: { $0[keyPath: key] }, parse: { row, text in
            row[keyPath: key] = String(text)
            return true
        })
    }
}

/// The columns of one run file, in order: the file's only writer and its only reader follow
/// them, so a renamed or reordered column changes both.
package struct CSVSchema<Row>: Sendable {
    package var file: String
    package var columns: [CSVColumn<Row>]

    package init(file: String, columns: [CSVColumn<Row>]) {
        self.file = file
        self.columns = columns
    }

    package var header: String { columns.map(\.name).joined(separator: ",") }

    /// The schema with column `name` called `newName`.
    package func renaming(_ name: String, to newName: String) -> CSVSchema {
        var copy = self
        for k in copy.columns.indices where copy.columns[k].name == name { copy.columns[k].name = newName }
        return copy
    }

    /// Appends one line per row.
    package func append<Rows: Sequence>(_ rows: Rows, to text: inout String) where Rows.Element == Row {
        for row in rows {
            var first = true
            for column in columns {
                if !first { text += "," }
                text += column.format(row)
                first = false
            }
            text += "\n"
        }
    }

    /// The file: header, then one line per row.
    package func text<Rows: Sequence>(_ rows: Rows) -> String where Rows.Element == Row {
        var text = header + "\n"
        append(rows, to: &text)
        return text
    }

    /// Reads the file back, columns found by header name; every readable column must be there.
    package func read(_ data: Data, blank: Row) throws(RunFileError) -> [Row] {
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true)
        guard let headerLine = lines.first else { throw .malformed(file: file, reason: "it is empty") }
        let header = headerLine.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        var readers = [(index: Int, parse: @Sendable (inout Row, Substring) -> Bool, name: String)]()
        for column in columns {
            guard let parse = column.parse else { continue }
            guard let index = header.firstIndex(of: column.name) else {
                throw .malformed(file: file, reason: "it lacks the column \(column.name)")
            }
            readers.append((index, parse, column.name))
        }
        var rows = [Row]()
        rows.reserveCapacity(lines.count - 1)
        for (number, line) in lines.dropFirst().enumerated() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == header.count else {
                throw .malformed(file: file, reason: "line \(number + 2) has \(fields.count) fields, the header \(header.count)")
            }
            var row = blank
            for reader in readers where !reader.parse(&row, fields[reader.index]) {
                throw .malformed(file: file, reason: "line \(number + 2), column \(reader.name): '\(fields[reader.index])' is not a finite number")
            }
            rows.append(row)
        }
        return rows
    }
}

/// A run folder's file that cannot be read as TwinArm wrote it.
package enum RunFileError: ReportedFailure, Equatable {
    case missing(file: String, folder: String)
    case malformed(file: String, reason: String)
    /// A computation produced an infinite or NaN value: nothing is written.
    case nonFinite(file: String)

    package var description: String {
        switch self {
        case let .nonFinite(file): return "the run produced a non-finite number for \(file), so nothing was written; a config value is too extreme for "
            + "the model (please report it)"
        case let .missing(file, folder): return "'\(folder)' has no \(file); a run folder holds manifest.json, report.json, daily.csv and weights.csv"
        case let .malformed(file, reason): return "\(file) cannot be read as TwinArm wrote it: \(reason)"
        }
    }

    /// 65: the data is not what was expected; 70 (EX_SOFTWARE) for a non-finite result.
    package var exitCode: Int32 {
        if case .nonFinite = self { return 70 }
        return 65
    }
}
