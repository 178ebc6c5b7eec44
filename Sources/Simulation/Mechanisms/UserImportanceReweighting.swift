/// UIR (Eq. 8): the creator's reward for a user's impression is scaled by the user's weight.
public struct UserImportanceReweighting: Mechanism, Equatable {
    public init() {}
    public var name: String { "uir" }
    public var altersMatching: Bool { false }
    public var readsWeights: Bool { true }
    public func matching(forWeight weight: Double, defaults: MatchingDefaults) -> UserMatching {
        UserMatching(k: defaults.k, beta: defaults.beta, rewardWeight: weight)
    }
}
