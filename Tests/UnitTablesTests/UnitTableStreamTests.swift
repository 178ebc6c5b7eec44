import Analysis
import Foundation
import Testing
@testable import UnitTables

/// A units.csv written to a temporary file, with the rows as an in-memory table beside it.
struct SampleTable {
    var csv = "arm,replicate,unit,kind,group,popular,week,impressions,likes,coldStart,fresh,topics,days,activeDays"
    var table = UnitTable(users: [], creators: [])
    /// With a pre-period row per user and the users' attributes (follows, tier) on each of her rows.
    let attributes: Bool
    private var follows = 0, tier = 0

    /// `users` per arm over two market pairs and three weeks; ids numeric or text.
    init(users: Int, numericIds: Bool, seed: UInt64 = 1, attributes: Bool = false) {
        self.attributes = attributes
        csv += attributes ? ",follows,tier,followers\n" : "\n"
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        for arm in ["control", "hmt"] {
            for u in 0..<users {
                let id = numericIds ? "\(arm == "control" ? u : users + u)" : "\(arm)-user-\(u)"
                let replicate = u % 2, group = next(9)
                var total = (0, 0, 0, 0, 0)
                if attributes {
                    follows = next(50); tier = next(3)
                    let imps = next(40), likes = imps == 0 ? 0 : next(imps / 4 + 1), cold = imps == 0 ? 0 : next(imps + 1)
                    add(arm, replicate, id, group, -1, (imps, likes, cold, cold == 0 ? 0 : next(cold + 1), next(9)))
                }
                for week in [1, 2, 3] {
                    let imps = next(40), likes = imps == 0 ? 0 : next(imps / 4 + 1), cold = imps == 0 ? 0 : next(imps + 1)
                    let fresh = cold == 0 ? 0 : next(cold + 1), topics = next(9)
                    total = (total.0 + imps, total.1 + likes, total.2 + cold, total.3 + fresh, max(total.4, topics))
                    add(arm, replicate, id, group, week, (imps, likes, cold, fresh, topics))
                }
                add(arm, replicate, id, group, 0, total)
            }
            for c in 0..<max(4, users / 5) {
                let id = numericIds ? "\(arm == "control" ? c : 100_000 + c)" : "\(arm)-creator-\(c)"
                let popular = c % 4 == 0, days = c % 7 == 0 ? 0 : 21, active = days == 0 ? 0 : next(22)
                // Followers as a simulated arm writes them (fractional), rounded to whole followers when read.
                let followers = attributes ? Double(next(4000)) / 8 : 0
                csv += "\(arm),\(c % 2),\(id),creator,,\(popular ? 1 : 0),0,,,,,,\(days),\(active)\(attributes ? ",,,\(followers)" : "")\n"
                table.creators.append(.init(arm: arm, replicate: c % 2, id: id, popular: popular, week: 0, days: days, activeDays: active,
                                            followers: Int(followers.rounded(.toNearestOrEven))))
            }
        }
    }

    private mutating func add(_ arm: String, _ replicate: Int, _ id: String, _ group: Int, _ week: Int, _ v: (Int, Int, Int, Int, Int)) {
        csv += "\(arm),\(replicate),\(id),user,\(group),,\(week),\(v.0),\(v.1),\(v.2),\(v.3),\(v.4),,"
        csv += attributes ? ",\(follows),\(tier),\n" : "\n"
        table.users.append(.init(arm: arm, replicate: replicate, id: id, group: group, week: week, impressions: v.0, likes: v.1,
                                 coldStart: v.2, fresh: v.3, topics: v.4, follows: follows, tier: tier))
    }

    func write(_ text: String? = nil) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("units-\(UUID().uuidString).csv")
        try (text ?? csv).write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }
}

func stream(chunk: Int, batch: Int) -> UnitTableStream {
    var s = UnitTableStream()
    s.chunkSize = chunk
    s.chunksPerBatch = batch
    return s
}

@Suite("Streaming unit tables")
struct UnitTableStreamTests {
    @Test(arguments: [true, false])
    func chunkingAndCoresDoNotChangeTheSums(numericIds: Bool) throws {
        let sample = SampleTable(users: 300, numericIds: numericIds)
        let path = try sample.write()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let whole = try stream(chunk: 1 << 20, batch: 1).read(.units(path))
        #expect(whole.rows == sample.table.users.count + sample.table.creators.count)
        #expect(whole.units == 600 + 2 * 60)
        // The streamed sums equal those built row by row in memory, whatever the chunk size and batch.
        #expect(whole.statistics == sample.table.statistics)
        for (chunk, batch) in [(1, 1), (97, 2), (4096, 3), (65_536, 8)] {
            let other = try stream(chunk: chunk, batch: batch).read(.units(path))
            #expect(other.statistics == whole.statistics, "chunk \(chunk), batch \(batch)")
        }
        #expect(try TrialAnalysis.analyze(whole.statistics) == TrialAnalysis.analyze(sample.table))
    }

