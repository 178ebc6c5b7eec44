import Foundation
import Testing
import Config
import GSL
import Trial
@testable import Calibration

/// `twinarm calibrate`'s simulated method of moments recovers parameters it did not see: moments
/// simulated at known values become the targets, the fit starts elsewhere, and must land near
/// the known values.
@Suite("Calibration")
struct CalibrationTests {
    /// A config small enough for a test: a few hundred users, a week.
    static var small: TrialConfig {
        var c = TrialConfig()
        c.name = "calibration-test"
        c.seed = 3
        c.days = 5
        c.warmupDays = 3
        c.preDays = 0
        c.population.users = 20_000
        c.population.creators = 2_000
        c.population.dimension = 8
        c.population.topics = 40
        c.population.countries = 6
        c.population.minGroupSize = 5
        c.split.userFraction = 0.02
        c.split.creatorFraction = 0.02
        c.serving.catalogueDays = 3
        c.arms = [ArmConfig(name: "control", mechanism: "control")]
        return c
    }

    @Test func recoversKnownParametersFromTheirMoments() throws {
        var truth = Self.small
        truth.platform.likeIntercept = -5.2
        truth.population.activity = 0.55
        // The targets come from other markets than the fit's own (another seed): recovery, not a replay.
        let measured = try ControlMoments.measure(truth, replicates: 4, seed: truth.seed + 1000).pooled
        let moments: [Moment] = [.ltr, .creatorDAU, .firstDayImpressionsPerItem]
        let targets = CalibrationTargets(
            name: "recovery",
            parameters: [FreeParameter(key: .likeIntercept, lower: -7, upper: -4), FreeParameter(key: .activity, lower: 0.1, upper: 0.9)],
            moments: moments.map { MomentTarget(moment: $0, target: measured[$0]!, tolerance: 0.05, source: "simulated at the known values") })
        // Start away from the truth: the defaults (−5.92, 0.333).
        let start = Self.small
        var options = SimulatedMoments.Options()
        options.seed = truth.seed
        options.maxIterations = 60
        let fit = try SimulatedMoments.fit(start, targets: targets, options: options)
        let intercept = fit.parameters[0].estimate, activity = fit.parameters[1].estimate
        #expect(abs(intercept - -5.2) < 0.1, "likeIntercept \(intercept)")
        #expect(abs(activity - 0.55) < 0.03, "activity \(activity)")
        #expect(fit.distance < fit.startDistance && fit.rows.allSatisfy(\.withinTolerance), "\(fit.rows)")
        #expect(fit.parameters.allSatisfy { ($0.standardError ?? .nan) > 0 })
        #expect(fit.config.platform.likeIntercept == intercept)
    }

    /// A fit's bounds live in the same range validation enforces (the parameter registry's), and
    /// a bound outside it is refused with that range.
    @Test func calibrationBoundsUseTheRegistryRanges() throws {
        for key in CalibrationParameter.allCases where key != .requestScale {
            let range = try #require(TrialConfig.parameters[key.rawValue]?.range, "\(key.rawValue)")
            #expect(key.range == range)
            let outside = range.upperOpen ? range.upper : range.upper + max(1, abs(range.upper)) * 0.01
            let targets = CalibrationTargets(name: "t", parameters: [FreeParameter(key: key, lower: range.closedInterval.lowerBound, upper: outside)],
                                             moments: [MomentTarget(moment: .ltr, target: 0.04, tolerance: 0.1, source: "assumption: a test")])
            do {
                try targets.validate()
                Issue.record("\(key.rawValue): upper \(outside) accepted")
            } catch {
                #expect(error.description.contains(range.text), "\(error.description)")
            }
        }
    }

    /// A starting value the bounds do not hold is refused, not moved.
    @Test func aStartOutsideTheBoundsIsRefused() throws {
        let targets = CalibrationTargets(name: "t", parameters: [FreeParameter(key: .likeIntercept, lower: -3, upper: -2)],
                                         moments: [MomentTarget(moment: .ltr, target: 0.04, tolerance: 0.1, source: "assumption: a test")])
        #expect(throws: ConfigError.self) { _ = try SimulatedMoments.fit(Self.small, targets: targets) }
    }

    /// What a new user met in targets files (issue 29): unknown keys inside an entry, a share of 2,
    /// an infinite lower bound blamed on the upper, a missing file named as a config.
    @Test func targetsFilesAreCheckedEntryByEntry() throws {
        let unknown = "parameters:\n  - {key: platform.likeIntercept, lower: -7, upper: -4, start: -5}\nmoments:\n  - {moment: ltr, target: 0.04, "
            + "tolerance: 0.1, source: a}\n"
        #expect(throws: ConfigError.self) { try ConfigLoader.decode(CalibrationTargets.self, text: unknown) }
        let share = CalibrationTargets(name: "t", parameters: [FreeParameter(key: .likeIntercept, lower: -7, upper: -4)],
                                       moments: [MomentTarget(moment: .ltr, target: 2, tolerance: 0.1, source: "assumption: a test")])
        do { try share.validate(); Issue.record("an LTR of 2 was accepted") } catch {
            #expect(error.description.contains("moments[0].target") && error.description.contains("share"), "\(error.description)")
        }
        let infinite = CalibrationTargets(name: "t", parameters: [FreeParameter(key: .likeIntercept, lower: -.infinity, upper: -4)],
                                          moments: [MomentTarget(moment: .ltr, target: 0.04, tolerance: 0.1, source: "assumption: a test")])
        do { try infinite.validate(); Issue.record("an infinite bound was accepted") } catch {
            #expect(error.description.contains("parameters[0].lower"), "\(error.description)")
        }
        do { _ = try CalibrationTargets.load(path: "no-such-targets.yaml"); Issue.record("a missing file was read") } catch {
            #expect(error.description.hasPrefix("targets file") && error.exitCode == 66, "\(error.description)")
        }
    }

    @Test func aTargetsFileWithoutASourceIsRefused() throws {
        let text = """
        parameters:
          - {key: platform.likeIntercept, lower: -7, upper: -4}
        moments:
          - {moment: ltr, target: 0.05, tolerance: 0.1, source: ""}
        """
        let targets = try ConfigLoader.decode(CalibrationTargets.self, text: text)
        #expect(throws: ConfigError.self) { try targets.validate() }
        let unknown = "parameters:\n  - {key: platform.nothing, lower: 0, upper: 1}\nmoments: []\n"
        #expect(throws: ConfigError.self) { try ConfigLoader.decode(CalibrationTargets.self, text: unknown) }
    }
}
