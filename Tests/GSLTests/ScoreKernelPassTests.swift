import Testing
import GSL

/// Exact search's passes over one user's kept slots (``ScoreKernel/classify(rows:values:count:floor:sure:flags:openPositions:openRows:)``,
/// `emit`, `keep`, `count` and `report`) against plain loops written here, on slot counts that end inside
/// and on a vector of 16, with ties at the thresholds and rows that are not alive.
@Suite("Fused scoring kernel, slot passes")
struct ScoreKernelPassTests {
    /// `count` slots: rows ascending with gaps, values from a few levels so that some equal the
    /// thresholds. Callers pad copies with 16 slots, so even 0 slots have a buffer to point at.
    static func slots(_ count: Int, seed: UInt64) -> (rows: [Int32], values: [Float]) {
        let stream = RandomStream(seed: seed, stream: 3)
        var rows = [Int32](), values = [Float](), row: Int32 = 0
        for _ in 0..<count {
            row += 1 + Int32(stream.uniform() * 4)
            rows.append(row)
            values.append(Float(Int(stream.uniform() * 9)) / 8)
        }
        return (rows, values)
    }

    static let counts = [0, 1, 15, 16, 17, 40, 100]

    @Test(.enabled(if: ScoreKernel.isAvailable), arguments: counts)
    func classifyKeepsThoseAtTheFloorAndSplitsThemAtSure(count: Int) {
        let (rows, values) = Self.slots(count, seed: UInt64(count + 1))
        let floor: Float = 0.375, sure: Float = 0.75
        // The loop finish ran before the pass.
        var wantRows = [Int32](), wantValues = [Float](), wantFlags = [UInt8](), wantOpen = [Int32](), wantOpenRows = [Int32]()
        for t in 0..<count where values[t] >= floor {
            if values[t] >= sure { wantFlags.append(1) } else { wantFlags.append(0); wantOpen.append(Int32(wantRows.count)); wantOpenRows.append(rows[t]) }
            wantRows.append(rows[t])
            wantValues.append(values[t])
        }
        var r = rows + [Int32](repeating: -1, count: 16), v = values + [Float](repeating: -1, count: 16)
        let pad = count + ScoreKernel.passPadding
        var flags = [UInt8](repeating: 9, count: pad), open = [Int32](repeating: -1, count: pad), openRows = open
        let got = r.withUnsafeMutableBufferPointer { r in
            v.withUnsafeMutableBufferPointer { v in
                flags.withUnsafeMutableBufferPointer { f in
                    open.withUnsafeMutableBufferPointer { o in
                        openRows.withUnsafeMutableBufferPointer { or in
                            ScoreKernel.classify(rows: r.baseAddress!, values: v.baseAddress!, count: count, floor: floor, sure: sure,
                                                 flags: f.baseAddress!, openPositions: o.baseAddress!, openRows: or.baseAddress!)
                        }
                    }
                }
            }
        }
        #expect(got.kept == wantRows.count && got.open == wantOpen.count && got.sure == wantFlags.filter { $0 == 1 }.count)
        #expect(Array(r[0..<got.kept]) == wantRows && Array(v[0..<got.kept]) == wantValues)
        #expect(Array(flags[0..<got.kept]) == wantFlags)
        #expect(Array(open[0..<got.open]) == wantOpen && Array(openRows[0..<got.open]) == wantOpenRows)
    }

    @Test(.enabled(if: ScoreKernel.isAvailable), arguments: counts)
    func emitWritesTheFlaggedRowsAndItemsInOrderAndClearsTheFlags(count: Int) {
        let (rows, _) = Self.slots(count, seed: UInt64(count + 50))
        let items = (0..<500).map { Int32(1_000 + 7 * $0) }
        let stream = RandomStream(seed: 8, stream: UInt64(count))
        // Bytes past the count are stale: the pass must not read them as flags.
        var flags = (0..<count).map { _ in UInt8(stream.uniform() < 0.4 ? 1 : 0) } + [UInt8](repeating: 1, count: 16)
        let want = (0..<count).filter { flags[$0] != 0 }
        var outRows = [Int32](repeating: -1, count: count + 16), outItems = outRows
        let padded = rows + [Int32](repeating: 0, count: 16)
        let n = padded.withUnsafeBufferPointer { r in
            flags.withUnsafeMutableBufferPointer { f in
                items.withUnsafeBufferPointer { i in
                    outRows.withUnsafeMutableBufferPointer { o in
                        outItems.withUnsafeMutableBufferPointer { oi in
                            ScoreKernel.emit(rows: r.baseAddress!, flags: f.baseAddress!, count: count,
                                             items: i.baseAddress!, outRows: o.baseAddress!, outItems: oi.baseAddress!)
                        }
                    }
                }
            }
        }
        #expect(n == want.count)
        #expect(Array(outRows[0..<n]) == want.map { rows[$0] })
        #expect(Array(outItems[0..<n]) == want.map { items[Int(rows[$0])] })
        #expect(flags[0..<count].allSatisfy { $0 == 0 })
    }

