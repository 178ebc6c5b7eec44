import Foundation

/// Writes a set of files as one unit: into a hidden temporary folder first, which replaces the
/// destination only once every file is complete. An interrupted run leaves the old folder intact.
public struct OutputFolder {
    public let destination: URL

    public init(path: String) { destination = URL(fileURLWithPath: path) }

    /// The hidden folder files are written to before they replace the destination.
    public var stagingURL: URL {
        destination.deletingLastPathComponent()
            .appendingPathComponent(".\(destination.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)")
    }

    /// Writes `files` (name → contents) and swaps them into place.
    public func write(_ files: [(name: String, contents: Data)]) throws {
        let fm = FileManager.default
        let parent = destination.deletingLastPathComponent()
        try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        let pid = ProcessInfo.processInfo.processIdentifier
        let staging = stagingURL
        let retired = parent.appendingPathComponent(".\(destination.lastPathComponent).old-\(pid)")
        try? fm.removeItem(at: staging)
        try fm.createDirectory(at: staging, withIntermediateDirectories: true)
        do {
            for file in files {
                try file.contents.write(to: staging.appendingPathComponent(file.name), options: .atomic)
            }
            if fm.fileExists(atPath: destination.path) {
                try? fm.removeItem(at: retired)
                try fm.moveItem(at: destination, to: retired)
                try fm.moveItem(at: staging, to: destination)
                try? fm.removeItem(at: retired)
            } else {
                try fm.moveItem(at: staging, to: destination)
            }
        } catch {
            try? fm.removeItem(at: staging)
            throw error
        }
    }
}
