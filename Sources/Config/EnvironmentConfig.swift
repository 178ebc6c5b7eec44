/// `environment:` — which ecosystem to draw. Keys depend on `kind`.
public struct EnvironmentConfig: Codable, Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable, Codable { case toy, synthetic, ratings }

    public var kind: Kind
    // Shared.
    public var creators: Int?
    public var relevanceOffset: Double?
    public var relevanceScale: Double?
    // Synthetic.
    public var dimension: Int?
    public var clusterSizes: [Int]?
    public var userSpread: Double?
    public var creatorSpread: Double?
    public var radius: Double?
    // Toy.
    public var users: [[Double]]?
    public var startFrom: [Double]?
    public var startTo: [Double]?
    public var startJitter: Double?
    // Ratings: a MovieLens-format file (path from the working directory), factorised.
    public var ratings: String?
    public var factors: Int?
    public var regularisation: Double?
    public var minRatings: Int?
    public var commonItems: Int?
    public var privateItems: Int?

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case kind, creators, relevanceOffset, relevanceScale
        case dimension, clusterSizes, userSpread, creatorSpread, radius
        case users, startFrom, startTo, startJitter
        case ratings, factors, regularisation, minRatings, commonItems, privateItems
    }

    package static func allowedKeys(for kind: Kind) -> [String] {
        let shared: [CodingKeys] = [.kind, .creators, .relevanceOffset, .relevanceScale]
        switch kind {
        case .synthetic: return (shared + [.dimension, .clusterSizes, .userSpread, .creatorSpread, .radius]).map(\.stringValue)
        case .toy: return (shared + [.users, .startFrom, .startTo, .startJitter]).map(\.stringValue)
        case .ratings: return ([CodingKeys.kind, .creators, .ratings, .factors, .regularisation, .minRatings, .commonItems, .privateItems]).map(\.stringValue)
        }
    }

    public init(kind: Kind) { self.kind = kind }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let path = decoder.fieldPath
        guard let raw = try c.decodeIfPresent(String.self, forKey: .kind) else {
            throw ConfigError.missingKey(field: "\(path).kind", allowed: Kind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        guard let kind = Kind(rawValue: raw) else {
            throw ConfigError.invalidValue(field: "\(path).kind", value: "'\(raw)'",
                                           allowed: Kind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        self.kind = kind
        try decoder.rejectUnknownKeys(allowed: Self.allowedKeys(for: kind))
        creators = try c.decodeIfPresent(Int.self, forKey: .creators)
        relevanceOffset = try c.decodeIfPresent(Double.self, forKey: .relevanceOffset)
        relevanceScale = try c.decodeIfPresent(Double.self, forKey: .relevanceScale)
        dimension = try c.decodeIfPresent(Int.self, forKey: .dimension)
        clusterSizes = try c.decodeIfPresent([Int].self, forKey: .clusterSizes)
        userSpread = try c.decodeIfPresent(Double.self, forKey: .userSpread)
        creatorSpread = try c.decodeIfPresent(Double.self, forKey: .creatorSpread)
        radius = try c.decodeIfPresent(Double.self, forKey: .radius)
        users = try c.decodeIfPresent([[Double]].self, forKey: .users)
        startFrom = try c.decodeIfPresent([Double].self, forKey: .startFrom)
        startTo = try c.decodeIfPresent([Double].self, forKey: .startTo)
        startJitter = try c.decodeIfPresent(Double.self, forKey: .startJitter)
        ratings = try c.decodeIfPresent(String.self, forKey: .ratings)
        factors = try c.decodeIfPresent(Int.self, forKey: .factors)
        regularisation = try c.decodeIfPresent(Double.self, forKey: .regularisation)
        minRatings = try c.decodeIfPresent(Int.self, forKey: .minRatings)
        commonItems = try c.decodeIfPresent(Int.self, forKey: .commonItems)
        privateItems = try c.decodeIfPresent(Int.self, forKey: .privateItems)
    }
}
