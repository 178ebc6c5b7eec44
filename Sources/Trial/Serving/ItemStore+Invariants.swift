extension ItemStore {
    /// Checks every invariant of the store; traps on the first that fails. For tests, after any
    /// day (as swift-collections' `_checkInvariants()`); O(items · d).
    ///
    /// Every per-item column has one entry per item, the embeddings `d` each; days are closed in
    /// order and each day's items carry that day; creators and topics are non-negative; an item
    /// known to the ranker has had an impression; embeddings are finite.
    func _checkInvariants() {
        let n = count
        precondition(embedding.count == n * d && retrieval.count == n * d, "embeddings: \(embedding.count), \(retrieval.count) for \(n) items × \(d)")
        for (name, size) in [("day", day.count), ("hour", hour.count), ("topic", topic.count), ("impressions", impressions.count),
                             ("hasFeedback", hasFeedback.count), ("rewardToday", rewardToday.count)] {
            precondition(size == n, "\(name) has \(size) entries for \(n) items")
        }
        precondition(dayStart.first == 0, "dayStart begins at \(dayStart.first ?? -1)")
        for t in 0..<(dayStart.count - 1) {
            precondition(dayStart[t] <= dayStart[t + 1], "days \(t) and \(t + 1) out of order")
            for item in dayStart[t]..<dayStart[t + 1] { precondition(Int(day[item]) == t, "item \(item) of day \(t) says day \(day[item])") }
        }
        precondition((dayStart.last ?? 0) <= n, "closed days hold \(dayStart.last ?? 0) of \(n) items")
        for item in 0..<n {
            precondition(creator[item] >= 0 && topic[item] >= 0, "item \(item): creator \(creator[item]), topic \(topic[item])")
            precondition(hour[item] >= 0 && hour[item] < 24, "item \(item): hour \(hour[item])")
            precondition(impressions[item] >= 0 && (!hasFeedback[item] || impressions[item] > 0), "item \(item): feedback without an impression")
        }
        precondition(embedding.allSatisfy(\.isFinite) && retrieval.allSatisfy(\.isFinite), "a non-finite embedding")
    }
}
