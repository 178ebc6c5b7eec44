import Analysis
import Dispatch

extension UnitTableStream {
    /// The second pass of a file whose week −1 rows came after their units' other rows: every
    /// pre-period row is known now, so each other row is joined (the rows were checked already).
    func rejoin(_ join: inout PrePeriodJoin, path: String, layout: UnitTableLayout, arms: [String], idsAreGlobal: Bool) throws(UnitTableError) {
        let file = try InputFile(path: path)
        defer { file.close() }
        var reader = LineChunks(file: file, chunkSize: chunkSize)
        _ = try reader.header()
        let parser = ChunkParser(layout: layout)
        let partitions = UnitLedger.partitions
        while true {
            let chunks = try reader.next(count: chunksPerBatch)
            if chunks.isEmpty { break }
            let parsed = Self.parse(chunks, with: parser)
            let armMaps = parsed.map { result in result.statistics.arms.map { arms.firstIndex(of: $0) ?? 0 } }
            join.parts.withUnsafeMutableBufferPointer { parts in
                nonisolated(unsafe) let parts = parts
                DispatchQueue.concurrentPerform(iterations: partitions) { p in
                    for (c, result) in parsed.enumerated() {
                        for record in result.records where record.week >= 0 {
                            let arm = armMaps[c][Int(record.arm)]
                            let key = UnitLedger.key(record, arm: arm, idsAreGlobal: idsAreGlobal)
                            guard Int(truncatingIfNeeded: mix64(key)) & (partitions - 1) == p else { continue }
                            parts[p].observe(record, key: key, arm: arm, known: false, line: 0)
                        }
                    }
                }
            }
        }
    }

    /// Adds the batch's records to the ledger; returns the violation on the earliest line.
}
