import Dispatch
import Foundation
import GSL

/// Runs a symmetric trial: draws the split, builds every arm from its own stream, and runs the
/// arms side by side (one thread each), day by day.
///
/// Streams: the world (topics, attribute tastes) uses stream 100 of the seed, the split stream 101,
/// and arm a uses stream 200 + a for everything it draws — so an arm's outputs depend only on the
/// seed, the shared world and its own config, never on the other arm.
public enum TrialRunner {
    /// - Parameter progress: called after each arm-day with (arm, day); may be called from several threads.
    public static func run(_ spec: TrialSpec, seed: UInt64,
                           progress: (@Sendable (_ arm: Int, _ day: Int) -> Void)? = nil) -> TrialOutcome {
        let world = World(spec: spec.population, stream: RandomStream(seed: seed, stream: 100))
        let split = ArmSplit(spec: spec, stream: RandomStream(seed: seed, stream: 101))
        let results = OutcomeBox(count: spec.arms.count)
        DispatchQueue.concurrentPerform(iterations: spec.arms.count) { a in
            results.set(a, runArm(a, spec: spec, seed: seed, world: world, split: split, progress: progress))
        }
        return TrialOutcome(armNames: spec.arms.map(\.name), split: split, arms: results.values.map { $0! })
    }

    /// One arm from start to end.
    public static func runArm(_ a: Int, spec: TrialSpec, seed: UInt64, world: World, split: ArmSplit,
                              progress: (@Sendable (Int, Int) -> Void)? = nil) -> ArmOutcome {
        let stream = RandomStream(seed: seed, stream: 200 + UInt64(a))
        let population = ArmPopulation(spec: spec.population, world: world, users: split.users[a],
                                       creators: split.creators[a], stream: stream)
        let market = ArmMarket(index: a, spec: spec, world: world, population: population, stream: stream)
        for day in 1...Swift.max(1, spec.days) {
            market.runDay(day)
            progress?(a, day)
        }
        return market.outcome()
    }

    private final class OutcomeBox: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var values: [ArmOutcome?]
        init(count: Int) { values = [ArmOutcome?](repeating: nil, count: count) }
        func set(_ index: Int, _ value: ArmOutcome) {
            lock.lock(); values[index] = value; lock.unlock()
        }
    }
}
