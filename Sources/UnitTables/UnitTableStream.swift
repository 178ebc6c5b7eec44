import Analysis
import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Streams a unit table from a file or standard input into ``UnitStatistics``, checking every
/// row, in fixed-size chunks of whole lines parsed on all cores.
///
/// Memory is the chunks in flight plus the unit ledger (16 bytes a unit), never the rows. The
/// result is the same whatever the number of cores: cell sums are integers, arms are ordered
/// by first appearance, and the error reported is the one on the earliest line.
public struct UnitTableStream {
    /// Bytes per chunk (a chunk always ends at a line's end; one longer line is read whole).
    public var chunkSize = 8 << 20
    /// Chunks parsed side by side per batch.
    public var chunksPerBatch = 2 * Swift.max(1, Cores.online)

    /// The header names to look for (the standard ones unless a schema renames them).
    public var names = UnitColumns.standard

    public init(names: UnitColumns = .standard) { self.names = names }

    /// What reading a table produced, with its size.
    public struct Outcome: Sendable {
        public var statistics: UnitStatistics
        public var rows: Int
        public var units: Int
        public var ledgerBytes: Int
    }

    public enum Source: Sendable {
        /// A `units.csv` at a path, or standard input for `-`.
        case units(String)
        /// A run folder's `users.csv` and `creators.csv` (ids local to an arm).
        case runFolder(String)
    }

    /// Reads a table; `cuped`: join each unit's pre-period (week −1) row to its other rows.
    public func read(_ source: Source, cuped: Bool = true) throws(UnitTableError) -> Outcome {
        var statistics = UnitStatistics()
        switch source {
        case let .units(path):
            let file = try InputFile(path: path)
            defer { file.close() }
            return try read(file, layoutFor: .units, into: statistics, cuped: cuped)
        case let .runFolder(folder):
            let users = try InputFile(path: folder + "/users.csv")
            defer { users.close() }
            let first = try read(users, layoutFor: .users, into: statistics, cuped: cuped)
            statistics = first.statistics
            let creators = try InputFile(path: folder + "/creators.csv")
            defer { creators.close() }
            var second = try read(creators, layoutFor: .creators, into: statistics, cuped: cuped)
            second.rows += first.rows
            second.units += first.units
            second.ledgerBytes += first.ledgerBytes
            return second
        }
    }

    func read(_ file: InputFile, layoutFor source: UnitTableLayout.Source, into start: UnitStatistics, cuped: Bool) throws(UnitTableError) -> Outcome {
        var reader = LineChunks(file: file, chunkSize: chunkSize)
        guard let headerLine = try reader.header() else {
            throw UnitTableError("'\(file.path)' is empty; it needs a header row")
        }
        // A spreadsheet's UTF-8 byte-order mark is not part of the first column's name.
        let text = headerLine.hasPrefix("\u{FEFF}") ? String(headerLine.dropFirst()) : headerLine
        let header = text.split(separator: ",", omittingEmptySubsequences: false).map {
            String($0).trimmingBlanks
        }
        var seen = Set<String>()
        if let twice = header.first(where: { !$0.isEmpty && !seen.insert($0).inserted }) {
            throw UnitTableError("'\(file.path)' names the column \(twice) twice in its header; each column once")
        }
        let layout = UnitTableLayout(header: header, source: source, names: names)
        if !layout.missingAtHeader.isEmpty {
            throw UnitTableError("'\(file.path)' \(UnitTableLayout.lacking(layout.missingAtHeader))")
        }
        let parser = ChunkParser(layout: layout)
        var statistics = start
        var ledger = UnitLedger(idsAreGlobal: layout.idsAreGlobal)
        var join = cuped ? PrePeriodJoin() : nil
        var nextLine = 2, rows = 0
        while true {
            let chunks = try reader.next(count: chunksPerBatch)
            if chunks.isEmpty { break }
            let results = Self.parse(chunks, with: parser)
            // Lines, arms and the earliest row problem, in chunk order.
            var firstLines = [Int](), armMaps = [[Int]]()
            var problem: (line: Int, error: UnitTableError)?
            for result in results {
                firstLines.append(nextLine)
                if let p = result.problem, problem == nil {
                    problem = (nextLine + p.line, p.error(path: file.path, firstLine: nextLine, columns: layout.columns))
                }
                nextLine += result.lines
                rows += result.records.count
                armMaps.append(result.statistics.arms.map { statistics.arm($0) })
                if problem == nil { statistics.merge(result.statistics) }
            }
            if statistics.arms.count > 62, problem == nil {
                throw UnitTableError("'\(file.path)' has more than 62 arms")
            }
            // The ledger, one partition per core, rows in file order within each.
            let violation = check(&ledger, join: &join, results: results, chunks: chunks, firstLines: firstLines, armMaps: armMaps,
                                  names: statistics.arms, layout: layout, path: file.path)
            let earliest = [problem, violation].compactMap { $0 }.min { $0.line < $1.line }
            if let earliest { throw earliest.error }
        }
        var firstMissing: Int?
        for part in ledger.parts {
            if let line = part.firstUnitWithoutWholePeriod, firstMissing == nil || line < firstMissing! { firstMissing = line }
        }
        if let line = firstMissing {
            let id = file.isStandardInput ? nil : InputFile.field(path: file.path, line: line, column: layout.id)
            let who = id.map { "unit \($0) has weekly rows only" } ?? "the unit first seen on this line has weekly rows only"
            throw UnitTableError.field(path: file.path, line: line, column: layout.week + 1, name: layout.names.week, value: "no 0",
                                       allowed: "a week-0 row (the whole period) for every unit; \(who)")
        }
        if var join {
            if let line = join.lateLine {
                // Some rows came before their unit's week −1 row: join the whole file again.
                guard !file.isStandardInput else {
                    throw UnitTableError.field(path: file.path, line: line, column: layout.week + 1, name: layout.names.week, value: "-1",
                                               allowed: "on standard input, a unit's week −1 (pre-period) row before its other rows, so that CUPED can "
                                                   + "join them in one pass (or read a file, or pass --no-cuped)")
                }
                join.clearMoments()
                try rejoin(&join, path: file.path, layout: layout, arms: statistics.arms, idsAreGlobal: ledger.idsAreGlobal)
            }
            join.merge(into: &statistics)
        }
        return Outcome(statistics: statistics, rows: rows, units: ledger.units, ledgerBytes: ledger.bytes)
    }

