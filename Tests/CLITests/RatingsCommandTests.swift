import Config
import Foundation
import Testing

/// `twinarm ratings` and the MovieLens-format reader.
@Suite("Ratings command")
struct RatingsCommandTests {
    @Test func theCommandBeatsTheBaselinesOnALowRankFileAndFailsCleanly() throws {
        // A generated rank-1 table: ratings 1 + 4·(user taste × item appeal), rounded to halves.
        var text = "user_id:token\titem_id:token\trating:float\ttimestamp:float\n"
        for u in 0..<200 { for i in 0..<120 where (u * 7 + i * 13) % 5 < 2 {
            let taste = Double((u * 37) % 101) / 100, appeal = Double((i * 53) % 97) / 96
            let value = ((1 + 4 * (taste * appeal + (1 - taste) * (1 - appeal))) * 2).rounded() / 2
            text += "\(u)\t\(i)\t\(value)\t0\n"
        } }
        let folder = try BinaryRunner.scratchFolder()
        let file = folder.appendingPathComponent("ratings.inter")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let run = try BinaryRunner.run(["ratings", file.path, "--factors", "4", "--sweeps", "20", "--regularisation", "0.02"])
        #expect(run.status == 0, "\(run.stderr)")
        func testRMSE(_ model: String) -> Double? {
            run.stdout.split(separator: "\n").first { $0.hasPrefix(model) }.flatMap { line in
                line.split(separator: " ").compactMap { Double($0) }.dropLast().last
            }
        }
        let mean = try #require(testRMSE("global mean")), biases = try #require(testRMSE("mean + user and item biases"))
        let model = try #require(testRMSE("factorisation"))
        #expect(model < 0.5 * Swift.min(biases, mean), "\(run.stdout)")
        // Progress on standard error: the read, then each fit's sweeps with the time to go.
        #expect(run.stderr.contains("ratings read") && run.stderr.contains("fit 2/2 (4 factors) sweep 20/20"), "\(run.stderr)")
        // Nothing written, one line, documented statuses.
        let missing = try BinaryRunner.run(["ratings", folder.appendingPathComponent("absent").path])
        #expect(missing.status == 66 && missing.stderr.contains("does not exist"))
        let bad = folder.appendingPathComponent("bad.inter")
        try "1\t2\t3\n1\t2\tfive\n".write(to: bad, atomically: true, encoding: .utf8)
        let broken = try BinaryRunner.run(["ratings", bad.path])
        #expect(broken.status == 65 && broken.stderr.contains("line 2: field 'rating' has value 'five'"), "\(broken.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["bad.inter", "ratings.inter"])
    }

    /// `--embeddings` never replaces a file TwinArm did not write (exit 73, before any fit, the file
    /// untouched); a new path, or its own earlier file, is written with the marker line.
    @Test func embeddingsOutputRefusesAForeignFile() throws {
        let folder = try BinaryRunner.scratchFolder()
        let ratings = folder.appendingPathComponent("r.inter")
        // 3 users × 2 items, each pair rated 8 times (48 ratings), so a 30 % hold-out leaves both sides non-empty.
        let table = (0..<8).map { _ in "1\t1\t4\n1\t2\t3\n2\t1\t5\n2\t2\t2\n3\t1\t1\n3\t2\t4\n" }.joined()
        try table.write(to: ratings, atomically: true, encoding: .utf8)
        let foreign = folder.appendingPathComponent("notes.csv")
        try "kind,id,v0\nmine\n".write(to: foreign, atomically: true, encoding: .utf8)
        let refused = try BinaryRunner.run(["ratings", ratings.path, "--factors", "2", "--holdout", "0.3", "--embeddings", foreign.path])
        #expect(refused.status == 73, "\(refused.stderr)")
        #expect(try String(contentsOf: foreign, encoding: .utf8) == "kind,id,v0\nmine\n")
        let fresh = folder.appendingPathComponent("e.csv")
        for _ in 0..<2 {   // a new file, then TwinArm's own file again
            let run = try BinaryRunner.run(["ratings", ratings.path, "--factors", "2", "--holdout", "0.3", "--embeddings", fresh.path])
            #expect(run.status == 0, "\(run.stderr)")
            let lines = try String(contentsOf: fresh, encoding: .utf8).split(separator: "\n")
            #expect(lines.first?.hasPrefix(EmbeddingsFile.marker) == true && lines.count == 2 + 3 + 2)
        }
    }
}
