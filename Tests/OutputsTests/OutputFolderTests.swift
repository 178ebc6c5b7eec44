import Foundation
import Testing
@testable import Outputs

@Suite("Output folders")
struct OutputFolderTests {
    /// A 300-character name is refused as too long, not blamed on the parent (issue 29).
    @Test func aNameTooLongForTheFilesystemIsSaidToBeThat() {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(String(repeating: "x", count: 300))
        do {
            try OutputFolder(path: folder.path, kind: .run).check()
            Issue.record("a 300-character name was accepted")
        } catch {
            #expect(error.description.contains("300 bytes long; at most 255") && error.exitCode == 73, "\(error.description)")
        }
    }

    @Test func anEmptyPathIsRefused() {
        #expect(throws: OutputError.self) { try OutputFolder(path: "", kind: .run).check() }
    }
}

@Suite("Output folders of other commands")
struct OtherCommandFolderTests {
    /// A folder another TwinArm command wrote is named as that command's output (issue 29), not as
    /// "files TwinArm did not write".
    @Test func aRunFolderGivenToSimulateIsNamedAsARun() throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("twinarm-other-\(UUID().uuidString)")
        let run = OutputFolder(path: parent.appendingPathComponent("run").path, kind: .run)
        try run.write([("manifest.json", Data("{\"files\": {}}\n".utf8)), ("summary.md", Data("x".utf8))])
        do {
            try OutputFolder(path: run.path, kind: .simulation).check()
            Issue.record("a run folder was accepted as a simulation's")
        } catch {
            #expect(error.description.contains("the output of `twinarm run`") && error.exitCode == 73, "\(error.description)")
        }
        try OutputFolder(path: run.path, kind: .run).check()
    }
}
