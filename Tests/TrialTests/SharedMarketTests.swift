import GSL
import Simulation
import Testing
import Trial
import TwinArmTestSupport

/// The shared-market designs (user-, creator-, two-sided) and the whole-platform twin.
@Suite("Shared-market designs")
struct SharedMarketTests {
    /// A platform small enough to run whole: 800 users, 100 creators.
    func platform(design: TrialDesign, fraction: Double, arms: [ArmSpec] = [SmallTrial.control, SmallTrial.hmt]) -> TrialSpec {
        SmallTrial.spec(arms: arms, days: 3, design: design) {
            $0.population.users = 800
            $0.population.creators = 100
            $0.warmupDays = 2
            $0.split.userFraction = fraction
            $0.split.creatorFraction = fraction
            // Three days are too few to measure a weight: these tests follow HMT's K at weight 1.
            $0.platform.unmeasuredDose = .mechanism
        }
    }

    @Test func assignmentIsCompleteRandomisationWithExactShares() {
        for design in [TrialDesign.user, .creator, .twoSided] {
            let s = SharedAssignment(design: design, users: 1_001, creators: 99, userFraction: 0.1, creatorFraction: 0.1,
                                     stream: RandomStream(seed: 1, stream: 101))
            let users = (0..<2).map { a in s.user.filter { $0 == Int8(a) }.count }
            let creators = (0..<2).map { a in s.creator.filter { $0 == Int8(a) }.count }
            #expect(users == (design == .creator ? [0, 0] : [100, 100]), "\(design)")
            #expect(creators == (design == .user ? [0, 0] : [10, 10]), "\(design)")
        }
        // Two-sided: only matching cells are recorded; the treatment only in treated × treated.
        let s = SharedAssignment(design: .twoSided, users: 400, creators: 40, userFraction: 0.5, creatorFraction: 0.5,
                                 stream: RandomStream(seed: 2, stream: 101))
        for j in 0..<400 {
            for i in 0..<40 {
                #expect(s.treated(user: j, creator: i) == (s.user[j] == 1 && s.creator[i] == 1))
                #expect(s.cell(user: j, creator: i) == (s.user[j] == s.creator[i] ? s.user[j] : SharedAssignment.outside))
            }
        }
    }

    /// Known by construction: with control in both arms, a shared market at half the platform per
    /// arm serves exactly what the whole-platform twin's control arm serves (the same units, streams
    /// and rules), split between its two arms.
    @Test(arguments: [TrialDesign.user, .creator])
    func anAASharedMarketIsTheTwinsControlMarketSplitInTwo(design: TrialDesign) {
        let arms = [SmallTrial.control, ArmSpec(name: "control-2", mechanism: Control())]
        let twin = TrialRunner.run(platform(design: .twin, fraction: 1, arms: arms), seed: 3).arms[0]
        let shared = TrialRunner.run(platform(design: design, fraction: 0.5, arms: arms), seed: 3).arms
        #expect(shared[0].totals.impressions > 0 && shared[1].totals.impressions > 0)
        #expect(twin.daily.count == shared[0].daily.count && shared[0].daily.count == shared[1].daily.count, "paired lists of different lengths")
        for (t, (a, b)) in zip(twin.daily, zip(shared[0].daily, shared[1].daily)) {
            #expect(a.impressions + b.impressions == t.impressions, "day \(t.day)")
            #expect(a.likes + b.likes == t.likes, "day \(t.day)")
            #expect(a.coldStart + b.coldStart == t.coldStart, "day \(t.day)")
        }
    }

