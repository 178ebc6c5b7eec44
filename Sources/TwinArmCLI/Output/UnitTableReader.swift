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

        /// The error for a value at row `line` (0-based data row) in column `name`.
        func failure(_ line: Int, _ name: String, _ value: String, allowed: String) -> Failure {
            let column = (columns[name] ?? -1) + 1
            return Failure(description: "'\(path)' line \(line + 2), column \(column) (\(name)): '\(value)'; allowed: \(allowed)")
        }

        /// A count: a non-negative integer, returned as a Double for the statistics.
        func count(_ row: [Substring], _ name: String, line: Int) throws -> Double {
            let raw = text(row, name) ?? ""
            guard let n = Int(raw), n >= 0 else { throw failure(line, name, raw, allowed: "a non-negative integer") }
            return Double(n)
        }

        func integer(_ row: [Substring], _ name: String, line: Int, default value: Int? = nil, minimum: Int = 0) throws -> Int {
            guard let raw = text(row, name), !raw.isEmpty else {
                if let value { return value }
                throw failure(line, name, "", allowed: "an integer ≥ \(minimum)")
            }
            guard let n = Int(raw), n >= minimum else { throw failure(line, name, raw, allowed: "an integer ≥ \(minimum)") }
            return n
        }

        /// A non-empty text field.
        func name(_ row: [Substring], _ name: String, line: Int) throws -> String {
            let raw = text(row, name) ?? ""
            guard !raw.isEmpty else { throw failure(line, name, raw, allowed: "a non-empty name") }
            return raw
        }
    }

    /// The whole-table rules: each (kind, arm, replicate, unit, week) once, every unit with a week-0
    /// row, and — in an exported table, where unit ids are global — every unit in one arm.
    struct Ledger {
        /// A unit: its kind, market pair, id, and — where ids are arm-local — its arm.
        struct Unit: Hashable { var kind: String; var replicate: Int; var arm: String?; var id: String }
        struct Row: Hashable { var unit: Unit; var arm: String; var week: Int }

        let csv: CSV
        let idsAreGlobal: Bool
        private var seen = Set<Row>()
        private var armOf = [Unit: String]()
        private var firstLine = [Unit: Int]()
        private var whole = Set<Unit>()

        init(_ csv: CSV, idsAreGlobal: Bool) { self.csv = csv; self.idsAreGlobal = idsAreGlobal }

        mutating func add(kind: String, arm: String, replicate: Int, id: String, week: Int, line: Int, idColumn: String) throws {
            let unit = Unit(kind: kind, replicate: replicate, arm: idsAreGlobal ? nil : arm, id: id)
            guard seen.insert(Row(unit: unit, arm: arm, week: week)).inserted else {
                throw csv.failure(line, idColumn, id, allowed: "one row per \(kind), arm, replicate and week; \(kind) \(id) of arm \(arm), week \(week) appears twice")
            }
            if firstLine[unit] == nil {
                firstLine[unit] = line
                armOf[unit] = arm
            } else if idsAreGlobal, let other = armOf[unit], other != arm {
                throw csv.failure(line, "arm", arm, allowed: "the arm the \(kind) \(id) already has ('\(other)'): a unit sits in one arm")
            }
            if week == 0 { whole.insert(unit) }
        }

        func checkWholePeriodRows(idColumn: String) throws {
            if let (unit, line) = firstLine.filter({ !whole.contains($0.key) }).min(by: { $0.value < $1.value }) {
                throw csv.failure(line, "week", "no 0", allowed: "a week-0 row (the whole period) for every unit; unit \(unit.id) has weekly rows only")
            }
        }
    }

    /// Reads a run folder or a `units.csv`, checking every row (see README, `analyze` table format).
    static func read(path: String) throws -> UnitTable {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw Failure(description: "'\(path)' does not exist; pass a run folder (with users.csv and creators.csv) or a units.csv")
        }
        if isDirectory.boolValue {
            // A run folder's ids are indices within an arm (a twin trial holds the same units in every arm).
            let users = try CSV(path: (path as NSString).appendingPathComponent("users.csv"))
            let creators = try CSV(path: (path as NSString).appendingPathComponent("creators.csv"))
            return UnitTable(users: try readUsers(users, id: "user", filter: nil, globalIds: false),
                             creators: try readCreators(creators, id: "creator", filter: nil, globalIds: false))
        }
        let units = try CSV(path: path)
        try units.require(["arm", "unit", "kind", "week"])
        for (n, row) in units.rows.enumerated() where !["user", "creator"].contains(units.text(row, "kind") ?? "") {
            throw units.failure(n, "kind", units.text(row, "kind") ?? "", allowed: "user, creator")
        }
        return UnitTable(users: try readUsers(units, id: "unit", filter: "user", globalIds: true),
                         creators: try readCreators(units, id: "unit", filter: "creator", globalIds: true))
    }

    static func readUsers(_ csv: CSV, id: String, filter kind: String?, globalIds: Bool) throws -> [UnitTable.User] {
        var out = [UnitTable.User]()
        var ledger = Ledger(csv, idsAreGlobal: globalIds)
        var checked = false
        for (n, row) in csv.rows.enumerated() {
            if let kind, csv.text(row, "kind") != kind { continue }
            if !checked { try csv.require(["arm", id, "group", "week", "impressions", "likes", "coldStart", "fresh", "topics"]); checked = true }
            let user = UnitTable.User(
                arm: try csv.name(row, "arm", line: n), replicate: try csv.integer(row, "replicate", line: n, default: 0),
                id: try csv.name(row, id, line: n), group: try csv.integer(row, "group", line: n), week: try csv.integer(row, "week", line: n),
                impressions: try csv.count(row, "impressions", line: n), likes: try csv.count(row, "likes", line: n),
                coldStart: try csv.count(row, "coldStart", line: n), fresh: try csv.count(row, "fresh", line: n),
                topics: try csv.count(row, "topics", line: n))
            for (name, value) in [("likes", user.likes), ("coldStart", user.coldStart), ("fresh", user.fresh)] where value > user.impressions {
                throw csv.failure(n, name, String(Int(value)), allowed: "at most the row's impressions (\(Int(user.impressions)))")
            }
            try ledger.add(kind: "user", arm: user.arm, replicate: user.replicate, id: user.id, week: user.week, line: n, idColumn: id)
            out.append(user)
        }
        try ledger.checkWholePeriodRows(idColumn: id)
        return out
    }

    static func readCreators(_ csv: CSV, id: String, filter kind: String?, globalIds: Bool) throws -> [UnitTable.Creator] {
        var out = [UnitTable.Creator]()
        var ledger = Ledger(csv, idsAreGlobal: globalIds)
        var checked = false
        for (n, row) in csv.rows.enumerated() {
            if let kind, csv.text(row, "kind") != kind { continue }
            if !checked { try csv.require(["arm", id, "popular", "week", "days", "activeDays"]); checked = true }
            let popular = try csv.integer(row, "popular", line: n)
            guard popular <= 1 else { throw csv.failure(n, "popular", String(popular), allowed: "0 or 1") }
            let creator = UnitTable.Creator(
                arm: try csv.name(row, "arm", line: n), replicate: try csv.integer(row, "replicate", line: n, default: 0),
                id: try csv.name(row, id, line: n), popular: popular == 1, week: try csv.integer(row, "week", line: n),
                days: try csv.count(row, "days", line: n), activeDays: try csv.count(row, "activeDays", line: n))
            if creator.activeDays > creator.days {
                throw csv.failure(n, "activeDays", String(Int(creator.activeDays)), allowed: "at most the row's days (\(Int(creator.days)))")
            }
            try ledger.add(kind: "creator", arm: creator.arm, replicate: creator.replicate, id: creator.id, week: creator.week, line: n, idColumn: id)
            out.append(creator)
        }
        try ledger.checkWholePeriodRows(idColumn: id)
        return out
    }
}
