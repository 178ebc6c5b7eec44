import Analysis
import Simulation
import Trial

extension TrialConfig {
    /// Every parameter of a trial config, declared once (key, meaning, range); validation,
    /// calibration, sweeps and the README's reference read it.
    public static let parameters = ParameterRegistry<TrialConfig>(trialParameters + armParameters)

    private static let trialParameters: [Parameter<TrialConfig>] = [
        .text("name", \.name, "the trial's name: report titles and the default output folder"),
        .seed("seed", \.seed, "the random seed: world, population, markets and every draw"),
        .choice("design", \.design, "symmetric (disjoint arm markets), twin (the same units in every arm), or a shared-market design"),
        .integer("days", \.days, .closed(1, 3650), "trial days (after warm-up and pre-period)"),
        .integer("warmupDays", \.warmupDays, .closed(0, 365), "days every market runs production before the pre-period"),
        .integer("preDays", \.preDays, .closed(0, 365), "pre-period days (CUPED's covariates), production in every arm"),
        .integer("replicates", \.replicates, .closed(1, 1000), "independent market pairs (≥ 2 for the market-level test)"),
        .integer("calibrationTrials", \.calibrationTrials, .closed(0, 1000, note: "0: no calibration; otherwise at least 2"),
                 "simulated A/A trials that calibrate a single pair's report"),
        .number("alpha", \.alpha, .closed(1e-6, 0.5, "a significance level", note: "e.g. 0.05"), "the significance level of every test, interval and count"),
        Parameter(key: "adjustment",
                  meaning: "the pre-period adjustment: cuped (own pre-period value) or regression (every pre-period count and the units' attributes)",
                  kind: .choice(CovariateAdjustment.allCases.map(\.rawValue)), range: nil,
                  read: { root, _ in root.adjustment.rawValue }, numbers: nil,
                  write: { root, _, value in if case let .text(name) = value, let a = CovariateAdjustment(rawValue: name) { root.adjustment = a } }),
        Parameter(key: "sequential.method", meaning: "how the daily looks spend α",
                  kind: .choice(SequentialMethod.allCases.map(\.rawValue)), range: nil,
                  read: { root, _ in root.sequential.method.rawValue }, numbers: nil,
                  write: { root, _, value in if case let .text(name) = value, let m = SequentialMethod(rawValue: name) { root.sequential.method = m } }),
        Parameter(key: "sequential.looks", meaning: "the days looked at", kind: .other("daily, or a list of days ≥ 1"), range: nil,
                  read: { root, _ in
                      if case let .days(list) = root.sequential.looks { return "[" + list.map(String.init).joined(separator: ", ") + "]" }
                      return "daily"
                  }, numbers: nil, write: { root, _, value throws(ConfigError) in
                      guard case .text("daily") = value else {
                          throw .invalidValue(field: "sequential.looks", value: "'\(value)'", allowed: "daily (a list of days is set in the file)")
                      }
                      root.sequential.looks = .daily
                  }),
        Parameter(key: "sequential.information", meaning: "an α-spending method's information fraction: the look's day over the last, or the variances",
                  kind: .choice(InformationTime.allCases.map(\.rawValue)), range: nil,
                  read: { root, _ in root.sequential.information.rawValue }, numbers: nil,
                  write: { root, _, value in
                      if case let .text(name) = value, let i = InformationTime(rawValue: name) { root.sequential.information = i }
                  }),
        Parameter(key: "guardrails", meaning: "non-inferiority margins per metric, relative (e.g. ltr: -0.005)",
                  kind: .other("a mapping of headline metrics to relative margins on the worse side"), range: nil,
                  read: { root, _ in MetricMargins.text(root.guardrails) }, numbers: nil, write: nil),
        Parameter(key: "superiority", meaning: "superiority margins per metric, relative (e.g. coldStartImpressions: 0.1)",
                  kind: .other("a mapping of headline metrics to relative margins on the better side"), range: nil,
                  read: { root, _ in MetricMargins.text(root.superiority) }, numbers: nil, write: nil),

        .integer("population.users", \.population.users, .closed(1, 1e9), "users on the platform"),
        .integer("population.creators", \.population.creators, .closed(1, 1e9), "creators on the platform"),
        .integer("population.dimension", \.population.dimension, .closed(2, 4096), "dimension of tastes and content"),
        .integer("population.topics", \.population.topics, .closed(1, 100_000), "content topics (centroids)"),
        .integer("population.countries", \.population.countries, .closed(1, 10_000), "countries (Zipf-distributed sizes)"),
        .number("population.countryExponent", \.population.countryExponent, .closed(0, 100), "the Zipf exponent of country sizes"),
        .integer("population.genders", \.population.genders, .closed(1, 100), "genders"),
        .numbers("population.tierShares", \.population.tierShares, .closed(0, 1e12, "a non-negative share"), "shares of users per activity tier"),
        .numbers("population.tierRequests", \.population.tierRequests, .aboveUpTo(0, 1000, "a mean number of requests"), "mean daily requests per tier"),
        .number("population.requestSpread", \.population.requestSpread, .closed(0, 5), "log-normal spread of a user's requests around the tier's mean"),
        .number("population.tasteNoise", \.population.tasteNoise, .closed(0, 100), "spread of a user's taste around the group's"),
        .number("population.followersMedian", \.population.followersMedian, .aboveUpTo(0, 1e9), "median followers of a creator"),
        .number("population.followersSpread", \.population.followersSpread, .closed(0, 10), "log-normal spread of followers"),
        .number("population.popularFollowers", \.population.popularFollowers, .closed(0, 1e12), "followers from which a creator counts as popular"),
        .number("population.activity", \.population.activity, .open(0, 1, "a probability"), "a creator's chance to be active on a day at the start"),
        .integer("population.minGroupSize", \.population.minGroupSize, .closed(1, 1e9), "users a group needs in an arm to be re-weighted"),
        Parameter(key: "population.worldSeed", meaning: "the seed of the platform's fixed structure (topics, tastes), apart from the trial's",
                  kind: .other("a whole number, or trial (the trial's seed)"), range: nil,
                  read: { root, _ in root.population.worldSeed.description }, numbers: nil,
                  write: { root, _, value throws(ConfigError) in
                      switch value {
                      case let .seed(x): root.population.worldSeed = .fixed(x)
                      case let .integer(x) where x >= 0: root.population.worldSeed = .fixed(UInt64(x))
                      case let .number(x) where x >= 0 && x == x.rounded() && x < 1e15: root.population.worldSeed = .fixed(UInt64(x))
                      case .text("trial"): root.population.worldSeed = .trial
                      default: throw .invalidValue(field: "population.worldSeed", value: "'\(value)'", allowed: "a whole number, or trial")
                      }
                  }),
        .text("population.embeddings", \.population.embeddings, "a file of user and item vectors (`twinarm ratings --embeddings`) to draw tastes from"),

        .number("split.creators", \.split.creatorFraction, .aboveUpTo(0, 1, "a fraction", note: "at most 0.5 unless the design is twin"),
                "the fraction of creators per arm"),
        .number("split.users", \.split.userFraction, .aboveUpTo(0, 1, "a fraction", note: "at most 0.5 unless the design is twin"),
                "the fraction of users per arm"),

        .number("serving.productionPercentile", \.serving.productionPercentile, .fromBelow(0, 1, "a percentile"),
                "production's cold-start K as a percentile of the pool"),
        .integer("serving.coldStartDays", \.serving.coldStartDays, .closed(1, 365), "days an item can stay cold-start"),
        .integer("serving.coldStartImpressions", \.serving.coldStartImpressions, .closed(1, 100_000_000),
                 "impressions at which an item leaves cold-start"),
        .number("serving.retrievalNoise", \.serving.retrievalNoise, .closed(0, 100), "noise of retrieval scores"),
        .integer("serving.establishedCandidates", \.serving.establishedCandidates, .closed(0, 10_000), "established candidates per request"),
        .integer("serving.catalogueDays", \.serving.catalogueDays, .closed(1, 365), "days an item stays in the established catalogue"),
        .integer("serving.followCandidates", \.serving.followCandidates, .closed(0, 10_000), "candidates from followed creators per request"),
        .number("serving.followReach", \.serving.followReach, .closed(0, 1, "a probability"), "a follower's chance to get a followed creator's new item"),
        .number("serving.followBonus", \.serving.followBonus, .closed(-100, 100), "ranking bonus of a followed creator's new item"),
        .integer("serving.probeTopics", \.serving.probeTopics, .closed(1, 100_000), "topic buckets established retrieval reads (ivf)"),
        .choice("serving.establishedIndex", \.serving.establishedIndex, "exact or ivf retrieval of established content"),
        .choice("serving.coldStartIndex", \.serving.coldStartIndex, "exact or ivf retrieval of the cold-start pool"),
        .integer("serving.coldStartProbes", \.serving.coldStartProbes, .closed(1, 100_000), "IVF lists probed for cold-start retrieval"),
        .number("serving.rankerNoise", \.serving.rankerNoise, .closed(0, 100, note: "0: a perfect ranker"), "noise of the ranker's like estimate"),
        .number("serving.newItemNoise", \.serving.newItemNoise, .closed(0, 1000, "a factor"), "the ranker's extra noise on new items"),
        .number("serving.explorationBonus", \.serving.explorationBonus, .closed(-100, 100), "score bonus of new items"),
        .choice("serving.selection", \.serving.selection, "best (top scores) or softmax selection"),
        .number("serving.beta", \.serving.beta, .aboveUpTo(0, 1e6), "softmax temperature"),

        .number("platform.likeIntercept", \.platform.likeIntercept, .closed(-100, 100), "the like model's intercept (logit)"),
        .number("platform.likeSlope", \.platform.likeSlope, .closed(-100, 100), "the like model's slope on relevance (logit)"),
        .number("platform.alpha", \.platform.alpha, .closed(0, 100, "a step size"), "the re-weighting step"),
        .number("platform.wMin", \.platform.wMin, .aboveUpTo(0, 1e6, note: "at most platform.wMax"), "the smallest group weight"),
        .number("platform.wMax", \.platform.wMax, .aboveUpTo(0, 1e6, note: "at least platform.wMin"), "the largest group weight"),
        .choice("platform.signal", \.platform.signal, "the satisfaction signal the weights follow"),
        .number("platform.signalPrior", \.platform.signalPrior, .closed(0, 1e12, "a number of impressions"), "the signal's shrinkage prior"),
        .number("platform.freshHours", \.platform.freshHours, .aboveUpTo(0, 8760, "a number of hours"), "the fresh window of the fresh-impressions metric"),
        .choice("platform.weightStart", \.platform.weightStart, "weights read their signal from the warm-up or from trial day 1"),
        .choice("platform.unmeasuredDose", \.platform.unmeasuredDose, "what groups with unmeasured weights receive"),

        .number("creators.itemsPerDay", \.creators.itemsPerDay, .closed(1, 100), "mean items an active creator publishes a day"),
        .number("creators.contentNoise", \.creators.contentNoise, .closed(0, 100), "spread of an item around its creator's position"),
        .choice("creators.adaptation", \.creators.adaptation, "feedback (learn from likes) or lbr (best response)"),
        .number("creators.pace", \.creators.pace, .closed(0, 100), "how fast creators move toward what earns"),
        .number("creators.eta", \.creators.eta, .aboveUpTo(0, 100), "LBR's step"),
        .integer("creators.movesPerDay", \.creators.movesPerDay, .closed(0, 1000), "LBR moves a day"),
        Parameter(key: "creators.utilitySample", meaning: "users sampled to estimate a creator's utility, or all", kind: .other("an integer ≥ 1, or all"),
                  range: nil, read: { root, _ in
                      if case let .users(n) = root.creators.utilitySample { return "\(n)" }
                      return "all"
                  }, numbers: nil, write: { root, _, value throws(ConfigError) in
                      switch value {
                      case let .number(x) where x == x.rounded() && x >= 1 && x < 1e15: root.creators.utilitySample = .users(Int(x))
                      case .text("all"): root.creators.utilitySample = .all
                      default: throw .invalidValue(field: "creators.utilitySample", value: "'\(value)'", allowed: "an integer ≥ 1, or all")
                      }
                  }),
        .number("creators.rewardResponse", \.creators.rewardResponse, .closed(-100, 100), "how strongly activity follows reward"),
        .number("creators.rewardHalfLife", \.creators.rewardHalfLife, .aboveUpTo(0, 1e6, "a number of days"), "half-life of a creator's reward memory"),
        .number("creators.referenceHalfLife", \.creators.referenceHalfLife, .aboveUpTo(0, 1e6, "a number of days"), "half-life of a creator's reference level"),
        .number("creators.followPerLike", \.creators.followPerLike, .closed(0, 1, "a probability"), "a like's chance to become a follow"),
        .choice("creators.rewardSource", \.creators.rewardSource, "what creators learn from"),
        .number("creators.likeReward", \.creators.likeReward, .closed(0, 100), "reward per like"),
        .number("creators.impressionReward", \.creators.impressionReward, .closed(0, 100), "reward per impression"),
        .number("creators.followReward", \.creators.followReward, .closed(0, 100), "reward per new follower"),

        .number("users.satisfactionResponse", \.users.satisfactionResponse, .closed(-100, 100, note: "0: fixed activity"),
            "how strongly requests follow satisfaction"),
        .number("users.satisfactionHalfLife", \.users.satisfactionHalfLife, .aboveUpTo(0, 1e6, "a number of days"), "half-life of a user's satisfaction"),
        .number("users.referenceHalfLife", \.users.referenceHalfLife, .aboveUpTo(0, 1e6, "a number of days"), "half-life of a user's reference level"),
        .number("users.priorImpressions", \.users.priorImpressions, .closed(0, 1e9), "prior impressions of a user's satisfaction"),
    ]

