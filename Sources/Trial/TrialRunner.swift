import Dispatch
import Foundation
import GSL

/// Runs a symmetric trial: draws the split, builds every arm from its own stream, and runs the
/// arms side by side (one thread each), day by day.
///
/// Streams: the world (topics, attribute tastes) uses stream 100 of the seed; replicate r's split
/// uses stream 101 + 1000·r and its arm a stream 200 + a + 1000·r for its population and its
/// market's keys — so an arm's outputs depend only on the seed, the shared world and its own
/// config, never on another arm. In the twin design every arm of replicate r uses stream
/// 200 + 1000·r and arm 0's size: the same units and the same random numbers. A shared-market
/// design (user-side, creator-side, two-sided) runs one market of the whole platform per replicate.
public enum TrialRunner {
    /// - Parameters:
    ///   - parallel: run arms (and replicates) side by side on all cores; the outputs are the same either way.
    ///   - progress: called after each arm-day of every market pair with (job, day), job = pair × arms + arm;
    ///     may be called from several threads.
    public static func run(_ spec: TrialSpec, seed: UInt64, parallel: Bool = true,
                           progress: (@Sendable (_ job: Int, _ day: Int) -> Void)? = nil) -> TrialOutcome {
        let world = World(spec: spec.population, trialSeed: seed)
        let replicates = Swift.max(1, spec.replicates), arms = spec.arms.count
        if spec.design.isShared {
            let outcomes = ParallelRunner.map(Array(0..<replicates), parallel: parallel) { r in
                runShared(spec: spec, seed: seed, world: world, replicate: r,
                          progress: progress.map { report in { @Sendable arm, day in report(r * arms + arm, day) } })
            }
            return TrialOutcome(armNames: spec.arms.map(\.name), replicates: outcomes)
        }
        let splits = (0..<replicates).map { ArmSplit(spec: spec, stream: RandomStream(seed: seed, stream: 101 + 1000 * UInt64($0))) }
        let outcomes = ParallelRunner.map(Array(0..<(replicates * arms)), parallel: parallel) { index in
            let r = index / arms, a = index % arms
            return runArm(a, spec: spec, seed: seed, world: world, split: splits[r], replicate: r,
                          progress: progress.map { report in { @Sendable _, day in report(index, day) } })
        }
        return TrialOutcome(armNames: spec.arms.map(\.name), replicates: (0..<replicates).map { r in
            ReplicateOutcome(split: splits[r], arms: Array(outcomes[(r * arms)..<((r + 1) * arms)]))
        })
    }

    /// One replicate of a shared-market design: the whole platform in one market, its units
    /// assigned from stream 101 + 1000·r, its population and keys from stream 200 + 1000·r.
    public static func runShared(spec: TrialSpec, seed: UInt64, world: World, replicate: Int = 0,
                                 progress: (@Sendable (Int, Int) -> Void)? = nil) -> ReplicateOutcome {
        let number = 200 + 1000 * UInt64(replicate)
        let (users, creators) = (spec.population.users, spec.population.creators)
        let assignment = SharedAssignment(design: spec.design, users: users, creators: creators,
                                          userFraction: spec.split.userFraction, creatorFraction: spec.split.creatorFraction,
                                          stream: RandomStream(seed: seed, stream: 101 + 1000 * UInt64(replicate)))
        let population = ArmPopulation(spec: spec.population, world: world, users: users, creators: creators,
                                       stream: RandomStream(seed: seed, stream: number), tastes: spec.tastes)
        let market = ArmMarket(index: 0, spec: spec, world: world, population: population,
                               stream: UnitStream(seed: seed, stream: number), assignment: assignment)
        for _ in 0..<(spec.warmupDays + spec.preDays + Swift.max(1, spec.days)) {
            let day = market.trialDay
            market.runDay()
            if let day { for a in spec.arms.indices { progress?(a, day) } }
        }
        let counts = assignment.counts()
        let cells = spec.design == .twoSided
            ? TwoSidedCellCounts(cells: market.cellCounts, users: counts.users, creators: counts.creators,
                                 platformUsers: users, platformCreators: creators)
            : nil
        return ReplicateOutcome(split: ArmSplit(users: counts.users, creators: counts.creators),
                                arms: market.outcomes().map { stamped($0, replicate: replicate) }, cells: cells)
    }

    /// An arm's tables with every row marked as replicate `r`'s.
    static func stamped(_ arm: consuming ArmOutcome, replicate: Int) -> ArmOutcome {
        // Consumed, not borrowed: a borrowed outcome is still held by the caller, so the first
        // write to each table copied it whole (about 1 GB at the end of a whole platform's arm).
        var outcome = arm
        for k in outcome.users.indices { outcome.users[k].replicate = replicate }
        for k in outcome.creators.indices { outcome.creators[k].replicate = replicate }
        for k in outcome.daily.indices { outcome.daily[k].replicate = replicate }
        for k in outcome.groupDays.indices { outcome.groupDays[k].replicate = replicate }
        for k in outcome.weights.indices { outcome.weights[k].replicate = replicate }
        return outcome
    }

    /// One arm of one replicate from start to end.
    /// - Parameter recallStride: measure every this many users' cold-start retrieval against exact
    ///   search, every day (0: none); the outcome's `retrieval` then holds the figures.
    /// - Parameter simulated: called once the market is built (with 0) and after every simulated day
    ///   (warm-up and pre-period included) with the number of days simulated so far.
    public static func runArm(_ a: Int, spec: TrialSpec, seed: UInt64, world: World, split: ArmSplit, replicate: Int = 0,
                              recallStride: Int = 0, servingThreads: Int = 1, blocking: RetrievalBlocking = .standard,
                              progress: (@Sendable (Int, Int) -> Void)? = nil, simulated: ((Int) -> Void)? = nil) -> ArmOutcome {
        let twin = spec.design == .twin
        let number = 200 + (twin ? 0 : UInt64(a)) + 1000 * UInt64(replicate)
        let unit = twin ? 0 : a
        let population = ArmPopulation(spec: spec.population, world: world, users: split.users[unit],
                                       creators: split.creators[unit], stream: RandomStream(seed: seed, stream: number), tastes: spec.tastes)
        let market = ArmMarket(index: a, spec: spec, world: world, population: population,
                               stream: UnitStream(seed: seed, stream: number), threads: servingThreads)
        market.recallStride = recallStride
        market.servingThreads = Swift.max(1, servingThreads)
        market.blocking = blocking
        simulated?(0)
        for _ in 0..<(spec.warmupDays + spec.preDays + Swift.max(1, spec.days)) {
            let day = market.trialDay   // the day this step simulates (nil in the warm-up and pre-period)
            market.runDay()
            if let day { progress?(a, day) }
            simulated?(market.elapsed)
        }
        let searches = market.retrieval.cache?.counts
        // The lists and the feed workers go before the tables are built: on a whole platform the
        // lists alone are 1 GB, and the tables half of that.
        market.endServing()
        var outcome = stamped(market.outcome(), replicate: replicate)
        if recallStride > 0 { outcome.retrieval = market.measure }
        outcome.establishedSearches = searches
        return outcome
    }

}
