import Foundation
import Testing

/// `analyze` refuses impossible tables with exit 65 and one line naming the file, line and column
/// (issue 11), and refuses options that cannot apply with exit 64.
@Suite("analyze validates its input (the built binary)")
struct AnalyzeValidationTests {
    static let header = "arm,replicate,unit,kind,group,popular,week,impressions,likes,coldStart,fresh,topics,days,activeDays"
    static let good = [
        "A,0,u1,user,1,,0,40,3,10,1,12,,", "A,0,u2,user,1,,0,10,0,2,0,5,,", "B,0,u3,user,1,,0,30,2,8,0,9,,",
        "B,0,u4,user,2,,0,20,1,5,1,7,,", "A,0,c1,creator,,1,0,,,,,,14,9", "B,0,c2,creator,,0,0,,,,,,14,3",
    ]

    func analyze(_ rows: [String], _ extra: [String] = []) throws -> BinaryRunner.Outcome {
        let folder = try BinaryRunner.scratchFolder()
        let file = folder.appendingPathComponent("units.csv")
        try ([Self.header] + rows).joined(separator: "\n").appending("\n").write(to: file, atomically: true, encoding: .utf8)
        let outcome = try BinaryRunner.run(["analyze", file.path] + extra)
        if outcome.status != 0 {
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("report.json").path), "wrote on rejection")
        }
        return outcome
    }

    @Test func aValidTablePasses() throws {
        let run = try analyze(Self.good)
        #expect(run.status == 0, "\(run.stderr)")
    }

    @Test func anExportedTableGetsTheMarkdownAndHTMLReportToo() throws {
        let folder = try BinaryRunner.scratchFolder()
        let table = folder.appendingPathComponent("units.csv")
        try ([Self.header] + Self.good).joined(separator: "\n").appending("\n").write(to: table, atomically: true, encoding: .utf8)
        let run = try BinaryRunner.run(["analyze", table.path])
        #expect(run.status == 0, "\(run.stderr)")
        let md = try String(contentsOf: folder.appendingPathComponent("report.md"), encoding: .utf8)
        let html = try String(contentsOf: folder.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(md.contains("An exported unit table (`units.csv`)") && md.contains("**Verdict**") && md.contains("## Health checks"))
        #expect(html.contains("<h2>Health checks</h2>") && html.contains("An exported unit table"))
        // A second run replaces its own pages; a foreign report.md is refused.
        #expect(try BinaryRunner.run(["analyze", table.path]).status == 0)
        try "my notes".write(to: folder.appendingPathComponent("report.md"), atomically: true, encoding: .utf8)
        let refused = try BinaryRunner.run(["analyze", table.path])
        #expect(refused.status == 73 && refused.stderr.contains("report.md"), "\(refused.stderr)")
        #expect(try String(contentsOf: folder.appendingPathComponent("report.md"), encoding: .utf8) == "my notes")
    }

    @Test(arguments: [
        ("likes > impressions", "A,0,u1,user,1,,0,4,5,1,1,2,,", "line 2, column 9 (likes): '5'; allowed: at most the row's impressions (4)"),
        ("negative count", "A,0,u1,user,1,,0,-4,0,0,0,2,,", "column 8 (impressions): '-4'; allowed: a non-negative integer"),
        ("fractional count", "A,0,u1,user,1,,0,4.5,0,0,0,2,,", "column 8 (impressions): '4.5'; allowed: a non-negative integer"),
        ("activeDays > days", "A,0,c1,creator,,1,0,,,,,,14,15", "column 14 (activeDays): '15'; allowed: at most the row's days (14)"),
        ("negative week", "A,0,u1,user,1,,-2,4,0,0,0,2,,", "column 7 (week): '-2'; allowed: −1 (the pre-period), 0 (the whole period) or a week 1 … 32767"),
        ("unknown kind", "A,0,u9,viewer,1,,0,4,0,0,0,2,,", "column 4 (kind): 'viewer'; allowed: user, creator"),
        ("empty arm", ",0,u9,user,1,,0,4,0,0,0,2,,", "column 1 (arm): ''; allowed: a non-empty name"),
    ])
    func impossibleRowsAreRefused(label: String, row: String, message: String) throws {
        let run = try analyze([row] + Self.good.dropFirst())
        #expect(run.status == 65, "\(label): \(run.stderr)")
        #expect(run.stderr.contains(message) && run.stderr.split(separator: "\n").count == 1, "\(label): \(run.stderr)")
    }

    @Test func standardInputGivesTheSameReportAsTheFile() throws {
        let folder = try BinaryRunner.scratchFolder()
        let table = ([Self.header] + Self.good).joined(separator: "\n") + "\n"
        try table.write(to: folder.appendingPathComponent("units.csv"), atomically: true, encoding: .utf8)
        let fromFile = try BinaryRunner.run(["analyze", folder.appendingPathComponent("units.csv").path, "--out", folder.appendingPathComponent("file").path])
        #expect(fromFile.status == 0, "\(fromFile.stderr)")
        // `-` reads standard input and, without --out, writes into the working folder.
        let fromStdin = try BinaryRunner.run(["analyze", "-"], in: folder, input: Data(table.utf8))
        #expect(fromStdin.status == 0, "\(fromStdin.stderr)")
        let a = try Data(contentsOf: folder.appendingPathComponent("file/report.json"))
        let b = try Data(contentsOf: folder.appendingPathComponent("report.json"))
        #expect(a == b)
        // An impossible row on standard input names "-" and the line.
        let bad = try BinaryRunner.run(["analyze", "-", "--out", folder.appendingPathComponent("bad").path],
            input: Data((table + "A,0,u9,user,1,,0,4,5,1,1,2,,\n").utf8))
        #expect(bad.status == 65 && bad.stderr.contains("'-' line 8, column 9 (likes): '5'"), "\(bad.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("bad").path))
    }

    @Test func tableWideRulesAreChecked() throws {
        let duplicate = try analyze(Self.good + ["A,0,u1,user,1,,0,40,3,10,1,12,,"])
        #expect(duplicate.status == 65 && duplicate.stderr.contains("appears twice"), "\(duplicate.stderr)")
        let twoArms = try analyze(Self.good + ["B,0,u1,user,1,,1,40,3,10,1,12,,"])
        #expect(twoArms.status == 65 && twoArms.stderr.contains("a unit sits in one arm"), "\(twoArms.stderr)")
        let noWhole = try analyze(Self.good + ["A,0,u7,user,1,,1,4,0,0,0,2,,"])
        #expect(noWhole.status == 65 && noWhole.stderr.contains("unit u7 has weekly rows only"), "\(noWhole.stderr)")
    }

    @Test func aForeignReportJSONIsNotOverwritten() throws {
        let folder = try BinaryRunner.scratchFolder()
        let table = folder.appendingPathComponent("units.csv"), mine = folder.appendingPathComponent("report.json")
        try ([Self.header] + Self.good).joined(separator: "\n").appending("\n").write(to: table, atomically: true, encoding: .utf8)
        try "{\"mine\": true}".write(to: mine, atomically: true, encoding: .utf8)
        let refused = try BinaryRunner.run(["analyze", table.path])
        #expect(refused.status == 73 && refused.stderr.contains("a file TwinArm did not write"), "\(refused.stderr)")
        #expect(try String(contentsOf: mine, encoding: .utf8) == "{\"mine\": true}")
        #expect(try BinaryRunner.run(["analyze", table.path, "--force"]).status == 0)
        // Its own report.json is replaced without --force.
        #expect(try BinaryRunner.run(["analyze", table.path]).status == 0)
    }

    @Test func optionsThatCannotApplyAreRefused() throws {
        let same = try analyze(Self.good, ["--control", "A", "--treatment", "A"])
        #expect(same.status == 64 && same.stderr.contains("an arm compared with itself"), "\(same.stderr)")
        let market = try analyze(Self.good, ["--variance", "market"])
        #expect(market.status == 64 && market.stderr.contains("needs at least 2 market pairs"), "\(market.stderr)")
        let three = try analyze(Self.good + ["C,0,u8,user,1,,0,20,1,5,1,7,,"])
        #expect(three.status == 64 && three.stderr.contains("name the arm to test against the control with --treatment"), "\(three.stderr)")
        let chosen = try analyze(Self.good + ["C,0,u8,user,1,,0,20,1,5,1,7,,"], ["--treatment", "C"])
        #expect(chosen.status == 0, "\(chosen.stderr)")
        let one = try analyze(Self.good.filter { $0.hasPrefix("A") })
        #expect(one.status == 64 && one.stderr.contains("needs two arms"), "\(one.stderr)")
    }
}

