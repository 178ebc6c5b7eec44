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
