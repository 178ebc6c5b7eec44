import Dispatch
import Foundation

/// Makes Ctrl-C (SIGINT) or SIGTERM end the process without leaving a half-written output folder.
///
/// Until the output is written nothing is on disk, so an interrupt simply exits (status 130).
/// While files are written into the hidden staging folder, an interrupt removes that folder first;
/// the earlier report in the destination is only replaced by the final rename.
final class InterruptGuard: @unchecked Sendable {
    private let lock = NSLock()
    private var staging: [URL] = []
    private var sources: [any DispatchSourceSignal] = []

    init() {
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { [weak self] in self?.interrupted(sig) }
            source.resume()
            sources.append(source)
        }
    }

    private func interrupted(_ sig: Int32) {
        lock.lock()
        for url in staging { try? FileManager.default.removeItem(at: url) }
        lock.unlock()
        FileHandle.standardError.write(Data("\ntwinarm: interrupted; no output written\n".utf8))
        exit(128 + sig)
    }

    /// Writes through `folder`, cleaning its staging folder if interrupted meanwhile.
    func protecting(_ folder: OutputFolder, _ body: (OutputFolder) throws -> Void) throws {
        lock.lock(); staging.append(folder.stagingURL); lock.unlock()
        defer { lock.lock(); staging.removeAll { $0 == folder.stagingURL }; lock.unlock() }
        try body(folder)
    }
}
