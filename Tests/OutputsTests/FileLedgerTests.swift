import Foundation
import Testing
@testable import Outputs

/// Ownership is recorded, not recognised: the ledger lists what TwinArm wrote, with its hash.
@Suite("The file ledger")
struct FileLedgerTests {
    func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("twinarm-ledger-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func aFileTwinArmWroteIsReplacedAndAForeignOneIsNot() throws {
        let folder = try scratch()
        let page: RunFile = ("report.md", Data("# a report\n".utf8))
        try FileLedger.refuseForeign([page.name], in: folder, hint: "h")
        try FileLedger.write([page], into: folder)
        #expect(FileLedger.read(folder).files["report.md"] != nil)
        // Its own file, unchanged: replaced.
        try FileLedger.refuseForeign([page.name], in: folder, hint: "h")
        try FileLedger.write([("report.md", Data("# another\n".utf8))], into: folder)
        // Someone else's file of the same name: refused, whatever its headings say.
        try Data("## Health checks\nmine\n".utf8).write(to: folder.appendingPathComponent("report.html"))
        #expect(throws: OutputError.self) { try FileLedger.refuseForeign(["report.html"], in: folder, hint: "h") }
        // Its own file edited by hand: refused too.
        try Data("# edited\n".utf8).write(to: folder.appendingPathComponent("report.md"))
        do {
            try FileLedger.refuseForeign(["report.md"], in: folder, hint: "pass --force")
            Issue.record("an edited file was not refused")
        } catch {
            #expect(error.description.contains("changed since TwinArm wrote it") && error.exitCode == 73, "\(error.description)")
        }
    }

    @Test func anOutputFolderRecordsEveryFileItWrote() throws {
        let parent = try scratch()
        let output = OutputFolder(path: parent.appendingPathComponent("run").path, kind: .run)
        try output.check()
        try output.write([("summary.md", Data("x".utf8)), ("report.json", Data("{}".utf8))])
        let ledger = FileLedger.read(output.destination)
        #expect(Set(ledger.files.keys) == ["summary.md", "report.json"])
        #expect(ledger.files["summary.md"] == "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881", "sha256 of 'x' (hashlib)")
        // The folder is TwinArm's: writing it again is allowed.
        try output.check()
    }
}

@Suite("The ledger's own file")
struct ForeignLedgerTests {
    /// A file of the ledger's name that is not a ledger is the user's: never replaced, even forced.
    @Test func aForeignLedgerFileIsNeverReplaced() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("twinarm-ledger-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let mine = Data("my own notes\n".utf8)
        try mine.write(to: folder.appendingPathComponent(FileLedger.name))
        #expect(throws: OutputError.self) { try FileLedger.refuseForeign(["report.md"], in: folder, hint: "h") }
        #expect(throws: OutputError.self) { try FileLedger.write([("report.md", Data("x".utf8))], into: folder) }
        #expect(try Data(contentsOf: folder.appendingPathComponent(FileLedger.name)) == mine)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("report.md").path))
    }
}
