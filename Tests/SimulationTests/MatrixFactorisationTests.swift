import GSL
import Simulation
import Testing

/// The ratings environment's factorisation (`twinarm ratings`).
@Suite("Matrix factorisation")
struct MatrixFactorisationTests {
    /// 12 users × 9 items, 81 of the pairs rated 1–5 by an integer formula (so that numpy builds the same table).
    static func fixture() -> Ratings {
        var r = Ratings(users: 12, items: 9)
        for u in 0..<12 { for i in 0..<9 where (u * 5 + i * 3) % 4 != 0 { r.append(user: u, item: i, value: Double(1 + (u * 7 + i * 11 + u * i) % 5)) } }
        return r
    }

    @Test func withNoFactorsItIsTheRidgeBiasModelNumpySolves() {
        // Reference: numpy 2.4.6, np.linalg.solve(XᵀX + λ diag(n), Xᵀ(r − μ)) with X the user and item
        // indicator columns, n their rating counts, λ = 0.1, μ the mean (the penalty λ·n of weighted-λ ALS).
        let userBias = [-0.607795942468, -0.229065316212, 0.199008674443, -0.487936446505, 0.755840421168, -0.099195186341,
                        -0.060731585298, 0.161414202845, -0.153250487923, 0.680025592879, -0.320471845038, 0.161414202845]
        let itemBias = [-0.168800905079, -0.233753319266, 0.015341645762, 0.724138283649, -0.471831208110, -0.233753319266,
                        -0.186678556258, -0.184952625442, 0.740290004012]
        let ratings = Self.fixture()
        #expect(ratings.count == 81)
        let fit = MatrixFactorisation(fitting: ratings, factors: 0, regularisation: 0.1, sweeps: 400, stream: RandomStream(seed: 1))
        #expect(abs(fit.mean - 3.185185185185185) < 1e-12)
        for u in 0..<12 { #expect(abs(fit.userBias[u] - userBias[u]) < 1e-6, "user \(u): \(fit.userBias[u])") }
        for i in 0..<9 { #expect(abs(fit.itemBias[i] - itemBias[i]) < 1e-6, "item \(i): \(fit.itemBias[i])") }
        // numpy: RMSE of the clipped predictions on the same table.
        #expect(abs(fit.rmse(ratings) - 1.168199946165) < 1e-6)
        // numpy: np.sqrt(np.mean((r - r.mean())**2)), the global-mean baseline.
        #expect(abs(ratings.rmse(constant: ratings.mean) - 1.325077320000) < 1e-9)
    }

    @Test func factorsRecoverALowRankTableThatBiasesCannot() {
        // Ratings from a known rank-2 model plus small noise; the held-out error of a 2-factor fit must
        // fall near the noise, far below the bias model's.
        let stream = RandomStream(seed: 3)
        let (users, items, k) = (300, 200, 2)
        let p = (0..<(users * k)).map { _ in stream.gaussian() }, q = (0..<(items * k)).map { _ in stream.gaussian() }
        var all = Ratings(users: users, items: items)
        for u in 0..<users { for i in 0..<items where stream.uniform() < 0.3 {
            let signal = (0..<k).reduce(0.0) { $0 + p[u * k + $1] * q[i * k + $1] }
            all.append(user: u, item: i, value: 3 + signal + stream.gaussian(sd: 0.1))
        } }
        let (train, test) = all.split(holdout: 0.2, stream: RandomStream(seed: 4))
        #expect(test.count > 2_000 && train.count > 10_000)
        let biases = MatrixFactorisation(fitting: train, factors: 0, regularisation: 0.01, sweeps: 10, stream: RandomStream(seed: 5))
        let model = MatrixFactorisation(fitting: train, factors: 2, regularisation: 0.01, sweeps: 30, stream: RandomStream(seed: 5))
        #expect(biases.rmse(test) > 1)
        #expect(model.rmse(test) < 0.2, "held-out RMSE \(model.rmse(test)) against the bias model's \(biases.rmse(test))")
    }

    @Test func theHoldOutSplitsEveryRatingOnce() {
        let ratings = Self.fixture()
        let (train, test) = ratings.split(holdout: 0.3, stream: RandomStream(seed: 2))
        #expect(train.count + test.count == ratings.count)
        #expect(test.count > 10 && train.count > 40)
        #expect(train.users == 12 && test.items == 9)
    }

    /// The `ratings` environment: users with enough ratings kept, dot products scaled to fill
    /// [−1, 1], and every creator's strategy one of the items she holds, before and after a move.
    @Test func theRatingsEnvironmentKeepsCreatorsOnTheirOwnItems() {
        let ratings = Self.fixture()
        let fit = MatrixFactorisation(fitting: ratings, factors: 3, regularisation: 0.1, sweeps: 20, stream: RandomStream(seed: 1))
        var counts = [Int](repeating: 0, count: 12)
        for u in ratings.user { counts[Int(u)] += 1 }
        let env = RatingsEnvironment(factorisation: fit, ratings: ratings, minimumRatings: 7, creators: 5, commonItems: 3, privateItems: 2)
        #expect(env.userCount == counts.filter { $0 >= 7 }.count && env.userCount < 12)
        var largest = 0.0
        for j in 0..<env.userCount {
            for i in 0..<env.itemCount {
                largest = max(largest, abs((0..<3).reduce(0.0) { $0 + env.users[j * 3 + $1] * env.items[i * 3 + $1] }))
            }
        }
        #expect(abs(largest - 1) < 1e-12)
        let ecosystem = env.makeEcosystem(stream: RandomStream(seed: 2))
        guard case let .catalogue(catalogue) = ecosystem.strategySet else { Issue.record("not a catalogue"); return }
        let common = Set(catalogue.held[0]).intersection(catalogue.held[1]).intersection(catalogue.held[2])
        #expect(common.count >= 3)
        func isHeld(_ point: [Double], by creator: Int) -> Bool {
            catalogue.held[creator].contains { item in (0..<3).allSatisfy { env.items[Int(item) * 3 + $0] == point[$0] } }
        }
        for i in 0..<5 {
            #expect(catalogue.held[i].count == 5)
            #expect(isHeld(Array(ecosystem.initialStrategies[(i * 3)..<((i + 1) * 3)]), by: i))
            var moved = [0.3, -0.2, 0.9]
            moved.withUnsafeMutableBufferPointer { ecosystem.strategySet.project($0, creator: i) }
            #expect(isHeld(moved, by: i))
            // The nearest held item, by brute force.
            let nearest = catalogue.held[i].min { a, b in
                func distance(_ item: Int32) -> Double { (0..<3).reduce(0.0) { let t = env.items[Int(item) * 3 + $1] - [0.3, -0.2,
                    0.9][$1]; return $0 + t * t } }
                return (distance(a), a) < (distance(b), b)
            }!
            #expect((0..<3).allSatisfy { env.items[Int(nearest) * 3 + $0] == moved[$0] })
        }
    }
}
