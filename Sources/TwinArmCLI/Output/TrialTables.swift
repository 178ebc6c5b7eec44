import Analysis
import Trial

/// Turns a simulated trial into the analysis's unit table (the same rows as users.csv and creators.csv).
enum TrialTables {
    static func unitTable(_ outcome: TrialOutcome) -> UnitTable {
        var users = [UnitTable.User](), creators = [UnitTable.Creator]()
        for replicate in outcome.replicates {
            for arm in replicate.arms {
                for r in arm.users {
                    users.append(UnitTable.User(arm: outcome.armNames[r.arm], replicate: r.replicate, id: String(r.user), group: r.group,
                                                week: r.week, impressions: Double(r.impressions), likes: Double(r.likes),
                                                coldStart: Double(r.coldStart), fresh: Double(r.fresh), topics: Double(r.topics)))
                }
                for r in arm.creators {
                    creators.append(UnitTable.Creator(arm: outcome.armNames[r.arm], replicate: r.replicate, id: String(r.creator),
                                                      popular: r.popular, week: r.week, days: Double(r.days), activeDays: Double(r.activeDays)))
                }
            }
        }
        return UnitTable(users: users, creators: creators)
    }
}
