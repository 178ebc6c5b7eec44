import Foundation
import Testing
@testable import Config

/// The ratings reader (`twinarm ratings`, `environment.kind: ratings`): every MovieLens layout.
@Suite("Ratings files")
struct RatingsFileTests {
    @Test func theReaderTakesEveryMovieLensLayoutAndSkipsAHeader() throws {
        let header = "user_id:token\titem_id:token\trating:float\ttimestamp:float\n"
        let recbole = try RatingsFile.parse(header + "196\t242\t3\t881250949\n186\t302\t3\t891717742\n196\t302\t4.5\t1\n", path: "a")
        #expect(recbole.ratings.count == 3 && recbole.ratings.users == 2 && recbole.ratings.items == 2)
        #expect(recbole.userIDs == ["196", "186"] && recbole.itemIDs == ["242", "302"])
        #expect(recbole.ratings.value == [3, 3, 4.5])
        let oneMillion = try RatingsFile.parse("1::1193::5::978300760\n1::661::3::978302109\n\n2::1193::4::1\n", path: "b")
        #expect(oneMillion.ratings.count == 3 && oneMillion.ratings.users == 2 && oneMillion.ratings.item == [0, 1, 0])
        let spaces = try RatingsFile.parse("1 2 3\n4 5 1\n", path: "c")
        #expect(spaces.ratings.count == 2)
    }

    @Test func aBadLineIsOneClearErrorWithItsLineNumber() {
        #expect(throws: RatingsFileError.invalidLine(path: "f", line: 2, field: "rating", value: "x", allowed: "a number between 0 and 1000000")) {
            try RatingsFile.parse("1\t2\t3\n1\t3\tx\n", path: "f")
        }
        #expect(throws: RatingsFileError.invalidLine(path: "f", line: 1, field: "columns", value: "2 columns",
            allowed: "3 or 4: user item rating [timestamp]")) {
            try RatingsFile.parse("1\t2\n", path: "f")
        }
        #expect(throws: RatingsFileError.empty(path: "f")) { try RatingsFile.parse("user item rating\n\n", path: "f") }
    }
}

/// What a new user met (issue 29): huge, negative and CRLF ratings, and folders given as files.
@Suite("Ratings files, as a tester would feed them")
struct RatingsFileEdgeTests {
    @Test(arguments: ["1e19", "-1e19", "1e150", "1e308", "-1", "-0.5"])
    func aRatingOutsideTheRangeIsOneLine(_ rating: String) {
        var text = ""
        for u in 0..<10 { for i in 0..<5 { text += "\(u) \(i) 3\n" } }
        text += "1 9 \(rating)\n"
        do {
            _ = try RatingsFile.parse(text, path: "r.txt")
            Issue.record("rating \(rating) was accepted")
        } catch {
            #expect(error == .invalidLine(path: "r.txt", line: 51, field: "rating", value: rating, allowed: "a number between 0 and 1000000"))
            #expect(error.exitCode == 65)
        }
    }

    @Test func crlfAndAByteOrderMarkReadLikeLF() throws {
        let lf = try RatingsFile.parse("1\t2\t3\n4\t5\t1\n", path: "a")
        let crlf = try RatingsFile.parse("\u{FEFF}1\t2\t3\r\n4\t5\t1\r\n", path: "b")
        let cr = try RatingsFile.parse("1 2 3\r4 5 1\r", path: "c")
        #expect(crlf.ratings.value == lf.ratings.value && crlf.userIDs == lf.userIDs && crlf.itemIDs == lf.itemIDs)
        #expect(cr.ratings.count == 2)
    }

    @Test func aFolderIsNotARatingsFile() {
        #expect(throws: RatingsFileError.self) { try RatingsFile.read(FileManager.default.temporaryDirectory.path) }
        do { _ = try RatingsFile.read(FileManager.default.temporaryDirectory.path) } catch {
            #expect(error.description.contains("it is a folder"), "\(error.description)")
        }
        #expect(throws: RatingsFileError.fileNotFound(path: "")) { try RatingsFile.read("") }
    }
}
