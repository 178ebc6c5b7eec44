import Foundation
import GSL
import Analysis

/// A synthetic units.csv for `twinarm benchmark analyze`: two arms, weeks 1–4 and their totals.
package enum SyntheticUnitTable {
    /// Writes the table in chunks; returns its number of data rows.
    package static func write(to url: URL, usersPerArm: Int, seed: UInt64) throws -> Int {
        FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        let stream = RandomStream(seed: seed, stream: 900)
        var buffer = "arm,replicate,unit,kind,group,popular,week,impressions,likes,coldStart,fresh,topics,days,activeDays\n"
        var rows = 0
        func flush(_ force: Bool = false) throws {
            if force || buffer.utf8.count > 1 << 20 { try handle.write(contentsOf: Data(buffer.utf8)); buffer = "" }
        }
        for arm in ["A", "B"] {
            for u in 0..<usersPerArm {
                let group = stream.integer(below: 240)
                var total = (0, 0, 0, 0, 0)
                for week in 1...4 {
                    let impressions = stream.poisson(mean: 12)
                    let likes = stream.binomial(trials: impressions, p: 0.05), cold = stream.binomial(trials: impressions, p: 0.4)
                    let fresh = stream.binomial(trials: cold, p: 0.4), topics = Swift.min(impressions, stream.poisson(mean: 6))
                    total = (total.0 + impressions, total.1 + likes, total.2 + cold, total.3 + fresh, Swift.max(total.4, topics))
                    buffer += "\(arm),0,\(arm)u\(u),user,\(group),,\(week),\(impressions),\(likes),\(cold),\(fresh),\(topics),,\n"
                    rows += 1
                }
                buffer += "\(arm),0,\(arm)u\(u),user,\(group),,0,\(total.0),\(total.1),\(total.2),\(total.3),\(total.4),,\n"
                rows += 1
                try flush()
            }
            for c in 0..<Swift.max(2, usersPerArm / 10) {
                let popular = stream.uniform() < 0.2 ? 1 : 0
                let active = stream.binomial(trials: 28, p: 0.5)
                buffer += "\(arm),0,\(arm)c\(c),creator,,\(popular),0,,,,,,28,\(active)\n"
                rows += 1
                try flush()
            }
        }
        try flush(true)
        return rows
    }
}
