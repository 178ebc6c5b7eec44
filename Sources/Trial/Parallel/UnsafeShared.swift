/// A value handed to worker threads that only read it, or write disjoint parts of it (each its own
/// slot): the caller vouches for that, the compiler cannot see it.
struct UnsafeShared<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
