import Foundation

/// The metrics TwinArm tests (docs/MODEL.md §8), as typed identities shared by Analysis, Reports and
/// Sweeps; encoded as their names (`ltr`, `topics`, …).
public enum MetricID: String, Codable, Sendable, CaseIterable, Hashable {
    case ltr, coldStartImpressions, freshImpressions, topics, creatorDAU
    /// Ecosystem health (market-level or per-creator; tested at the whole period, as their own family).
    case exposureGini, exposureTop10Share, creatorCoverage, creatorChurn, worstGroupLTR

    /// The title a table column or a chart label shows (every report, sweep and design table).
    public var shortTitle: String {
        switch self {
        case .ltr: return "LTR"
        case .coldStartImpressions: return "cold-start / user"
        case .freshImpressions: return "fresh / user"
        case .topics: return "topics / user"
        case .creatorDAU: return "creator DAU"
        case .exposureGini: return "exposure Gini"
        case .exposureTop10Share: return "top-10 % share"
        case .creatorCoverage: return "coverage"
        case .creatorChurn: return "churn"
        case .worstGroupLTR: return "worst group LTR"
        }
    }

    /// The full title a report's rows show; the fresh window is the run's `platform.freshHours`
    /// (unknown for an exported table: then the title names no window).
    public func title(_ context: MetricContext = MetricContext()) -> String {
        switch self {
        case .ltr: return "LTR (likes / impressions)"
        case .coldStartImpressions: return "cold-start impressions / user"
        case .freshImpressions: return context.freshHours.map { "fresh (< \(MetricContext.hours($0)) h) impressions / user" } ?? "fresh impressions / user"
        case .topics: return "topics / user (diversity)"
        case .creatorDAU: return "creator DAU"
        case .exposureGini: return "exposure Gini (creators' impressions)"
        case .exposureTop10Share: return "top-10 % creators' share of impressions"
        case .creatorCoverage: return "creator coverage (served days / days)"
        case .creatorChurn: return "creator churn (inactive in the last week)"
        case .worstGroupLTR: return "worst group's LTR"
        }
    }

    /// Which way is good: the verdicts, the sweeps' arrows and the trade-offs read it.
    public var direction: MetricDirection {
        switch self {
        case .exposureGini, .exposureTop10Share, .creatorChurn: return .lowerIsBetter
        default: return .higherIsBetter
        }
    }

    /// What the metric measures, for the report's definitions.
    public func definition(_ context: MetricContext = MetricContext()) -> String {
        switch self {
        case .ltr: return "likes ÷ impressions, pooled over the arm's users (delta method per user)"
        case .coldStartImpressions:
            let rule = context.coldStart.map { "younger than \($0.days) days and shown fewer than \($0.impressions) times (serving.coldStartDays, "
                + "serving.coldStartImpressions)" } ?? "still cold-start"
            return "impressions of items that were cold-start when shown — " + rule
                + ": the pool the audience-matching channel retrieves from — per user"
        case .freshImpressions:
            let window = context.freshHours.map { "\(MetricContext.hours($0)) hours (platform.freshHours)" } ?? "the fresh window"
            return "impressions of items younger than " + window + " when shown, per user"
        case .topics: return "distinct content topics a user saw in the period, per user"
        case .creatorDAU: return "a creator's active days ÷ days in the period, per creator"
        case .exposureGini:
            return "the Gini coefficient of the market's creators' whole-period impressions, Σᵢ Σⱼ |xᵢ − xⱼ| ÷ (2 n² x̄), one value per market; "
                + "0 = equal exposure; unit-level standard error by the leave-one-creator-out jackknife; no pre-period covariate"
        case .exposureTop10Share:
            return "the impressions of the ⌈n ÷ 10⌉ creators with the most, ÷ all the market's impressions, one value per market; "
                + "jackknife standard error; no pre-period covariate"
        case .creatorCoverage:
            return "a creator's days with at least one impression ÷ days in the period, per creator (averaged: the daily share of creators shown)"
        case .creatorChurn:
            return "1 when a creator published on none of the trial's last week's days (the last 7 days, or fewer when the trial ends mid-week), per creator; "
                + "its pre-period value is the same indicator for the pre-period week"
        case .worstGroupLTR:
            return "likes ÷ impressions of the market's least-served group: the lowest LTR among the groups with at least "
                + "\(TrialAnalysis.worstGroupMinimumUsers) users in that market; delta-method standard error of that group's LTR; no pre-period covariate"
        }
    }

