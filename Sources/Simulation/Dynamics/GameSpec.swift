/// Everything that defines one run of the offline game, apart from the ecosystem and the seed.
public struct GameSpec: Sendable {
    /// Number of LBR steps T (each creator tries once per step).
    public var steps: Int
    /// LBR step length η.
    public var eta: Double
    /// Platform default K and β.
    public var defaults: MatchingDefaults
    /// The mechanism applied to the weights.
    public var mechanism: any Mechanism
    /// The weight update, or `nil` to keep the initial weights fixed.
    public var reweighting: AdaptiveReweighting?
    /// Steps per epoch M.
    public var epochLength: Int
    /// Group of every user.
    public var groups: [Int]
    /// Starting weight of every group.
    public var initialWeights: [Double]
    /// Steps at the end over which final welfare and group utilities are averaged.
    public var tailWindow: Int

    public init(steps: Int, eta: Double, defaults: MatchingDefaults, mechanism: any Mechanism,
                reweighting: AdaptiveReweighting?, epochLength: Int, groups: [Int], initialWeights: [Double],
                tailWindow: Int = 100) {
        self.steps = steps
        self.eta = eta
        self.defaults = defaults
        self.mechanism = mechanism
        self.reweighting = reweighting
        self.epochLength = epochLength
        self.groups = groups
        self.initialWeights = initialWeights
        self.tailWindow = tailWindow
    }

    /// Number of groups L.
    public var groupCount: Int { initialWeights.count }
}
