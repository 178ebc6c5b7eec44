import GSL

/// The offline game of §5.1: creators improve by Local Better Response while the platform
/// re-weights user groups every epoch and deploys the weights through a mechanism.
public enum OfflineGame {
    /// Runs `spec` on `ecosystem` with market implementation `Engine`, drawing every random
    /// choice (creator order, exploration directions) from `stream`.
    ///
    /// Two engines driven by equally seeded streams make identical choices, so their
    /// trajectories can be compared step by step.
    /// - Parameters:
    ///   - threads: threads that evaluate tries side by side; any value gives the same result.
    ///   - progress: called after every step with the number of steps done.
    public static func run<Engine: MarketEngine>(
        _ engineType: Engine.Type,
        ecosystem: Ecosystem<Engine.Relevance>,
        spec: GameSpec,
        stream: RandomStream,
        threads: Int = 1,
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
        let directions = UnsafeMutableBufferPointer<Double>.allocate(capacity: n * d)
        let candidates = UnsafeMutableBufferPointer<Double>.allocate(capacity: n * d)
        let threads = Swift.max(1, threads)
        let scratches = UnsafeMutableBufferPointer<Engine.Scratch>.allocate(capacity: threads)
        _ = scratches.initialize(from: (0..<threads).map { _ in market.makeScratch() })
        let outcomes = UnsafeMutableBufferPointer<Evaluation>.allocate(capacity: n)
        _ = outcomes.initialize(from: [Evaluation](repeating: Evaluation(current: 0, candidate: 0, evaluations: 0), count: n))
        defer {
            directions.deallocate(); candidates.deallocate(); outcomes.deallocate()
            _ = scratches.deinitialize(); scratches.deallocate()
        }
        let team = threads > 1 ? WorkerTeam(size: threads) : nil
        market.team = team
        var proposed = 0, accepted = 0, acceptedBefore = 0, queryEvaluations = 0
        var recentAcceptance = 0.05

        for step in 1...Swift.max(1, spec.steps) where spec.steps > 0 {
            // Local Better Response: every creator tries once, in random order, against the current
            // profile. Directions are drawn in that order up front; since only creator i moves on her
            // own try, her candidate depends on nothing that happens before it.
            stream.shuffle(&order)
            do {
                let current = market.strategies
                for (slot, i) in order.enumerated() {
                    let g = UnsafeMutableBufferPointer(rebasing: directions[(slot * d)..<((slot + 1) * d)])
                    stream.direction(into: g)
                    let c = UnsafeMutableBufferPointer(rebasing: candidates[(slot * d)..<((slot + 1) * d)])
                    for k in 0..<d { c[k] = current[i * d + k] + spec.eta * g[k] }
                    ecosystem.strategySet.project(c, creator: i)
                }
            }
            // Tries are evaluated a window at a time, in parallel, against the current profile; the
            // first accepted move invalidates the rest of the window, which is evaluated again after
            // it. The outcome is exactly that of trying one creator after another.
            var slot = 0
            while slot < n {
                let window = Swift.min(n - slot, threads > 1 ? windowSize(acceptance: recentAcceptance, threads: threads) : 1)
                let start = slot
                do {
                    // A read-only view for the workers; it goes out of scope before the market is mutated.
                    let frozen = market
                    Parallel.run(team) { t in
                        for q in stride(from: t, to: window, by: threads) {
                            let i = order[start + q]
                            outcomes[q] = frozen.utilities(of: i, candidate: candidates.baseAddress! + (start + q) * d,
                                                           scratch: &scratches[t])
                        }
                    }
                }
                var consumed = window
                for q in 0..<window {
                    proposed += 1
                    queryEvaluations += outcomes[q].evaluations
                    if outcomes[q].acceptsMove {
                        market.move(order[start + q], to: UnsafeBufferPointer(rebasing: candidates[((start + q) * d)..<((start + q + 1) * d)]))
                        accepted += 1
                        consumed = q + 1
                        break
                    }
                }
                slot += consumed
            }
            recentAcceptance = Double(accepted - acceptedBefore) / Double(n)
            acceptedBefore = accepted
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
                          proposedMoves: proposed, acceptedMoves: accepted, evaluations: market.evaluations + queryEvaluations)
    }

    /// Tries per parallel window: long enough to amortise the hand-off, short enough that few
    /// tries are discarded after an accepted move.
    static func windowSize(acceptance: Double, threads: Int) -> Int {
        // Hand-off cost against discarded tries: the best length grows like 1/√(acceptance rate).
        let best = (1 / Swift.max(acceptance, 0.001)).squareRoot()
        return Swift.max(threads, Swift.min(64, Int(best.rounded()) / threads * threads))
    }

    /// Every user's matching under `weights`.
    static func matching(for weights: [Double], spec: GameSpec) -> [UserMatching] {
        let perGroup = weights.map { spec.mechanism.matching(forWeight: $0, defaults: spec.defaults) }
        return spec.groups.map { perGroup[$0] }
    }
}
