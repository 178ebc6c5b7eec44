import Foundation
import Testing
@testable import Analysis

/// The TSR estimators against numpy (`Tests/AnalysisTests/reference_tsri.py`, written from the
/// definitions of Johari, Li, Liskovich & Weintraub 2022; values pasted from its output).
@Suite("Two-sided randomisation estimators")
struct TwoSidedCellsTests {
    static func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-9 * Swift.max(1, abs(b)) }

    /// Every unit in an arm: 30 % of users and 60 % of creators treated; β = exp(−0.7).
    @Test func everyUnitInAnArm() {
        let cells = TwoSidedCells(controlControl: 412.5, controlTreated: 530.25, treatedControl: 160.75, treatedTreated: 301.0,
                                  treatedUserShare: 0.3, treatedCreatorShare: 0.6)
        let beta = TwoSidedCells.weight(demandToSupply: 0.7)
        #expect(Self.close(beta, 0.4965853037914095))
        #expect(Self.close(cells.naive, 326.4905149051492))
        #expect(Self.close(cells.userSide, 409.7222222222222))
        #expect(Self.close(cells.creatorSide, 332.6388888888887))
        #expect(Self.close(cells.competition, 344.3452380952381))
        #expect(Self.close(cells.interpolated(k: 1, beta: beta), 284.8350449828629))
        #expect(Self.close(cells.interpolated(k: 2, beta: beta), 198.75275057624916))
    }

    /// Arms of 10 % on each side, the other units outside; β = exp(−2.5).
    @Test func armsWithUnitsOutside() throws {
        let cells = TwoSidedCells(controlControl: 96.0, controlTreated: 88.5, treatedControl: 91.25, treatedTreated: 120.125,
                                  userShares: (0.1, 0.1), creatorShares: (0.1, 0.1))
        let beta = TwoSidedCells.weight(demandToSupply: 2.5)
        #expect(Self.close(cells.naive, 2820.833333333334))
        #expect(Self.close(cells.userSide, 3162.5))
        #expect(Self.close(cells.creatorSide, 2887.5))
        #expect(Self.close(cells.competition, 1225.0))
        #expect(Self.close(cells.interpolated(k: 1, beta: beta), 2817.7732363811756))
        #expect(Self.close(cells.interpolated(k: 2, beta: beta), 2725.4730981407793))
        // Round trip through JSON, as a report would carry the cells.
        let decoded = try JSONDecoder().decode(TwoSidedCells.self, from: JSONEncoder().encode(cells))
        #expect(decoded == cells)
    }

    /// Across markets: the mean, the t interval on n − 1 df and the p-value against scipy.stats.t
    /// (`reference_tsri.py`, "markets"); fewer than two markets or no spread give no interval.
    @Test func acrossMarketsMatchesScipy() throws {
        let row = TwoSidedEstimate.summary([0.084, -0.031, 0.127, 0.046], metric: .coldStartImpressions, estimator: .tsri1, weight: 0.5,
                                           level: 0.95)
        #expect(row.markets == 4 && row.degreesOfFreedom == 3)
        #expect(Self.close(try #require(row.relativeDelta), 0.056499999999999995))
        #expect(Self.close(try #require(row.relativeLower), -0.0502148165321112))
        #expect(Self.close(try #require(row.relativeUpper), 0.16321481653211117))
        #expect(Self.close(try #require(row.pValue), 0.19058748697101086))
        let one = TwoSidedEstimate.summary([0.1], metric: .ltr, estimator: .naive, weight: 0.5, level: 0.95)
        #expect(one.relativeDelta == 0.1 && one.relativeLower == nil && one.pValue == nil)
        let missing = TwoSidedEstimate.summary([0.1, nil], metric: .ltr, estimator: .naive, weight: 0.5, level: 0.95)
        #expect(missing.relativeDelta == nil)
    }

    /// At β = 1 TSRI-k is the user-side contrast and at β = 0 the creator-side one, whatever k; with
    /// no interference (every cell's scaled value equal but the treated one) all three agree.
    @Test func extremesAndNoInterference() {
        let cells = TwoSidedCells(controlControl: 40, controlTreated: 20, treatedControl: 60, treatedTreated: 45,
                                  treatedUserShare: 0.5, treatedCreatorShare: 0.25)
        #expect(Self.close(cells.interpolated(k: 2, beta: 1), cells.userSide))
        #expect(Self.close(cells.interpolated(k: 1, beta: 0), cells.creatorSide))
        let flat = TwoSidedCells(controlControl: 100 * 0.5 * 0.5, controlTreated: 100 * 0.5 * 0.5, treatedControl: 100 * 0.5 * 0.5,
                                 treatedTreated: 130 * 0.5 * 0.5, treatedUserShare: 0.5, treatedCreatorShare: 0.5)
        for beta in [0.0, 0.3, 1.0] {
            #expect(Self.close(flat.interpolated(k: 1, beta: beta), 30))
            #expect(Self.close(flat.interpolated(k: 2, beta: beta), 30))
        }
        #expect(Self.close(flat.naive, 30))
    }
}
