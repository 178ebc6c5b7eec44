import Trial
import Simulation
import Analysis
import Yams

/// A trial as written in YAML (see README, "Trial config reference").
///
/// Every default is declared once, on the spec types' properties: a config is decoded by laying
/// what the file says over the encoded defaults (``DefaultedConfig``), so a field that is not
/// written keeps its default and a key that is not known is an error naming the allowed keys.
public struct TrialConfig: DefaultedConfig, Sendable {
    public var name = "trial"
    public var seed: UInt64 = 0
    public var design = TrialDesign.symmetric
    public var days = 21
    public var warmupDays = 7
    public var preDays = 7
    public var replicates = 4
    /// Simulated A/A trials that calibrate a single market pair's report (replicates: 1); 0: none,
    /// and such a report marks nothing significant.
    public var calibrationTrials = 20
    /// The significance level α of every test, interval (1 − α) and count of the trial's report
    /// (`--alpha` overrides it); not `platform.alpha`, the re-weighting step.
    public var alpha = Significance.defaultAlpha
    /// The pre-period adjustment of the user metrics: CUPED on each metric's own pre-period value,
    /// or the regression on several covariates with the units' attributes (README, "More covariates").
    public var adjustment = CovariateAdjustment.cuped
    /// How the daily looks spend α and which days they read (README, "Daily looks").
    public var sequential = SequentialPlan()
    /// Non-inferiority margins per metric, relative (README, "Guardrails"): LTR −0.5 % by default.
    public var guardrails = MetricMargins.defaultGuardrails
    /// Superiority margins per metric, relative: "better" needs the effect beyond them.
    public var superiority = MetricMargins()
    public var population = PopulationSpec()
    public var split = SplitSpec()
    public var arms: [ArmConfig] = []
    public var serving = ServingSpec()
    public var platform = PlatformSpec()
    public var creators = CreatorSpec()
    public var users = UserSpec()

    public init() {}
    public static let requiredKeys = ["arms": "a list of arms, each with name: and mechanism:"]
    /// A margin mapping names its metrics: the file's replaces the default whole (`guardrails: {}` drops LTR's).
    public static let replacedWhole: Set<String> = ["guardrails", "superiority"]
}

/// `arms[i]`: a name, a mechanism and its optional mappings.
public struct ArmConfig: Codable, Sendable {
    public var name: String
    public var mechanism: String
    public var truncation: MappingConfig?
    public var temperature: MappingConfig?
    /// `mechanism: exposure`: its target and dual step (defaults: ``ProviderExposure``'s).
    public var exposure: ExposureConfig?
    /// `mechanism: bandit`: its stakeholder weights and exploration (defaults: ``ContextualBandit``'s).
    public var bandit: BanditConfig?

    package enum CodingKeys: String, CodingKey, CaseIterable { case name, mechanism, truncation, temperature, exposure, bandit }

    public init(name: String, mechanism: String, truncation: MappingConfig? = nil, temperature: MappingConfig? = nil) {
        self.name = name
        self.mechanism = mechanism
        self.truncation = truncation
        self.temperature = temperature
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        guard let name = try c.decodeIfPresent(String.self, forKey: .name) else {
            throw ConfigError.missingKey(field: "\(decoder.fieldPath).name", allowed: "a unique arm name")
        }
        self.name = name
        mechanism = try c.decodeIfPresent(String.self, forKey: .mechanism) ?? "control"
        truncation = try c.decodeIfPresent(MappingConfig.self, forKey: .truncation)
        temperature = try c.decodeIfPresent(MappingConfig.self, forKey: .temperature)
        exposure = try c.decodeIfPresent(ExposureConfig.self, forKey: .exposure)
        bandit = try c.decodeIfPresent(BanditConfig.self, forKey: .bandit)
    }
}

/// An arm's `bandit:` block: the multi-stakeholder contextual bandit of `mechanism: bandit`.
public struct BanditConfig: Codable, Sendable, Equatable {
    /// Weights of the user's side (the like rate's upper confidence bound), the creator's (exposure
    /// shortfall) and the platform's (new items).
    public var userWeight: Double = ContextualBandit().weights.user
    public var creatorWeight: Double = ContextualBandit().weights.creator
    public var platformWeight: Double = ContextualBandit().weights.platform
    /// LinUCB's α (like-rate units) and the ridge of A.
    public var exploration: Double = ContextualBandit().exploration
    public var ridge: Double = ContextualBandit().ridge

    package enum CodingKeys: String, CodingKey, CaseIterable { case userWeight, creatorWeight, platformWeight, exploration, ridge }

