import GSL

/// How many of the platform's users and creators land in each arm.
///
/// Every unit independently joins arm a with probability f (the same f for every arm) or no
/// arm, so the realised sizes are one multinomial draw — what a real randomisation produces
/// and what the sample-ratio check tests against. In the twin design every arm holds the first
/// arm's draw; a twin whose share exceeds 1 / arms (up to the whole platform, split 1) draws that
/// share binomially. In a shared-market design the
/// sizes are those of the ``SharedAssignment``.
public struct ArmSplit: Sendable, Equatable {
    public let users: [Int]
    public let creators: [Int]

    public init(users: [Int], creators: [Int]) {
        self.users = users
        self.creators = creators
    }

    public init(spec: TrialSpec, stream: RandomStream) {
        let arms = spec.arms.count
        let fractions = [spec.split.userFraction, spec.split.creatorFraction]
        if spec.design == .twin, fractions.contains(where: { $0 * Double(arms) > 1 }) {
            let u = stream.binomial(trials: spec.population.users, p: spec.split.userFraction)
            let c = stream.binomial(trials: spec.population.creators, p: spec.split.creatorFraction)
            users = [Int](repeating: u, count: arms)
            creators = [Int](repeating: c, count: arms)
            return
        }
        func draw(_ total: Int, _ fraction: Double) -> [Int] {
            let counts = stream.multinomial(trials: total, probabilities: [Double](repeating: fraction, count: arms)
                                            + [Swift.max(0, 1 - fraction * Double(arms))])
            return Array(counts.prefix(arms))
        }
        users = draw(spec.population.users, spec.split.userFraction)
        creators = draw(spec.population.creators, spec.split.creatorFraction)
    }
}
