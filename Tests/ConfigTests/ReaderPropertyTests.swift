import Foundation
import Testing
import PropertyBased
import Config
import Calibration
import Trial

/// The file readers under generated hostile input (swift-property-based's generators, shrunk to
/// the smallest failing file when a property fails): ratings, embeddings and calibration targets
/// with CRLF line ends, a byte-order mark, blank lines, huge and tiny magnitudes, signs, NaN and
/// infinity spelled out, and empty fields. Each reader either returns values inside what it
/// allows or refuses with one line (no line break) that names the file; it never traps.
@Suite("Readers under generated input")
struct ReaderPropertyTests {
    /// Number spellings a hostile file holds, valid ones among them.
    static let numbers = Gen.element(of: ["3", "4.5", "0.5", "0", "1", "-1", "-3.5", "1e19", "-1e19", "1e308", "1e309", "5e-324", "1e-320",
                                          "nan", "NaN", "inf", "-inf", "", " ", "3,5", "0x10", "+2", "1_000", "9223372036854775808", "٣"]).map { $0! }
    static let ids = Gen.element(of: ["1", "2", "17", "u9", "0", "-4", "", "🙂", "1e3", "9999999999999"]).map { $0! }
    static let separators = Gen.element(of: ["\t", " ", "::", ",", "  "]).map { $0! }
    static let endings = Gen.element(of: ["\n", "\r\n"]).map { $0! }

    /// The refusal is one line naming the file.
    static func oneLine(_ message: String, naming path: String) -> Bool {
        !message.contains("\n") && !message.contains("\r") && message.contains(path)
    }

    static func write(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("reader-\(UUID().uuidString).txt")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func ratingsAreReadOrRefusedInOneLine() async {
        let row = zip(Self.ids, Self.ids, Self.numbers, Self.separators).map { user, item, rating, separator in
            [user, item, rating].joined(separator: separator)
        }
        await propertyCheck(count: 300, input: row.array(of: 0...12), Self.endings, Gen.bool) { rows, ending, bom in
            let text = (bom ? "\u{FEFF}" : "") + rows.joined(separator: ending) + ending
            do {
                let table = try RatingsFile.parse(text, path: "ratings.txt")
                #expect(table.ratings.count >= 1 && table.ratings.count <= rows.count)
                #expect(table.ratings.value.allSatisfy { RatingsFile.ratingRange.contains($0) }, "\(table.ratings.value)")
            } catch {
                #expect(Self.oneLine("\(error)", naming: "ratings.txt"), "\(error)")
            }
        }
    }

    /// Every well-formed file is read in full, whatever its line ends and separator.
    @Test func wellFormedRatingsAreReadInFull() async {
        let valid = Gen.element(of: ["0.5", "1", "2.5", "3", "4", "5"]).map { $0! }
        let row = zip(Gen.int(in: 0...30), Gen.int(in: 0...30), valid).map { "\($0) \($1) \($2)" }
        await propertyCheck(count: 200, input: row.array(of: 1...20), Self.endings, Gen.element(of: ["\t", " ", "::"]).map { $0! }) { rows, ending, separator in
            let text = rows.map { $0.replacingOccurrences(of: " ", with: separator) }.joined(separator: ending) + ending
            let table = try RatingsFile.parse(text, path: "ratings.txt")
            #expect(table.ratings.count == rows.count)
        }
    }

    @Test func embeddingsAreReadOrRefusedInOneLine() async throws {
        let row = zip(Gen.element(of: ["user", "item", "viewer", ""]).map { $0! }, Self.ids, Self.numbers.array(of: 1...3)).map { kind, id, values in
            ([kind, id] + values).joined(separator: ",")
        }
        await propertyCheck(count: 200, input: row.array(of: 0...8), Self.endings, Gen.int(in: 0...3)) { rows, ending, dimension in
            let header = dimension == 0 ? [] : ["kind,id," + (0..<dimension).map { "v\($0)" }.joined(separator: ",")]
            let path = try Self.write((header + rows).joined(separator: ending) + ending)
            defer { try? FileManager.default.removeItem(atPath: path) }
            do {
                let embeddings = try EmbeddingsFile.read(path)
                let values = embeddings.users + embeddings.items
                #expect(values.allSatisfy { $0.isFinite })
            } catch {
                #expect(Self.oneLine("\(error)", naming: path), "\(error)")
            }
        }
    }

    @Test func targetsAreReadOrRefusedInOneLine() async throws {
        let parameter = zip(Gen.element(of: ["platform.likeIntercept", "population.activity", "serving.rankerNoise", "nonsense", ""]).map { $0! },
                            Self.numbers, Self.numbers).map { key, lower, upper in "  - {key: \(key), lower: \(lower), upper: \(upper)}" }
        let moment = zip(Gen.element(of: ["ltr", "creatorDAU", "followsPerLike", "unknown"]).map { $0! }, Self.numbers, Self.numbers)
            .map { moment, target, tolerance in "  - {moment: \(moment), target: \(target), tolerance: \(tolerance), source: \"assumption: a test\"}" }
        await propertyCheck(count: 200, input: parameter.array(of: 0...3), moment.array(of: 0...3), Self.endings) { parameters, moments, ending in
            let text = (["name: t", "parameters:"] + parameters + ["moments:"] + moments).joined(separator: ending) + ending
            let path = try Self.write(text)
            defer { try? FileManager.default.removeItem(atPath: path) }
            do {
                let targets = try CalibrationTargets.load(path: path)
                #expect(targets.parameters.allSatisfy { $0.lower.isFinite && $0.upper.isFinite && $0.lower < $0.upper })
                #expect(targets.moments.allSatisfy { $0.target.isFinite && $0.tolerance.isFinite && $0.tolerance > 0 })
            } catch {
                #expect(Self.oneLine("\(error)", naming: path) || !"\(error)".contains("\n"), "\(error)")
            }
        }
    }
}