    /// The users' attributes (follows, tier) reach the regression's covariates through the stream as
    /// through the in-memory table; cut them and the covariate sums change.
    @Test func attributesJoinFromThePrePeriodRow() throws {
        let sample = SampleTable(users: 200, numericIds: true, attributes: true)
        let path = try sample.write()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let read = try stream(chunk: 997, batch: 2).read(.units(path))
        #expect(read.statistics == sample.table.statistics)
        let sizes = read.statistics.groupSizes
        let sums = read.statistics.userCovariates(where: { $0.week == 0 }, groupSizes: sizes)
        let k = UserCovariates.count, follows = UnitCounts.covariates - 2, tier = UnitCounts.covariates - 1
        let pre = sample.table.users.filter { $0.week == -1 }
        #expect(sums.x[follows] == Int128(pre.reduce(0) { $0 + $1.follows }))
        #expect(sums.x[tier] == Int128(pre.reduce(0) { $0 + $1.tier }))
        #expect(sums.xx[follows * k + tier] == Int128(pre.reduce(0) { $0 + $1.follows * $1.tier }))
        let creators = read.statistics.creators { $0.week == 0 }.covariates
        #expect(creators.means[1] * Double(creators.count) == Double(sample.table.creators.filter { $0.days > 0 }.reduce(0) { $0 + $1.followers }))
        // Without the columns the attributes are zeros (and the fit leaves them out).
        let bare = sample.csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).dropLast(3).joined(separator: ",") }
        let barePath = try sample.write(bare.joined(separator: "\n") + "\n")
        defer { try? FileManager.default.removeItem(atPath: barePath) }
        let without = try stream(chunk: 997, batch: 2).read(.units(barePath)).statistics
        let zero = without.userCovariates(where: { $0.week == 0 }, groupSizes: sizes)
        #expect(zero.x[follows] == 0 && zero.x[tier] == 0 && zero.x[0] == sums.x[0])
        #expect(zero != sums)
        #expect(without.creators { $0.week == 0 }.covariates.means[1] == 0)
    }

    @Test func earliestProblemIsReportedWhateverTheChunking() throws {
        let sample = SampleTable(users: 50, numericIds: false)
        var lines = sample.csv.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // A duplicate row on line 150 and an impossible count on line 170: the duplicate comes first.
        lines[149] = lines[20]
        lines[169] = lines[169].replacingOccurrences(of: ",user,", with: ",viewer,")
        let path = try sample.write(lines.joined(separator: "\n"))
        defer { try? FileManager.default.removeItem(atPath: path) }
        for (chunk, batch) in [(1 << 20, 1), (200, 4), (1, 2)] {
            #expect {
                try stream(chunk: chunk, batch: batch).read(.units(path))
            } throws: { error in
                let text = (error as? UnitTableError)?.description ?? ""
                return text.contains("line 150, column 3 (unit)") && text.contains("appears twice")
            }
        }
    }

    @Test func blankLinesCarriageReturnsAndQuotesAreRead() throws {
        let sample = SampleTable(users: 20, numericIds: true)
        let crlf = sample.csv.replacingOccurrences(of: "\n", with: "\r\n").replacingOccurrences(of: "control,", with: "\"control\",")
        let path = try sample.write(crlf + "\r\n\r\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try stream(chunk: 64, batch: 2).read(.units(path)).statistics == sample.table.statistics)
    }

    @Test func weeksBeyondTheMaskAreStillCheckedForDuplicates() throws {
        let header = "arm,unit,kind,group,popular,week,impressions,likes,coldStart,fresh,topics,days,activeDays\n"
        let rows = ["A,1,user,0,,0,5,1,1,0,1,,", "A,1,user,0,,40,5,1,1,0,1,,", "B,2,user,0,,0,5,1,1,0,1,,",
                    "B,2,user,0,,40,5,1,1,0,1,,"]
        let ok = try SampleTable(users: 0, numericIds: true).write(header + rows.joined(separator: "\n"))
        defer { try? FileManager.default.removeItem(atPath: ok) }
        #expect(try UnitTableStream().read(.units(ok)).statistics.weeks == [40])
        let twice = try SampleTable(users: 0, numericIds: true).write(header + (rows + ["A,1,user,0,,40,5,1,1,0,1,,"]).joined(separator: "\n"))
        defer { try? FileManager.default.removeItem(atPath: twice) }
        #expect(throws: UnitTableError.self) { try UnitTableStream().read(.units(twice)) }
    }

    @Test func idsWithLeadingZerosAreDistinctFromTheirNumbers() throws {
        let header = "arm,unit,kind,group,popular,week,impressions,likes,coldStart,fresh,topics,days,activeDays\n"
        let rows = ["A,7,user,0,,0,5,1,1,0,1,,", "A,007,user,0,,0,5,1,1,0,1,,", "B,8,user,0,,0,5,1,1,0,1,,"]
        let path = try SampleTable(users: 0, numericIds: true).write(header + rows.joined(separator: "\n"))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try UnitTableStream().read(.units(path)).units == 3)
    }

    @Test func emptyAndHeaderlessInputsAreRefused() throws {
        let empty = try SampleTable(users: 0, numericIds: true).write("")
        defer { try? FileManager.default.removeItem(atPath: empty) }
        #expect(throws: UnitTableError("'\(empty)' is empty; it needs a header row")) { try UnitTableStream().read(.units(empty)) }
        let noKind = try SampleTable(users: 0, numericIds: true).write("arm,unit,week\nA,1,0\n")
        defer { try? FileManager.default.removeItem(atPath: noKind) }
        #expect(throws: UnitTableError("'\(noKind)' lacks the column(s) kind; see README, 'analyze' table format")) {
            try UnitTableStream().read(.units(noKind))
        }
    }
}
