extension FollowGraph {
    /// Checks every invariant of the graph; traps on the first that fails. For tests (as
    /// swift-collections' `_checkInvariants()`); O(follows).
    ///
    /// A user follows a creator at most once and only creators of the arm; each creator's count
    /// of followers in the arm is the number of users who follow her; today's pool index covers
    /// `poolCount` items in creator order.
    func _checkInvariants() {
        var counted = [Int](repeating: 0, count: armFollowers.count)
        for (j, list) in followees.enumerated() {
            precondition(Set(list).count == list.count, "user \(j) follows a creator twice")
            for i in list {
                precondition(i >= 0 && Int(i) < armFollowers.count, "user \(j) follows creator \(i), outside the arm's \(armFollowers.count)")
                counted[Int(i)] += 1
            }
        }
        precondition(counted == armFollowers, "a creator's follower count disagrees with who follows her")
        precondition(dayOffset.count == armFollowers.count + 1, "the pool index has \(dayOffset.count) offsets for \(armFollowers.count) creators")
        for i in 0..<armFollowers.count { precondition(dayOffset[i] <= dayOffset[i + 1], "pool index out of order at creator \(i)") }
        precondition(Int(dayOffset.last ?? 0) == poolCount || poolCount == 0, "the pool index covers \(dayOffset.last ?? 0) of \(poolCount) items")
    }
}
