import Sweeps
import Foundation
import Trial
import Analysis
import Config
import Simulation

/// The per-unit tables of a trial as CSV files, and their manifest.
package enum TrialFiles {
    package static let usersHeader = "arm,replicate,user,group,tier,week,impressions,likes,coldStart,fresh,topics"
    package static let creatorsHeader = "arm,replicate,creator,popular,followers,week,days,activeDays,impressions,coldStart,likes,followersEnd"
    package static let dailyHeader = "arm,replicate,day,week,activeCreators,activePopular,impressions,coldStart,fresh,likes,ltr,welfare,movesTried,movesAccepted,published,contentCosine,requests"
    package static let weightsHeader = "arm,replicate,day,group,users,weight"
    package static let groupDaysHeader = "arm,replicate,day,week,group,users,impressions,likes,coldStart,fresh,topics"

    package struct Manifest: Encodable {
        package struct Arm: Encodable { var name: String; var mechanism: String; var users: [Int]; var creators: [Int] }
        package struct File: Encodable { var rows: Int; var sha256: String }
        package var name: String
        package var design: String
        package var seed: UInt64
        package var days: Int
        package var replicates: Int
        package var version: String
        package var split: [String: Double]
        package var arms: [Arm]
        package var files: [String: File]
        package var config: String
    }

    package static func files(outcome: TrialOutcome, spec: TrialSpec, seed: UInt64, configText: String) throws -> [(name: String, contents: Data)] {
        let names = outcome.armNames
        var users = usersHeader + "\n", creators = creatorsHeader + "\n", daily = dailyHeader + "\n", weights = weightsHeader + "\n"
        var groupDays = groupDaysHeader + "\n"
        var rows = [String: Int]()
        for arm in outcome.replicates.flatMap(\.arms) {
            for r in arm.users {
                users += "\(names[r.arm]),\(r.replicate),\(r.user),\(r.group),\(r.tier),\(r.week),\(r.impressions),\(r.likes),\(r.coldStart),\(r.fresh),\(r.topics)\n"
            }
            for r in arm.creators {
                creators += "\(names[r.arm]),\(r.replicate),\(r.creator),\(r.popular ? 1 : 0),\(r.followers),\(r.week),\(r.days),\(r.activeDays),\(r.impressions),\(r.coldStart),\(r.likes),\(r.followersEnd)\n"
            }
            for r in arm.daily {
                let ltr = r.impressions > 0 ? Double(r.likes) / Double(r.impressions) : 0
                daily += "\(names[r.arm]),\(r.replicate),\(r.day),\(r.day < 1 ? -1 : (r.day - 1) / 7 + 1),\(r.activeCreators),\(r.activePopular),\(r.impressions),\(r.coldStart),\(r.fresh),\(r.likes),\(ltr),\(r.welfare),\(r.movesTried),\(r.movesAccepted),\(r.published),\(r.contentCosine),\(r.requests)\n"
            }
            for r in arm.weights {
                weights += "\(names[r.arm]),\(r.replicate),\(r.day),\(r.group),\(r.users),\(r.weight)\n"
            }
            for r in arm.groupDays {
                groupDays += "\(names[r.arm]),\(r.replicate),\(r.day),\(r.day < 1 ? -1 : (r.day - 1) / 7 + 1),\(r.group),\(r.users),\(r.impressions),\(r.likes),\(r.coldStart),\(r.fresh),\(r.topics)\n"
            }
            rows["users.csv", default: 0] += arm.users.count
            rows["creators.csv", default: 0] += arm.creators.count
            rows["daily.csv", default: 0] += arm.daily.count
            rows["daily-groups.csv", default: 0] += arm.groupDays.count
            rows["weights.csv", default: 0] += arm.weights.count
        }
        // The daily group totals exist only with a pre-period: the data of a difference-in-differences.
        let tables: [(String, String)] = [("users.csv", users), ("creators.csv", creators), ("daily.csv", daily), ("weights.csv", weights)]
            + (spec.preDays > 0 ? [("daily-groups.csv", groupDays)] : [])
        var out = tables.map { (name: $0.0, contents: Data($0.1.utf8)) }
        var files = [String: Manifest.File]()
        for file in out { files[file.name] = Manifest.File(rows: rows[file.name] ?? 0, sha256: SHA256.hex(file.contents)) }
        let manifest = Manifest(
            name: spec.name, design: spec.design.rawValue, seed: seed, days: spec.days, replicates: outcome.replicates.count, version: TwinArmVersion.current,
            split: ["users": spec.split.userFraction, "creators": spec.split.creatorFraction],
            arms: spec.arms.enumerated().map { a, arm in
                Manifest.Arm(name: arm.name, mechanism: arm.mechanism.name,
                             users: outcome.replicates.map { $0.size(ofArm: a).users }, creators: outcome.replicates.map { $0.size(ofArm: a).creators })
            },
            files: files, config: configText)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        out.append((name: "manifest.json", contents: try encoder.encode(manifest) + Data("\n".utf8)))
        return out
    }
}