    @Test(.enabled(if: ScoreKernel.isAvailable), arguments: counts)
    func keepHoldsTheSlotsAtTheBarInOrder(count: Int) {
        let (rows, values) = Self.slots(count, seed: UInt64(count + 70))
        let bar: Float = 0.625
        let want = (0..<count).filter { values[$0] >= bar }
        var r = rows + [Int32](repeating: 0, count: 16), v = values + [Float](repeating: 0, count: 16)
        let kept = r.withUnsafeMutableBufferPointer { r in
            v.withUnsafeMutableBufferPointer { ScoreKernel.keep(rows: r.baseAddress!, values: $0.baseAddress!, count: count, atLeast: bar) }
        }
        #expect(kept == want.count)
        #expect(Array(r[0..<kept]) == want.map { rows[$0] } && Array(v[0..<kept]) == want.map { values[$0] })
    }

    @Test(.enabled(if: ScoreKernel.isAvailable), arguments: counts)
    func countAndReportAgreeWithLoops(count: Int) {
        let (rows, values) = Self.slots(count, seed: UInt64(count + 90))
        let items = (0..<500).map { Int32(3 * $0 + 1) }
        let alive = (0..<500).map { UInt8($0 % 3 == 0 ? 0 : 1) }
        let bar: Float = 0.5
        for useAlive in [false, true] {
            let paddedValues = values + [Float](repeating: 0, count: 16), paddedRows = rows + [Int32](repeating: 0, count: 16)
            let counted = paddedValues.withUnsafeBufferPointer { v in
                paddedRows.withUnsafeBufferPointer { r in
                    alive.withUnsafeBufferPointer { a in
                        ScoreKernel.count(values: v.baseAddress!, rows: r.baseAddress!, count: count, atLeast: bar, alive: useAlive ? a.baseAddress! : nil)
                    }
                }
            }
            #expect(counted == (0..<count).filter { values[$0] >= bar && (!useAlive || alive[Int(rows[$0])] != 0) }.count)

            let watched = (0..<count).filter { values[$0] >= bar }
            let left = (0..<count).filter { !useAlive || alive[Int(rows[$0])] != 0 }
            var r = rows + [Int32](repeating: 0, count: 16), v = values + [Float](repeating: 0, count: 16)
            var outRows = [Int32](repeating: -1, count: count + 16), outItems = outRows
            let got = r.withUnsafeMutableBufferPointer { r in
                v.withUnsafeMutableBufferPointer { v in
                    items.withUnsafeBufferPointer { i in
                        alive.withUnsafeBufferPointer { a in
                            outRows.withUnsafeMutableBufferPointer { o in
                                outItems.withUnsafeMutableBufferPointer { oi in
                                    ScoreKernel.report(rows: r.baseAddress!, values: v.baseAddress!, count: count, watch: bar, items: i.baseAddress!,
                                                       alive: useAlive ? a.baseAddress! : nil, outRows: o.baseAddress!, outItems: oi.baseAddress!)
                                }
                            }
                        }
                    }
                }
            }
            #expect(got.watched == watched.count && got.kept == left.count)
            #expect(Array(outRows[0..<got.watched]) == watched.map { rows[$0] })
            #expect(Array(outItems[0..<got.watched]) == watched.map { items[Int(rows[$0])] })
            #expect(Array(r[0..<got.kept]) == left.map { rows[$0] } && Array(v[0..<got.kept]) == left.map { values[$0] })
        }
    }
}
