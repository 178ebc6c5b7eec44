/// How a trial's daily looks spend α (`sequential.method` of a config).
public enum SequentialMethod: String, Sendable, Codable, CaseIterable, Hashable {
    /// Lan–DeMets α-spending with the O'Brien–Fleming shape: almost nothing early, nearly all of α
    /// at the end (``AlphaSpending/obrienFleming``).
    case obrienFleming = "obrien-fleming"
    /// Lan–DeMets α-spending with the Pocock shape: about evenly over the looks.
    case pocock
    /// The union bound: every look at level 1 − α/K for K looks.
    case union
    /// The mixture sequential probability ratio test (a normal mixture over the effect): an
    /// always-valid p-value, valid for any number of looks (``MixtureSPRT``).
    case msprt

    /// The spending function of an α-spending method.
    public var spending: AlphaSpending? {
        switch self {
        case .obrienFleming: return .obrienFleming
        case .pocock: return .pocock
        case .union, .msprt: return nil
        }
    }
}

/// Which days are looked at (`sequential.looks`): every day, or a list of days.
public enum LookSchedule: Sendable, Equatable, Hashable {
    case daily
    case days([Int])

    /// The look days of a trial of `days` days, increasing; listed days past the end are dropped.
    public func days(of days: Int) -> [Int] {
        switch self {
        case .daily: return days >= 1 ? Array(1...days) : []
        case let .days(list): return Array(Set(list.filter { $0 >= 1 && $0 <= days })).sorted()
        }
    }
}

extension LookSchedule: Codable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let text = try? c.decode(String.self), text == "daily" { self = .daily; return }
        self = .days(try c.decode([Int].self))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .daily: try c.encode("daily")
        case let .days(list): try c.encode(list)
        }
    }
}

/// How an α-spending method measures a look's information fraction.
public enum InformationTime: String, Sendable, Codable, CaseIterable, Hashable {
    /// The last look's variance of the relative effect over this look's (running maximum).
    case variance
    /// The look's day over the last look's day.
    case calendar

    /// The fractions of looks on `days` with variances `variances`.
    public func fractions(days: [Int], variances: [Double]) -> [Double] {
        switch self {
        case .variance: return SequentialLooks.informationFractions(variances)
        case .calendar:
            guard let last = days.last, last > 0 else { return [] }
            return days.map { Double($0) / Double(last) }
        }
    }
}

/// The sequential design of a trial's looks: the method, the days and the information time.
public struct SequentialPlan: Sendable, Equatable, Hashable, Codable {
    public var method: SequentialMethod
    public var looks: LookSchedule
    public var information: InformationTime = .calendar

    /// The default: O'Brien–Fleming spending on calendar information, a look every day (README,
    /// "Daily looks": on A/A trials of one and of four market pairs it keeps its any-day level, and on
    /// HMT trials it has the most power at the end of the methods that do).
    public init(method: SequentialMethod = .obrienFleming, looks: LookSchedule = .daily, information: InformationTime = .calendar) {
        self.method = method
        self.looks = looks
        self.information = information
    }

    enum CodingKeys: String, CodingKey { case method, looks, information }

    /// A report written before `information` existed used the looks' variances.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        method = try c.decode(SequentialMethod.self, forKey: .method)
        looks = try c.decode(LookSchedule.self, forKey: .looks)
        information = try c.decodeIfPresent(InformationTime.self, forKey: .information) ?? .variance
    }
}
