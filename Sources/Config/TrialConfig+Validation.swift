import Simulation
import Trial

extension TrialConfig {
    /// Checks every value and builds the trial; `days` overrides the config's duration.
    public func makeSpec(days override: Int? = nil) throws(ConfigError) -> TrialSpec {
        let days = override ?? self.days
        try require(days >= 1, override == nil ? "days" : "--days", days, "an integer ≥ 1")
        try require(replicates >= 1 && replicates <= 1000, "replicates", replicates, "an integer between 1 and 1000")
        try require(warmupDays >= 0 && warmupDays <= 365, "warmupDays", warmupDays, "an integer between 0 and 365")
        try require(preDays >= 0 && preDays <= 365, "preDays", preDays, "an integer between 0 and 365")
        try require(calibrationTrials == 0 || (calibrationTrials >= 2 && calibrationTrials <= 1000), "calibrationTrials", calibrationTrials,
                    "0 (no calibration) or an integer between 2 and 1000")
        try require(alpha > 0 && alpha < 1, "alpha", alpha, "a significance level strictly between 0 and 1, e.g. 0.05")
        let p = population
        try require(p.users >= 1, "population.users", p.users, "an integer ≥ 1")
        try require(p.creators >= 1, "population.creators", p.creators, "an integer ≥ 1")
        try require(p.dimension >= 2 && p.dimension <= 4096, "population.dimension", p.dimension, "an integer between 2 and 4096")
        try require(p.topics >= 1 && p.topics <= 100_000, "population.topics", p.topics, "an integer between 1 and 100000")
        try require(p.countries >= 1 && p.countries <= 10_000, "population.countries", p.countries, "an integer between 1 and 10000")
        try require(p.countryExponent >= 0 && p.countryExponent.isFinite, "population.countryExponent", p.countryExponent, "a number ≥ 0")
        try require(p.genders >= 1 && p.genders <= 100, "population.genders", p.genders, "an integer between 1 and 100")
        try require(p.tierShares.count <= 100, "population.tierShares", p.tierShares.count, "at most 100 tiers")
        try require(p.groupCount <= 1_000_000, "population.countries", p.countries,
                    "a number whose product with genders and tiers (the groups) is at most 1000000")
        try require(!p.tierShares.isEmpty && p.tierShares.allSatisfy { $0 >= 0 && $0.isFinite } && p.tierShares.reduce(0, +) > 0,
                    "population.tierShares", p.tierShares.description, "non-negative shares, not all zero")
        try require(p.tierRequests.count == p.tierShares.count && p.tierRequests.allSatisfy { $0 > 0 && $0 <= 1000 },
                    "population.tierRequests", p.tierRequests.description, "one mean in (0, 1000] per tier (\(p.tierShares.count))")
        try require(p.requestSpread >= 0 && p.requestSpread <= 5, "population.requestSpread", p.requestSpread, "a number between 0 and 5")
        try require(p.tasteNoise >= 0 && p.tasteNoise.isFinite, "population.tasteNoise", p.tasteNoise, "a number ≥ 0")
        try require(p.followersMedian > 0 && p.followersMedian.isFinite, "population.followersMedian", p.followersMedian, "a finite number > 0")
        try require(p.followersSpread >= 0 && p.followersSpread <= 10, "population.followersSpread", p.followersSpread, "a number between 0 and 10")
        try require(p.popularFollowers >= 0 && p.popularFollowers.isFinite, "population.popularFollowers", p.popularFollowers,
                    "a finite number ≥ 0")
        try require(p.activity > 0 && p.activity < 1, "population.activity", p.activity, "a probability strictly between 0 and 1")
        try require(p.minGroupSize >= 1, "population.minGroupSize", p.minGroupSize, "an integer ≥ 1")

        try require(!arms.isEmpty, "arms", "[]", "at least one arm")
        let s = split
        try require(s.userFraction > 0 && s.userFraction <= 0.5, "split.users", s.userFraction, "a fraction in (0, 0.5]")
        try require(s.creatorFraction > 0 && s.creatorFraction <= 0.5, "split.creators", s.creatorFraction, "a fraction in (0, 0.5]")
        let count = Double(arms.count)
        try require(s.userFraction * count <= 1, "split.users", s.userFraction,
                    "a fraction whose total over the \(arms.count) arms is at most 1")
        try require(s.creatorFraction * count <= 1, "split.creators", s.creatorFraction,
                    "a fraction whose total over the \(arms.count) arms is at most 1")
        var seen = Set<String>()
        var specs = [ArmSpec]()
        for (index, arm) in arms.enumerated() {
            try require(!arm.name.isEmpty, "arms[\(index)].name", "''", "a non-empty name")
            if !seen.insert(arm.name).inserted {
                throw .invalidValue(field: "arms[\(index)].name", value: "'\(arm.name)'", allowed: "a name no other arm has")
            }
            let mechanism = try MechanismFactory.make(name: arm.mechanism, field: "arms[\(index)].mechanism",
                                                      truncation: arm.truncation, temperature: arm.temperature,
                                                      path: "arms[\(index)]", defaultTruncation: "percentile")
            specs.append(ArmSpec(name: arm.name, mechanism: mechanism))
        }

        let v = serving
        try require(v.productionPercentile >= 0 && v.productionPercentile < 1, "serving.productionPercentile",
                    v.productionPercentile, "a percentile in [0, 1)")
        try require(v.retrievalNoise >= 0 && v.retrievalNoise.isFinite, "serving.retrievalNoise", v.retrievalNoise, "a number ≥ 0")
        try require(v.establishedCandidates >= 0 && v.establishedCandidates <= 10_000, "serving.establishedCandidates",
                    v.establishedCandidates, "an integer between 0 and 10000")
        try require(v.catalogueDays >= 1 && v.catalogueDays <= 365, "serving.catalogueDays", v.catalogueDays, "an integer between 1 and 365")
        try require(v.probeTopics >= 1, "serving.probeTopics", v.probeTopics, "an integer ≥ 1")
        try require(v.rankerNoise >= 0 && v.rankerNoise.isFinite, "serving.rankerNoise", v.rankerNoise, "a number ≥ 0 (0: a perfect ranker)")
        try require(v.newItemNoise >= 0 && v.newItemNoise.isFinite, "serving.newItemNoise", v.newItemNoise, "a factor ≥ 0")
        try require(v.explorationBonus.isFinite, "serving.explorationBonus", v.explorationBonus, "a finite number")
        try require(v.beta > 0 && v.beta.isFinite, "serving.beta", v.beta, "a number > 0")

        let f = platform
        try require(f.likeIntercept.isFinite, "platform.likeIntercept", f.likeIntercept, "a finite number")
        try require(f.likeSlope.isFinite, "platform.likeSlope", f.likeSlope, "a finite number")
        try require(f.alpha >= 0 && f.alpha.isFinite, "platform.alpha", f.alpha, "a number ≥ 0")
        try require(f.wMin > 0 && f.wMin.isFinite, "platform.wMin", f.wMin, "a number > 0 and ≤ platform.wMax")
        try require(f.wMin <= f.wMax && f.wMax.isFinite, "platform.wMax", f.wMax, "a number ≥ platform.wMin (\(f.wMin))")
        try require(f.signalPrior >= 0 && f.signalPrior.isFinite, "platform.signalPrior", f.signalPrior, "a number of impressions ≥ 0")
        try require(f.freshHours > 0 && f.freshHours.isFinite, "platform.freshHours", f.freshHours, "a number of hours > 0")

        let c = creators
        try require(c.itemsPerDay >= 1 && c.itemsPerDay <= 100, "creators.itemsPerDay", c.itemsPerDay, "a number between 1 and 100")
        try require(c.contentNoise >= 0 && c.contentNoise.isFinite, "creators.contentNoise", c.contentNoise, "a number ≥ 0")
        try require(c.pace >= 0 && c.pace.isFinite, "creators.pace", c.pace, "a number ≥ 0")
        try require(c.eta > 0 && c.eta.isFinite, "creators.eta", c.eta, "a number > 0")
        try require(c.movesPerDay >= 0, "creators.movesPerDay", c.movesPerDay, "an integer ≥ 0")
        if case .users(let sample) = c.utilitySample { try require(sample >= 1, "creators.utilitySample", sample, "an integer ≥ 1, or all") }
        try require(c.rewardResponse.isFinite, "creators.rewardResponse", c.rewardResponse, "a finite number")
        try require(c.rewardHalfLife > 0 && c.rewardHalfLife.isFinite, "creators.rewardHalfLife", c.rewardHalfLife, "a number of days > 0")
        try require(c.referenceHalfLife > 0 && c.referenceHalfLife.isFinite, "creators.referenceHalfLife", c.referenceHalfLife,
                    "a number of days > 0")
        try require(c.followPerLike >= 0 && c.followPerLike.isFinite, "creators.followPerLike", c.followPerLike, "a number ≥ 0")

        let u = users
        try require(u.satisfactionResponse.isFinite, "users.satisfactionResponse", u.satisfactionResponse, "a finite number (0: fixed activity)")
        try require(u.satisfactionHalfLife > 0 && u.satisfactionHalfLife.isFinite, "users.satisfactionHalfLife", u.satisfactionHalfLife,
                    "a number of days > 0")
        try require(u.referenceHalfLife > 0 && u.referenceHalfLife.isFinite, "users.referenceHalfLife", u.referenceHalfLife,
                    "a number of days > 0")
        try require(u.priorImpressions >= 0 && u.priorImpressions.isFinite, "users.priorImpressions", u.priorImpressions, "a number ≥ 0")

        // Every arm must be able to hold creators and users: expect at least ten of each.
        for (field, total, fraction) in [("population.users", Double(p.users), s.userFraction),
                                         ("population.creators", Double(p.creators), s.creatorFraction)] {
            try require(total * fraction >= 10, field, Int(total),
                        "a population whose share per arm (× \(fraction)) is at least 10 units; it gives \(String(format: "%.1f", total * fraction))")
        }
        var spec = TrialSpec(name: name, population: population, split: split, arms: specs, days: days, replicates: replicates)
        spec.design = design
        spec.warmupDays = warmupDays
        spec.preDays = preDays
        spec.serving = serving
        spec.platform = platform
        spec.creators = creators
        spec.users = users
        try MemoryBudget.check(spec.estimatedPeakBytes, field: p.users * 10 >= p.creators ? "population.users" : "population.creators",
                               value: p.users * 10 >= p.creators ? p.users : p.creators)
        return spec
    }
}
