import Foundation
import Config
import Sweeps

/// Why an output folder cannot be used or written; one line, with a sysexits status.
public enum OutputError: ReportedFailure, Equatable {
    /// TwinArm will not replace or create this (exit 73, EX_CANTCREAT).
    case refused(path: String, reason: String)
    /// Writing failed part-way: the disk is full, a permission changed … (exit 74, EX_IOERR).
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case let .refused(path, reason): return "output '\(path)' cannot be used: \(reason)"
        case let .writeFailed(path, reason): return "output '\(path)' could not be written: \(reason); nothing was replaced"
        }
    }

    public var exitCode: Int32 {
        switch self {
        case .refused: return 73
        case .writeFailed: return 74
        }
    }
}

/// Writes a set of files as one unit: into a hidden temporary folder first, which replaces the
/// destination only once every file is complete. An interrupted run leaves the old folder intact.
///
/// TwinArm never destroys what it did not write: ``check(force:)`` refuses an empty path, `/`, the
/// working directory and its parents, an existing file, and a folder that holds anything but an
/// earlier TwinArm output (unless forced) — before any work is done.
public struct OutputFolder {
    public let destination: URL
    /// The path as the user gave it, for messages.
    public let path: String
    /// What TwinArm writes there, and so what it may replace.
    public let kind: Kind

    /// A kind of output folder: the entries TwinArm writes into it, and the file (with its
    /// content) that marks one it wrote. TwinArm replaces a folder only when its marker is there
    /// and every entry is one of these.
    public enum Kind: Sendable, Equatable {
        /// `twinarm run`.
        case run
        /// `twinarm simulate`: one mechanism's offline run.
        case simulation
        /// `twinarm sweep` and `twinarm aa`: a task manifest, its tasks and the collected files.
        case sweep
        /// `twinarm calibrate`: the fitted config and the fit.
        case calibration

        static let all: [Kind] = [.run, .simulation, .sweep, .calibration]

        /// The command that writes this kind of folder.
        var command: String {
            switch self {
            case .run: return "run"
            case .simulation: return "simulate"
            case .sweep: return "sweep, aa or design"
            case .calibration: return "calibrate"
            }
        }

        var entries: Set<String> {
            switch self {
            case .run:
                return ["users.csv", "creators.csv", "daily.csv", "weights.csv", "daily-groups.csv", "cells.csv", "manifest.json", "summary.md",
                        "calibration.json", "report.json", "report.md", "report.html", FileLedger.name]
            case .simulation: return ["welfare.csv", "groups.csv", "creators.csv", "summary.json", FileLedger.name]
            case .sweep: return ["tasks.json", "tasks", "logs", "slurm", "sweep.json", "sweep.md", "sweep.html", "aa.json", "calibration.json",
                                 "design.json", "design.md", "design.html", FileLedger.name]
            case .calibration: return ["calibrated.yaml", "fit.json", "fit.md", FileLedger.name]
            }
        }

        var marker: (name: String, contains: String) {
            switch self {
            case .run: return ("manifest.json", "\"files\"")
            case .simulation: return ("summary.json", "\"experiment\"")
            case .sweep: return ("tasks.json", "\"tasks\"")
            case .calibration: return ("fit.json", "\"startDistance\"")
            }
        }
    }

    public init(path: String, kind: Kind) {
        self.path = path
        self.kind = kind
        destination = UserPath.url(path).standardizedFileURL
    }

    /// Makes a config's name safe as one folder name: letters, digits, `.`, `_` and `-`, no leading dot.
    public static func safeName(_ name: String) -> String {
        let kept = String(name.map { $0.isLetter || $0.isNumber || "._-".contains($0) ? $0 : "-" })
        let trimmed = kept.drop { $0 == "." || $0 == "-" }
        return trimmed.isEmpty ? "trial" : String(trimmed)
    }

    /// The hidden folder files are written to before they replace the destination.
    public var stagingURL: URL {
        destination.deletingLastPathComponent()
            .appendingPathComponent(".\(destination.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)")
    }

