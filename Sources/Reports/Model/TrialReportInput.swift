import Foundation
import Analysis

/// Everything a trial report shows: the question, the analysis, and the daily series.
///
/// Plain values only, so the renderers work the same on a simulated run or on re-read files.
public struct TrialReportInput: Sendable {
    public struct Arm: Sendable {
        public var name: String
        public var mechanism: String
        /// Realised users and creators, one entry per replicate.
        public var users: [Int]
        public var creators: [Int]
        public init(name: String, mechanism: String, users: [Int], creators: [Int]) {
            self.name = name; self.mechanism = mechanism; self.users = users; self.creators = creators
        }
    }

    /// One arm's day (replicate 0).
    public struct Day: Sendable {
        public var arm: String
        public var day: Int
        public var ltr: Double
        public var activeCreators: Int
        public init(arm: String, day: Int, ltr: Double, activeCreators: Int) {
            self.arm = arm; self.day = day; self.ltr = ltr; self.activeCreators = activeCreators
        }
    }

    /// A re-weighted group of the treatment arm at the end (replicate 0).
    public struct Weight: Sendable {
        public var group: Int
        public var users: Int
        public var weight: Double
        public init(group: Int, users: Int, weight: Double) { self.group = group; self.users = users; self.weight = weight }
    }

    public var name: String
    /// `symmetric` (disjoint arms, a real test's design) or `twin` (simulation only: the same units in every arm).
    public var design: String = "symmetric"
    public var seed: UInt64
    public var days: Int
    public var splitUsers: Double
    public var splitCreators: Double
    public var arms: [Arm]
    public var analysis: AnalysisReport
    public var daily: [Day]
    public var finalWeights: [Weight]

    public init(name: String, seed: UInt64, days: Int, splitUsers: Double, splitCreators: Double, arms: [Arm],
                analysis: AnalysisReport, daily: [Day], finalWeights: [Weight]) {
        self.name = name; self.seed = seed; self.days = days; self.splitUsers = splitUsers; self.splitCreators = splitCreators
        self.arms = arms; self.analysis = analysis; self.daily = daily; self.finalWeights = finalWeights
    }

    /// In a twin trial the arms share their units, so the tests' independence assumption fails:
    /// the difference is read as the mechanism's effect, and nothing is marked significant.
    public var isTwin: Bool { design == "twin" }

    /// The rows of the leading variance method.
    var rows: [TestRow] { analysis.tests.filter { $0.variance == analysis.varianceMethod } }

    func row(_ metric: String, _ breakdown: String) -> TestRow? {
        rows.first { $0.metric == metric && $0.breakdown == breakdown }
    }

    /// Week numbers present in the analysis.
    var weeks: [Int] {
        let labels = Set(rows.map(\.breakdown).filter { $0.hasPrefix("week ") })
        return labels.compactMap { Int($0.dropFirst(5)) }.sorted()
    }

    static let metricTitles: [(String, String)] = [
        ("ltr", "LTR (likes / impressions)"), ("coldStartImpressions", "cold-start impressions / user"),
        ("freshImpressions", "fresh (< 2 h) impressions / user"), ("topics", "topics / user (diversity)"),
    ]
}

/// One offline-game run per mechanism, for the side-by-side welfare report.
public struct WelfareReportInput: Sendable {
    public struct Mechanism: Sendable {
        public var name: String
        public var served: [Double]
        public var standard: [Double]
        public var summary: [String: Double]
        public init(name: String, served: [Double], standard: [Double], summary: [String: Double]) {
            self.name = name; self.served = served; self.standard = standard; self.summary = summary
        }
    }
    public var name: String
    /// `symmetric` (disjoint arms, a real test's design) or `twin` (simulation only: the same units in every arm).
    public var design: String = "symmetric"
    public var seed: UInt64
    public var mechanisms: [Mechanism]
    public init(name: String, seed: UInt64, mechanisms: [Mechanism]) { self.name = name; self.seed = seed; self.mechanisms = mechanisms }
}

/// Number formatting shared by the renderers (locale-free, deterministic).
enum Format {
    static func percent(_ x: Double?) -> String { x.map { String(format: "%+.2f%%", 100 * $0) } ?? "—" }
    static func p(_ x: Double?) -> String {
        guard let x else { return "—" }
        return x < 0.0001 ? "<0.0001" : String(format: "%.4f", x)
    }
    static func value(_ x: Double?) -> String { x.map { String(format: "%.5g", $0) } ?? "—" }
    static func significant(_ row: TestRow, alpha: Double) -> Bool { (row.adjustedPValue ?? 1) < alpha }
}
