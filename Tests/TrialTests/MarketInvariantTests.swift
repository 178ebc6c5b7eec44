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
