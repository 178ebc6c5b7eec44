import Config

/// A command's own failure, phrased once by `TwinArmCommand.main` like every library failure:
/// one `twinarm: error:` line and the documented exit status.
enum CommandFailure: ReportedFailure {
    /// An option or argument that cannot apply (64).
    case usage(String)
    /// Input that cannot be read as what it should be (65).
    case data(String)
    /// A tool the command needs is not installed (69).
    case unavailable(String)

    var description: String {
        switch self {
        case let .usage(text), let .data(text), let .unavailable(text): return text
        }
    }

    var exitCode: Int32 {
        switch self {
        case .usage: return 64
        case .data: return 65
        case .unavailable: return 69
        }
    }
}
