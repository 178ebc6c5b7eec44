/// How SMT turns a weight into the temperature β(x).
public enum TemperatureMapping: Sendable, Equatable {
    /// β(x) = β · w (§5.1.3).
    case scaled
    /// β(x) read from a table of temperatures.
    case table(StepTable)

    /// β(x) for weight `w`, never negative.
    public func beta(forWeight w: Double, defaults: MatchingDefaults) -> Double {
        switch self {
        case .scaled: return Swift.max(0, defaults.beta * w)
        case .table(let table): return Swift.max(0, table.value(at: w))
        }
    }
}
