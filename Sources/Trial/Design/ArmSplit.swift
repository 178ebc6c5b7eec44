import GSL

/// How many of the platform's users and creators land in each arm.
///
/// Every unit independently joins arm a with probability f (the same f for every arm) or no
/// arm, so the realised sizes are one multinomial draw — what a real randomisation produces
/// and what the sample-ratio check tests against.
public struct ArmSplit: Sendable, Equatable {
    public let users: [Int]
    public let creators: [Int]

    public init(spec: TrialSpec, stream: RandomStream) {
        let arms = spec.arms.count
        func draw(_ total: Int, _ fraction: Double) -> [Int] {
            let counts = stream.multinomial(trials: total, probabilities: [Double](repeating: fraction, count: arms)
                                            + [Swift.max(0, 1 - fraction * Double(arms))])
            return Array(counts.prefix(arms))
        }
        users = draw(spec.population.users, spec.split.userFraction)
        creators = draw(spec.population.creators, spec.split.creatorFraction)
    }
}
