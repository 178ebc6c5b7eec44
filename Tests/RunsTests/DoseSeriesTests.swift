import Foundation
import Testing
@testable import Runs

/// The dose table of a report, against shares and weight changes worked out by hand.
@Suite("The dose by day")
struct DoseSeriesTests {
    func row(day: Int, group: Int, users: Int, weight: Double, dosed: Bool, percentile: Double) -> WeightRow {
        var r = WeightRow()
        r.arm = "hmt"; r.day = day; r.group = group; r.users = users; r.weight = weight
        r.dosed = dosed ? 1 : 0; r.percentile = percentile
        return r
    }

    @Test func sharesCountUnweightedUsersInProductionsBand() throws {
        // An arm of 100 users: groups 0 (30 users) and 1 (50) are re-weighted, 20 users are in groups too small.
        let rows = [
            row(day: 1, group: 0, users: 30, weight: 1, dosed: false, percentile: 0.99),
            row(day: 1, group: 1, users: 50, weight: 1, dosed: false, percentile: 0.99),
            row(day: 2, group: 0, users: 30, weight: 0.8, dosed: true, percentile: 0.99),
            row(day: 2, group: 1, users: 50, weight: 1.2, dosed: true, percentile: 0.90),
        ]
        var other = row(day: 2, group: 1, users: 50, weight: 9, dosed: true, percentile: 0.1)
        other.arm = "control"
        let dose = try #require(DoseSeries(rows + [other], treatment: "hmt", armUsers: 100, productionPercentile: 0.99))
        #expect(dose.bands == [0.99, 0.90])
        #expect(dose.days.map(\.day) == [1, 2])
        // Day 1: everyone at production's band, nobody dosed; no day before it.
        #expect(dose.days[0].shares == [1, 0] && dose.days[0].dosed == 0)
        #expect(dose.days[0].moved == nil && dose.days[0].meanLogChange == nil)
        // Day 2: 30 + 20 users at 0.99, 50 at 0.90; 80 dosed; both weights moved, mean |Δ log w| = (|ln 0.8| + ln 1.2) / 2.
        #expect(dose.days[1].shares == [0.5, 0.5] && dose.days[1].dosed == 0.8)
        #expect(dose.days[1].moved == 2)
        let expected = (0.2231435513142097 + 0.1823215567939546) / 2
        #expect(abs(dose.days[1].meanLogChange! - expected) < 1e-12)
        #expect(DoseSeries([], treatment: "hmt", armUsers: 100, productionPercentile: 0.99) == nil)
    }
}