    /// Whether a higher value is the better one (Gini, top-decile share and churn: lower is better).
    public var higherIsBetter: Bool { direction == .higherIsBetter }

    /// An ecosystem-health metric (tested at the whole period in its own family).
    public var isEcosystem: Bool {
        switch self {
        case .exposureGini, .exposureTop10Share, .creatorCoverage, .creatorChurn, .worstGroupLTR: return true
        default: return false
        }
    }

    /// A guardrail: a metric the mechanism must not harm, read for harm rather than for gain.
    public var isGuardrail: Bool { self == .ltr }
}

/// Which way a metric is good.
public enum MetricDirection: String, Codable, Sendable {
    case higherIsBetter, lowerIsBetter
}

/// What a metric's title and definition depend on beyond its identity: the run's fresh window.
public struct MetricContext: Sendable, Equatable {
    /// `platform.freshHours` of the run; nil for an exported table.
    public var freshHours: Double?
    /// `serving.coldStartDays` and `serving.coldStartImpressions` of the run; nil for an exported table.
    public var coldStart: (days: Int, impressions: Int)?
    public init(freshHours: Double? = nil, coldStart: (days: Int, impressions: Int)? = nil) {
        self.freshHours = freshHours
        self.coldStart = coldStart
    }

    public static func == (a: MetricContext, b: MetricContext) -> Bool {
        a.freshHours == b.freshHours && a.coldStart?.days == b.coldStart?.days && a.coldStart?.impressions == b.coldStart?.impressions
    }

    /// `2`, `0.5`, `36`: hours without trailing zeros.
    public static func hours(_ h: Double) -> String { String(format: "%g", h) }
}

/// Which slice of the units a test row covers.
///
/// Encoded as its label (`total`, `bucket groups 1–5`, `week 2`, `popular creators`,
/// `other creators, week 2`), the form `report.json` has always used.
public enum Breakdown: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Every user, whole period.
    case total
    /// A group-size bucket (pre-treatment), whole period.
    case bucket(String)
    /// Every user, one week.
    case week(Int)
    /// Popular or other creators, whole period (`week` nil) or one week.
    case creators(popular: Bool, week: Int?)

    /// The family a row belongs to for multiple-testing adjustment: the headline totals are the
    /// primary family; buckets and weeks are exploratory.
    public var family: TestFamily {
        switch self {
        case .total, .creators(_, nil): return .primary
        default: return .exploratory
        }
    }

    public var label: String {
        switch self {
        case .total: return "total"
        case let .bucket(label): return "bucket \(label)"
        case let .week(week): return "week \(week)"
        case let .creators(popular, week): return (popular ? "popular creators" : "other creators") + (week.map { ", week \($0)" } ?? "")
        }
    }

    public var description: String { label }

    public init?(label: String) {
        if label == "total" { self = .total; return }
        if label.hasPrefix("bucket ") { self = .bucket(String(label.dropFirst(7))); return }
        if label.hasPrefix("week "), let week = Int(label.dropFirst(5)) { self = .week(week); return }
        for (prefix, popular) in [("popular creators", true), ("other creators", false)] where label.hasPrefix(prefix) {
            let rest = label.dropFirst(prefix.count)
            if rest.isEmpty { self = .creators(popular: popular, week: nil); return }
            if rest.hasPrefix(", week "), let week = Int(rest.dropFirst(7)) { self = .creators(popular: popular, week: week); return }
        }
        return nil
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = Breakdown(label: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown breakdown '\(text)'"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(label)
    }
}

/// A family of tests adjusted together.
public enum TestFamily: String, Codable, Sendable, CaseIterable {
    /// The headline totals: what the trial was run to decide.
    case primary
    /// Buckets and weeks: where to look next, not decisions.
    case exploratory
    /// The ecosystem-health metrics' whole-period rows.
    case ecosystem
}
