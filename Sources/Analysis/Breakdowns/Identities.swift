/// The metrics TwinArm tests (MODEL.md §8), as typed identities shared by Analysis, Reports and
/// Sweeps; encoded as their names (`ltr`, `topics`, …).
public enum MetricID: String, Codable, Sendable, CaseIterable, Hashable {
    case ltr, coldStartImpressions, freshImpressions, topics, creatorDAU

    /// A short human title.
    public var title: String {
        switch self {
        case .ltr: return "LTR (likes / impressions)"
        case .coldStartImpressions: return "cold-start impressions / user"
        case .freshImpressions: return "fresh (< 2 h) impressions / user"
        case .topics: return "topics / user (diversity)"
        case .creatorDAU: return "creator DAU"
        }
    }

    /// What the metric measures, for the report's definitions.
    public var definition: String {
        switch self {
        case .ltr: return "likes ÷ impressions, pooled over the arm's users (delta method per user)"
        case .coldStartImpressions: return "impressions of items with no earlier impression, per user"
        case .freshImpressions: return "impressions of items younger than the fresh window, per user"
        case .topics: return "distinct content topics a user saw in the period, per user"
        case .creatorDAU: return "a creator's active days ÷ days in the period, per creator"
        }
    }

    /// A guardrail: a metric the mechanism must not harm, read for harm rather than for gain.
    public var isGuardrail: Bool { self == .ltr }
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
}
