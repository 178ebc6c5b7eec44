import Analysis
import Simulation
import Trial

extension TrialConfig {
    /// Checks every value and builds the trial; `days` overrides the config's duration.
    public func makeSpec(days override: Int? = nil) throws(ConfigError) -> TrialSpec {
        let days = override ?? self.days
        // Every range is the parameter registry's; what follows are the rules between values.
        try Self.parameters.checkRanges(self, except: override == nil ? [] : ["days"])
        if override != nil, let range = Self.parameters["days"]?.range, !range.contains(Double(days)) {
            throw .invalidValue(field: "--days", value: "\(days)", allowed: range.text)
        }
        try check(\.calibrationTrials, "0 (no calibration) or an integer between 2 and 1000") { $0 != 1 }
        try checkAnalysis(days: days)
        let p = population
        try check(\.population.tierShares, "at most 100 tiers", shown: p.tierShares.count) { _ in p.tierShares.count <= 100 }
        try check(\.population.countries, "a number whose product with genders and tiers (the groups) is at most 1000000") { _ in p.groupCount <= 1_000_000 }
        try check(\.population.tierShares, "non-negative shares, not all zero",
            shown: p.tierShares.description) { _ in !p.tierShares.isEmpty && p.tierShares.reduce(0, +) > 0 }
        try check(\.population.tierRequests, "one mean in (0, 1000] per tier (\(p.tierShares.count))",
            shown: p.tierRequests.description) { _ in p.tierRequests.count == p.tierShares.count }
        var tastes: TasteEmbeddings?
        if !p.embeddings.isEmpty {
            let read = try EmbeddingsFile.read(p.embeddings)
            try check(\.population.dimension, "the embeddings file's dimension (\(read.dimension)) when population.embeddings is set") { $0 == read.dimension }
            tastes = read
        }

        try check(\.arms, "at least one arm", shown: "[]") { _ in !arms.isEmpty }
        let s = split
        // A twin holds the same units in every arm: up to the whole platform (the GTE), the registry's range.
        if design != .twin {
            let arm = SplitSpec.armFractions
            try check(\.split.userFraction, arm.text) { arm.contains($0) }
            try check(\.split.creatorFraction, arm.text) { arm.contains($0) }
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
            let unsafe = arm.name.contains {
                $0 == "," || $0 == "\"" || $0.isNewline || $0.unicodeScalars.contains { $0.properties.generalCategory == .control }
            }
            try require(!unsafe
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
                try require(target != .nonPopular || exposure.share <= 1, "\(field).share", "\(exposure.share)",
                            "a share of impressions between 0.001 and 1 (target nonPopular)")
                specs.append(ArmSpec(name: arm.name, mechanism: ProviderExposure(target: target, share: exposure.share,
                                                                               step: exposure.step, ceiling: exposure.ceiling)))
                continue
            }
            if let bandit = arm.bandit {
                let field = "arms[\(index)].bandit"
                guard mechanism is ContextualBandit else {
                    throw .invalidValue(field: field, value: "a block", allowed: "only with mechanism: bandit")
                }
                let weights = LinearBandit.Stakeholders(user: bandit.userWeight, creator: bandit.creatorWeight, platform: bandit.platformWeight)
                specs.append(ArmSpec(name: arm.name, mechanism: ContextualBandit(weights: weights, exploration: bandit.exploration, ridge: bandit.ridge)))
                continue
            }
            specs.append(ArmSpec(name: arm.name, mechanism: mechanism))
        }

        try check(\.platform.wMin, "a number > 0 and ≤ platform.wMax (\(platform.wMax))") { $0 <= platform.wMax }
        if case .users(let sample) = creators.utilitySample { try check(\.creators.utilitySample, "an integer ≥ 1, or all",
            shown: sample) { _ in sample >= 1 } }

        // Every arm must be able to hold creators and users: expect at least ten of each.
        for (field, total, fraction) in [("population.users", Double(p.users), s.userFraction),
                                         ("population.creators", Double(p.creators), s.creatorFraction)] {
            try require(total * fraction >= 10, field, Int(total),
                        "a population whose share per arm (× \(fraction)) is at least 10 units; it gives \(String(format: "%.3g", total * fraction))")
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

extension TrialConfig {
    /// The looks' days and the margins: each margin on a headline metric, on its side of 0.
    package func checkAnalysis(days: Int) throws(ConfigError) {
        if case let .days(list) = sequential.looks {
            for day in list where day < 1 || day > days {
                throw .invalidValue(field: "sequential.looks", value: "\(day)", allowed: "days between 1 and the trial's \(days)")
            }
            if list.isEmpty { throw .invalidValue(field: "sequential.looks", value: "[]", allowed: "daily, or a list of at least one day") }
        }
        let headline = Set(AnalysisReport.headline.map(\.metric))
        for (key, margins, worse) in [("guardrails", guardrails, true), ("superiority", superiority, false)] {
            for metric in margins.metrics {
                let m = margins.values[metric]!, field = "\(key).\(metric.rawValue)"
                guard headline.contains(metric) else {
                    throw .invalidValue(field: field, value: "\(m)",
                                        allowed: "a margin on a headline metric: "
                                            + MetricID.allCases.filter(headline.contains).map(\.rawValue).joined(separator: ", "))
                }
                // A fall is worse where higher is better: a guardrail margin lies on the worse side of 0, a superiority margin on the better.
                let negative = metric.higherIsBetter == worse
                let ok = m.isFinite && (negative ? (m > -1 && m <= 0) : (m >= 0 && m < 10))
                guard ok else {
                    throw .invalidValue(field: field, value: "\(m)", allowed: negative
                        ? "a relative margin in (-1, 0], e.g. -0.005 (a fall of 0.5 %)" : "a relative margin in [0, 10), e.g. 0.02 (a rise of 2 %)")
                }
            }
        }
    }
}
