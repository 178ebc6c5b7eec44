import GSL
import Simulation

/// Ranking, the second stage: the ranker's own estimate of each candidate's relevance.
///
/// Its score is the true relevance σ plus an error fixed per (user, item) pair — standard
/// deviation `rankerNoise` for items with feedback, `newItemNoise` times that for items without —
/// plus the mechanism's adjustments (per creator, per user group and item topic, and for new items) and the
/// exploration bonus.
struct Ranker {
    let d: Int
    let spec: ServingSpec
    /// Key of the pair errors (shared by twin arms, so their rankers err alike).
    let noiseKey: UInt64

    /// Fills `list.sigma` and `list.score` for user `j`.
    /// - Parameter treatedCreators: in a shared market's mixed feed, the creators' arms: the
    ///   adjustments then reach only items of creators in arm 1.
    ///
    /// The loop reads every buffer through a pointer taken once per user: a whole platform ranks
    /// thousands of candidates per user-day, so per-candidate array checks would dominate it.
    func score(_ list: inout CandidateList, user j: Int, store: ItemStore, users: UserState, adjustments: RankingAdjustments?,
               treatedCreators: [Int8]? = nil) {
        let d = self.d, noise = Float(spec.rankerNoise), newNoise = Float(spec.rankerNoise * spec.newItemNoise)
        let exploration = Float(spec.explorationBonus), follow = Float(spec.followBonus)
        let flags = list.followed
        let bonus = Float(spec.explorationBonus + (adjustments?.newItem ?? 0))
        let count = list.count, key = noiseKey
        let perCreator = adjustments?.perCreator ?? []
        let contextTopic = adjustments?.contextTopic ?? [], topics = adjustments?.topics ?? 0
        let contextual = !contextTopic.isEmpty, row = contextual ? users.group[j] * topics : 0
        let adjusting = adjustments != nil, masked = treatedCreators != nil
        let arms = treatedCreators ?? []
        store.embedding.withUnsafeBufferPointer { e in
        users.taste.withUnsafeBufferPointer { x in
        store.hasFeedback.withUnsafeBufferPointer { feedback in
        store.creator.withUnsafeBufferPointer { creators in
        perCreator.withUnsafeBufferPointer { shift in
        contextTopic.withUnsafeBufferPointer { byTopic in
        store.topic.withUnsafeBufferPointer { topic in
        arms.withUnsafeBufferPointer { arm in
        flags.withUnsafeBufferPointer { followed in
        list.withUnsafeBuffers { items, sigmas, scores in
            let xj = x.baseAddress! + j * d, ahead = 24
            for c in 0..<count {
                if c + ahead < count {
                    // The candidates are scattered over the store: ask for a later one's embedding and creator now.
                    let later = Int(items[c + ahead])
                    Prefetch.read(UnsafeRawPointer(e.baseAddress! + later * d), bytes: d * 4)
                    Prefetch.read(UnsafeRawPointer(creators.baseAddress! + later))
                }
                let item = Int(items[c])
                let sigma = Kernels.relevance(e.baseAddress! + item * d, xj, d)
                sigmas[c] = sigma
                let known = feedback[item]
                var score = sigma
                let scale = known ? noise : newNoise
                if scale > 0 { score += scale * Kernels.pairNoise(key, j, item) }
                let creator = Int(creators[item])
                let adjusted = !masked || arm[creator] == 1
                if !known { score += adjusted ? bonus : exploration }
                if followed[c] { score += follow }
                if adjusting && adjusted {
                    score += Float(shift[creator])
                    if contextual { score += Float(byTopic[row + Int(topic[item])]) }
                }
                scores[c] = score
            }
        }
        }
        }
        }
        }
        }
        }
        }
        }
        }
    }
}
