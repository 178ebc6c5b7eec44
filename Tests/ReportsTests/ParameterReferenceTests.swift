import Foundation
import Testing
import Config
@testable import Reports

/// The README's config references are the registry's tables, word for word.
@Suite("The README's config references")
struct ParameterReferenceTests {
    static let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("README.md")

    @Test(arguments: ["trial", "offline"])
    func theREADMEShowsTheGeneratedTable(_ name: String) throws {
        let text = try String(contentsOf: Self.readme, encoding: .utf8)
        let (begin, end) = ParameterReference.markers(name)
        let table = name == "trial" ? ParameterReference.trial : ParameterReference.offline
        let expected = begin + "\n" + table.markdown + end
        #expect(text.contains(expected), "README.md's \(name) reference differs from `twinarm parameters --\(name)`; paste its output between the markers")
        table._checkInvariants()
        #expect(table.rows.count == (name == "trial" ? TrialConfig.parameters : nil)?.entries.count ?? ExperimentConfig.parameters.entries.count)
    }
}
