import Simulation

/// How the arms' populations are formed (MODEL.md §7).
public enum TrialDesign: String, ConfigChoice {
    /// Disjoint random shares of users and creators per arm — what a real test does.
    case symmetric
    /// Simulation only: every arm holds the *same* users and creators, with common random numbers,
    /// so the arms' difference is the mechanism's effect on one market — ground truth.
    case twin
}

/// One arm: a name and the mechanism its platform runs.
public struct ArmSpec: Sendable {
    public var name: String
    public var mechanism: any Mechanism
    public init(name: String, mechanism: any Mechanism) {
        self.name = name
        self.mechanism = mechanism
    }
}

/// A whole trial.
public struct TrialSpec: Sendable {
    public var name: String
    public var design: TrialDesign = .symmetric
    public var population: PopulationSpec
    public var split: SplitSpec
    public var arms: [ArmSpec]
    /// Days of the trial proper (outcomes are recorded for these).
    public var days: Int
    /// Days every arm runs on production before day 1, unrecorded: creators' and users' histories,
    /// the catalogue of older items and the platform's signal form there, as on a live platform.
    public var warmupDays: Int = 7
    /// Days every arm runs on production after the warm-up and before day 1, *recorded*: each
    /// unit's pre-period values (week −1 in the tables), the covariate of CUPED and the baseline of
    /// a difference-in-differences (MODEL.md §9). 7 by default: a real platform always has its
    /// units' history, and a week of it cuts the A/A standard errors of the lead tests by 9–38 %
    /// (README, "CUPED"); 0 turns it off.
    public var preDays: Int = 7
    public var serving = ServingSpec()
    public var platform = PlatformSpec()
    public var creators = CreatorSpec()
    public var users = UserSpec()
    /// Independent market pairs drawn from the same population, each with its own units and streams.
    public var replicates: Int

    public init(name: String, population: PopulationSpec, split: SplitSpec, arms: [ArmSpec], days: Int,
                replicates: Int = 1) {
        self.name = name
        self.population = population
        self.split = split
        self.arms = arms
        self.days = days
        self.replicates = replicates
    }
}
