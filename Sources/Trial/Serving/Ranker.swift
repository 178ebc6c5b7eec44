import Simulation

/// Ranking, the second stage: the ranker's own estimate of each candidate's relevance.
///
/// Its score is the true relevance σ plus an error fixed per (user, item) pair — standard
/// deviation `rankerNoise` for items with feedback, `newItemNoise` times that for items without —
/// plus the mechanism's adjustments (per creator, and for new items) and the exploration bonus.
struct Ranker {
    let d: Int
    let spec: ServingSpec
    /// Key of the pair errors (shared by twin arms, so their rankers err alike).
    let noiseKey: UInt64

    /// Fills `list.sigma` and `list.score` for user `j`.
    /// - Parameter treatedCreators: in a shared market's mixed feed, the creators' arms: the
    ///   adjustments then reach only items of creators in arm 1.
    func score(_ list: inout CandidateList, user j: Int, store: ItemStore, users: UserState, adjustments: RankingAdjustments?,
               treatedCreators: [Int8]? = nil) {
        let d = self.d, noise = Float(spec.rankerNoise), newNoise = Float(spec.rankerNoise * spec.newItemNoise)
        let bonus = Float(spec.explorationBonus + (adjustments?.newItem ?? 0))
        let count = list.count
        store.embedding.withUnsafeBufferPointer { e in
            users.taste.withUnsafeBufferPointer { x in
                let xj = x.baseAddress! + j * d
                for c in 0..<count {
                    let item = Int(list.item[c])
                    let sigma = Kernels.relevance(e.baseAddress! + item * d, xj, d)
                    list.sigma[c] = sigma
                    let known = store.hasFeedback[item]
                    var score = sigma
                    let scale = known ? noise : newNoise
                    if scale > 0 { score += scale * Kernels.pairNoise(noiseKey, j, item) }
                    let creator = Int(store.creator[item])
                    let adjusted = treatedCreators.map { $0[creator] == 1 } ?? true
                    if !known { score += adjusted ? bonus : Float(spec.explorationBonus) }
                    if let adjustments, adjusted { score += Float(adjustments.perCreator[creator]) }
                    list.score[c] = score
                }
            }
        }
    }
}
