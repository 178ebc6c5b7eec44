import Foundation

/// The dose a mechanism gave, day by day (issue 32): the share of the treatment arm's users (market
/// pair 1) in each cold-start percentile band, and how much the weights moved that day — read off
/// `weights.csv` and the arm's size, so a re-rendered report shows it again.
///
/// Users of groups too small to re-weight have no weight row; they are counted in production's band.
package struct DoseSeries: Sendable, Equatable {
    package struct Day: Sendable, Equatable {
        package var day: Int
        /// Per band (aligned with ``bands``), the share of the arm's users in it.
        package var shares: [Double]
        /// Share of the arm's users whose group is dosed (its weight was measured).
        package var dosed: Double
        /// Re-weighted groups whose weight changed since the day before (nil on the first day), and
        /// the mean |Δ log w| over the re-weighted groups.
        package var moved: Int?
        package var meanLogChange: Double?
    }

    /// The percentile bands p that occur, highest (production's, the smallest K) first.
    package var bands: [Double]
    package var days: [Day]

    /// nil when the treatment arm has no weight rows or no users.
    package init?(_ rows: [WeightRow], treatment: String, armUsers: Int, productionPercentile: Double) {
        let treated = rows.filter { $0.replicate == 0 && $0.arm == treatment }
        guard armUsers > 0, !treated.isEmpty else { return nil }
        func band(_ p: Double) -> Double { (p * 1000).rounded() / 1000 }
        let production = band(productionPercentile)
        let bands = Set(treated.map { band($0.percentile) } + [production]).sorted(by: >)
        self.bands = bands
        let byDay = Dictionary(grouping: treated, by: \.day)
        var previous: [Int: Double]?
        days = byDay.keys.sorted().map { day in
            let today = byDay[day]!
            var users = [Double](repeating: 0, count: bands.count)
            var dosed = 0
            for row in today {
                users[bands.firstIndex(of: band(row.percentile))!] += Double(row.users)
                if row.dosed == 1 { dosed += row.users }
            }
            let rest = Swift.max(0, armUsers - today.reduce(0) { $0 + $1.users })
            users[bands.firstIndex(of: production)!] += Double(rest)
            let weights = Dictionary(today.map { ($0.group, $0.weight) }, uniquingKeysWith: { a, _ in a })
            var moved: Int?, change: Double?
            if let before = previous {
                let pairs = weights.compactMap { g, w in before[g].map { (w, $0) } }
                moved = pairs.filter { $0.0 != $0.1 }.count
                change = pairs.isEmpty ? nil : pairs.reduce(0) { $0 + abs(log($1.0 / $1.1)) } / Double(pairs.count)
            }
            previous = weights
            return Day(day: day, shares: users.map { $0 / Double(armUsers) }, dosed: Double(dosed) / Double(armUsers),
                       moved: moved, meanLogChange: change)
        }
    }
}
