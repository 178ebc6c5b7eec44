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
        let measured = try ControlMoments.measure(truth, replicates: 2, seed: truth.seed).pooled
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