    /// One arm's value at `arms.N.…`; an index outside the list is refused.
    private static func arm(_ key: String, _ kind: Parameter<TrialConfig>.Kind, _ range: ParameterRange?, _ meaning: String,
                            read: @escaping @Sendable (ArmConfig) -> String?, number: (@Sendable (ArmConfig) -> Double?)? = nil,
                            write: @escaping @Sendable (inout ArmConfig, ParameterValue) -> Void) -> Parameter<TrialConfig> {
        var numbers: (@Sendable (TrialConfig, Int?) -> [Double])?
        if let number {
            numbers = { (root: TrialConfig, i: Int?) -> [Double] in
                guard let i, root.arms.indices.contains(i), let v = number(root.arms[i]) else { return [] }
                return [v]
            }
        }
        return Parameter(key: "arms.*.\(key)", meaning: meaning, kind: kind, range: range,
                         read: { (root: TrialConfig, i: Int?) -> String? in
                             guard let i, root.arms.indices.contains(i) else { return nil }
                             return read(root.arms[i])
                         },
                         numbers: numbers,
                         write: { (root: inout TrialConfig, i: Int?, value: ParameterValue) throws(ConfigError) -> Void in
                             guard let i, root.arms.indices.contains(i) else {
                                 let shown = i.map(String.init) ?? "?"
                                 throw ConfigError.invalidValue(field: "arms.\(shown).\(key)", value: "index \(shown)",
                                                                allowed: "an index from 0 to \(root.arms.count - 1) (the list has \(root.arms.count) entries)")
                             }
                             write(&root.arms[i], value)
                         })
    }

