import Config
import Trial

/// The baseline moments of a config's control market that a calibration can target.
public enum Moment: String, ConfigChoice, Hashable {
    /// Likes per impression.
    case ltr
    /// The share of impressions on cold-start items (docs/MODEL.md §7: under the impression cap
    /// and younger than `coldStartDays`).
    case newItemShare
    /// Cold-start impressions per item published.
    case firstDayImpressionsPerItem
    /// Requests per user and day.
    case requestsPerUserDay
    /// The share of creators active on a day.
    case creatorDAU
    /// Items an active creator publishes a day.
    case itemsPerActiveCreator
    /// The share of requests that showed nothing (the feed had run out).
    case emptyRequestShare
    /// The share of impressions the follow channel brought (a followed creator's new item).
    case followShare
    /// New follows per like.
    case followsPerLike
    /// The share of impressions that the 20 % of creators with the most take (whole period).
    case topCreatorShare

    public var definition: String {
        switch self {
        case .ltr: return "likes / impressions"
        case .newItemShare: return "cold-start impressions / impressions"
        case .firstDayImpressionsPerItem: return "cold-start impressions / items published"
        case .requestsPerUserDay: return "requests / (users × days)"
        case .creatorDAU: return "active creator-days / (creators × days)"
        case .itemsPerActiveCreator: return "items published / active creator-days"
        case .emptyRequestShare: return "(requests − impressions) / requests"
        case .followShare: return "impressions from the follow channel / impressions"
        case .followsPerLike: return "new follows / likes"
        case .topCreatorShare: return "impressions of the top 20 % of creators / impressions"
        }
    }

    /// A share of something (a value strictly between 0 and 1), not a count or a rate per unit.
    public var isShare: Bool {
        switch self {
        case .ltr, .newItemShare, .creatorDAU, .emptyRequestShare, .followShare, .topCreatorShare: return true
        case .firstDayImpressionsPerItem, .requestsPerUserDay, .itemsPerActiveCreator, .followsPerLike: return false
        }
    }
}

/// A config's control market, measured: one arm on production with the config's population, split
/// and behaviour, over its warm-up and trial days, in `replicates` independent markets.
public struct ControlMoments: Sendable {
    /// The moments over all markets pooled, and market by market (for their sampling covariance).
    public var pooled: [Moment: Double]
    public var byMarket: [[Moment: Double]]

    /// The single-arm control spec of a config (its first arm's name, on production).
    public static func spec(_ config: TrialConfig, replicates: Int) throws(ConfigError) -> TrialSpec {
        var c = config
        c.arms = [ArmConfig(name: config.arms.first?.name ?? "control", mechanism: "control")]
        c.replicates = replicates
        c.preDays = 0
        c.calibrationTrials = 0
        return try c.makeSpec()
    }

    /// Runs the control market of `config` (the same seed every call: common random numbers).
    public static func measure(_ config: TrialConfig, replicates: Int, seed: UInt64) throws(ConfigError) -> ControlMoments {
        let spec = try spec(config, replicates: replicates)
        let outcome = TrialRunner.run(spec, seed: seed)
        var totals = Totals()
        var byMarket = [[Moment: Double]]()
        for (r, replicate) in outcome.replicates.enumerated() {
            var market = Totals()
            let size = outcome.replicates[r].size(ofArm: 0)
            market.add(replicate.arms[0].daily.filter { $0.day >= 1 }, users: size.users, creators: size.creators)
            market.add(creators: replicate.arms[0].creators.filter { $0.week == 0 })
            byMarket.append(market.moments)
            totals.merge(market)
        }
        return ControlMoments(pooled: totals.moments, byMarket: byMarket)
    }

    struct Totals {
        var likes = 0.0, impressions = 0.0, cold = 0.0, published = 0.0, requests = 0.0, active = 0.0
        var userDays = 0.0, creatorDays = 0.0, follow = 0.0
        var follows = 0.0
        /// Whole-period creator totals: the top 20 %'s impressions and all.
        var top = 0.0, creatorImpressions = 0.0

        mutating func add(creators rows: [CreatorRecord]) {
            let shown = rows.map(\.impressions).sorted(by: >)
            let n = (rows.count + 4) / 5
            top += Double(shown.prefix(n).reduce(0, +))
            creatorImpressions += Double(shown.reduce(0, +))
        }

        mutating func add(_ days: [DailyRecord], users: Int, creators: Int) {
            for d in days {
                likes += Double(d.likes); impressions += Double(d.impressions); cold += Double(d.coldStart)
                published += Double(d.published); requests += Double(d.requests); active += Double(d.activeCreators)
                follow += Double(d.followImpressions); follows += Double(d.follows)
            }
            userDays += Double(users * days.count)
            creatorDays += Double(creators * days.count)
        }

        mutating func merge(_ o: Totals) {
            likes += o.likes; impressions += o.impressions; cold += o.cold; published += o.published
            requests += o.requests; active += o.active; userDays += o.userDays; creatorDays += o.creatorDays
            follow += o.follow; follows += o.follows; top += o.top
            creatorImpressions += o.creatorImpressions
        }

        var moments: [Moment: Double] {
            func ratio(_ a: Double, _ b: Double) -> Double { b > 0 ? a / b : 0 }
            return [
                .ltr: ratio(likes, impressions), .newItemShare: ratio(cold, impressions),
                .firstDayImpressionsPerItem: ratio(cold, published), .requestsPerUserDay: ratio(requests, userDays),
                .creatorDAU: ratio(active, creatorDays), .itemsPerActiveCreator: ratio(published, active),
                .emptyRequestShare: ratio(requests - impressions, requests),
                .followShare: ratio(follow, impressions), .followsPerLike: ratio(follows, likes),
                .topCreatorShare: ratio(top, creatorImpressions),
            ]
        }
    }
}
