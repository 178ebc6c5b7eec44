extension ArmMarket {
    /// Checks the market's invariants and its stages' (items, follows); traps on the first that
    /// fails. For tests, after any day (as swift-collections' `_checkInvariants()`).
    ///
    /// Users and creators are the population's; every item's creator is one of the market's;
    /// each recorded arm has its platform, policy slot and counters; the follow graph covers the
    /// market's creators; the days closed are the days run.
    func _checkInvariants() {
        store._checkInvariants()
        follows._checkInvariants()
        precondition(users.count == population.userCount, "users: \(users.count) of the population's \(population.userCount)")
        precondition(follows.followees.count == population.userCount && follows.armFollowers.count == population.creatorCount,
                     "the follow graph covers \(follows.followees.count) users and \(follows.armFollowers.count) creators")
        for item in 0..<store.count { precondition(Int(store.creator[item]) < population.creatorCount, "item \(item) has creator \(store.creator[item])") }
        let arms = mechanisms.count
        precondition(arms >= 1 && platforms.count == arms && rankingPolicies.count == arms && counters.count == arms,
                     "recorded arms: \(arms) mechanisms, \(platforms.count) platforms, \(rankingPolicies.count) policies, \(counters.count) counters")
        precondition((assignment == nil) == (arms == 1), "a shared market records two arms and has an assignment; a market of its own one")
        precondition(elapsed == store.dayCount, "\(elapsed) days run, \(store.dayCount) closed in the item store")
    }
}
