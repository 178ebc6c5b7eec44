import Analysis
import Foundation

/// Reads per-unit tables from CSV: a run folder's `users.csv` + `creators.csv`, or one `units.csv`.
enum UnitTableReader {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// A header-indexed CSV (no quoting: TwinArm's tables and the documented `units.csv` need none).
    struct CSV {
        let path: String
        let columns: [String: Int]
        let rows: [[Substring]]

        init(path: String) throws {
            self.path = path
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw Failure(description: "cannot read '\(path)' as UTF-8 text")
            }
            var lines = text.split(whereSeparator: \.isNewline)
            guard !lines.isEmpty else { throw Failure(description: "'\(path)' is empty; it needs a header row") }
            let header = lines.removeFirst().split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            columns = Dictionary(header.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            rows = lines.map { $0.split(separator: ",", omittingEmptySubsequences: false) }
            for (n, row) in rows.enumerated() where row.count != header.count {
                throw Failure(description: "'\(path)' line \(n + 2) has \(row.count) fields; the header has \(header.count)")
            }
        }

        func require(_ names: [String]) throws {
            let missing = names.filter { columns[$0] == nil }
            if !missing.isEmpty {
                throw Failure(description: "'\(path)' lacks the column(s) \(missing.joined(separator: ", ")); see README, 'analyze' table format")
            }
        }

        func text(_ row: [Substring], _ name: String) -> String? {
            columns[name].map { String(row[$0]).trimmingCharacters(in: .whitespaces) }
        }

        func number(_ row: [Substring], _ name: String, line: Int) throws -> Double {
            guard let raw = text(row, name), let value = Double(raw), value.isFinite else {
                throw Failure(description: "'\(path)' line \(line + 2), column \(name): '\(text(row, name) ?? "")' is not a number")
            }
            return value
        }

        func integer(_ row: [Substring], _ name: String, line: Int, default value: Int? = nil) throws -> Int {
            guard let raw = text(row, name), !raw.isEmpty else {
                if let value { return value }
                throw Failure(description: "'\(path)' line \(line + 2), column \(name) is empty; it needs an integer")
            }
            guard let n = Int(raw) else {
                throw Failure(description: "'\(path)' line \(line + 2), column \(name): '\(raw)' is not an integer")
            }
            return n
        }
    }

    /// Reads a run folder or a `units.csv`.
    static func read(path: String) throws -> UnitTable {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw Failure(description: "'\(path)' does not exist; pass a run folder (with users.csv and creators.csv) or a units.csv")
        }
        if isDirectory.boolValue {
            let users = try CSV(path: (path as NSString).appendingPathComponent("users.csv"))
            let creators = try CSV(path: (path as NSString).appendingPathComponent("creators.csv"))
            return UnitTable(users: try readUsers(users, id: "user", filter: nil),
                             creators: try readCreators(creators, id: "creator", filter: nil))
        }
        let units = try CSV(path: path)
        try units.require(["arm", "unit", "kind", "week"])
        return UnitTable(users: try readUsers(units, id: "unit", filter: "user"), creators: try readCreators(units, id: "unit", filter: "creator"))
    }

    static func readUsers(_ csv: CSV, id: String, filter kind: String?) throws -> [UnitTable.User] {
        var out = [UnitTable.User]()
        var checked = false
        for (n, row) in csv.rows.enumerated() {
            if let kind, csv.text(row, "kind") != kind { continue }
            if !checked { try csv.require(["arm", id, "group", "week", "impressions", "likes", "coldStart", "fresh", "topics"]); checked = true }
            out.append(UnitTable.User(
                arm: csv.text(row, "arm")!, replicate: try csv.integer(row, "replicate", line: n, default: 0), id: csv.text(row, id)!,
                group: try csv.integer(row, "group", line: n), week: try csv.integer(row, "week", line: n),
                impressions: try csv.number(row, "impressions", line: n), likes: try csv.number(row, "likes", line: n),
                coldStart: try csv.number(row, "coldStart", line: n), fresh: try csv.number(row, "fresh", line: n),
                topics: try csv.number(row, "topics", line: n)))
        }
        return out
    }

    static func readCreators(_ csv: CSV, id: String, filter kind: String?) throws -> [UnitTable.Creator] {
        var out = [UnitTable.Creator]()
        var checked = false
        for (n, row) in csv.rows.enumerated() {
            if let kind, csv.text(row, "kind") != kind { continue }
            if !checked { try csv.require(["arm", id, "popular", "week", "days", "activeDays"]); checked = true }
            out.append(UnitTable.Creator(
                arm: csv.text(row, "arm")!, replicate: try csv.integer(row, "replicate", line: n, default: 0), id: csv.text(row, id)!,
                popular: try csv.integer(row, "popular", line: n) != 0, week: try csv.integer(row, "week", line: n),
                days: try csv.number(row, "days", line: n), activeDays: try csv.number(row, "activeDays", line: n)))
        }
        return out
    }
}
