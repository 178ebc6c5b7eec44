import Crypto
import Foundation

/// SHA-256 digests as lowercase hex (swift-crypto): the checksums in `manifest.json` and the
/// content-derived ids of sweep tasks.
public enum ContentHash {
    public static func sha256<Bytes: DataProtocol>(_ bytes: Bytes) -> String {
        SHA256.hash(data: bytes).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
