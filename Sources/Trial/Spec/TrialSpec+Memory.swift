extension TrialSpec {
    /// A generous estimate, in bytes, of the memory a run of this trial needs at its peak: every
    /// arm's units, items, counters and per-unit records, the output tables' text and the
    /// analysis's copy, for all market pairs at once. It lets the CLI refuse a config that cannot
    /// fit before allocating anything.
    public var estimatedPeakBytes: Double {
        // A shared-market design holds the whole platform in one market, with a set of counters per arm.
        let shared = design.isShared
        let d = Double(population.dimension), arms = Double(Swift.max(1, arms.count)), pairs = Double(replicates)
        let m = Double(population.users) * (shared ? 1 : split.userFraction)
        let n = Double(population.creators) * (shared ? 1 : split.creatorFraction)
        let periods = Double((days + 6) / 7 + 1 + (preDays > 0 ? 1 : 0)), days = Double(warmupDays + preDays + self.days)
        let topicWords = Double((population.topics + 63) / 64)
        let users = m * (12 * d + 4 * Double(Swift.max(4 * serving.probeTopics,
            16)) + 120 + 16 * Double(serving.followCandidates)) + periods * m * (16 + 8 * topicWords + 300)
        let creators = n * (32 * d + 200) + periods * n * 250
        let items = days * n * itemsPerDay * (8 * d + 48)
        let groups = Double(population.groupCount) * (days * 16 + 64) + Double(population.topics) * d * 8
        return arms * pairs * (users + creators + items + groups)
    }

    private var itemsPerDay: Double { Swift.max(1, creators.itemsPerDay) }
}