    private static func armNumber(_ key: String, _ range: ParameterRange, _ meaning: String, read: @escaping @Sendable (ArmConfig) -> Double?,
                                  write: @escaping @Sendable (inout ArmConfig, Double) -> Void) -> Parameter<TrialConfig> {
        arm(key, .number, range, meaning, read: { (a: ArmConfig) -> String? in read(a).map(Parameter<TrialConfig>.plain) }, number: read,
            write: { (a: inout ArmConfig, v: ParameterValue) in if let x = v.double { write(&a, x) } })
    }

    private static let armParameters: [Parameter<TrialConfig>] = [
        arm("name", .text, nil, "the arm's name (the first arm is control)", read: { $0.name }, write: { a, v in a.name = v.description }),
        arm("mechanism", .choice(MechanismKind.allCases.map(\.rawValue)), nil, "the mechanism the arm runs", read: { $0.mechanism },
            write: { a, v in a.mechanism = v.description }),
        arm("truncation", .other("a mapping: kind scaled, table or percentile, with thresholds and values"), nil, "HMT's weight → K mapping",
            read: { $0.truncation?.kind }, write: { _, _ in }),
        arm("temperature", .other("a mapping: kind scaled or table, with thresholds and values"), nil, "SMT's weight → β mapping",
            read: { $0.temperature?.kind }, write: { _, _ in }),
        arm("exposure.target", .choice(ProviderExposure.Target.allCases.map(\.rawValue)), nil, "what the exposure constraint protects",
            read: { $0.exposure?.target }, write: { a, v in a.exposure = a.exposure ?? ExposureConfig(); a.exposure?.target = v.description }),
        armNumber("exposure.share", .closed(0.001, 10, note: "a share of impressions up to 1 for nonPopular; a multiple of the fair share for creator"),
                  "the exposure target", read: { $0.exposure?.share }, write: { a, x in a.exposure = a.exposure ?? ExposureConfig(); a.exposure?.share = x }),
        armNumber("exposure.step", .aboveUpTo(0, 10, "a step"), "the dual step", read: { $0.exposure?.step },
                  write: { a, x in a.exposure = a.exposure ?? ExposureConfig(); a.exposure?.step = x }),
        armNumber("exposure.ceiling", .aboveUpTo(0, 100, "a ceiling on the score bonus"), "the largest score bonus", read: { $0.exposure?.ceiling },
                  write: { a, x in a.exposure = a.exposure ?? ExposureConfig(); a.exposure?.ceiling = x }),
        armNumber("bandit.userWeight", .closed(0, 100, "a weight"), "weight of the user's side", read: { $0.bandit?.userWeight },
                  write: { a, x in a.bandit = a.bandit ?? BanditConfig(); a.bandit?.userWeight = x }),
        armNumber("bandit.creatorWeight", .closed(0, 100, "a weight"), "weight of the creator's side", read: { $0.bandit?.creatorWeight },
                  write: { a, x in a.bandit = a.bandit ?? BanditConfig(); a.bandit?.creatorWeight = x }),
        armNumber("bandit.platformWeight", .closed(0, 100, "a weight"), "weight of the platform's side", read: { $0.bandit?.platformWeight },
                  write: { a, x in a.bandit = a.bandit ?? BanditConfig(); a.bandit?.platformWeight = x }),
        armNumber("bandit.exploration", .closed(0, 10, "LinUCB's alpha"), "LinUCB's exploration", read: { $0.bandit?.exploration },
                  write: { a, x in a.bandit = a.bandit ?? BanditConfig(); a.bandit?.exploration = x }),
        armNumber("bandit.ridge", .closed(1e-6, 1e6, "a ridge"), "the ridge of LinUCB's A", read: { $0.bandit?.ridge },
                  write: { a, x in a.bandit = a.bandit ?? BanditConfig(); a.bandit?.ridge = x }),
    ]
}
