/// What a creator is paid for one matched impression, before any user weight (docs/MODEL.md §2).
public enum Reward: String, Sendable, Equatable, CaseIterable {
    /// R = σ(s, x): pay by the relevance the user gets (the platform default, Eq. 5).
    case relevance
    /// R = 1: pay by traffic (Eq. 6).
    case traffic

    /// The reward for a match of relevance `sigma`.
    @inlinable
    public func amount(relevance sigma: Double) -> Double {
        switch self {
        case .relevance: return sigma
        case .traffic: return 1
        }
    }
}
