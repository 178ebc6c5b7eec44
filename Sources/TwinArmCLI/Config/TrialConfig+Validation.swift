import Simulation
import Trial

extension TrialConfig {
    /// Checks every value and builds the trial; `days` overrides the config's duration.
    public func makeSpec(days override: Int? = nil) throws(ConfigError) -> TrialSpec {
        let days = override ?? self.days
        try require(days >= 1, override == nil ? "days" : "--days", days, "an integer ≥ 1")
        try require(replicates >= 1 && replicates <= 1000, "replicates", replicates, "an integer between 1 and 1000")
        let p = population
        try require(p.users >= 1, "population.users", p.users, "an integer ≥ 1")
        try require(p.creators >= 1, "population.creators", p.creators, "an integer ≥ 1")
        try require(p.dimension >= 2, "population.dimension", p.dimension, "an integer ≥ 2")
        try require(p.topics >= 1, "population.topics", p.topics, "an integer ≥ 1")
        try require(p.countries >= 1, "population.countries", p.countries, "an integer ≥ 1")
        try require(p.countryExponent >= 0, "population.countryExponent", p.countryExponent, "a number ≥ 0")
        try require(p.genders >= 1, "population.genders", p.genders, "an integer ≥ 1")
        try require(!p.tierShares.isEmpty && p.tierShares.allSatisfy { $0 >= 0 } && p.tierShares.reduce(0, +) > 0,
                    "population.tierShares", p.tierShares.description, "non-negative shares, not all zero")
        try require(p.tierRequests.count == p.tierShares.count && p.tierRequests.allSatisfy { $0 > 0 },
                    "population.tierRequests", p.tierRequests.description, "one positive mean per tier (\(p.tierShares.count))")
        try require(p.requestSpread >= 0, "population.requestSpread", p.requestSpread, "a number ≥ 0")
        try require(p.tasteNoise >= 0, "population.tasteNoise", p.tasteNoise, "a number ≥ 0")
        try require(p.followersMedian > 0, "population.followersMedian", p.followersMedian, "a number > 0")
        try require(p.followersSpread >= 0, "population.followersSpread", p.followersSpread, "a number ≥ 0")
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

        let f = platform
        try require((0...1).contains(f.coldStartShare), "platform.coldStartShare", f.coldStartShare, "a share in [0, 1]")
        try require(f.beta > 0 && f.beta.isFinite, "platform.beta", f.beta, "a number > 0")
        try require(f.productionPercentile >= 0 && f.productionPercentile < 1, "platform.productionPercentile",
                    f.productionPercentile, "a percentile in [0, 1)")
        try require(f.likeIntercept.isFinite, "platform.likeIntercept", f.likeIntercept, "a finite number")
        try require(f.likeSlope.isFinite, "platform.likeSlope", f.likeSlope, "a finite number")
        try require(f.alpha >= 0, "platform.alpha", f.alpha, "a number ≥ 0")
        try require(f.wMin > 0, "platform.wMin", f.wMin, "a number > 0 and ≤ platform.wMax")
        try require(f.wMin <= f.wMax, "platform.wMax", f.wMax, "a number ≥ platform.wMin (\(f.wMin))")
        try require(f.freshHours > 0, "platform.freshHours", f.freshHours, "a number of hours > 0")

        let c = creators
        try require(c.eta > 0, "creators.eta", c.eta, "a number > 0")
        try require(c.movesPerDay >= 0, "creators.movesPerDay", c.movesPerDay, "an integer ≥ 0")
        if let sample = c.utilitySample { try require(sample >= 1, "creators.utilitySample", sample, "an integer ≥ 1, or all") }
        try require(c.rewardHalfLife > 0, "creators.rewardHalfLife", c.rewardHalfLife, "a number of days > 0")

        return TrialSpec(name: name, population: population, split: split, arms: specs, days: days,
                         platform: platform, creators: creators, replicates: replicates)
    }
}
