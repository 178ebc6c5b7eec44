import Foundation
import GSL

/// Selection, the last stage: which candidate each of a user's requests shows.
///
/// A request at hour h can show an established item or one of today's items published before h.
/// - `best`: the best-scored candidate the user has not seen today; when every available one has
///   been seen, the request shows nothing (the user has run out of feed and leaves);
/// - `softmax`: the paper's Eq. 1 on true relevance over the available candidates, with replacement.
struct Selection {
    let spec: ServingSpec
    private var ranked: [Int32] = []
    private var seen: [Bool] = []
    private var weight: [Double] = []

    init(spec: ServingSpec) { self.spec = spec }

    mutating func reserve(_ capacity: Int) {
        guard ranked.count < capacity else { return }
        ranked = [Int32](repeating: 0, count: capacity)
        seen = [Bool](repeating: false, count: capacity)
        weight = [Double](repeating: 0, count: capacity)
    }

    /// Writes into `shown[q]` the candidate slot of request q at `hours[q]` (ascending), or −1 when
    /// nothing can be shown yet. Returns how many uniforms it drew from `stream`.
    @discardableResult
    mutating func select(_ list: CandidateList, hours: ArraySlice<Double>, day t: Int, store: ItemStore,
                         stream: UnitStream, shown: inout [Int32]) -> Int {
        let count = list.count, requests = hours.count
        @inline(__always) func available(_ slot: Int, _ h: Double) -> Bool {
            let item = Int(list.item[slot])
            return Int(store.day[item]) < t || Double(store.hour[item]) <= h
        }
        switch spec.selection {
        case .best:
            let prefix = Swift.min(count, requests + 8)
            for s in 0..<count { ranked[s] = Int32(s) }
            list.score.withUnsafeBufferPointer { sc in
                ranked.withUnsafeMutableBufferPointer { o in TopK.selectSorted(prefix, scores: sc, order: o, count: count) }
            }
            // `seen` is all clear between users: the slots shown are cleared once the last is picked.
            defer { for q in 0..<requests where shown[q] >= 0 { seen[Int(shown[q])] = false } }
            for (q, h) in hours.enumerated() {
                var pick = -1
                for p in 0..<prefix {
                    let s = Int(ranked[p])
                    if !seen[s] && available(s, h) { pick = s; break }
                }
                if pick < 0 { pick = bestUnseen(list, h, available) }
                if pick >= 0 { seen[pick] = true }
                shown[q] = Int32(pick)
            }
            return 0
        case .softmax:
            let beta = spec.beta
            var draws = 0
            for (q, h) in hours.enumerated() {
                var top = -Float.infinity
                for s in 0..<count where available(s, h) { top = Swift.max(top, list.sigma[s]) }
                guard top > -.infinity else { shown[q] = -1; continue }
                var total = 0.0
                for s in 0..<count {
                    weight[s] = available(s, h) ? exp(Double(list.sigma[s] - top) / beta) : 0
                    total += weight[s]
                }
                var u = stream.uniform() * total, pick = -1
                draws += 1
                for s in 0..<count where weight[s] > 0 {
                    pick = s
                    u -= weight[s]
                    if u < 0 { break }
                }
                shown[q] = Int32(pick)
            }
            return draws
        }
    }

    private func bestUnseen(_ list: CandidateList, _ h: Double, _ available: (Int, Double) -> Bool) -> Int {
        var pick = -1
        for s in 0..<list.count where !seen[s] && available(s, h) {
            if pick < 0 || list.score[s] > list.score[pick] { pick = s }
        }
        return pick
    }
}
