import Testing
import Config

/// `calibrate` writes its fitted values into the given config's text: comments, order and other
/// values stay as the author wrote them.
@Suite("Config text edits")
struct ConfigTextEditTests {
    static let text = """
    # A platform for a test.
    name: edit   # the name
    days: 8
    population:
      users: 20000      # platform-wide
      tierRequests: [4.9, 13.1, 32.7]
      activity: 0.333
    serving:
      rankerNoise: 0.04 # a comment with: a colon
    arms:
      - name: control
        mechanism: control

    """

    @Test func valuesAreSetInPlaceAndCommentsKept() throws {
        let edits: [ConfigTextEdit.Edit] = [.init(key: "population.activity", value: "0.55"),
                                            .init(key: "population.tierRequests", value: "[5.0, 13.5, 33.0]"),
                                            .init(key: "serving.rankerNoise", value: "0.02"),
                                            .init(key: "platform.likeIntercept", value: "-5.2"),
                                            .init(key: "serving.followReach", value: "0.7"),
                                            .init(key: "days", value: "10")]
        let edited = try #require(ConfigTextEdit.applying(edits, to: Self.text))
        let lines = edited.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "# A platform for a test." && lines[1] == "name: edit   # the name")
        #expect(lines.contains("  users: 20000      # platform-wide"))
        #expect(lines.contains("  activity: 0.55  \(ConfigTextEdit.mark)"))
        #expect(lines.contains("  tierRequests: [5.0, 13.5, 33.0]  \(ConfigTextEdit.mark)"))
        #expect(lines.contains("  rankerNoise: 0.02  # a comment with: a colon"))
        #expect(lines.contains("days: 10  \(ConfigTextEdit.mark)"))
        // A key missing from its block goes at the top of the block; a missing block at the end.
        let serving = try #require(lines.firstIndex(of: "serving:"))
        #expect(lines[serving + 1] == "  followReach: 0.7  \(ConfigTextEdit.mark)")
        #expect(lines.suffix(3) == ["platform:", "  likeIntercept: -5.2  \(ConfigTextEdit.mark)", ""])
        // The arms' list is untouched.
        #expect(lines.contains("  - name: control") && lines.contains("    mechanism: control"))
    }

    @Test func whatCannotBeReadSafelyIsLeftToTheCaller() {
        // A flow-style block, and a value written as a block sequence.
        #expect(ConfigTextEdit.applying([.init(key: "serving.rankerNoise", value: "0.02")], to: "serving: {rankerNoise: 0.04}\n") == nil)
        #expect(ConfigTextEdit.applying([.init(key: "population.tierRequests", value: "[1.0]")],
                                        to: "population:\n  tierRequests:\n    - 4.9\n") == nil)
        // A key nested deeper than the block's own keys is not the block's.
        let nested = "serving:\n  exposure:\n    rankerNoise: 1\n  followBonus: 0.5\n"
        let edited = ConfigTextEdit.applying([.init(key: "serving.rankerNoise", value: "0.02")], to: nested)
        #expect(edited == "serving:\n  rankerNoise: 0.02  \(ConfigTextEdit.mark)\n  exposure:\n    rankerNoise: 1\n  followBonus: 0.5\n")
    }
}
