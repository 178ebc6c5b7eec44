/// The mechanisms TwinArm knows by name, as a closed value for configs.
public enum MechanismKind: String, Sendable, CaseIterable, Equatable {
    case control, uir, smt, hmt, newitem, exposure, bandit

    /// The names accepted in configs, for error messages.
    public static var allowedNames: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
