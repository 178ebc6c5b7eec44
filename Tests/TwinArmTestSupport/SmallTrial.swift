import Simulation
import Trial

/// Trials small enough for unit tests: two arms of a few hundred users and a few dozen creators.
public enum SmallTrial {
    public static let control = ArmSpec(name: "control", mechanism: Control())
    public static let hmt = ArmSpec(name: "hmt", mechanism: HardMatchingTruncation(mapping: .percentile(.hmtPercentiles)))

    /// A symmetric (or twin) trial on a small population; `configure` adjusts anything else.
    public static func spec(arms: [ArmSpec] = [control, hmt], days: Int = 9, design: TrialDesign = .symmetric,
                            configure: (inout TrialSpec) -> Void = { _ in }) -> TrialSpec {
        var population = PopulationSpec()
        population.users = 20_000
        population.creators = 2_000
        population.dimension = 8
        population.topics = 40
        population.countries = 6
        population.minGroupSize = 5
        // The pre-calibration request rates: the tests need a market, not the calibrated one, and
        // these keep the suite fast.
        population.tierRequests = [3, 8, 20]
        var split = SplitSpec()
        split.userFraction = 0.02
        split.creatorFraction = 0.02
        var spec = TrialSpec(name: "small", population: population, split: split, arms: arms, days: days)
        spec.design = design
        spec.warmupDays = 4
        spec.preDays = 0
        spec.serving.catalogueDays = 3
        spec.creators.utilitySample = .users(50)
        configure(&spec)
        return spec
    }
}

/// A mechanism that multiplies every creator's reward: the simplest arm-wide change in reward.
public struct RewardScale: Mechanism {
    public var factor: Double
    public init(factor: Double) { self.factor = factor }
    public var name: String { "reward×\(factor)" }
    public var altersMatching: Bool { false }
    public func matching(forWeight weight: Double, defaults: MatchingDefaults) -> UserMatching {
        UserMatching(k: defaults.k, beta: defaults.beta, rewardWeight: factor)
    }
}

extension ArmOutcome {
    /// Whole-trial (week 0) totals of the user table.
    public var totals: (impressions: Int, likes: Int, coldStart: Int, fresh: Int) {
        users.filter { $0.week == 0 }.reduce((0, 0, 0, 0)) { ($0.0 + $1.impressions, $0.1 + $1.likes, $0.2 + $1.coldStart, $0.3 + $1.fresh) }
    }

    /// Share of creator-days active over the trial.
    public var creatorDAU: Double {
        let rows = creators.filter { $0.week == 0 }
        return Double(rows.reduce(0) { $0 + $1.activeDays }) / Double(Swift.max(1, rows.reduce(0) { $0 + $1.days }))
    }
}
