import COpenBLAS

/// Single-precision matrix products through Debian's OpenBLAS: the scoring half of exact
/// retrieval (a block of users against a block of items, one call).
///
/// OpenBLAS's kernels differ from machine to machine (it picks one for the CPU at start-up), so
/// its products may differ in the last bits between machines and block shapes. Callers must not
/// let those bits decide anything: ``roundingBound(dimension:)`` bounds the difference from any
/// other order of summation, and retrieval uses it to re-score the products' shortlist exactly.
public enum BLAS {
    /// OpenBLAS's product, opened once (nil when the machine has no OpenBLAS: then a plain loop
    /// does the product, slower, with the same outcome). OpenBLAS runs single-threaded in the
    /// calling thread: TwinArm's own workers are the parallelism.
    private static let library: Library? = {
        guard let handle = copenblas_open(), let sgemm = copenblas_sgemm(handle) else { return nil }
        copenblas_set_threads(handle, 1)
        return Library(handle: handle, sgemm: sgemm)
    }()

    /// The opened library: immutable once opened, and OpenBLAS's entry points are thread-safe.
    private struct Library: @unchecked Sendable {
        let handle: UnsafeMutableRawPointer
        let sgemm: copenblas_sgemm_fn
    }

    /// Writes `scores[u · count + i] = ⟨users[u], items[i]⟩` for `u < userCount`, `i < count`:
    /// `items` is `count × dimension` and `users` is `userCount × dimension`, both row-major
    /// (each row contiguous); each user's scores come out contiguous.
    public static func scores(items: UnsafePointer<Float>, count: Int, users: UnsafePointer<Float>, userCount: Int,
                              dimension: Int, into scores: UnsafeMutablePointer<Float>) {
        guard count > 0, userCount > 0, dimension > 0 else { return }
        precondition(count <= Int(Int32.max) && userCount <= Int(Int32.max) && dimension <= Int(Int32.max))
        guard let sgemm = library?.sgemm else {
            for u in 0..<userCount {
                for i in 0..<count {
                    var sum: Float = 0
                    for k in 0..<dimension { sum += users[u * dimension + k] * items[i * dimension + k] }
                    scores[u * count + i] = sum
                }
            }
            return
        }
        // Column-major view: items are a dimension × count matrix A (ld dimension), users a
        // dimension × userCount matrix B; C = Aᵀ · B is count × userCount (ld count).
        var m = Int32(count), n = Int32(userCount), k = Int32(dimension)
        var lda = k, ldb = k, ldc = m
        var alpha: Float = 1, beta: Float = 0
        var transposed: CChar = 84 /* "T" */, plain: CChar = 78 /* "N" */
        sgemm(&transposed, &plain, &m, &n, &k, &alpha, items, &lda, users, &ldb, &beta, scores, &ldc)
    }

    /// A bound on |a − b| for two float32 evaluations of the same dot product of unit-scale vectors
    /// (‖x‖·‖y‖ ≤ 1) of length `dimension`, in any order of summation, with or without fused
    /// multiply-adds: each is within γ_d = d·u/(1 − d·u) of the exact value (u = 2⁻²⁴; Higham,
    /// *Accuracy and Stability of Numerical Algorithms*, §3.1), so together within 2γ_d; doubled
    /// again as a margin. Scale it by ‖x‖·‖y‖ for other vectors.
    public static func roundingBound(dimension: Int) -> Float {
        let u = Double(Float.ulpOfOne) / 2, nu = Double(dimension) * u
        return Float(4 * nu / (1 - nu))
    }

    /// The OpenBLAS build and the kernel it chose for this CPU, or why there is none (for benchmark output).
    public static var configuration: String {
        guard let handle = library?.handle else { return "no OpenBLAS (libopenblas.so.0 not found): a plain loop" }
        let config = copenblas_text(handle, "openblas_get_config").map { String(cString: $0) } ?? "?"
        let core = copenblas_text(handle, "openblas_get_corename").map { String(cString: $0) } ?? "?"
        return "OpenBLAS \(config) (\(core))"
    }
}
