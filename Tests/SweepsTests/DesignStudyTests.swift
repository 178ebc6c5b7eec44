import Foundation
import Sweeps
import Testing

@Suite("Design study plan and launch extrapolation")
struct DesignStudyTests {
    /// Against scipy 1.17.1: `scipy.stats.linregress(np.log(f), y)` with
    /// f = [0.01,0.01,0.03,0.03,0.1,0.1,0.25,0.25,0.5,0.5],
    /// y = [0.021,0.018,0.012,0.016,0.004,0.007,-0.002,0.001,-0.006,-0.004]:
    /// intercept −0.009232145464999729, slope −0.006376043801335792, intercept_stderr
    /// 0.0011561631044154606; the 95 % interval with `stats.t.ppf(0.975, 8)`:
    /// [−0.011898262364752266, −0.006566028565247191].
    @Test func logFitMatchesScipy() throws {
        let f = [0.01, 0.01, 0.03, 0.03, 0.1, 0.1, 0.25, 0.25, 0.5, 0.5]
        let y = [0.021, 0.018, 0.012, 0.016, 0.004, 0.007, -0.002, 0.001, -0.006, -0.004]
        let fit = try #require(LogFit(fractions: f, estimates: y, alpha: 0.05))
        #expect(abs(fit.intercept - -0.009232145464999729) < 1e-12)
        #expect(abs(fit.slope - -0.006376043801335792) < 1e-12)
        #expect(abs(fit.standardError - 0.0011561631044154606) < 1e-12)
        #expect(abs(fit.lower - -0.011898262364752266) < 1e-9 && abs(fit.upper - -0.006566028565247191) < 1e-9)
        #expect(LogFit(fractions: [0.1, 0.1, 0.1], estimates: [1, 2, 3], alpha: 0.05) == nil)
    }

    @Test func aStudyIsTheGTEThenEveryDesignAndFractionTimesEverySeed() {
        let plan = DesignPlan(designs: ["symmetric", "two-sided"], fractions: [0.03, 0.5])
        let manifest = SweepManifest(name: "s", config: "name: s\n", seeds: [4, 5, 6], design: plan)
        #expect(manifest.tasks.count == (1 + 2 * 2) * 3)
        #expect(manifest.tasks.prefix(3).allSatisfy { $0.overrides == DesignPlan.gteOverrides })
        #expect(Set(manifest.tasks.map(\.id)).count == manifest.tasks.count)
        #expect(manifest.tasks[3].overrides.map(\.value) == ["symmetric", "0.03", "0.03"])
        #expect(DesignPlan.text(0.1) == "0.1" && DesignPlan.text(0.25) == "0.25" && DesignPlan.text(1) == "1")
    }
}
