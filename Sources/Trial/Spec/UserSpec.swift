/// How users' activity responds to what they are served (docs/MODEL.md §7).
public struct UserSpec: Codable, Sendable, Equatable {
    /// Daily requests are the user's mean times (recent like rate / her reference like rate)^response,
    /// clipped to [¼, 4]; 0 keeps activity fixed.
    public var satisfactionResponse: Double = 0.5
    /// Half-lives, in days, of her recent like rate and of her reference (her longer history).
    public var satisfactionHalfLife: Double = 3
    public var referenceHalfLife: Double = 28
    /// Pseudo-impressions at her reference rate added to her recent counts (steadies light users).
    public var priorImpressions: Double = 20
    public init() {}
}
