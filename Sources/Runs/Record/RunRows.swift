import Trial
import UnitTables

/// A record of the simulation with its arm's name, as a run file's line holds it.
package struct Named<Record: Sendable>: Sendable {
    package var arm: String
    package var record: Record

    package init(arm: String, record: Record) {
        self.arm = arm
        self.record = record
    }
}

/// One arm's day in one market pair: a line of `daily.csv`.
package struct DailyRow: Sendable, Equatable {
    package var arm = ""
    package var replicate = 0
    package var day = 0
    package var week = 0
    package var activeCreators = 0
    package var activePopular = 0
    package var impressions = 0
    package var coldStart = 0
    package var fresh = 0
    package var likes = 0
    package var ltr = 0.0
    package var welfare = 0.0
    package var movesTried = 0
    package var movesAccepted = 0
    package var published = 0
    package var contentCosine = 1.0
    package var requests = 0
    /// Impressions the follow channel brought.
    package var follow = 0
    /// New follows that day.
    package var follows = 0

    package init() {}

    package init(_ r: DailyRecord, arm: String) {
        self.arm = arm
        replicate = r.replicate; day = r.day; week = RunSchemas.week(ofDay: r.day)
        activeCreators = r.activeCreators; activePopular = r.activePopular
        impressions = r.impressions; coldStart = r.coldStart; fresh = r.fresh; likes = r.likes
        ltr = r.impressions > 0 ? Double(r.likes) / Double(r.impressions) : 0
        welfare = r.welfare; movesTried = r.movesTried; movesAccepted = r.movesAccepted
        published = r.published; contentCosine = r.contentCosine; requests = r.requests; follow = r.followImpressions
        follows = r.follows
    }
}

/// One re-weighted group on one day: a line of `weights.csv`.
package struct WeightRow: Sendable, Equatable {
    package var arm = ""
    package var replicate = 0
    package var day = 0
    package var group = 0
    package var users = 0
    package var weight = 0.0
    package var estimate = 0.0
    package var variance = 0.0
    package var underService = 0.0
    package var relevanceGap = 0.0
    package var dosed = 0
    package var dose = 1.0
    package var percentile = 0.0

    package init() {}

    package init(_ r: WeightRecord, arm: String) {
        self.arm = arm
        replicate = r.replicate; day = r.day; group = r.group; users = r.users; weight = r.weight
        estimate = r.estimate; variance = r.variance; underService = r.underService
        relevanceGap = r.relevanceGap; dosed = r.dosed ? 1 : 0; dose = r.dose; percentile = r.percentile
    }
}

/// One cell of a two-sided market (the user's arm × the creator's arm) over the trial days: a line
/// of `cells.csv`, which only a two-sided run writes.
package struct CellRow: Sendable, Equatable {
    package var replicate = 0
    package var userArm = ""
    package var creatorArm = ""
    /// Users in the user arm and creators in the creator arm, and the platform's.
    package var users = 0
    package var creators = 0
    package var platformUsers = 0
    package var platformCreators = 0
    package var impressions = 0
    package var likes = 0
    package var coldStart = 0
    package var fresh = 0

    package init() {}

    /// The four rows of one replicate's cells, control × control first.
    package static func rows(_ cells: TwoSidedCellCounts, replicate: Int, arms: [String]) -> [CellRow] {
        (0..<2).flatMap { x in
            (0..<2).map { y in
                var row = CellRow()
                let c = cells[user: x, creator: y]
                row.replicate = replicate; row.userArm = arms[x]; row.creatorArm = arms[y]
                row.users = cells.users[x]; row.creators = cells.creators[y]
                row.platformUsers = cells.platformUsers; row.platformCreators = cells.platformCreators
                row.impressions = c.impressions; row.likes = c.likes; row.coldStart = c.coldStart; row.fresh = c.fresh
                return row
            }
        }
    }
}

