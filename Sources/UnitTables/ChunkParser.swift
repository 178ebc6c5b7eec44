import Analysis

/// One row's claim on a unit, checked by the ``UnitLedger`` once the chunk's arms are known
/// across the whole table.
struct LedgerRecord: Sendable {
    /// The id itself if it is a plain decimal number below 2⁴⁰, else a 64-bit hash of its bytes.
    var id: UInt64
    /// 0-based line within the chunk.
    var line: UInt32
    /// Where the id's bytes sit in the chunk (for messages).
    var idOffset: UInt32
    var idLength: UInt16
    var replicate: UInt16
    var week: Int16
    /// The arm's index in the chunk's own arm list.
    var arm: UInt8
    /// Bit 0: a creator; bit 1: `id` is the number itself.
    var flags: UInt8
    /// The row's values, for the pre-period join (CUPED): a user's group, impressions, likes,
    /// cold-start, fresh and topics; a creator's popularity (0, 1), days and active days.
    var group: Int32 = 0
    var values: (Int32, Int32, Int32, Int32, Int32) = (0, 0, 0, 0, 0)
    /// A user's attributes (0 without their columns): follows when the trial starts, and tier.
    var follows: Int32 = 0
    var tier: Int32 = 0

    var isCreator: Bool { flags & 1 != 0 }
    var isNumeric: Bool { flags & 2 != 0 }
}

/// What parsing one chunk of whole lines yields.
struct ChunkResult: Sendable {
    var statistics = UnitStatistics()
    var records: [LedgerRecord] = []
    /// Lines in the chunk (all of them unless it stopped at `problem`).
    var lines = 0
    var problem: RowProblem?
}

/// Parses whole CSV lines of a unit table into cell sums and ledger records, checking each row.
struct ChunkParser {
    static let countLimit: Int64 = (1 << 31) - 1
    static let countAllowed = "a non-negative integer (below 2^31)"
    static let maxReplicate: Int64 = 65_535
    static let maxWeek: Int64 = 32_767
    static let weekAllowed = "−1 (the pre-period), 0 (the whole period) or a week 1 … \(maxWeek)"
    static let user = Array("user".utf8), creator = Array("creator".utf8)

    let layout: UnitTableLayout

    func parse(_ bytes: UnsafeRawBufferPointer) -> ChunkResult {
        var result = ChunkResult()
        result.records.reserveCapacity(bytes.count / 32)
        var armBytes = [[UInt8]]()
        var fields = [FieldRange](repeating: FieldRange(start: 0, end: 0), count: layout.width)
        var position = 0, line = 0
        let count = bytes.count
        while position < count {
            // One line: its end, and its fields split at commas.
            var end = position, field = 0, fieldStart = position, tooMany = false
            while end < count {
                let byte = bytes[end]
                if byte == ASCII.newline { break }
                if byte == ASCII.comma {
                    if field < fields.count { fields[field] = bytes.trimmed(fieldStart, end) } else { tooMany = true }
                    field += 1
                    fieldStart = end + 1
                }
                end += 1
            }
            if field < fields.count { fields[field] = bytes.trimmed(fieldStart, end) } else { tooMany = true }
            let found = field + 1
            defer { position = end + 1; line += 1 }
            // A blank line carries no row.
            if found == 1 && fields[0].isEmpty { continue }
            if tooMany || found != layout.width {
                result.problem = RowProblem(line: line, kind: .row("has \(found) fields; the header has \(layout.width)"))
                result.lines = line
                return result
            }
            if let problem = parseRow(bytes, fields, line: line, arms: &armBytes, into: &result) {
                result.problem = problem
                result.lines = line
                return result
            }
        }
        result.lines = line
        return result
    }