    public init() {}

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        userWeight = try c.decodeIfPresent(Double.self, forKey: .userWeight) ?? userWeight
        creatorWeight = try c.decodeIfPresent(Double.self, forKey: .creatorWeight) ?? creatorWeight
        platformWeight = try c.decodeIfPresent(Double.self, forKey: .platformWeight) ?? platformWeight
        exploration = try c.decodeIfPresent(Double.self, forKey: .exploration) ?? exploration
        ridge = try c.decodeIfPresent(Double.self, forKey: .ridge) ?? ridge
    }
}

/// An arm's `exposure:` block: the provider-exposure constraint of `mechanism: exposure`.
public struct ExposureConfig: Codable, Sendable, Equatable {
    /// `nonPopular` (their joint share of impressions) or `creator` (each publishing creator's share of a fair share).
    public var target: String = ProviderExposure().target.rawValue
    public var share: Double = ProviderExposure().share
    public var step: Double = ProviderExposure().step
    public var ceiling: Double = ProviderExposure().ceiling

    package enum CodingKeys: String, CodingKey, CaseIterable { case target, share, step, ceiling }

    public init() {}

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        target = try c.decodeIfPresent(String.self, forKey: .target) ?? target
        share = try c.decodeIfPresent(Double.self, forKey: .share) ?? share
        step = try c.decodeIfPresent(Double.self, forKey: .step) ?? step
        ceiling = try c.decodeIfPresent(Double.self, forKey: .ceiling) ?? ceiling
    }
}


extension TrialConfig {
    /// The config's A/A variant, the one definition every A/A trial uses (`twinarm aa`, a single
    /// pair's calibration, `plan`'s pilot): its first two arms, each keeping only its name, on production.
    public var aa: TrialConfig {
        var copy = self
        copy.arms = arms.prefix(2).map { ArmConfig(name: $0.name, mechanism: "control") }
        return copy
    }

    /// The config as YAML with every value written out; it decodes back to the same config.
    public func yamlText() throws(ConfigError) -> String {
        do { return try YAMLEncoder().encode(self) } catch { throw .malformed(path: "<config>", reason: "\(error)") }
    }
}

extension TrialConfig {
    enum CodingKeys: String, CodingKey {
        case name, seed, design, days, warmupDays, preDays, replicates, calibrationTrials, alpha, adjustment, sequential, guardrails
        case superiority, population, split, arms, serving, platform, creators, users
    }

    /// Every key optional: a key a newer TwinArm added keeps its default when an older run's
    /// manifest (its resolved config) lacks it. A YAML file is laid over the defaults first, so
    /// there every key is present.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = TrialConfig()
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? d.name
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? d.seed
        design = try c.decodeIfPresent(TrialDesign.self, forKey: .design) ?? d.design
        days = try c.decodeIfPresent(Int.self, forKey: .days) ?? d.days
        warmupDays = try c.decodeIfPresent(Int.self, forKey: .warmupDays) ?? d.warmupDays
        preDays = try c.decodeIfPresent(Int.self, forKey: .preDays) ?? d.preDays
        replicates = try c.decodeIfPresent(Int.self, forKey: .replicates) ?? d.replicates
        calibrationTrials = try c.decodeIfPresent(Int.self, forKey: .calibrationTrials) ?? d.calibrationTrials
        alpha = try c.decodeIfPresent(Double.self, forKey: .alpha) ?? d.alpha
        adjustment = try c.decodeIfPresent(CovariateAdjustment.self, forKey: .adjustment) ?? d.adjustment
        sequential = try c.decodeIfPresent(SequentialPlan.self, forKey: .sequential) ?? d.sequential
        guardrails = try c.decodeIfPresent(MetricMargins.self, forKey: .guardrails) ?? d.guardrails
        superiority = try c.decodeIfPresent(MetricMargins.self, forKey: .superiority) ?? d.superiority
        population = try c.decodeIfPresent(PopulationSpec.self, forKey: .population) ?? d.population
        split = try c.decodeIfPresent(SplitSpec.self, forKey: .split) ?? d.split
        arms = try c.decodeIfPresent([ArmConfig].self, forKey: .arms) ?? d.arms
        serving = try c.decodeIfPresent(ServingSpec.self, forKey: .serving) ?? d.serving
        platform = try c.decodeIfPresent(PlatformSpec.self, forKey: .platform) ?? d.platform
        creators = try c.decodeIfPresent(CreatorSpec.self, forKey: .creators) ?? d.creators
        users = try c.decodeIfPresent(UserSpec.self, forKey: .users) ?? d.users
    }
}
