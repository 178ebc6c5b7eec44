import Dispatch
import Foundation

/// Runs independent jobs on all cores and returns their results in job order.
enum ParallelRunner {
    static func map<Job: Sendable, Output: Sendable>(_ jobs: [Job], _ body: @Sendable (Job) -> Output) -> [Output] {
        let box = ResultBox<Output>(count: jobs.count)
        DispatchQueue.concurrentPerform(iterations: jobs.count) { index in
            box.set(index, body(jobs[index]))
        }
        return box.values.map { $0! }
    }

    private final class ResultBox<Output>: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var values: [Output?]
        init(count: Int) { values = [Output?](repeating: nil, count: count) }
        func set(_ index: Int, _ value: Output) {
            lock.lock()
            values[index] = value
            lock.unlock()
        }
    }
}