    /// Checks and adds one row; returns its first problem, if any.
    @inline(__always)
    private func parseRow(_ bytes: UnsafeRawBufferPointer, _ fields: [FieldRange], line: Int, arms: inout [[UInt8]],
                          into result: inout ChunkResult) -> RowProblem? {
        func problem(_ column: String, _ field: FieldRange, _ allowed: String) -> RowProblem {
            RowProblem(line: line, kind: .field(column: column, value: bytes.text(field), allowed: allowed))
        }
        // Which kind of unit.
        let isCreator: Bool
        switch layout.source {
        case .users: isCreator = false
        case .creators: isCreator = true
        case .units:
            let kind = fields[layout.kind]
            if bytes.matches(kind, Self.user) { isCreator = false }
            else if bytes.matches(kind, Self.creator) { isCreator = true }
            else { return problem("kind", kind, "user, creator") }
        }
        let missing = isCreator ? layout.missingForCreators : layout.missingForUsers
        if !missing.isEmpty { return RowProblem(line: line, kind: .file(UnitTableLayout.lacking(missing))) }

        // The arm: matched by bytes against the chunk's arms; a new name must be UTF-8 text.
        let armField = fields[layout.arm]
        guard !armField.isEmpty else { return problem("arm", armField, "a non-empty name") }
        var arm = -1
        for (index, known) in arms.enumerated() where bytes.matches(armField, known) { arm = index; break }
        if arm < 0 {
            let raw = Array(UnsafeRawBufferPointer(rebasing: bytes[armField.start..<armField.end]))
            guard let name = String(validating: raw, as: UTF8.self) else { return problem("arm", armField, "UTF-8 text") }
            guard arms.count < 63 else { return problem("arm", armField, "at most 63 arms in one table") }
            arms.append(raw)
            arm = result.statistics.arm(name)
        }

        var replicate: Int64 = 0
        if layout.replicate >= 0, !fields[layout.replicate].isEmpty {
            guard let r = bytes.integer(fields[layout.replicate], limit: Self.maxReplicate), r >= 0 else {
                return problem("replicate", fields[layout.replicate], "an integer ≥ 0 (at most \(Self.maxReplicate))")
            }
            replicate = r
        }
        let idField = fields[layout.id]
        guard !idField.isEmpty else { return problem(layout.source.idColumn, idField, "a non-empty name") }

        let week: Int64
        var group: Int32 = 0, values: (Int32, Int32, Int32, Int32, Int32) = (0, 0, 0, 0, 0), attributes: (Int32, Int32) = (0, 0)
        if isCreator {
            let popularField = fields[layout.popular]
            guard let popular = bytes.integer(popularField, limit: Self.countLimit), popular >= 0 else {
                return problem("popular", popularField, "an integer ≥ 0")
            }
            guard popular <= 1 else { return problem("popular", popularField, "0 or 1") }
            guard let w = bytes.integer(fields[layout.week], limit: Self.maxWeek), w >= -1 else {
                return problem("week", fields[layout.week], Self.weekAllowed)
            }
            week = w
            guard let days = bytes.integer(fields[layout.days], limit: Self.countLimit), days >= 0 else {
                return problem("days", fields[layout.days], Self.countAllowed)
            }
            guard let active = bytes.integer(fields[layout.activeDays], limit: Self.countLimit), active >= 0 else {
                return problem("activeDays", fields[layout.activeDays], Self.countAllowed)
            }
            guard active <= days else {
                return problem("activeDays", fields[layout.activeDays], "at most the row's days (\(days))")
            }
            // Optional columns (the ecosystem metrics): served days and impressions.
            var served: Int64?, impressions: Int64?
            if layout.servedDays >= 0, !fields[layout.servedDays].isEmpty {
                guard let s = bytes.integer(fields[layout.servedDays], limit: Self.countLimit), s >= 0 else {
                    return problem("servedDays", fields[layout.servedDays], Self.countAllowed)
                }
                guard s <= days else { return problem("servedDays", fields[layout.servedDays], "at most the row's days (\(days))") }
                served = s
            }
            if layout.impressions >= 0, !fields[layout.impressions].isEmpty {
                guard let i = bytes.integer(fields[layout.impressions], limit: Self.countLimit), i >= 0 else {
                    return problem("impressions", fields[layout.impressions], Self.countAllowed)
                }
                impressions = i
            }
            var followers: Int64 = 0
            if layout.followers >= 0, !fields[layout.followers].isEmpty {
                guard let f = Double(bytes.text(fields[layout.followers])).flatMap(CreatorCounts.wholeFollowers) else {
                    return problem("followers", fields[layout.followers], "a number ≥ 0 (below 2^31)")
                }
                followers = f
            }
            result.statistics.addCreator(.init(arm: arm, replicate: Int(replicate), popular: popular == 1, week: Int(week)),
                                         CreatorCounts(days: Int(days), activeDays: active, servedDays: served, impressions: impressions,
                                                       followers: followers))
            group = Int32(popular)
            values = (Int32(days), Int32(active), served.map { Int32($0) } ?? -1, Int32(followers), 0)
        } else {
            guard let userGroup = bytes.integer(fields[layout.group], limit: Int64(Int32.max)), userGroup >= 0 else {
                return problem("group", fields[layout.group], "an integer ≥ 0")
            }
            group = Int32(userGroup)
            guard let w = bytes.integer(fields[layout.week], limit: Self.maxWeek), w >= -1 else {
                return problem("week", fields[layout.week], Self.weekAllowed)
            }
            week = w
            var bad: RowProblem?
            func count(_ column: String, _ index: Int) -> Int64 {
                if bad == nil, let value = bytes.integer(fields[index], limit: Self.countLimit), value >= 0 { return value }
                if bad == nil { bad = problem(column, fields[index], Self.countAllowed) }
                return 0
            }
            let impressions = count("impressions", layout.impressions), likes = count("likes", layout.likes)
            let coldStart = count("coldStart", layout.coldStart), fresh = count("fresh", layout.fresh)
            let topics = count("topics", layout.topics)
            let follows = layout.follows >= 0 && !fields[layout.follows].isEmpty ? count("follows", layout.follows) : 0
            let tier = layout.tier >= 0 && !fields[layout.tier].isEmpty ? count("tier", layout.tier) : 0
            if let bad { return bad }
            if likes > impressions { return problem("likes", fields[layout.likes], "at most the row's impressions (\(impressions))") }
            if coldStart > impressions { return problem("coldStart", fields[layout.coldStart], "at most the row's impressions (\(impressions))") }
            if fresh > impressions { return problem("fresh", fields[layout.fresh], "at most the row's impressions (\(impressions))") }
            result.statistics.addUser(.init(arm: arm, replicate: Int(replicate), group: Int(group), week: Int(week)),
                                      impressions: impressions, likes: likes, coldStart: coldStart, fresh: fresh, topics: topics)
            values = (Int32(impressions), Int32(likes), Int32(coldStart), Int32(fresh), Int32(topics))
            attributes = (Int32(follows), Int32(tier))
        }

        // The unit's identity for the ledger: a plain number kept exactly, anything else hashed.
        var id: UInt64, numeric = false
        let length = idField.end - idField.start
        if length <= 13, bytes[idField.start] != ASCII.zero || length == 1,
           let n = bytes.integer(idField, limit: (1 << 40) - 1), n >= 0, bytes[idField.start] != ASCII.plus, bytes[idField.start] != ASCII.minus {
            id = UInt64(n)
            numeric = true
        } else {
            id = bytes.hash(idField)
        }
        result.records.append(LedgerRecord(id: id, line: UInt32(truncatingIfNeeded: line), idOffset: UInt32(truncatingIfNeeded: idField.start),
                                           idLength: UInt16(truncatingIfNeeded: Swift.min(length, Int(UInt16.max))),
                                           replicate: UInt16(replicate), week: Int16(week), arm: UInt8(arm),
                                           flags: (isCreator ? 1 : 0) | (numeric ? 2 : 0), group: group, values: values,
                                           follows: attributes.0, tier: attributes.1))
        return nil
    }
}
