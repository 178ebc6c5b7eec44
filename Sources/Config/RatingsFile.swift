import Foundation
import Simulation

/// A ratings file that cannot be read: one line naming the file, the line and what is allowed.
public enum RatingsFileError: ReportedFailure, Equatable {
    case fileNotFound(path: String)
    case unreadable(path: String, reason: String)
    case invalidLine(path: String, line: Int, field: String, value: String, allowed: String)
    case empty(path: String)
    /// Too few ratings for what was asked of them (a held-out share, a factorisation).
    case tooFew(path: String, ratings: Int, need: String)

    public var description: String {
        switch self {
        case let .fileNotFound(path):
            return "ratings file '\(path)' does not exist; pass a MovieLens-format file (user item rating [timestamp]; tab-, space- or '::'-separated), "
                + "e.g. from scripts/ml-100k"
        case let .unreadable(path, reason):
            return "ratings file '\(path)' cannot be read: \(reason)"
        case let .invalidLine(path, line, field, value, allowed):
            return "ratings file '\(path)' line \(line): field '\(field)' has value '\(value)'; allowed: \(allowed)"
        case let .empty(path):
            return "ratings file '\(path)' holds no ratings; allowed: lines of user item rating [timestamp]"
        case let .tooFew(path, ratings, need):
            return "ratings file '\(path)' has \(ratings) rating\(ratings == 1 ? "" : "s"); allowed: \(need)"
        }
    }

    /// 66 (EX_NOINPUT) for a missing file, 65 (EX_DATAERR) for one that is not a ratings table.
    public var exitCode: Int32 {
        if case .fileNotFound = self { return 66 }
        return 65
    }
}

/// Reads MovieLens-format ratings: `user item rating [timestamp]` per line, separated by `::`
/// (MovieLens 1M), tabs (100k's `u.data`, RecBole's `.inter`) or spaces. A first line whose rating
/// is not a number is a header (RecBole's `user_id:token …`) and is skipped.
public enum RatingsFile {
    public struct Table: Sendable {
        public var ratings: Ratings
        /// The file's user and item identifiers, by dense index.
        public var userIDs: [String]
        public var itemIDs: [String]
    }

    /// The values a rating may take: a score, not a count of anything (MovieLens: 0.5–5).
    public static let ratingRange = 0.0...1e6
    static let ratingAllowed = "a number between 0 and 1000000"

    public static func read(_ path: String) throws(RatingsFileError) -> Table {
        var isDirectory: ObjCBool = false
        guard !path.isEmpty, FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw .fileNotFound(path: path) }
        guard !isDirectory.boolValue else { throw .unreadable(path: path, reason: "it is a folder; pass the ratings file inside it") }
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw .unreadable(path: path, reason: error.localizedDescription)
        }
        return try parse(text, path: path)
    }

    public static func parse(_ text: String, path: String) throws(RatingsFileError) -> Table {
        var userIndex: [Substring: Int] = [:], itemIndex: [Substring: Int] = [:]
        var userIDs: [String] = [], itemIDs: [String] = []
        var rows: [(Int, Int, Double)] = []
        var number = 0
        // Any line ending (LF, CRLF — one Character in Swift — or CR), and a byte-order mark, are read alike.
        let body = text.hasPrefix("\u{FEFF}") ? Substring(text.dropFirst()) : Substring(text)
        for line in body.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            number += 1
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { continue }
            let fields: [Substring]
            if trimmed.contains("::") {
                fields = trimmed.components(separatedBy: "::").map { Substring($0) }
            } else {
                fields = Substring(trimmed).split(whereSeparator: { $0 == "\t" || $0 == " " })
            }
            guard fields.count == 3 || fields.count == 4 else {
                throw .invalidLine(path: path, line: number, field: "columns", value: "\(fields.count) columns",
                                   allowed: "3 or 4: user item rating [timestamp]")
            }
            guard let value = Double(fields[2]), ratingRange.contains(value) else {
                if rows.isEmpty && number == 1 && Double(fields[2]) == nil { continue }   // a header
                throw .invalidLine(path: path, line: number, field: "rating", value: String(fields[2]), allowed: ratingAllowed)
            }
            let u: Int, i: Int
            if let known = userIndex[fields[0]] { u = known } else {
                u = userIDs.count; userIndex[fields[0]] = u; userIDs.append(String(fields[0]))
            }
            if let known = itemIndex[fields[1]] { i = known } else {
                i = itemIDs.count; itemIndex[fields[1]] = i; itemIDs.append(String(fields[1]))
            }
            rows.append((u, i, value))
        }
        guard !rows.isEmpty else { throw .empty(path: path) }
        var ratings = Ratings(users: userIDs.count, items: itemIDs.count)
        for (u, i, value) in rows { ratings.append(user: u, item: i, value: value) }
        return Table(ratings: ratings, userIDs: userIDs, itemIDs: itemIDs)
    }
}
