/// HMT (Eq. 10): the truncation depends on the user's weight, K(x) = g(w(x)).
public struct HardMatchingTruncation: Mechanism, Equatable {
    public var mapping: TruncationMapping

    public init(mapping: TruncationMapping = .scaled) { self.mapping = mapping }
    public var name: String { "hmt" }
    public var altersMatching: Bool { true }
    public var readsWeights: Bool { true }
    public func matching(forWeight weight: Double, defaults: MatchingDefaults) -> UserMatching {
        UserMatching(k: mapping.k(forWeight: weight, defaults: defaults), beta: defaults.beta, rewardWeight: 1)
    }
    public func percentile(forWeight weight: Double) -> Double? {
        if case .percentile(let table) = mapping { return table.value(at: weight) }
        return nil
    }
}
