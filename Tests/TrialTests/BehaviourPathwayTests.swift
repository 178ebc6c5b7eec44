import Foundation
import Testing
import Simulation
@testable import Trial
import TwinArmTestSupport

/// Issue 17's pathways: each test changes the pathway's input and checks that its output moves,
/// then cuts the pathway and checks that the same change moves nothing. A test of this kind fails
/// when its pathway is switched off — the cut half says so inside the test itself.
@Suite("Pathways: behaviour")
struct BehaviourPathwayTests {
    /// Followers → reach: the follow channel brings a creator's new items to her followers, so
    /// creators with more followers at the start get more of the arm's impressions. Cut: the
    /// channel off (no follow candidates), where followers reach nobody.
    @Test func followersBringReach() {
        func popularShare(followCandidates: Int, reach: Double) -> Double {
            let spec = SmallTrial.spec(arms: [SmallTrial.control], days: 6) { spec in
                spec.serving.followCandidates = followCandidates
                spec.serving.followReach = reach
                // Enough followers inside a 2 % arm for the channel to matter (a median creator has 40 there).
                spec.population.followersMedian = 2000
                spec.population.popularFollowers = 4000
            }
            let rows = TrialRunner.run(spec, seed: 4, parallel: false).arms[0].creators.filter { $0.week == 0 }
            let popular = rows.filter(\.popular).reduce(0) { $0 + $1.impressions }, all = rows.reduce(0) { $0 + $1.impressions }
            return Double(popular) / Double(all)
        }
        let on = popularShare(followCandidates: 10, reach: 1), off = popularShare(followCandidates: 0, reach: 1)
        #expect(on > off * 1.05, "popular creators' share of impressions: channel on \(on), off \(off)")
        // Cut two ways: no candidates, or a reach of 0 — the same market exactly.
        #expect(popularShare(followCandidates: 0, reach: 1) == popularShare(followCandidates: 10, reach: 0))
    }

    /// Pace → content: creators move their content toward what earned more; at pace 0 nobody moves.
    @Test func paceMovesContent() {
        func cosines(pace: Double) -> [Double] {
            let spec = SmallTrial.spec(arms: [SmallTrial.control], days: 6) { $0.creators.pace = pace }
            return TrialRunner.run(spec, seed: 2, parallel: false).arms[0].daily.filter { $0.day >= 1 }.map(\.contentCosine)
        }
        let moving = cosines(pace: 0.3), still = cosines(pace: 0)
        #expect(moving.count == 6 && still.count == 6)
        #expect(moving.last! < 0.999, "content cosine to the start: \(moving)")
        #expect(still.allSatisfy { $0 == 1 || abs($0 - 1) < 1e-12 }, "pace 0 still moved: \(still)")
    }

    /// Signal → weights → K: which signal the platform reads changes HMT's group weights and so
    /// its cold-start impressions. Cut: a re-weighting step α of 0 keeps every weight at 1, and
    /// the signal no longer matters.
    @Test func theSignalReachesKThroughTheWeights() {
        func run(_ signal: PlatformSpec.Signal, alpha: Double) -> (weights: [Double], coldStart: Int) {
            let spec = SmallTrial.spec(arms: [SmallTrial.hmt], days: 8) { spec in
                spec.platform.signal = signal
                spec.platform.alpha = alpha
            }
            let arm = TrialRunner.run(spec, seed: 6, parallel: false).arms[0]
            return (arm.weights.map(\.weight), arm.totals.coldStart)
        }
        let raw = run(.raw, alpha: 0.5), level = run(.level, alpha: 0.5)
        #expect(raw.weights != level.weights)
        #expect(raw.coldStart != level.coldStart, "cold-start \(raw.coldStart) under raw, \(level.coldStart) under level")
        let rawCut = run(.raw, alpha: 0), levelCut = run(.level, alpha: 0)
        #expect(rawCut.weights.allSatisfy { $0 == 1 } && rawCut.coldStart == levelCut.coldStart)
    }

    /// Ranker error: a noisier ranker serves less relevant items (lower LTR). Cut: with
    /// `selection: softmax` the feed picks on true relevance, and the ranker's error changes nothing.
    @Test func rankerErrorLowersWhatUsersLike() {
        func welfare(noise: Double, selection: ServingSpec.Selection) -> [Double] {
            let spec = SmallTrial.spec(arms: [SmallTrial.control], days: 4) { spec in
                spec.serving.rankerNoise = noise
                spec.serving.selection = selection
                spec.users.satisfactionResponse = 0
            }
            return TrialRunner.run(spec, seed: 8, parallel: false).arms[0].daily.filter { $0.day >= 1 }.map(\.welfare)
        }
        let exact = welfare(noise: 0, selection: .best), noisy = welfare(noise: 0.2, selection: .best)
        #expect((exact).count == (noisy).count, "paired lists of different lengths")
        #expect(zip(exact, noisy).allSatisfy { $0 > $1 }, "mean relevance shown: exact \(exact), noisy \(noisy)")
        #expect(welfare(noise: 0, selection: .softmax) == welfare(noise: 0.2, selection: .softmax))
    }

    /// Acceptance: with `likeSlope: 0` (likes carry no information about relevance) the default
    /// signal keeps every group's final weight within 5 % of 1 in a market, over several seeds.
    @Test(arguments: [UInt64(1), 2, 3])
    func uninformativeLikesLeaveDefaultWeightsNearOne(seed: UInt64) {
        let spec = SmallTrial.spec(arms: [SmallTrial.hmt], days: 14) { spec in
            spec.platform.likeSlope = 0
            spec.platform.likeIntercept = log(0.05 / 0.95)
        }
        #expect(spec.platform.signal == PlatformSpec().signal)
        let weights = TrialRunner.run(spec, seed: seed, parallel: false).arms[0].weights
        let last = weights.map(\.day).max()
        let final = weights.filter { $0.day == last }.map(\.weight)
        #expect(!final.isEmpty && final.allSatisfy { abs($0 - 1) <= 0.05 }, "final weights \(final)")
    }
}
