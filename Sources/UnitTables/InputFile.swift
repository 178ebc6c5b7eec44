#if canImport(Glibc)
import Glibc
private let systemRead = Glibc.read
private let systemClose = Glibc.close
#elseif canImport(Darwin)
import Darwin
private let systemRead = Darwin.read
private let systemClose = Darwin.close
#endif

/// A table's bytes: a file, or standard input for `-`, read with plain `read(2)`.
final class InputFile: @unchecked Sendable {
    let path: String
    let descriptor: Int32
    var isStandardInput: Bool { path == "-" }

    init(path: String) throws(UnitTableError) {
        self.path = path
        if path == "-" { descriptor = 0; return }
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw UnitTableError("'\(path)' does not exist; pass a run folder (with users.csv and creators.csv), a units.csv or - for standard input")
        }
        guard info.st_mode & S_IFMT != S_IFDIR else {
            throw UnitTableError("'\(path)' is a folder; pass a units.csv, or a run folder holding users.csv and creators.csv")
        }
        // A FIFO, socket or device could block forever or never end: only regular files (and - for a pipe).
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw UnitTableError("'\(path)' is not a regular file (a pipe, socket or device); to read a stream, pass - and pipe it to standard input")
        }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw UnitTableError("cannot read '\(path)': \(String(cString: strerror(errno)))") }
        descriptor = fd
    }

    func close() {
        if descriptor != 0 { _ = systemClose(descriptor) }
    }

    /// Reads up to `count` bytes into `buffer` at `offset`; 0 at the end of the input.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(UnitTableError) -> Int {
        while true {
            let n = systemRead(descriptor, buffer.baseAddress, buffer.count)
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw UnitTableError("cannot read '\(path)': \(String(cString: strerror(errno)))")
        }
    }

    /// The text of one field on a 1-based line of a file (for messages about earlier rows).
    static func field(path: String, line: Int, column: Int) -> String? {
        guard let file = try? InputFile(path: path) else { return nil }
        defer { file.close() }
        var chunks = LineChunks(file: file, chunkSize: 1 << 20)
        var current = 1
        while let batch = try? chunks.next(count: 1), let chunk = batch.first {
            var start = 0
            for (index, byte) in chunk.enumerated() where byte == ASCII.newline {
                if current == line { return text(chunk[start..<index], column: column) }
                current += 1
                start = index + 1
            }
            if current == line, start < chunk.count { return text(chunk[start...], column: column) }
        }
        return nil
    }

    private static func text(_ line: ArraySlice<UInt8>, column: Int) -> String? {
        let fields = line.split(separator: ASCII.comma, omittingEmptySubsequences: false)
        guard column >= 0, column < fields.count else { return nil }
        return String(decoding: fields[fields.startIndex + column], as: UTF8.self).trimmingBlanks
    }
}

/// Cuts an input into chunks of whole lines of about `chunkSize` bytes.
struct LineChunks {
    let file: InputFile
    let chunkSize: Int
    /// Bytes read past the last complete line.
    private var carry: [UInt8] = []
    private var ended = false
    private var headerRead = false

    init(file: InputFile, chunkSize: Int) {
        self.file = file
        self.chunkSize = Swift.max(1, chunkSize)
    }

    /// The header line (without its newline), or `nil` for an empty input.
    mutating func header() throws(UnitTableError) -> String? {
        headerRead = true
        while true {
            if let newline = carry.firstIndex(of: ASCII.newline) {
                let line = carry[..<newline]
                carry.removeSubrange(...newline)
                return try Self.utf8(line, path: file.path)
            }
            if ended { return carry.isEmpty ? nil : try Self.utf8(carry[...], path: file.path).map { s in carry = []; return s } }
            try fill(max: 64 << 10)
        }
    }

    private static func utf8(_ bytes: ArraySlice<UInt8>, path: String) throws(UnitTableError) -> String? {
        guard let text = String(validating: bytes, as: UTF8.self) else { throw UnitTableError("'\(path)' line 1 (the header) is not UTF-8 text") }
        return text
    }

    /// Appends up to `max` bytes from the input to `carry`.
    private mutating func fill(max: Int) throws(UnitTableError) {
        let old = carry.count
        carry.reserveCapacity(old + max)
        var got = 0
        var failure: UnitTableError?
        carry.append(contentsOf: repeatElement(0, count: max))
        carry.withUnsafeMutableBytes { buffer in
            do {
                got = try file.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[old...]))
            } catch let error as UnitTableError { failure = error } catch {}
        }
        carry.removeLast(max - got)
        if let failure { throw failure }
        if got == 0 { ended = true }
    }

    /// Up to `count` chunks, each of whole lines (the last chunk may lack its final newline);
    /// empty at the end of the input.
    mutating func next(count: Int) throws(UnitTableError) -> [[UInt8]] {
        var chunks = [[UInt8]]()
        while chunks.count < count {
            while !ended && carry.count < chunkSize { try fill(max: chunkSize - carry.count) }
            if carry.isEmpty { break }
            if ended && carry.count <= chunkSize {
                chunks.append(carry)
                carry = []
                break
            }
            // Cut after the last newline within the chunk size, or after the first one beyond it.
            let limit = Swift.min(chunkSize, carry.count)
            var cut = carry[..<limit].lastIndex(of: ASCII.newline)
            while cut == nil {
                if let found = carry[limit...].firstIndex(of: ASCII.newline) { cut = found; break }
                if ended { cut = carry.count - 1; break }
                try fill(max: chunkSize)
            }
            let end = cut! + 1
            chunks.append(Array(carry[..<end]))
            carry.removeSubrange(..<end)
        }
        return chunks
    }
}