    /// The chunks parsed side by side, in order.
    static func parse(_ chunks: [[UInt8]], with parser: ChunkParser) -> [ChunkResult] {
        var results = [ChunkResult](repeating: ChunkResult(), count: chunks.count)
        results.withUnsafeMutableBufferPointer { out in
            nonisolated(unsafe) let out = out
            DispatchQueue.concurrentPerform(iterations: chunks.count) { k in
                out[k] = chunks[k].withUnsafeBytes { parser.parse($0) }
            }
        }
        return results
    }

    private func check(_ ledger: inout UnitLedger, join: inout PrePeriodJoin?, results: [ChunkResult], chunks: [[UInt8]], firstLines: [Int], armMaps: [[Int]],
                       names: [String], layout: UnitTableLayout, path: String) -> (line: Int, error: UnitTableError)? {
        let partitions = UnitLedger.partitions
        var found = [(line: Int, chunk: Int, record: LedgerRecord, violation: UnitLedger.Violation)?](repeating: nil, count: partitions)
        let idsAreGlobal = ledger.idsAreGlobal
        var parts = ledger.parts
        ledger.parts = []
        let joining = join != nil
        var joinParts = join?.parts ?? []
        join?.parts = []
        parts.withUnsafeMutableBufferPointer { parts in
          joinParts.withUnsafeMutableBufferPointer { joinParts in
            found.withUnsafeMutableBufferPointer { found in
                nonisolated(unsafe) let parts = parts, found = found, joinParts = joinParts
                DispatchQueue.concurrentPerform(iterations: partitions) { p in
                    outer: for (c, result) in results.enumerated() {
                        for record in result.records {
                            let arm = armMaps[c][Int(record.arm)]
                            let key = UnitLedger.key(record, arm: arm, idsAreGlobal: idsAreGlobal)
                            let hash = mix64(key)
                            guard Int(truncatingIfNeeded: hash) & (partitions - 1) == p else { continue }
                            let line = firstLines[c] + Int(record.line)
                            let known = joining && record.week == -1 && parts[p].contains(key: key, hash: hash)
                            if let violation = parts[p].insert(key: key, hash: hash, arm: arm, week: Int(record.week), line: line) {
                                found[p] = (line, c, record, violation)
                                break outer
                            }
                            if joining { joinParts[p].observe(record, key: key, arm: arm, known: known, line: line) }
                        }
                    }
                }
            }
          }
        }
        ledger.parts = parts
        if joining { join?.parts = joinParts }
        guard let first = found.compactMap({ $0 }).min(by: { $0.line < $1.line }) else { return nil }
        let record = first.record
        let id = chunks[first.chunk].withUnsafeBytes {
            $0.text(FieldRange(start: Int(record.idOffset), end: Int(record.idOffset) + Int(record.idLength)))
        }
        let kind = record.isCreator ? "creator" : "user"
        let arm = names[armMaps[first.chunk][Int(record.arm)]]
        switch first.violation {
        case .duplicate:
            return (first.line, .field(path: path, line: first.line, column: layout.id + 1, name: layout.source.idColumn, value: id,
                                       allowed: "one row per \(kind), arm, replicate and week; \(kind) \(id) of arm \(arm), week \(record.week) appears twice"))
        case let .twoArms(firstLine, other):
            return (first.line, .field(path: path, line: first.line, column: layout.arm + 1, name: "arm", value: arm,
                                       allowed: "the arm the \(kind) \(id) already has ('\(names[other])', line \(firstLine)): a unit sits in one arm"))
        }
    }
}

extension String {
    var trimmingBlanks: String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" || c == "\r" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" || c == "\r" { s.removeLast() }
        return String(s)
    }
}

enum Cores {
    static var online: Int { Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))) }
}