    /// Refuses destinations TwinArm must not replace and checks that the parent can be written.
    /// Call it before simulating, so a bad `--out` costs nothing.
    public func check(force: Bool = false) throws(OutputError) {
        let fm = FileManager.default
        guard !path.isEmpty else { throw .refused(path: path, reason: "the path is empty; give a folder name") }
        // A folder name the filesystem cannot hold is said to be that, not an unwritable parent.
        if let long = destination.pathComponents.first(where: { $0.utf8.count > 255 }) {
            throw .refused(path: path, reason: "a folder name in it is \(long.utf8.count) bytes long; at most 255 are allowed")
        }
        let target = destination.path
        let cwd = URL(fileURLWithPath: fm.currentDirectoryPath).standardizedFileURL.path
        if UserPath.isSystemFolder(destination) {
            throw .refused(path: path,
                reason: "it is the filesystem root or a home folder, which TwinArm never writes into or replaces; give a folder of its own")
        }
        if cwd == target || cwd.hasPrefix(target.hasSuffix("/") ? target : target + "/") {
            throw .refused(path: path, reason: "it is the working directory or one of its parents; give a folder of its own")
        }
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: target, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw .refused(path: path, reason: "it is an existing file; give a folder name")
            }
            let contents = (try? fm.contentsOfDirectory(atPath: target)) ?? []
            if !contents.isEmpty && !force && !holdsOnlyTwinArmOutput(contents) {
                // Another command's output is named as that, not as files TwinArm did not write.
                for other in Kind.all where other != kind && OutputFolder(path: path, kind: other).holdsOnlyTwinArmOutput(contents) {
                    throw .refused(path: path, reason: "it holds the output of `twinarm \(other.command)`, not of this command; choose another folder "
                                    + "or pass --force to replace it")
                }
                let foreign = contents.filter { !kind.entries.contains($0) }
                let sample = (foreign.isEmpty ? contents : foreign).sorted().prefix(3).joined(separator: ", ")
                throw .refused(path: path,
                    reason: "it holds files TwinArm did not write (\(sample)\(contents.count > 3 ? ", …" : "")); choose another folder or pass --force to "
                        + "replace it")
            }
        }
        // Can the parent hold the staging folder? Try it now rather than after the simulation.
        let probe = stagingURL
        do {
            try fm.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
            try fm.createDirectory(at: probe, withIntermediateDirectories: false)
            try fm.removeItem(at: probe)
        } catch {
            throw .refused(path: path, reason: "its parent folder cannot be written (\(Self.reason(error)))")
        }
    }

    /// Whether the folder is an earlier output of this kind: its marker file with TwinArm's
    /// content, and no entry TwinArm does not write there.
    func holdsOnlyTwinArmOutput(_ contents: [String]) -> Bool {
        guard contents.allSatisfy(kind.entries.contains) else { return false }
        // The ledger records what TwinArm wrote: every file listed and unchanged.
        let ledger = FileLedger.read(destination)
        if !ledger.files.isEmpty {
            let files = contents.filter { $0 != FileLedger.name && !FileManager.default.isFolder(destination.appendingPathComponent($0).path) }
            return files.allSatisfy { ledger.files[$0] != nil && ledger.refusal($0, in: destination) == nil }
        }
        guard
              let data = try? Data(contentsOf: destination.appendingPathComponent(kind.marker.name)) else { return false }
        return String(decoding: data, as: UTF8.self).contains(kind.marker.contains)
    }

    package static func reason(_ error: any Error) -> String {
        let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
        let text = underlying.map { String(cString: strerror(Int32($0.code))) } ?? (error as NSError).localizedDescription
        return text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    /// Writes `files` (name → contents) and swaps them into place. Every change on disk happens
    /// inside `interrupts`' critical section, so an interrupt sees either no output or all of it.
    public func write(_ files: [(name: String, contents: Data)], interrupts: InterruptGuard? = nil) throws(OutputError) {
        let fm = FileManager.default
        let parent = destination.deletingLastPathComponent()
        let staging = stagingURL
        let retired = parent.appendingPathComponent(".\(destination.lastPathComponent).old-\(ProcessInfo.processInfo.processIdentifier)")
        let critical = interrupts ?? InterruptGuard.none
        do {
            try critical.step(staging: staging) {
                try fm.createDirectory(at: parent, withIntermediateDirectories: true)
                try? fm.removeItem(at: staging)
                try fm.createDirectory(at: staging, withIntermediateDirectories: true)
            }
            for file in files + [(name: FileLedger.name, contents: FileLedger(files).encoded)] {
                try critical.step(staging: staging) {
                    try file.contents.write(to: staging.appendingPathComponent(file.name), options: .atomic)
                }
            }
            try critical.commit(destination: path) {
                if fm.fileExists(atPath: destination.path) {
                    try? fm.removeItem(at: retired)
                    try fm.moveItem(at: destination, to: retired)
                    do {
                        try fm.moveItem(at: staging, to: destination)
                    } catch {
                        try? fm.moveItem(at: retired, to: destination)
                        throw error
                    }
                    try? fm.removeItem(at: retired)
                } else {
                    try fm.moveItem(at: staging, to: destination)
                }
            }
        } catch {
            try? fm.removeItem(at: staging)
            throw .writeFailed(path: path, reason: Self.reason(error))
        }
    }
}

extension OutputFolder {
    /// Refuses (73) the filesystem root and the home folders as a place to write files into, forced or not.
    package static func refuseSystemFolder(_ folder: URL) throws(OutputError) {
        if UserPath.isSystemFolder(folder) {
            throw .refused(path: folder.path, reason: "it is the filesystem root or a home folder, which TwinArm never writes into; give a folder of its own")
        }
    }
}

extension FileManager {
    /// Whether `path` names an existing folder.
    package func isFolder(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
