import Foundation
import Outputs

extension OutputFolder {
    /// The folder a command writes to, checked before any work: `--out`, or `reports/<safe name>`.
    static func checked(out: String?, default name: String, kind: Kind, force: Bool) throws -> OutputFolder {
        let folder = OutputFolder(path: out ?? "reports/\(name)", kind: kind)
        try folder.check(force: force)
        return folder
    }

    /// Writes the folder whole (a failure is the typed error `main` phrases).
    func commit(_ files: [(name: String, contents: Data)], interrupts: InterruptGuard? = nil) throws {
        try write(files, interrupts: interrupts)
    }
}
