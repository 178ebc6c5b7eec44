import Dispatch
import Foundation

/// Runs independent jobs and returns their results in job order: on all cores, or one after the
/// other (the same results either way, since each job owns its random streams).
public enum ParallelRunner {
    public static func map<Job: Sendable, Output: Sendable>(_ jobs: [Job], parallel: Bool = true,
                                                           _ body: @Sendable (Job) -> Output) -> [Output] {
        let box = ResultBox<Output>(count: jobs.count)
        if parallel {
            DispatchQueue.concurrentPerform(iterations: jobs.count) { index in box.set(index, body(jobs[index])) }
        } else {
            for index in jobs.indices { box.set(index, body(jobs[index])) }
        }
        return box.values.map { $0! }
    }

    /// The results so far, one slot per job, written under a lock.
    private final class ResultBox<Output>: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var values: [Output?]
        init(count: Int) { values = [Output?](repeating: nil, count: count) }
        func set(_ index: Int, _ value: Output) {
            lock.lock(); values[index] = value; lock.unlock()
        }
    }
}
