import Foundation
import Testing
@testable import Simulation

/// `MatchingState` keeps per-user top-K lists in raw buffers: its invariants are checked after
/// every update of a random sequence of creator moves and K / β changes.
@Suite("MatchingState invariants")
struct MatchingStateTests {
    /// A seeded SplitMix64 so the sequence is the same every run.
    struct Mixer {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }
        mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func invariantsHoldAfterEveryUpdate(seed: UInt64) {
        var rng = Mixer(state: seed)
        let creators = 40, users = 25
        // Coarse relevances so ties (broken by the lower index) occur.
        var sigma = (0..<(creators * users)).map { _ in (rng.uniform() * 20).rounded() / 20 }
        var matching = (0..<users).map { _ in UserMatching(k: 1 + rng.int(6), beta: [0, 0.05, 0.5][rng.int(3)], rewardWeight: 1) }
        let state = sigma.withUnsafeBufferPointer {
            MatchingState(sigma: $0.baseAddress!, userCount: users, creatorCount: creators, sigmaMax: 1, matching: matching)
        }
        var checks = 0
        sigma.withUnsafeBufferPointer { state._checkInvariants(sigma: $0.baseAddress!); checks += 1 }
        for step in 0..<400 {
            if step % 25 == 24 {
                // K rises (past the capacity, forcing a reallocation) or falls, β changes.
                matching = matching.map { _ in UserMatching(k: 1 + rng.int(step < 200 ? 30 : 4), beta: [0, 0.05, 0.5][rng.int(3)], rewardWeight: 1) }
                sigma.withUnsafeBufferPointer { state.configure(matching, sigma: $0.baseAddress!) }
            } else {
                // One creator moves: a new relevance row, sometimes far up or down.
                let i = rng.int(creators)
                let old = Array(sigma[(i * users)..<((i + 1) * users)])
                for j in 0..<users { sigma[i * users + j] = (rng.uniform() * 20).rounded() / 20 }
                old.withUnsafeBufferPointer { row in
                    sigma.withUnsafeBufferPointer { state.apply(creator: i, oldRow: row.baseAddress!, sigma: $0.baseAddress!, users: 0..<users) }
                }
            }
            sigma.withUnsafeBufferPointer { state._checkInvariants(sigma: $0.baseAddress!); checks += 1 }
        }
        #expect(checks == 401)
    }
}
