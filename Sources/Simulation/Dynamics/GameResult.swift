/// What one run of the offline game produced.
public struct GameResult: Sendable, Equatable {
    /// Welfare under the served matching after each step; index 0 is the starting profile.
    public var welfareServed: [Double]
    /// Welfare of the same profile under the platform default matching.
    public var welfareDefault: [Double]
    /// Group weights at the end.
    public var finalWeights: [Double]
    /// Number of users in each group.
    public var groupSizes: [Int]
    /// Each group's mean user utility over the last `tailWindow` steps (served matching).
    public var groupUtility: [Double]
    /// Creators' final strategies, `creatorCount × dimension`.
    public var finalStrategies: [Double]
    /// LBR tries and accepted moves.
    public var proposedMoves: Int
    public var acceptedMoves: Int
    /// User–creator relevance evaluations made by the market.
    public var evaluations: Int

    /// Mean of `series` over steps `range` (clamped to what exists).
    public static func mean(_ series: [Double], over range: ClosedRange<Int>) -> Double {
        let lo = Swift.max(0, range.lowerBound), hi = Swift.min(series.count - 1, range.upperBound)
        guard lo <= hi else { return .nan }
        return series[lo...hi].reduce(0, +) / Double(hi - lo + 1)
    }

    /// Mean of the last `window` entries of `series` (excluding step 0 when possible).
    public static func tailMean(_ series: [Double], window: Int) -> Double {
        let last = series.count - 1
        return mean(series, over: Swift.max(last == 0 ? 0 : 1, last - window + 1)...last)
    }
}
