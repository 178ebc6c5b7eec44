import Simulation
import Trial

extension TrialConfig {
    /// Checks every value and builds the trial; `days` overrides the config's duration.
    public func makeSpec(days override: Int? = nil) throws(ConfigError) -> TrialSpec {
        let days = override ?? self.days
        try require(days >= 1 && days <= 3650, override == nil ? "days" : "--days", days, "an integer between 1 and 3650")
        try check(\.replicates, "an integer between 1 and 1000") { $0 >= 1 && $0 <= 1000 }
        try check(\.warmupDays, "an integer between 0 and 365") { $0 >= 0 && $0 <= 365 }
        try check(\.preDays, "an integer between 0 and 365") { $0 >= 0 && $0 <= 365 }
        try check(\.calibrationTrials, "0 (no calibration) or an integer between 2 and 1000") { $0 == 0 || ($0 >= 2 && $0 <= 1000) }
        try check(\.alpha, "a significance level between 1e-6 and 0.5, e.g. 0.05") { $0 >= 1e-6 && $0 <= 0.5 }
        let p = population
        try check(\.population.users, "an integer between 1 and 1000000000") { $0 >= 1 && $0 <= 1_000_000_000 }
        try check(\.population.creators, "an integer between 1 and 1000000000") { $0 >= 1 && $0 <= 1_000_000_000 }
        try check(\.population.dimension, "an integer between 2 and 4096") { $0 >= 2 && $0 <= 4096 }
        try check(\.population.topics, "an integer between 1 and 100000") { $0 >= 1 && $0 <= 100_000 }
        try check(\.population.countries, "an integer between 1 and 10000") { $0 >= 1 && $0 <= 10_000 }
        try check(\.population.countryExponent, "a number between 0 and 100") { $0 >= 0 && $0 <= 100 }
        try check(\.population.genders, "an integer between 1 and 100") { $0 >= 1 && $0 <= 100 }
        try check(\.population.tierShares, "at most 100 tiers", shown: p.tierShares.count) { _ in p.tierShares.count <= 100 }
        try check(\.population.countries, "a number whose product with genders and tiers (the groups) is at most 1000000") { _ in p.groupCount <= 1_000_000 }
        try check(\.population.tierShares, "non-negative shares, not all zero", shown: p.tierShares.description) { _ in !p.tierShares.isEmpty && p.tierShares.allSatisfy { $0 >= 0 && $0.isFinite } && p.tierShares.reduce(0, +) > 0 }
        try check(\.population.tierRequests, "one mean in (0, 1000] per tier (\(p.tierShares.count))", shown: p.tierRequests.description) { _ in p.tierRequests.count == p.tierShares.count && p.tierRequests.allSatisfy { $0 > 0 && $0 <= 1000 } }
        try check(\.population.requestSpread, "a number between 0 and 5") { $0 >= 0 && $0 <= 5 }
        try check(\.population.tasteNoise, "a number between 0 and 100") { $0 >= 0 && $0 <= 100 }
        try check(\.population.followersMedian, "a number > 0 and at most 1e9") { $0 > 0 && $0 <= 1e9 }
        try check(\.population.followersSpread, "a number between 0 and 10") { $0 >= 0 && $0 <= 10 }
        try check(\.population.popularFollowers, "a number between 0 and 1e12") { $0 >= 0 && $0 <= 1e12 }
        var tastes: TasteEmbeddings?
        if !p.embeddings.isEmpty {
            let read = try EmbeddingsFile.read(p.embeddings)
            try check(\.population.dimension, "the embeddings file's dimension (\(read.dimension)) when population.embeddings is set") { $0 == read.dimension }
            tastes = read
        }
        try check(\.population.activity, "a probability strictly between 0 and 1") { $0 > 0 && $0 < 1 }
        try check(\.population.minGroupSize, "an integer ≥ 1") { $0 >= 1 }

        try check(\.arms, "at least one arm", shown: "[]") { _ in !arms.isEmpty }
        let s = split
        if design == .twin {
            // A twin holds the same units in every arm: up to the whole platform (the GTE).
            try check(\.split.userFraction, "a fraction in (0, 1] (a twin's arms share their units)") { $0 > 0 && $0 <= 1 }
            try check(\.split.creatorFraction, "a fraction in (0, 1] (a twin's arms share their units)") { $0 > 0 && $0 <= 1 }
        } else {
            try check(\.split.userFraction, "a fraction in (0, 0.5]") { $0 > 0 && $0 <= 0.5 }
            try check(\.split.creatorFraction, "a fraction in (0, 0.5]") { $0 > 0 && $0 <= 0.5 }
            let count = Double(arms.count)
            try check(\.split.userFraction, "a fraction whose total over the \(arms.count) arms is at most 1") { $0 * count <= 1 }
            try check(\.split.creatorFraction, "a fraction whose total over the \(arms.count) arms is at most 1") { $0 * count <= 1 }
        }
        if design.isShared {
            try require(arms.count == 2, "arms", arms.count, "two arms (control first) for the \(design.rawValue) design: one shared market serves both")
            try require(creators.adaptation != .lbr, "creators.adaptation", "lbr",
                        "feedback for the \(design.rawValue) design (lbr best-responds to one arm's reward rule)")
        }
        var seen = Set<String>()
        var specs = [ArmSpec]()
        for (index, arm) in arms.enumerated() {
            try require(!arm.name.isEmpty, "arms[\(index)].name", "''", "a non-empty name")
            // Names are written unquoted into the CSV tables: no separator, quote or line break.
            try require(!arm.name.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline || $0.unicodeScalars.contains { $0.properties.generalCategory == .control } })
                        && arm.name.count <= 64, "arms[\(index)].name", "'\(arm.name.debugDescription.dropFirst().dropLast())'",
                        "a name of at most 64 characters without commas, quotes, line breaks or control characters")
            if !seen.insert(arm.name).inserted {
                throw .invalidValue(field: "arms[\(index)].name", value: "'\(arm.name)'", allowed: "a name no other arm has")
            }
            let mechanism = try MechanismFactory.make(name: arm.mechanism, field: "arms[\(index)].mechanism",
                                                      truncation: arm.truncation, temperature: arm.temperature,
                                                      path: "arms[\(index)]", defaultTruncation: "percentile")
            if let exposure = arm.exposure {
                let field = "arms[\(index)].exposure"
                guard mechanism is ProviderExposure else {
                    throw .invalidValue(field: field, value: "a block", allowed: "only with mechanism: exposure")
                }
                guard let target = ProviderExposure.Target(rawValue: exposure.target) else {
                    throw .invalidValue(field: "\(field).target", value: "'\(exposure.target)'",
                                        allowed: ProviderExposure.Target.allCases.map(\.rawValue).joined(separator: ", "))
                }
                let shares: ClosedRange<Double> = target == .nonPopular ? 0.001...1 : 0.001...10
                try require(shares.contains(exposure.share), "\(field).share", "\(exposure.share)",
                            target == .nonPopular ? "a share of impressions between 0.001 and 1" : "a multiple of the fair share between 0.001 and 10")
                try require(exposure.step > 0 && exposure.step <= 10, "\(field).step", "\(exposure.step)", "a step between 0 (exclusive) and 10")
                try require(exposure.ceiling > 0 && exposure.ceiling <= 100, "\(field).ceiling", "\(exposure.ceiling)",
                            "a score bonus between 0 (exclusive) and 100")
                specs.append(ArmSpec(name: arm.name, mechanism: ProviderExposure(target: target, share: exposure.share,
                                                                               step: exposure.step, ceiling: exposure.ceiling)))
                continue
            }
            if let bandit = arm.bandit {
                let field = "arms[\(index)].bandit"
                guard mechanism is ContextualBandit else {
                    throw .invalidValue(field: field, value: "a block", allowed: "only with mechanism: bandit")
                }
                for (name, value) in [("userWeight", bandit.userWeight), ("creatorWeight", bandit.creatorWeight), ("platformWeight", bandit.platformWeight)] {
                    try require(value >= 0 && value <= 100, "\(field).\(name)", "\(value)", "a weight between 0 and 100")
                }
                try require(bandit.exploration >= 0 && bandit.exploration <= 10, "\(field).exploration", "\(bandit.exploration)",
                            "LinUCB's alpha between 0 and 10")
                try require(bandit.ridge > 0 && bandit.ridge <= 1e6, "\(field).ridge", "\(bandit.ridge)", "a ridge between 0 (exclusive) and 1000000")
                let weights = LinearBandit.Stakeholders(user: bandit.userWeight, creator: bandit.creatorWeight, platform: bandit.platformWeight)
                specs.append(ArmSpec(name: arm.name, mechanism: ContextualBandit(weights: weights, exploration: bandit.exploration, ridge: bandit.ridge)))
                continue
            }
            specs.append(ArmSpec(name: arm.name, mechanism: mechanism))
        }

        let v = serving
        try check(\.serving.productionPercentile, "a percentile in [0, 1)") { $0 >= 0 && $0 < 1 }
        try check(\.serving.retrievalNoise, "a number between 0 and 100") { $0 >= 0 && $0 <= 100 }
        try check(\.serving.establishedCandidates, "an integer between 0 and 10000") { $0 >= 0 && $0 <= 10_000 }
        try check(\.serving.catalogueDays, "an integer between 1 and 365") { $0 >= 1 && $0 <= 365 }
        try check(\.serving.followCandidates, "an integer between 0 and 10000") { $0 >= 0 && $0 <= 10_000 }
        try check(\.serving.followReach, "a probability between 0 and 1") { $0 >= 0 && $0 <= 1 }
        try check(\.serving.probeTopics, "an integer between 1 and 100000") { $0 >= 1 && $0 <= 100_000 }
        try check(\.serving.coldStartProbes, "an integer between 1 and 100000") { $0 >= 1 && $0 <= 100_000 }
        try check(\.serving.rankerNoise, "a number between 0 and 100 (0: a perfect ranker)") { $0 >= 0 && $0 <= 100 }
        try check(\.serving.newItemNoise, "a factor between 0 and 1000") { $0 >= 0 && $0 <= 1000 }
        try check(\.serving.explorationBonus, "a number between −100 and 100") { abs($0) <= 100 }
        try check(\.serving.beta, "a number > 0 and at most 1e6") { $0 > 0 && $0 <= 1e6 }

        let f = platform
        try check(\.platform.likeIntercept, "a number between −100 and 100") { abs($0) <= 100 }
        try check(\.platform.likeSlope, "a number between −100 and 100") { abs($0) <= 100 }
        try check(\.platform.alpha, "a step size between 0 and 100") { $0 >= 0 && $0 <= 100 }
        try check(\.platform.wMin, "a number > 0 and ≤ platform.wMax") { $0 > 0 && $0 <= 1e6 }
        try check(\.platform.wMax, "a number ≥ platform.wMin (\(f.wMin)) and at most 1e6") { f.wMin <= $0 && $0 <= 1e6 }
        try check(\.platform.signalPrior, "a number of impressions between 0 and 1e12") { $0 >= 0 && $0 <= 1e12 }
        try check(\.platform.freshHours, "a number of hours > 0 and at most 8760") { $0 > 0 && $0 <= 8760 }

        let c = creators
        try check(\.creators.itemsPerDay, "a number between 1 and 100") { $0 >= 1 && $0 <= 100 }
        try check(\.creators.contentNoise, "a number between 0 and 100") { $0 >= 0 && $0 <= 100 }
        try check(\.creators.pace, "a number between 0 and 100") { $0 >= 0 && $0 <= 100 }
        try check(\.creators.eta, "a number > 0 and at most 100") { $0 > 0 && $0 <= 100 }
        try check(\.creators.movesPerDay, "an integer between 0 and 1000") { $0 >= 0 && $0 <= 1000 }
        if case .users(let sample) = c.utilitySample { try check(\.creators.utilitySample, "an integer ≥ 1, or all", shown: sample) { _ in sample >= 1 } }
        try check(\.creators.rewardResponse, "a number between −100 and 100") { abs($0) <= 100 }
        try check(\.creators.rewardHalfLife, "a number of days > 0 and at most 1e6") { $0 > 0 && $0 <= 1e6 }
        try check(\.creators.referenceHalfLife, "a number of days > 0 and at most 1e6") { $0 > 0 && $0 <= 1e6 }
        try check(\.creators.followPerLike, "a probability between 0 and 1") { $0 >= 0 && $0 <= 1 }
        try check(\.creators.likeReward, "a number between 0 and 100") { $0 >= 0 && $0 <= 100 }
        try check(\.creators.impressionReward, "a number between 0 and 100") { $0 >= 0 && $0 <= 100 }
        try check(\.creators.followReward, "a number between 0 and 100") { $0 >= 0 && $0 <= 100 }

        let u = users
        try check(\.users.satisfactionResponse, "a number between −100 and 100 (0: fixed activity)") { abs($0) <= 100 }
        try check(\.users.satisfactionHalfLife, "a number of days > 0 and at most 1e6") { $0 > 0 && $0 <= 1e6 }
        try check(\.users.referenceHalfLife, "a number of days > 0 and at most 1e6") { $0 > 0 && $0 <= 1e6 }
        try check(\.users.priorImpressions, "a number between 0 and 1e9") { $0 >= 0 && $0 <= 1e9 }

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
        // Blame the duration when a one-day trial of the same population would fit.
        var oneDay = spec
        oneDay.days = 1
        if !MemoryBudget.fits(oneDay.estimatedPeakBytes) {
            try MemoryBudget.check(spec.estimatedPeakBytes, field: p.users * 10 >= p.creators ? "population.users" : "population.creators",
                                   value: p.users * 10 >= p.creators ? p.users : p.creators)
        }
        try MemoryBudget.check(spec.estimatedPeakBytes, field: override == nil ? "days" : "--days", value: days)
        spec.tastes = tastes
        return spec
    }
}
