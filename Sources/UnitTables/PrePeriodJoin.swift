import Analysis

/// The pre-period join of a streamed table (CUPED): each unit's week −1 row, kept by its ledger
/// key in the unit's ledger partition, joined to the unit's other rows as they arrive — so a table
/// whose week −1 rows come before a unit's other rows (as `twinarm run` writes them) is joined in
/// the one pass. A unit's other rows seen before its week −1 row are not joined; the first such
/// unit's line is kept, and a file is then joined again in a second pass (standard input cannot be).
/// Memory: one dictionary entry per unit with a pre-period row, none without.
struct PrePeriodJoin: Sendable {
    struct Partition: Sendable {
        /// Week −1 values as the row held them (32-bit counts, the table's limit): a user's five counts
        /// and attributes (follows, tier), a creator's days, active days and served days (−1: no column).
        var users: [UInt64: PreUser] = [:]
        var creators: [UInt64: SIMD4<Int32>] = [:]
        var userMoments: [UnitStatistics.UserKey: PreMoments] = [:]
        var creatorMoments: [UnitStatistics.CreatorKey: CreatorPreJoin] = [:]
        /// The line of the first week −1 row that came after one of its unit's other rows.
        var lateLine: Int?

        /// One accepted row; `known`: its unit had rows before it.
        @inline(__always)
        mutating func observe(_ record: LedgerRecord, key: UInt64, arm: Int, known: Bool, line: Int) {
            if record.week == -1 {
                if record.isCreator { creators[key] = SIMD4(record.values.0, record.values.1, record.values.2, 0) }
                else { users[key] = PreUser(counts: record.values, follows: record.follows, tier: record.tier) }
                if known, lateLine == nil { lateLine = line }
                return
            }
            if record.isCreator {
                guard !creators.isEmpty, let pre = creators[key] else { return }
                creatorMoments[.init(arm: arm, replicate: Int(record.replicate), popular: record.group == 1, week: Int(record.week)),
                               default: CreatorPreJoin()]
                    .add(post: Self.creatorCounts(record.values.0, record.values.1, record.values.2, followers: record.values.3),
                         pre: Self.creatorCounts(pre[0], pre[1], pre[2]), week: Int(record.week))
            } else {
                guard !users.isEmpty, let pre = users[key] else { return }
                userMoments[.init(arm: arm, replicate: Int(record.replicate), group: Int(record.group), week: Int(record.week)),
                            default: PreMoments()].add(post: Self.counts(record.values), pre: pre.unitCounts)
            }
        }

        static func creatorCounts(_ days: Int32, _ active: Int32, _ served: Int32, followers: Int32 = 0) -> CreatorCounts {
            CreatorCounts(days: Int(days), activeDays: Int64(active), servedDays: served >= 0 ? Int64(served) : nil, followers: Int64(followers))
        }

        static func counts(_ v: (Int32, Int32, Int32, Int32, Int32)) -> UnitCounts {
            UnitCounts(impressions: Int64(v.0), likes: Int64(v.1), coldStart: Int64(v.2), fresh: Int64(v.3), topics: Int64(v.4))
        }
    }

    /// A user's week −1 row, as the join keeps it.
    struct PreUser: Sendable {
        var counts: (Int32, Int32, Int32, Int32, Int32)
        var follows: Int32
        var tier: Int32

        var unitCounts: UnitCounts {
            var c = Partition.counts(counts)
            c.follows = Int64(follows); c.tier = Int64(tier)
            return c
        }
    }

    var parts = [Partition](repeating: Partition(), count: UnitLedger.partitions)

    var lateLine: Int? { parts.compactMap(\.lateLine).min() }

    /// Forgets the joined moments (not the pre-period rows) before a second pass.
    mutating func clearMoments() {
        for p in parts.indices { parts[p].userMoments = [:]; parts[p].creatorMoments = [:]; parts[p].lateLine = nil }
    }

    /// The joined moments, added to `statistics`' cells.
    func merge(into statistics: inout UnitStatistics) {
        for part in parts {
            for (key, moments) in part.userMoments { statistics.addUserPre(key, moments: moments) }
            for (key, moments) in part.creatorMoments { statistics.addCreatorPre(key, moments: moments) }
        }
    }
}
