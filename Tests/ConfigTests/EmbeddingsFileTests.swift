import Foundation
import Testing
@testable import Config

/// The embeddings file of `population.embeddings`, as a tester would feed it (issue 29).
@Suite("Embeddings files")
struct EmbeddingsFileTests {
    func write(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("twinarm-embeddings-\(UUID().uuidString).csv")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func problemsNameTheEmbeddingsFileNotAConfig() throws {
        let bad = try write("kind,id,v0,v1\nuser,1,0.5,x\nitem,2,1,0\n")
        do { _ = try EmbeddingsFile.read(bad); Issue.record("a bad value was read") } catch {
            #expect(error.description.hasPrefix("embeddings file") && !error.description.contains("YAML") && error.exitCode == 65, "\(error.description)")
        }
        do { _ = try EmbeddingsFile.read(FileManager.default.temporaryDirectory.path); Issue.record("a folder was read") } catch {
            #expect(error.description.contains("it is a folder"), "\(error.description)")
        }
        do { _ = try EmbeddingsFile.read("/no/such/embeddings.csv"); Issue.record("a missing file was read") } catch {
            #expect(error.description.hasPrefix("embeddings file") && !error.description.contains("paper-toy") && error.exitCode == 66, "\(error.description)")
        }
    }

    @Test func anAllZeroVectorIsRefusedAndCRLFReads() throws {
        let zero = try write("kind,id,v0,v1\nuser,1,0,0\nitem,2,1,0\n")
        #expect(throws: ConfigError.self) { try EmbeddingsFile.read(zero) }
        let crlf = try EmbeddingsFile.read(try write("kind,id,v0,v1\r\nuser,1,0.5,0.5\r\nitem,2,1,0\r\n"))
        #expect(crlf.dimension == 2 && crlf.userCount == 1)
    }
}
