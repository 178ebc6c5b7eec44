import CGSL

/// Dense linear systems through GSL's linear algebra.
public enum LinearSystem {
    /// Solves A x = b for a symmetric positive-definite `n × n` matrix A (row-major; only its lower
    /// triangle is read) by Cholesky decomposition. `a` is overwritten by the factor and `b` by x.
    /// Returns false, leaving `b` unspecified, when A is not positive definite.
    public static func solvePositiveDefinite(_ a: inout [Double], _ b: inout [Double], n: Int) -> Bool {
        precondition(a.count == n * n && b.count == n, "a must be n × n and b of length n")
        guard n > 0 else { return true }
        _ = GSLRuntime.ready
        return a.withUnsafeMutableBufferPointer { am in
            b.withUnsafeMutableBufferPointer { bm in
                var matrix = gsl_matrix_view_array(am.baseAddress, n, n)
                var vector = gsl_vector_view_array(bm.baseAddress, n)
                guard gsl_linalg_cholesky_decomp1(&matrix.matrix) == GSL_SUCCESS else { return false }
                return gsl_linalg_cholesky_svx(&matrix.matrix, &vector.vector) == GSL_SUCCESS
            }
        }
    }
}
