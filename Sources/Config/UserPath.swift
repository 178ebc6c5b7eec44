import Foundation

/// A path exactly as the user gave it. Foundation's `URL(fileURLWithPath:)` expands a leading `~`
/// to the account's home (ignoring `$HOME`); a quoted `~` is a folder name like any other, so
/// every user path becomes a URL here and nowhere else.
package enum UserPath {
    package static func url(_ path: String) -> URL {
        URL(fileURLWithPath: path.hasPrefix("~") ? "./" + path : (path.isEmpty ? "." : path))
    }

    /// The home folders TwinArm never writes into or replaces: `$HOME` and the account's own.
    package static var homes: Set<String> {
        var out = Set<String>()
        if let home = ProcessInfo.processInfo.environment["HOME"], !home.isEmpty {
            out.insert(URL(fileURLWithPath: home).standardizedFileURL.resolvingSymlinksInPath().path)
        }
        out.insert(URL(fileURLWithPath: NSHomeDirectory()).standardizedFileURL.resolvingSymlinksInPath().path)
        return out
    }

    /// Whether `url` is the filesystem root or a home folder: never an output.
    package static func isSystemFolder(_ url: URL) -> Bool {
        let path = url.standardizedFileURL.resolvingSymlinksInPath().path
        return path == "/" || homes.contains(path)
    }
}
