/// SMT (Eq. 9): the matching temperature depends on the user's weight, β(x) = f(w(x)).
public struct SoftMatchingTruncation: Mechanism, Equatable {
    public var mapping: TemperatureMapping

    public init(mapping: TemperatureMapping = .scaled) { self.mapping = mapping }
    public var name: String { "smt" }
    public var altersMatching: Bool { true }
    public var readsWeights: Bool { true }
    public func matching(forWeight weight: Double, defaults: MatchingDefaults) -> UserMatching {
        UserMatching(k: defaults.k, beta: mapping.beta(forWeight: weight, defaults: defaults), rewardWeight: 1)
    }
}
