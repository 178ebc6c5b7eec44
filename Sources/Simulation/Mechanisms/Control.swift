/// The production setup: weights are ignored.
public struct Control: Mechanism, Equatable {
    public init() {}
    public var name: String { "control" }
    public var altersMatching: Bool { false }
    public func matching(forWeight weight: Double, defaults: MatchingDefaults) -> UserMatching {
        Self.defaultMatching(defaults)
    }
}
