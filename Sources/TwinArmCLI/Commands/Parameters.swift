import ArgumentParser
import Reports

/// `twinarm parameters`: the config reference from the parameter registry (the README's tables).
struct Parameters: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print every config parameter with its default, allowed values and meaning, as a Markdown table.",
        discussion: "The README's config references are this output; a test keeps them equal."
    )

    enum Kind: String, EnumerableFlag {
        case trial, offline
    }

    @Flag(help: "Which config: a trial (default) or the offline game.")
    var kind: Kind = .trial

    func run() {
        print((kind == .trial ? ParameterReference.trial : ParameterReference.offline).markdown, terminator: "")
    }
}
