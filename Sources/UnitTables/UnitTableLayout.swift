/// Which columns of a CSV header hold what, and which kind of unit its rows are.
///
/// Two shapes are read: a run folder's `users.csv` / `creators.csv` (one kind each, ids local to
/// an arm, as a twin trial holds the same units in every arm) and an exported `units.csv` (a
/// `kind` column, ids global: a unit sits in one arm). See README, `analyze` table format.
struct UnitTableLayout: Sendable {
    enum Source: Sendable {
        case users, creators, units

        var idColumn: String { idColumn(in: .standard) }

        func idColumn(in names: UnitColumns) -> String {
            switch self {
            case .users: return names.user
            case .creators: return names.creator
            case .units: return names.unit
            }
        }
    }

    let source: Source
    let names: UnitColumns
    /// Column index by header name (the first of duplicate names).
    let columns: [String: Int]
    let width: Int
    let arm, replicate, id, kind, group, week, impressions, likes, coldStart, fresh, topics, popular, days, activeDays, servedDays: Int
    /// Optional attributes (−1: no column): a user's tier and follows when the trial starts, a creator's followers.
    let tier, follows, followers: Int
    /// Columns a user (creator) row needs that the header lacks.
    let missingForUsers: [String]
    let missingForCreators: [String]

    var idsAreGlobal: Bool { source == .units }

    init(header: [String], source: Source, names: UnitColumns = .standard) {
        self.source = source
        self.names = names
        var columns = [String: Int]()
        for (index, name) in header.enumerated() where columns[name] == nil { columns[name] = index }
        self.columns = columns
        width = header.count
        func index(_ name: String) -> Int { columns[name] ?? -1 }
        let id = source.idColumn(in: names)
        arm = index(names.arm); replicate = index(names.replicate); self.id = index(id); kind = index(names.kind)
        group = index(names.group); week = index(names.week); impressions = index(names.impressions); likes = index(names.likes)
        coldStart = index(names.coldStart); fresh = index(names.fresh); topics = index(names.topics); popular = index(names.popular)
        days = index(names.days); activeDays = index(names.activeDays); servedDays = index(names.servedDays)
        tier = index(names.tier); follows = index(names.follows); followers = index(names.followers)
        let base = [names.arm, id] + (source == .units ? [names.kind] : [])
        missingForUsers = (base + names.userMeasures).filter { columns[$0] == nil }
        missingForCreators = (base + names.creatorMeasures).filter { columns[$0] == nil }
    }

    /// Columns every row needs, checked once at the header.
    var missingAtHeader: [String] {
        let base = [names.arm, source.idColumn(in: names), names.week] + (source == .units ? [names.kind] : [])
        return base.filter { columns[$0] == nil }
    }

    static func lacking(_ names: [String]) -> String {
        "lacks the column(s) \(names.joined(separator: ", ")); see README, 'analyze' table format"
    }
}
