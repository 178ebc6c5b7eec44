/// The table-wide rules over units, checked in one pass with a compact per-unit record: each
/// (kind, arm, market pair, unit, week) appears once, a unit of an exported table sits in one
/// arm, and every unit has a week-0 (whole period) row.
///
/// A unit is a 64-bit key: a plain decimal id below 2⁴⁰ is kept exactly with its market pair,
/// kind and (for arm-local ids) arm; any other id is a 63-bit hash of its bytes, so two distinct
/// such ids collide with probability about n²/2⁶⁴ (3·10⁻⁵ at 20 million units) — then the table
/// is refused with a "appears twice" error naming the later line. Each slot is 16 bytes.
/// The table is split into ``partitions`` by key so that partitions fill in parallel.
struct UnitLedger: Sendable {
    static let partitions = 4

    /// What the ledger refuses.
    enum Violation {
        case duplicate
        case twoArms(first: Int, arm: Int)
    }

    /// One partition: open addressing with linear probing. `info` packs the weeks seen (bits
    /// 0…25 for weeks −1…24: bit w + 1), the arm (bits 26…31) and the unit's first line (bits 32…63).
    struct Partition: Sendable {
        struct Slot: Sendable { var key: UInt64 = 0; var info: UInt64 = 0 }
        private(set) var slots = [Slot](repeating: Slot(), count: 1 << 12)
        private(set) var count = 0
        /// (key, week) of weeks beyond the mask's.
        private var laterWeeks = Set<SIMD2<UInt64>>()

        static let maskWeeks = 26

        /// Whether the unit has a row already.
        func contains(key: UInt64, hash: UInt64) -> Bool {
            let mask = slots.count - 1
            var index = Int(truncatingIfNeeded: hash >> 8) & mask
            while true {
                let slot = slots[index]
                if slot.key == 0 { return false }
                if slot.key == key { return true }
                index = (index + 1) & mask
            }
        }

        /// Records the unit's row; returns what it violates, if anything.
        @inline(__always)
        mutating func insert(key: UInt64, hash: UInt64, arm: Int, week: Int, line: Int) -> Violation? {
            let bitIndex = week + 1
            if (count + 1) * 4 > slots.count * 3 { grow() }
            let mask = slots.count - 1
            var index = Int(truncatingIfNeeded: hash >> 8) & mask
            while true {
                let slot = slots[index]
                if slot.key == 0 {
                    let weekBit: UInt64 = bitIndex < Self.maskWeeks ? 1 << UInt64(bitIndex) : 0
                    if bitIndex >= Self.maskWeeks { laterWeeks.insert(SIMD2(key, UInt64(week))) }
                    slots[index] = Slot(key: key, info: weekBit | UInt64(arm) << 26 | UInt64(Swift.min(line, Int(UInt32.max))) << 32)
                    count += 1
                    return nil
                }
                if slot.key == key {
                    let storedArm = Int((slot.info >> 26) & 63)
                    if storedArm != arm { return .twoArms(first: Int(slot.info >> 32), arm: storedArm) }
                    if bitIndex < Self.maskWeeks {
                        let bit: UInt64 = 1 << UInt64(bitIndex)
                        if slot.info & bit != 0 { return .duplicate }
                        slots[index].info |= bit
                    } else if !laterWeeks.insert(SIMD2(key, UInt64(week))).inserted {
                        return .duplicate
                    }
                    return nil
                }
                index = (index + 1) & mask
            }
        }

        private mutating func grow() {
            let old = slots
            slots = [Slot](repeating: Slot(), count: old.count * 2)
            let mask = slots.count - 1
            for slot in old where slot.key != 0 {
                var index = Int(truncatingIfNeeded: mix64(slot.key) >> 8) & mask
                while slots[index].key != 0 { index = (index + 1) & mask }
                slots[index] = slot
            }
        }

        /// The first line of the earliest unit with no week-0 row.
        var firstUnitWithoutWholePeriod: Int? {
            var first: Int?
            for slot in slots where slot.key != 0 && slot.info & 2 == 0 {
                let line = Int(slot.info >> 32)
                if first == nil || line < first! { first = line }
            }
            return first
        }
    }

    var parts = [Partition](repeating: Partition(), count: partitions)
    let idsAreGlobal: Bool

    init(idsAreGlobal: Bool) { self.idsAreGlobal = idsAreGlobal }

    /// The key of a record whose arm has global index `arm`.
    @inline(__always)
    static func key(_ record: LedgerRecord, arm: Int, idsAreGlobal: Bool) -> UInt64 {
        let localArm = idsAreGlobal ? 0 : UInt64(arm + 1)
        let kind: UInt64 = record.isCreator ? 1 : 0
        if record.isNumeric {
            return 1 << 63 | record.id | UInt64(record.replicate) << 40 | kind << 56 | localArm << 57
        }
        let salt = mix64(UInt64(record.replicate) | kind << 16 | localArm << 17)
        let key = mix64(record.id ^ salt) & ~(1 << 63)
        return key == 0 ? 1 : key
    }

    var units: Int { parts.reduce(0) { $0 + $1.count } }
    var bytes: Int { parts.reduce(0) { $0 + $1.slots.count * MemoryLayout<Partition.Slot>.stride } }
}
