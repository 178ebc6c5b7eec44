import Foundation
import Testing
@testable import Analysis

/// Group-sequential boundaries by α-spending, against references computed outside TwinArm.
@Suite("Group-sequential boundaries")
struct GroupSequentialTests {
    static let five = [0.2, 0.4, 0.6, 0.8, 1.0]

    static func expect(_ found: [Double], _ reference: [Double], within tolerance: Double, _ label: String) {
        #expect(found.count == reference.count, "\(label)")
        for (f, r) in zip(found, reference) { #expect(abs(f - r) <= tolerance, "\(label): \(found) against \(reference)") }
    }

    /// Lan–DeMets O'Brien–Fleming-type spending, two-sided α = 0.05 (each side spending α/2), five
    /// equal looks: 4.8769, 3.3569, 2.6803, 2.2898, 2.0310 — R's ldbounds (`ldBounds(t = 1:5/5,
    /// iuse = 1, alpha = 0.05)`) and gsDesign's `sfLDOF`. Recomputed here with scipy 1.17.1
    /// (`multivariate_normal.cdf` with lower limits, each look solved by brentq):
    /// 4.8769, 3.3570, 2.6802, 2.2898, 2.0310; and for looks at 0.3, 0.65, 1: 3.9286, 2.5479, 1.9897.
    @Test func obrienFlemingSpendingMatchesLdbounds() throws {
        let b = try #require(GroupSequentialBoundaries(fractions: Self.five, alpha: 0.05, spending: .obrienFleming))
        Self.expect(b.critical, [4.8769, 3.3569, 2.6803, 2.2898, 2.0310], within: 6e-4, "LD OBF, five looks")
        #expect(abs(b.spent.last! - 0.05) < 1e-12)
        let uneven = try #require(GroupSequentialBoundaries(fractions: [0.3, 0.65, 1], alpha: 0.05, spending: .obrienFleming))
        Self.expect(uneven.critical, [3.9286, 2.5479, 1.9897], within: 6e-4, "LD OBF, uneven looks")
    }

    /// Pocock-type spending α·ln(1 + (e − 1)t), five equal looks (scipy as above):
    /// 2.4380, 2.4268, 2.4102, 2.3965, 2.3861.
    @Test func pocockSpendingMatchesTheReference() throws {
        let b = try #require(GroupSequentialBoundaries(fractions: Self.five, alpha: 0.05, spending: .pocock))
        Self.expect(b.critical, [2.4380, 2.4268, 2.4102, 2.3965, 2.3861], within: 6e-4, "LD Pocock")
    }

    /// The power family α·t^ρ against spotify-confidence 4.1.0 (PyPI), whose solver implements it:
    /// `sequential_bound_solver.bounds(t, alpha=0.05, rho=ρ, ztrun=8, sides=2)` gives, for ρ = 2,
    /// 3.09023231, 2.7140784, 2.47273707, 2.27981095, 2.1139679; for ρ = 1, 2.5758293, 2.49193153,
    /// 2.4107719, 2.33907903, 2.27544588.
    @Test func powerSpendingMatchesSpotifyConfidence() throws {
        let two = try #require(GroupSequentialBoundaries(fractions: Self.five, alpha: 0.05, spending: .power(2)))
        Self.expect(two.critical, [3.09023231, 2.7140784, 2.47273707, 2.27981095, 2.1139679], within: 5e-4, "ρ = 2")
        let one = try #require(GroupSequentialBoundaries(fractions: Self.five, alpha: 0.05, spending: .power(1)))
        Self.expect(one.critical, [2.5758293, 2.49193153, 2.4107719, 2.33907903, 2.27544588], within: 5e-4, "ρ = 1")
    }

    /// The classic shapes (Wang–Tsiatis family), five equal looks at two-sided α = 0.05: O'Brien &
    /// Fleming's 4.562, 3.226, 2.634, 2.281, 2.040 (C_B = 2.040) and Pocock's constant 2.413 —
    /// Jennison & Turnbull (2000), Tables 2.1 and 2.3; the issue quotes the first.
    @Test func classicShapesMatchJennisonAndTurnbull() throws {
        let obf = try #require(GroupSequentialBoundaries.wangTsiatis(fractions: Self.five, alpha: 0.05, delta: 0))
        Self.expect(obf.critical, [4.562, 3.226, 2.634, 2.281, 2.040], within: 1.5e-3, "O'Brien–Fleming")
        let pocock = try #require(GroupSequentialBoundaries.wangTsiatis(fractions: Self.five, alpha: 0.05, delta: 0.5))
        Self.expect(pocock.critical, [Double](repeating: 2.413, count: 5), within: 1.5e-3, "Pocock")
    }

    /// One look is the fixed-horizon test; daily looks spend no more than α in all; bad input is refused.
    @Test func edgesAndRefusals() throws {
        let one = try #require(GroupSequentialBoundaries(fractions: [1], alpha: 0.05, spending: .obrienFleming))
        #expect(abs(one.critical[0] - 1.959964) < 1e-5)
        let daily = (1...21).map { Double($0) / 21 }
        let b = try #require(GroupSequentialBoundaries(fractions: daily, alpha: 0.05, spending: .obrienFleming))
        let crossing = GroupSequentialBoundaries.crossing(fractions: daily, critical: b.critical)
        #expect(abs(crossing.reduce(0, +) - 0.05) < 2e-4, "\(crossing.reduce(0, +))")
        #expect(zip(b.critical, b.critical.dropFirst()).allSatisfy { $0 > $1 }, "OBF boundaries fall: \(b.critical)")
        #expect(GroupSequentialBoundaries(fractions: [0.5, 0.4, 1], alpha: 0.05, spending: .pocock) == nil)
        #expect(GroupSequentialBoundaries(fractions: [0, 1], alpha: 0.05, spending: .pocock) == nil)
        #expect(GroupSequentialBoundaries(fractions: [1], alpha: 1, spending: .pocock) == nil)
    }
}
