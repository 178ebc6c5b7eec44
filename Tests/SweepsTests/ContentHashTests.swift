import Testing
import Sweeps

/// SHA-256 against Python's hashlib (`hashlib.sha256(b"abc").hexdigest()`, run outside the project).
@Suite("Content hashes")
struct ContentHashTests {
    @Test func contentHashMatchesHashlib() {
        #expect(ContentHash.sha256([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(ContentHash.sha256(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(ContentHash.sha256([UInt8](repeating: 0x61, count: 1000)) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }
}
