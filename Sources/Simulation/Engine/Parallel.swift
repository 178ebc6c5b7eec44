import Foundation
import Synchronization

/// A fixed team of threads that runs short, synchronous parallel sections with little hand-off cost.
///
/// The offline game hands out work in pieces of tens of microseconds — too small for a dispatch
/// queue, whose wake-ups cost about as much. The helper threads here spin briefly on an atomic
/// generation counter between sections, then yield, so a section starts within a microsecond.
/// Create one per run that asks for more than one thread; it stops its helpers when released.
public final class WorkerTeam: @unchecked Sendable {
    /// Threads taking part in a section, the caller included.
    public let size: Int
    private let generation = Atomic<Int>(0)
    private let finished = Atomic<Int>(0)
    private let stopping = Atomic<Bool>(false)
    // Written by the caller before a section is published and read by helpers after they see it;
    // the release/acquire pair on `generation` orders the accesses.
    private nonisolated(unsafe) var job: ((Int) -> Void)?
    private var helpers: [Thread] = []

    public init(size: Int) {
        self.size = Swift.max(1, size)
        for index in 1..<self.size {
            let thread = Thread { [unowned self] in self.serve(index: index) }
            thread.stackSize = 1 << 20
            helpers.append(thread)
            thread.start()
        }
    }

    deinit {
        stopping.store(true, ordering: .releasing)
        generation.add(1, ordering: .releasing)
    }

    /// Calls `body(t)` for every `t` in `0..<size` at once and returns when all are done.
    ///
    /// The calls must share no mutable state (each writes only its own slots and reads state
    /// nobody writes meanwhile); that is why `body` need not be `Sendable`.
    func run(_ body: (Int) -> Void) {
        guard size > 1 else { return body(0) }
        withoutActuallyEscaping(body) { body in
            job = body
            finished.store(0, ordering: .relaxed)
            generation.add(1, ordering: .releasing)
            body(0)
            var spins = 0
            while finished.load(ordering: .acquiring) < size - 1 {
                spins += 1
                if spins > 1_000_000 { sched_yield() }
            }
            job = nil
        }
    }

    private func serve(index: Int) {
        var seen = 0
        while true {
            var spins = 0
            var now = generation.load(ordering: .acquiring)
            while now == seen {
                spins += 1
                if spins > 2_000_000 { usleep(20) } else if spins > 200_000 { sched_yield() }
                now = generation.load(ordering: .acquiring)
            }
            seen = now
            if stopping.load(ordering: .acquiring) { return }
            job?(index)
            finished.add(1, ordering: .releasing)
        }
    }
}

/// Runs a parallel section on a team when there is one, inline otherwise.
enum Parallel {
    static func run(_ team: WorkerTeam?, _ body: (Int) -> Void) {
        if let team { team.run(body) } else { body(0) }
    }
}
