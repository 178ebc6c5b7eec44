import Testing
@testable import Config

/// The ratings reader (`twinarm ratings`, `environment.kind: ratings`): every MovieLens layout.
@Suite("Ratings files")
struct RatingsFileTests {
    @Test func theReaderTakesEveryMovieLensLayoutAndSkipsAHeader() throws {
        let recbole = try RatingsFile.parse("user_id:token\titem_id:token\trating:float\ttimestamp:float\n196\t242\t3\t881250949\n186\t302\t3\t891717742\n196\t302\t4.5\t1\n", path: "a")
        #expect(recbole.ratings.count == 3 && recbole.ratings.users == 2 && recbole.ratings.items == 2)
        #expect(recbole.userIDs == ["196", "186"] && recbole.itemIDs == ["242", "302"])
        #expect(recbole.ratings.value == [3, 3, 4.5])
        let oneMillion = try RatingsFile.parse("1::1193::5::978300760\n1::661::3::978302109\n\n2::1193::4::1\n", path: "b")
        #expect(oneMillion.ratings.count == 3 && oneMillion.ratings.users == 2 && oneMillion.ratings.item == [0, 1, 0])
        let spaces = try RatingsFile.parse("1 2 3\n4 5 1\n", path: "c")
        #expect(spaces.ratings.count == 2)
    }

    @Test func aBadLineIsOneClearErrorWithItsLineNumber() {
        #expect(throws: RatingsFileError.invalidLine(path: "f", line: 2, field: "rating", value: "x", allowed: "a finite number")) {
            try RatingsFile.parse("1\t2\t3\n1\t3\tx\n", path: "f")
        }
        #expect(throws: RatingsFileError.invalidLine(path: "f", line: 1, field: "columns", value: "2 columns", allowed: "3 or 4: user item rating [timestamp]")) {
            try RatingsFile.parse("1\t2\n", path: "f")
        }
        #expect(throws: RatingsFileError.empty(path: "f")) { try RatingsFile.parse("user item rating\n\n", path: "f") }
    }
}
