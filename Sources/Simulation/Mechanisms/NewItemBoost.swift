/// Favours new items at the ranking stage: every item without feedback gets a score bonus.
///
/// It leaves retrieval, matching and rewards alone, so in the offline game (exact Eq. 1 matching,
/// no ranker) it acts like `control`; in a trial it moves exposure toward cold-start content.
public struct NewItemBoost: Mechanism, Equatable {
    public var bonus: Double

    public init(bonus: Double = 0.05) { self.bonus = bonus }
    public var name: String { "newitem" }
    public var altersMatching: Bool { false }
    public func matching(forWeight weight: Double, defaults: MatchingDefaults) -> UserMatching {
        Self.defaultMatching(defaults)
    }
    public func makeRankingPolicy(creators: Int) -> (any RankingPolicy)? { Policy(bonus: bonus, creators: creators) }

    struct Policy: RankingPolicy {
        let bonus: Double
        let creators: Int
        func adjustments() -> RankingAdjustments {
            RankingAdjustments(perCreator: [Double](repeating: 0, count: creators), newItem: bonus)
        }
        mutating func observe(_ feedback: RankingFeedback) {}
    }
}
