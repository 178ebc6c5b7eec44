import Simulation

/// How the arms' populations are formed (docs/MODEL.md §7).
public enum TrialDesign: String, ConfigChoice {
    /// Disjoint random shares of users and creators per arm — what a real test does.
    case symmetric
    /// Simulation only: every arm holds the *same* users and creators, with common random numbers,
    /// so the arms' difference is the mechanism's effect on one market — ground truth. With a split
    /// of 1 the twin is the whole platform, and its difference the global treatment effect (GTE).
    case twin
    /// One shared market of the whole platform; users are randomised (complete randomisation, a
    /// share per arm), every creator serves both arms.
    case user
    /// One shared market of the whole platform; creators are randomised, every user's feed mixes
    /// both arms' creators (each item retrieved under its creator's arm's rule).
    case creator
    /// One shared market; users and creators both randomised, the treatment applied where a treated
    /// user meets a treated creator (Johari et al.'s two-sided randomisation, TSR).
    case twoSided = "two-sided"

    /// Whether one market serves both arms, with a per-unit assignment.
    public var isShared: Bool { self == .user || self == .creator || self == .twoSided }
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
    /// a difference-in-differences (docs/MODEL.md §9). 7 by default: a real platform always has its
    /// units' history, and a week of it cuts the A/A standard errors of the lead tests by 9–38 %
    /// (README, "CUPED"); 0 turns it off.
    public var preDays: Int = 7
    public var serving = ServingSpec()
    public var platform = PlatformSpec()
    public var creators = CreatorSpec()
    public var users = UserSpec()
    /// Independent market pairs drawn from the same population, each with its own units and streams.
    public var replicates: Int
    /// The vectors of `population.embeddings`, read by the config (nil: the synthetic world).
    public var tastes: TasteEmbeddings?

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
