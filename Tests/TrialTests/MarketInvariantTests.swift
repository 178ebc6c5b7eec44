import GSL
import Simulation
import Testing
import TwinArmTestSupport
@testable import Trial

/// The market and its stages keep their invariants day after day (swift-collections'
/// `_checkInvariants()` pattern): items, follows, and the market's own bookkeeping.
@Suite("Market invariants")
struct MarketInvariantTests {
    @Test(arguments: [TrialDesign.symmetric, .twin])
    func everyDayKeepsTheInvariants(design: TrialDesign) {
        let spec = SmallTrial.spec(days: 4, design: design)
        let world = World(spec: spec.population, stream: RandomStream(seed: 5, stream: 100))
        let population = ArmPopulation(spec: spec.population, world: world, users: 400, creators: 120, stream: RandomStream(seed: 5))
        let market = ArmMarket(index: 1, spec: spec, world: world, population: population, stream: UnitStream(seed: 5, stream: 200))
        market._checkInvariants()
        for _ in 0..<(spec.warmupDays + spec.days) {
            market.runDay()
            market._checkInvariants()
        }
        #expect(market.store.count > 0 && market.follows.followees.contains { !$0.isEmpty })
    }

    /// The checks are not vacuous: a follow graph whose counts disagree is caught.
    @Test func theFollowGraphCheckSeesADoubleFollow() async {
        await #expect(processExitsWith: .failure) {
            let spec = SmallTrial.spec(days: 2)
            let world = World(spec: spec.population, stream: RandomStream(seed: 5, stream: 100))
            let population = ArmPopulation(spec: spec.population, world: world, users: 400, creators: 120, stream: RandomStream(seed: 5))
            let market = ArmMarket(index: 0, spec: spec, world: world, population: population, stream: UnitStream(seed: 5, stream: 200))
            market.follows.corruptForTesting()
            market.follows._checkInvariants()
        }
    }
}

/// The market's set-up on several threads: the follow graph's blocks of creators are drawn side by
/// side and must give the graph one thread gives.
@Suite("Set-up on every core")
struct ParallelSetUpTests {
    @Test func theFollowGraphIsTheSameForAnyThreadCount() {
        let spec = SmallTrial.spec(days: 2)
        let world = World(spec: spec.population, stream: RandomStream(seed: 6, stream: 100))
        // More creators than one block (``FollowGraph/creatorsPerBlock``), and an uneven last block.
        let creators = FollowGraph.creatorsPerBlock * 2 + 301
        let population = ArmPopulation(spec: spec.population, world: world, users: 3_000, creators: creators, stream: RandomStream(seed: 6))
        func market(_ threads: Int) -> ArmMarket {
            ArmMarket(index: 0, spec: spec, world: world, population: population, stream: UnitStream(seed: 6, stream: 200), threads: threads)
        }
        let one = market(1)
        #expect(one.follows.armFollowers.reduce(0, +) > 1_000)
        for threads in [2, 3] {
            let many = market(threads)
            #expect(many.follows.followees == one.follows.followees, "\(threads) threads")
            #expect(many.follows.armFollowers == one.follows.armFollowers)
            many.follows._checkInvariants()
        }
    }
}