@Suite("benchmark --analyze (the built binary)")
struct AnalyzeBenchmarkTests {
    @Test func timesAGeneratedTable() throws {
        // The offline game's benchmark shows its progress, as `simulate` does.
        let offline = try BinaryRunner.run(["benchmark", "offline", "--steps", "20", "--mechanisms", "control"])
        #expect(offline.status == 0 && offline.stderr.contains("control seed 0"), "\(offline.stderr)")
        let run = try BinaryRunner.run(["benchmark", "analyze", "500"])
        #expect(run.status == 0, "\(run.stderr)")
        // 2 arms × (500 users × 5 periods + 50 creators) rows.
        #expect(run.stdout.contains("500 users per arm × 5 periods, 5100 rows"), "\(run.stdout)")
        #expect(run.stdout.contains("rows 5100 (") && run.stdout.contains("peak memory"), "\(run.stdout)")
    }
}

@Suite("benchmark retrieval (the built binary)")
struct RetrievalBenchmarkTests {
    /// TwinArm's exact search and the numpy reference time the same pool and users in one run.
    @Test func timesTwinArmAgainstTheNumpyReference() throws {
        let reference = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/retrieval-reference.py")
        let run = try BinaryRunner.run(["benchmark", "retrieval", "--users", "300", "--pool", "2000", "--k", "50", "--reference", reference.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("exact top 50 of a 2000-item pool for 300 users, d = 32"), "\(run.stdout)")
        #expect(run.stdout.contains("twinarm  seconds") && run.stdout.contains("numpy    seconds") && run.stdout.contains("ratio    twinarm / numpy"),
                "\(run.stdout)")
    }

