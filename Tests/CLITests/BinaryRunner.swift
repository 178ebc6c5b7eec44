import Foundation

/// Runs the built `twinarm` binary, as a user would, and captures what it prints.
struct BinaryRunner {
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The products folder that holds both this test bundle and the `twinarm` executable.
    static var binary: URL {
        // `scripts/test` points the tests at the release build (the same code, several times faster).
        if let path = ProcessInfo.processInfo.environment["TWINARM_BINARY"], FileManager.default.isExecutableFile(atPath: path) {
            return URL(fileURLWithPath: path)
        }
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [here, here.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent("twinarm")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        // `swift test` from the package root: fall back to the default debug folder.
        return URL(fileURLWithPath: ".build/debug/twinarm")
    }

    /// Runs the binary; `input`, if given, is fed to its standard input.
    static func run(_ arguments: [String], in directory: URL? = nil, input: Data? = nil,
                    environment: [String: String] = [:]) throws -> Outcome {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let feed = Pipe()
        if input != nil { process.standardInput = feed }
        try process.run()
        if let input {
            // Written from another thread so that a large input cannot block against the outputs.
            let writer = Thread {
                feed.fileHandleForWriting.write(input)
                try? feed.fileHandleForWriting.close()
            }
            writer.start()
        }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                       stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// A fresh temporary folder.
    static func scratchFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("twinarm-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// A small synthetic experiment that runs in well under a second.
let smallSynthetic = """
name: small
seed: 3
environment:
  kind: synthetic
  dimension: 3
  clusterSizes: [30, 15, 6, 3]
  creators: 12
matching:
  k: 4
  beta: 0.1
dynamics:
  steps: 40
  tailWindow: 10
mechanism:
  name: hmt
reweighting:
  groupCount: 4
  epochLength: 5
"""
