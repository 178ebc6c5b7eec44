/// Which columns of a CSV header hold what, and which kind of unit its rows are.
///
/// Two shapes are read: a run folder's `users.csv` / `creators.csv` (one kind each, ids local to
/// an arm, as a twin trial holds the same units in every arm) and an exported `units.csv` (a
/// `kind` column, ids global: a unit sits in one arm). See README, `analyze` table format.
struct UnitTableLayout: Sendable {
    enum Source: Sendable {
        case users, creators, units

        var idColumn: String {
            switch self {
            case .users: return "user"
            case .creators: return "creator"
            case .units: return "unit"
            }
        }
    }

    static let userColumns = ["group", "week", "impressions", "likes", "coldStart", "fresh", "topics"]
    static let creatorColumns = ["popular", "week", "days", "activeDays"]

    let source: Source
    /// Column index by header name (the first of duplicate names).
    let columns: [String: Int]
    let width: Int
    let arm, replicate, id, kind, group, week, impressions, likes, coldStart, fresh, topics, popular, days, activeDays: Int
    /// Columns a user (creator) row needs that the header lacks.
    let missingForUsers: [String]
    let missingForCreators: [String]

    var idsAreGlobal: Bool { source == .units }

    init(header: [String], source: Source) {
        self.source = source
        var columns = [String: Int]()
        for (index, name) in header.enumerated() where columns[name] == nil { columns[name] = index }
        self.columns = columns
        width = header.count
        func index(_ name: String) -> Int { columns[name] ?? -1 }
        arm = index("arm"); replicate = index("replicate"); id = index(source.idColumn); kind = index("kind")
        group = index("group"); week = index("week"); impressions = index("impressions"); likes = index("likes")
        coldStart = index("coldStart"); fresh = index("fresh"); topics = index("topics"); popular = index("popular")
        days = index("days"); activeDays = index("activeDays")
        let base = ["arm", source.idColumn] + (source == .units ? ["kind"] : [])
        missingForUsers = (base + Self.userColumns).filter { columns[$0] == nil }
        missingForCreators = (base + Self.creatorColumns).filter { columns[$0] == nil }
    }

    /// Columns every row needs, checked once at the header.
    var missingAtHeader: [String] {
        let base = ["arm", source.idColumn, "week"] + (source == .units ? ["kind"] : [])
        return base.filter { columns[$0] == nil }
    }

    static func lacking(_ names: [String]) -> String {
        "lacks the column(s) \(names.joined(separator: ", ")); see README, 'analyze' table format"
    }
}