    /// FAISS (Debian's libfaiss-dev, built by scripts/faiss-reference) on the same vectors: exact,
    /// and IVF and HNSW raised until their recall against exact search reaches 0.95.
    @Test func timesFaissOnTheSameVectors() throws {
        let scripts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts")
        let run = try BinaryRunner.run(["benchmark", "retrieval", "--users", "200", "--pool", "3000", "--k", "150",
                                        "--reference", scripts.appendingPathComponent("retrieval-reference.py").path,
                                        "--faiss", scripts.appendingPathComponent("faiss-reference").path])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").filter { $0.hasPrefix("faiss    ") }
        #expect(lines.first?.hasPrefix("faiss    flat build") == true, "\(run.stdout)")
        for index in ["ivf", "hnsw"] {
            let last = lines.last { $0.hasPrefix("faiss    \(index) ") }
            let recall = last.flatMap { $0.split(separator: " ").last }.flatMap { Double($0) }
            #expect((recall ?? 0) >= 0.95, "\(index): \(run.stdout)")
        }
    }

    @Test func refusesAKOutsideThePool() throws {
        let run = try BinaryRunner.run(["benchmark", "retrieval", "--pool", "100", "--k", "101"])
        #expect(run.status == 64 && run.stderr.contains("--k has value 101; allowed: 1 to the pool (100)"), "\(run.stderr)")
        #expect(run.stdout.isEmpty)
    }
}

@Suite("benchmark trial (the built binary)")
struct TrialBenchmarkTests {
    /// Seconds per market pair, each run and their median (the "median of 5 runs").
    @Test func timesEachRunAndTheMedianPerPair() throws {
        let config = try BinaryRunner.scratchFolder().appendingPathComponent("tiny.yaml")
        try tinyTrial.write(to: config, atomically: true, encoding: .utf8)
        let run = try BinaryRunner.run(["benchmark", "trial", config.path, "--replicates", "2", "--runs", "3"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("2 market pair(s)"), "\(run.stdout)")
        #expect(run.stdout.split(separator: "\n").filter { $0.hasPrefix("seconds ") && $0.contains(" per market pair)") }.count == 3, "\(run.stdout)")
        #expect(run.stdout.contains("median of 3 runs: "), "\(run.stdout)")
        let refused = try BinaryRunner.run(["benchmark", "trial", config.path, "--replicates", "0"])
        #expect(refused.status == 64 && refused.stderr.contains("--replicates has value 0; allowed: "), "\(refused.stderr)")
    }
}
