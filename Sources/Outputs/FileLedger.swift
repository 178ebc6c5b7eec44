import Foundation
import Config
import Sweeps

/// `.twinarm-files.json`: the files TwinArm wrote into a folder, each with its SHA-256.
///
/// Ownership is recorded, never recognised from a file's headings: TwinArm replaces a file only
/// when the ledger lists it and its bytes are still the ones TwinArm wrote. A file someone put
/// there, or edited since, is refused (73) unless the command is forced.
package struct FileLedger: Codable, Sendable, Equatable {
    /// File name → SHA-256 of the bytes TwinArm wrote.
    package var files: [String: String] = [:]

    package static let name = ".twinarm-files.json"

    package init(files: [String: String] = [:]) { self.files = files }

    /// The ledger of `files` about to be written.
    package init(_ files: [RunFile]) {
        self.files = Dictionary(files.map { ($0.name, ContentHash.sha256($0.contents)) }, uniquingKeysWith: { _, last in last })
    }

    /// The folder's ledger; an empty one when it has none (or not one TwinArm can read).
    package static func read(_ folder: URL) -> FileLedger {
        guard let data = try? Data(contentsOf: folder.appendingPathComponent(name)),
              let ledger = try? JSONDecoder().decode(FileLedger.self, from: data) else { return FileLedger() }
        return ledger
    }

    /// Whether the folder holds a file of the ledger's name that is not a ledger TwinArm wrote.
    static func foreignLedger(in folder: URL) -> Bool {
        guard let data = try? Data(contentsOf: folder.appendingPathComponent(name)) else { return false }
        return (try? JSONDecoder().decode(FileLedger.self, from: data)) == nil
    }

    package var encoded: Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        // Encoding a dictionary of strings cannot fail.
        return (try? encoder.encode(self)) ?? Data()
    }

    /// Why TwinArm may not replace `file` in `folder` (nil: it may): absent files are free; a
    /// present one must be in the ledger with the same bytes.
    package func refusal(_ file: String, in folder: URL) -> String? {
        guard let data = try? Data(contentsOf: folder.appendingPathComponent(file)) else { return nil }
        guard let hash = files[file] else { return "it is a file TwinArm did not write" }
        return ContentHash.sha256(data) == hash ? nil : "it changed since TwinArm wrote it"
    }

    /// Refuses (73, one line, before anything is written) to replace any of `names` in `folder`
    /// that TwinArm did not write or that changed since.
    package static func refuseForeign(_ names: [String], in folder: URL, hint: String) throws(OutputError) {
        try OutputFolder.refuseSystemFolder(folder)
        if foreignLedger(in: folder) {
            throw .refused(path: folder.appendingPathComponent(name).path, reason: "it is a file TwinArm did not write (not its ledger); \(hint)")
        }
        let ledger = read(folder)
        for name in names {
            if let reason = ledger.refusal(name, in: folder) {
                throw .refused(path: folder.appendingPathComponent(name).path, reason: "\(reason); \(hint)")
            }
        }
    }

    /// Writes `files` into `folder` (each atomically) and records them in its ledger.
    package static func write(_ files: [RunFile], into folder: URL) throws(OutputError) {
        // Even forced, a file of the ledger's name that is not TwinArm's is never replaced.
        if foreignLedger(in: folder) {
            throw .refused(path: folder.appendingPathComponent(name).path, reason: "it is a file TwinArm did not write (not its ledger); move it away first")
        }
        var ledger = read(folder)
        for file in files {
            let target = folder.appendingPathComponent(file.name)
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                try file.contents.write(to: target, options: .atomic)
            } catch {
                throw .writeFailed(path: target.path, reason: OutputFolder.reason(error))
            }
            ledger.files[file.name] = ContentHash.sha256(file.contents)
        }
        let target = folder.appendingPathComponent(name)
        do { try ledger.encoded.write(to: target, options: .atomic) } catch {
            throw .writeFailed(path: target.path, reason: OutputFolder.reason(error))
        }
    }
}
