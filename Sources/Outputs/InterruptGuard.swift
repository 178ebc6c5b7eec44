import Dispatch
import Foundation
import Config
import Sweeps

/// Makes Ctrl-C (SIGINT) or SIGTERM end the process with a message that matches what is on disk.
///
/// Every change an ``OutputFolder`` makes on disk runs inside this guard's lock, and the signal
/// handler takes the same lock and never gives it back: it acts between two steps, never inside
/// one. Before the final rename it removes the staging folder and says no output was written;
/// after it, it says the output is complete. Either way it exits with 128 + the signal.
public final class InterruptGuard: @unchecked Sendable {
    private let lock = NSLock()
    private var staging: URL?
    private var committed: String?
    private var sources: [any DispatchSourceSignal] = []

    /// A guard that handles nothing: plain critical sections for code that runs without one.
    package static let none = InterruptGuard(install: false)

    public convenience init() { self.init(install: true) }

    private init(install: Bool) {
        guard install else { return }
        sources = Self.watchSignals { [weak self] sig in self?.interrupted(sig) }
    }

    /// Handles SIGINT and SIGTERM on a dispatch queue instead of ending the process at once;
    /// the returned sources must be kept (cancel them to stop).
    package static func watchSignals(_ handler: @escaping @Sendable (Int32) -> Void) -> [any DispatchSourceSignal] {
        [SIGINT, SIGTERM].map { sig in
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { handler(sig) }
            source.resume()
            return source
        }
    }

    private func interrupted(_ sig: Int32) {
        lock.lock()   // never released: the process ends here, between two steps of the output
        let message: String
        if let committed {
            message = "twinarm: interrupted after the output was complete; \(committed) is kept"
        } else {
            if let staging { try? FileManager.default.removeItem(at: staging) }
            message = "twinarm: interrupted; no output written"
        }
        FileHandle.standardError.write(Data("\n\(message)\n".utf8))
        exit(128 + sig)
    }

    /// One step of writing into `staging`.
    package func step(staging: URL, _ body: () throws -> Void) throws {
        lock.lock(); defer { lock.unlock() }
        self.staging = staging
        try body()
    }

    /// The final rename; once it returns, an interrupt reports the output as complete.
    package func commit(destination: String, _ body: () throws -> Void) throws {
        lock.lock(); defer { lock.unlock() }
        try body()
        staging = nil
        committed = destination
    }
}