    /// A two-sided A/A market at half the platform per side: its four cells (user arm × creator arm)
    /// partition every trial impression the whole-platform twin's control arm serves, and the
    /// matching cells are exactly what the arms' tables hold. Cut the cross cells' recording and
    /// the cells fall short of the twin's totals.
    @Test func aTwoSidedMarketsFourCellsHoldEveryImpression() throws {
        let arms = [SmallTrial.control, ArmSpec(name: "control-2", mechanism: Control())]
        let twin = TrialRunner.run(platform(design: .twin, fraction: 1, arms: arms), seed: 3).arms[0]
        let outcome = TrialRunner.run(platform(design: .twoSided, fraction: 0.5, arms: arms), seed: 3)
        let cells = try #require(outcome.replicates[0].cells)
        #expect(cells.users == [400, 400] && cells.creators == [50, 50])
        #expect(cells.platformUsers == 800 && cells.platformCreators == 100)
        let trial = twin.daily.filter { $0.day >= 1 }
        #expect(cells.cells.reduce(0) { $0 + $1.impressions } == trial.reduce(0) { $0 + $1.impressions })
        #expect(cells.cells.reduce(0) { $0 + $1.likes } == trial.reduce(0) { $0 + $1.likes })
        #expect(cells.cells.reduce(0) { $0 + $1.coldStart } == trial.reduce(0) { $0 + $1.coldStart })
        #expect(cells[user: 0, creator: 1].impressions > 0 && cells[user: 1, creator: 0].impressions > 0)
        for a in 0..<2 {
            let users = outcome.replicates[0].arms[a].users.filter { $0.week == 0 }
            #expect(cells[user: a, creator: a].impressions == users.reduce(0) { $0 + $1.impressions }, "arm \(a)")
            #expect(cells[user: a, creator: a].fresh == users.reduce(0) { $0 + $1.fresh }, "arm \(a)")
        }
        // Other designs carry no cells.
        #expect(TrialRunner.run(platform(design: .user, fraction: 0.5, arms: arms), seed: 3).replicates[0].cells == nil)
    }

    /// The treatment reaches only its cells: in a creator-side HMT market, treated creators'
    /// new items are retrieved under HMT's K. Cut the mixed retrieval (every item under control's K)
    /// and the treated creators' cold-start impressions fall back to the control creators'.
    @Test func creatorSideTreatmentReachesTreatedCreatorsNewItems() {
        let outcome = TrialRunner.run(platform(design: .creator, fraction: 0.5), seed: 4).arms
        let control = Double(outcome[0].totals.coldStart), treated = Double(outcome[1].totals.coldStart)
        #expect(control > 0)
        #expect(treated > 1.2 * control, "cold-start impressions: treated creators \(treated), control creators \(control)")
    }

    /// User-side: treated users are matched under HMT's K over the platform's pool, so they see more
    /// new items than control users. Cut the user's treatment (every user under control's rule) and
    /// the arms' cold-start impressions per user coincide in expectation.
    @Test func userSideTreatmentReachesTreatedUsersFeeds() {
        let outcome = TrialRunner.run(platform(design: .user, fraction: 0.5), seed: 4).arms
        let control = Double(outcome[0].totals.coldStart), treated = Double(outcome[1].totals.coldStart)
        #expect(control > 0)
        #expect(treated > 1.2 * control, "cold-start impressions: treated users \(treated), control users \(control)")
    }

    @Test func aTwinAtSplitOneHoldsTheWholePlatform() {
        let outcome = TrialRunner.run(platform(design: .twin, fraction: 1), seed: 5)
        #expect(outcome.split.users == [800, 800] && outcome.split.creators == [100, 100])
        #expect(outcome.arms[0].users.filter { $0.week == 0 }.count == 800)
    }
}

/// Serving threads build users' feeds side by side; nothing they produce may depend on how many there are.
@Suite("Serving threads")
struct ServingThreadTests {
    func outcome(threads: Int, selection: ServingSpec.Selection) -> ArmOutcome {
        // More users than one prepared run (``ArmMarket.feedChunk``), so runs and threads both split them.
        let spec = SmallTrial.spec(days: 2, design: .twin) {
            $0.population.users = 4_200
            $0.population.creators = 300
            $0.warmupDays = 1
            $0.split.userFraction = 1
            $0.split.creatorFraction = 1
            $0.serving.selection = selection
            $0.serving.coldStartIndex = .ivf
            $0.serving.coldStartProbes = 4
        }
        let world = World(spec: spec.population, stream: RandomStream(seed: 9, stream: 100))
        let split = ArmSplit(spec: spec, stream: RandomStream(seed: 9, stream: 101))
        return TrialRunner.runArm(1, spec: spec, seed: 9, world: world, split: split, recallStride: 97, servingThreads: threads)
    }

    @Test(arguments: [ServingSpec.Selection.best, .softmax])
    func theThreadCountChangesNothing(selection: ServingSpec.Selection) {
        let one = outcome(threads: 1, selection: selection)
        #expect(one.daily.reduce(0) { $0 + $1.impressions } > 10_000)
        // Two threads for one rule, three (an uneven share of users) for the other.
        for threads in [selection == .best ? 3 : 2] {
            let many = outcome(threads: threads, selection: selection)
            #expect(many.users == one.users, "\(threads) threads")
            #expect(many.creators == one.creators)
            #expect(many.daily == one.daily)
            #expect(many.groupDays == one.groupDays)
            #expect(many.weights == one.weights)
            #expect(many.retrieval == one.retrieval)
        }
    }
}
