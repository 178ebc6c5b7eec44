import Testing
import GSL

@Suite("GSL wrapper")
struct GSLTests {
    // Reference values from scipy 1.17.1:
    //   python3 -c "from scipy import stats; print(stats.norm.cdf(1.5), stats.norm.ppf(0.975),
    //     stats.t.sf(2.1, 7.5), stats.t.isf(0.025, 12.3), stats.chi2.sf(3.84, 1), stats.chi2.sf(10.0, 4))"
    //   0.9331927987311419 1.959963984540054 0.035618535729039044 2.1729334817589625
    //   0.05004352124870519 0.04042768199451279
    @Test func cdfsMatchScipy() {
        #expect(abs(Distribution.normalCDF(1.5) - 0.9331927987311419) < 1e-12)
        #expect(abs(Distribution.normalQuantile(0.975) - 1.959963984540054) < 1e-9)
        #expect(abs(Distribution.studentTUpperTail(2.1, degreesOfFreedom: 7.5) - 0.035618535729039044) < 1e-9)
        #expect(abs(Distribution.studentTUpperQuantile(0.025, degreesOfFreedom: 12.3) - 2.1729334817589625) < 1e-7)
        #expect(abs(Distribution.chiSquaredUpperTail(3.84, degreesOfFreedom: 1) - 0.05004352124870519) < 1e-10)
        #expect(abs(Distribution.chiSquaredUpperTail(10.0, degreesOfFreedom: 4) - 0.04042768199451279) < 1e-10)
    }

    // numpy: np.mean([2,4,4,4,5,5,7,9]) = 5.0, np.var(..., ddof=1) = 4.571428571428571
    // scipy.stats.spearmanr([1,2,3,4,5],[5,6,7,8,7]).statistic = 0.8207826816681233
    @Test func descriptiveMatchesNumpy() {
        let sample: [Double] = [2, 4, 4, 4, 5, 5, 7, 9]
        #expect(Descriptive.mean(sample) == 5.0)
        #expect(abs(Descriptive.variance(sample)! - 4.571428571428571) < 1e-12)
        #expect(Descriptive.variance([1]) == nil)
        #expect(Descriptive.mean([]) == nil)
        #expect(abs(Descriptive.spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7])! - 0.8207826816681233) < 1e-12)
        #expect(Descriptive.spearman([1, 2, 3], [4, 4, 4]) == nil)
    }

    @Test func streamsAreReproducibleAndDistinct() {
        let a = RandomStream(seed: 7), b = RandomStream(seed: 7), c = RandomStream(seed: 7, stream: 1)
        let xa = (0..<5).map { _ in a.uniform() }, xb = (0..<5).map { _ in b.uniform() }
        let xc = (0..<5).map { _ in c.uniform() }
        #expect(xa == xb)
        #expect(xa != xc)
        #expect(RandomStream(seed: 0).gslSeed != 0)
        #expect(RandomStream(seed: 0).gslSeed != RandomStream(seed: 0, stream: 1).gslSeed)
    }

    @Test func directionsHaveUnitNorm() {
        let stream = RandomStream(seed: 3)
        var v = [Double](repeating: 0, count: 5)
        for _ in 0..<100 {
            v.withUnsafeMutableBufferPointer { stream.direction(into: $0) }
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            #expect(abs(norm - 1) < 1e-12)
        }
    }
}

/// GSL's Nelder–Mead and LU inverse through the wrapper, against values computed outside TwinArm.
@Suite("Minimiser and linear algebra")
struct MinimizerTests {
    /// Rosenbrock's function has its one minimum 0 at (1, 1) (scipy.optimize.minimize(rosen,
    /// [-1.2, 1], method="Nelder-Mead") ends at [1.0000, 1.0000] with fun ≈ 8e-10).
    @Test func nelderMeadFindsRosenbrocksMinimum() {
        let result = NelderMead.minimize(start: [-1.2, 1], steps: [0.5, 0.5], sizeTolerance: 1e-8, maxIterations: 2000) { x in
            let a = 1 - x[0], b = x[1] - x[0] * x[0]
            return a * a + 100 * b * b
        }
        #expect(result.converged)
        #expect(abs(result.point[0] - 1) < 1e-3 && abs(result.point[1] - 1) < 1e-3, "\(result.point)")
        #expect(result.value < 1e-6)
    }

    /// numpy.linalg.inv([[4, 7], [2, 6]]) = [[0.6, -0.7], [-0.2, 0.4]]; a singular matrix has none.
    @Test func inverseMatchesNumpy() {
        let inv = LinearAlgebra.inverse([[4, 7], [2, 6]])!
        let expected = [[0.6, -0.7], [-0.2, 0.4]]
        for i in 0..<2 { for j in 0..<2 { #expect(abs(inv[i][j] - expected[i][j]) < 1e-12) } }
        #expect(LinearAlgebra.inverse([[1, 2], [2, 4]]) == nil)
    }
}

/// The beta quantile behind every Clopper–Pearson interval, where GSL's own inverse gives up.
@Suite("Beta quantile")
struct BetaQuantileTests {
    /// scipy.stats.beta.ppf(0.975, 21, 620) = 0.04785183112609872 (gsl_cdf_beta_Pinv returns NaN
    /// there: an A/A batch's bucket row of 20 rejections in 640 tests crashed `twinarm aa`'s table);
    /// beta.ppf(0.025, 20, 621) = 0.01919067380350512 (GSL's inverse converges there).
    @Test func matchesScipyWhereGSLsInverseFails() {
        #expect(abs(Distribution.betaQuantile(0.975, a: 21, b: 620) - 0.04785183112609872) < 1e-10)
        #expect(abs(Distribution.betaQuantile(0.025, a: 20, b: 621) - 0.01919067380350512) < 1e-10)
    }
}