/// The column schemas of a run folder's tables: each file's one writer and one reader follow them.
package struct RunSchemas: Sendable {
    package var units: UnitColumns
    package var daily: CSVSchema<DailyRow>
    package var weights: CSVSchema<WeightRow>
    package var cells: CSVSchema<CellRow>

    package init(units: UnitColumns = .standard) {
        self.units = units
        daily = CSVSchema(file: "daily.csv", columns: [
            .string("arm", \.arm), .int("replicate", \.replicate), .int("day", \.day), .int("week", \.week),
            .int("activeCreators", \.activeCreators), .int("activePopular", \.activePopular), .int("impressions", \.impressions),
            .int("coldStart", \.coldStart), .int("fresh", \.fresh), .int("likes", \.likes), .double("ltr", \.ltr),
            .double("welfare", \.welfare), .int("movesTried", \.movesTried), .int("movesAccepted", \.movesAccepted),
            .int("published", \.published), .double("contentCosine", \.contentCosine), .int("requests", \.requests),
            .int("follow", \.follow), .int("follows", \.follows),
        ])
        weights = CSVSchema(file: "weights.csv", columns: [
            .string("arm", \.arm), .int("replicate", \.replicate), .int("day", \.day), .int("group", \.group),
            .int("users", \.users), .double("weight", \.weight), .double("estimate", \.estimate),
            .double("variance", \.variance), .double("underService", \.underService),
            .double("relevanceGap", \.relevanceGap), .int("dosed", \.dosed), .double("dose", \.dose),
            .double("percentile", \.percentile),
        ])
        cells = CSVSchema(file: "cells.csv", columns: [
            .int("replicate", \.replicate), .string("userArm", \.userArm), .string("creatorArm", \.creatorArm),
            .int("users", \.users), .int("creators", \.creators), .int("platformUsers", \.platformUsers),
            .int("platformCreators", \.platformCreators), .int("impressions", \.impressions), .int("likes", \.likes),
            .int("coldStart", \.coldStart), .int("fresh", \.fresh),
        ])
    }

    package static let standard = RunSchemas()

    /// The week a day belongs to: −1 for the pre-period (days ≤ 0), else 1, 2, …
    package static func week(ofDay day: Int) -> Int { day < 1 ? -1 : (day - 1) / 7 + 1 }

    /// `users.csv`, read back by ``UnitTableStream`` with the same ``UnitColumns``.
    package var users: CSVSchema<Named<UserRecord>> {
        let n = units
        return CSVSchema(file: "users.csv", columns: [
            CSVColumn(n.arm) { $0.arm }, CSVColumn(n.replicate) { String($0.record.replicate) },
            CSVColumn(n.user) { String($0.record.user) }, CSVColumn(n.group) { String($0.record.group) },
            CSVColumn(n.tier) { String($0.record.tier) }, CSVColumn(n.week) { String($0.record.week) },
            CSVColumn(n.impressions) { String($0.record.impressions) }, CSVColumn(n.likes) { String($0.record.likes) },
            CSVColumn(n.coldStart) { String($0.record.coldStart) }, CSVColumn(n.fresh) { String($0.record.fresh) },
            CSVColumn(n.topics) { String($0.record.topics) }, CSVColumn(n.follows) { String($0.record.follows) },
        ])
    }

    /// `creators.csv`, read back by ``UnitTableStream`` with the same ``UnitColumns``.
    package var creators: CSVSchema<Named<CreatorRecord>> {
        let n = units
        return CSVSchema(file: "creators.csv", columns: [
            CSVColumn(n.arm) { $0.arm }, CSVColumn(n.replicate) { String($0.record.replicate) },
            CSVColumn(n.creator) { String($0.record.creator) }, CSVColumn(n.popular) { $0.record.popular ? "1" : "0" },
            CSVColumn(n.followers) { "\($0.record.followers)" }, CSVColumn(n.week) { String($0.record.week) },
            CSVColumn(n.days) { String($0.record.days) }, CSVColumn(n.activeDays) { String($0.record.activeDays) },
            CSVColumn(n.servedDays) { String($0.record.servedDays) }, CSVColumn(n.creatorImpressions) { String($0.record.impressions) },
            CSVColumn(n.creatorColdStart) { String($0.record.coldStart) },
            CSVColumn(n.creatorLikes) { String($0.record.likes) }, CSVColumn(n.followersEnd) { "\($0.record.followersEnd)" },
        ])
    }

    /// `daily-groups.csv` (a pre-period's difference-in-differences data).
    package var groupDays: CSVSchema<Named<GroupDayRecord>> {
        CSVSchema(file: "daily-groups.csv", columns: [
            CSVColumn("arm") { $0.arm }, CSVColumn("replicate") { String($0.record.replicate) },
            CSVColumn("day") { String($0.record.day) }, CSVColumn("week") { String(Self.week(ofDay: $0.record.day)) },
            CSVColumn("group") { String($0.record.group) }, CSVColumn("users") { String($0.record.users) },
            CSVColumn("impressions") { String($0.record.impressions) }, CSVColumn("likes") { String($0.record.likes) },
            CSVColumn("coldStart") { String($0.record.coldStart) }, CSVColumn("fresh") { String($0.record.fresh) },
            CSVColumn("topics") { String($0.record.topics) },
        ])
    }
}
