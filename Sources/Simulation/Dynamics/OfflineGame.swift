import GSL

/// The offline game of §5.1: creators improve by Local Better Response while the platform
/// re-weights user groups every epoch and deploys the weights through a mechanism.
public enum OfflineGame {
    /// Runs `spec` on `ecosystem` with market implementation `Engine`, drawing every random
    /// choice (creator order, exploration directions) from `stream`.
    ///
    /// Two engines driven by equally seeded streams make identical choices, so their
    /// trajectories can be compared step by step.
    /// - Parameter progress: called after every step with the number of steps done.
    public static func run<Engine: MarketEngine>(
        _ engineType: Engine.Type,
        ecosystem: Ecosystem<Engine.Relevance>,
        spec: GameSpec,
        stream: RandomStream,
        progress: ((Int) -> Void)? = nil
    ) -> GameResult {
        let m = ecosystem.userCount, n = ecosystem.creatorCount, d = ecosystem.dimension
        precondition(spec.groups.count == m, "one group per user")
        precondition(spec.groups.allSatisfy { $0 >= 0 && $0 < spec.groupCount }, "group indices must be < number of weights")
        precondition(spec.epochLength >= 1 && spec.steps >= 0 && spec.eta > 0, "invalid spec")

        var weights = spec.initialWeights
        let baseline: UserMatching? = spec.mechanism.altersMatching
            ? UserMatching(k: spec.defaults.k, beta: spec.defaults.beta, rewardWeight: 1) : nil
        var market = Engine(ecosystem: ecosystem, matching: matching(for: weights, spec: spec),
                            baseline: baseline)

        var groupSizes = [Int](repeating: 0, count: spec.groupCount)
        for g in spec.groups { groupSizes[g] += 1 }

        var served = [Double](), standard = [Double]()
        served.reserveCapacity(spec.steps + 1)
        standard.reserveCapacity(spec.steps + 1)
        let start = market.welfare
        served.append(start.served)
        standard.append(start.default)

        var epochUtility = [Double](repeating: 0, count: m)
        var tailUtility = [Double](repeating: 0, count: m)
        let tailStart = Swift.max(1, spec.steps - spec.tailWindow + 1)
        var order = Array(0..<n)
        var direction = [Double](repeating: 0, count: d)
        var candidate = [Double](repeating: 0, count: d)
        var proposed = 0, accepted = 0

        for step in 1...Swift.max(1, spec.steps) where spec.steps > 0 {
            // Local Better Response: every creator tries once, in random order, against the current profile.
            stream.shuffle(&order)
            for i in order {
                direction.withUnsafeMutableBufferPointer { stream.direction(into: $0) }
                do {
                    let current = market.strategies
                    candidate.withUnsafeMutableBufferPointer { c in
                        for k in 0..<d { c[k] = current[i * d + k] + spec.eta * direction[k] }
                        ecosystem.strategySet.project(c)
                    }
                }
                proposed += 1
                let better = candidate.withUnsafeBufferPointer { c -> Bool in
                    let u = market.utilities(of: i, candidate: c)
                    return u.candidate >= u.current
                }
                if better {
                    candidate.withUnsafeBufferPointer { market.move(i, to: $0) }
                    accepted += 1
                }
            }
            let w = market.welfare
            served.append(w.served)
            standard.append(w.default)
            let utilities = market.userUtilities
            for j in 0..<m { epochUtility[j] += utilities[j] }
            if step >= tailStart { for j in 0..<m { tailUtility[j] += utilities[j] } }

            if step % spec.epochLength == 0 {
                if let rule = spec.reweighting {
                    var sums = [Double](repeating: 0, count: spec.groupCount)
                    for j in 0..<m { sums[spec.groups[j]] += epochUtility[j] }
                    let satisfaction: [Double?] = (0..<spec.groupCount).map { l in
                        groupSizes[l] > 0 ? sums[l] / Double(groupSizes[l] * spec.epochLength) : nil
                    }
                    weights = rule.updated(weights: weights, satisfaction: satisfaction,
                                           alpha: rule.alpha(atStep: step, horizon: spec.steps))
                    market.setMatching(matching(for: weights, spec: spec))
                }
                for j in 0..<m { epochUtility[j] = 0 }
            }
            progress?(step)
        }

        let tailSteps = Double(Swift.max(1, spec.steps - tailStart + 1))
        var groupUtility = [Double](repeating: 0, count: spec.groupCount)
        if spec.steps == 0 {
            let utilities = market.userUtilities
            for j in 0..<m { tailUtility[j] = utilities[j] }
        }
        for j in 0..<m { groupUtility[spec.groups[j]] += tailUtility[j] }
        for l in 0..<spec.groupCount {
            groupUtility[l] = groupSizes[l] > 0 ? groupUtility[l] / (Double(groupSizes[l]) * (spec.steps == 0 ? 1 : tailSteps)) : 0
        }
        return GameResult(welfareServed: served, welfareDefault: standard, finalWeights: weights,
                          groupSizes: groupSizes, groupUtility: groupUtility, finalStrategies: market.strategies,
                          proposedMoves: proposed, acceptedMoves: accepted, evaluations: market.evaluations)
    }

    /// Every user's matching under `weights`.
    static func matching(for weights: [Double], spec: GameSpec) -> [UserMatching] {
        let perGroup = weights.map { spec.mechanism.matching(forWeight: $0, defaults: spec.defaults) }
        return spec.groups.map { perGroup[$0] }
    }
}
