import CGSL

/// Derivative-free minimisation with GSL's Nelder–Mead simplex (`gsl_multimin_fminimizer_nmsimplex2`).
public enum NelderMead {
    /// The minimiser's end point.
    public struct Result: Sendable, Equatable {
        public var point: [Double]
        public var value: Double
        public var iterations: Int
        /// Whether the simplex shrank below `sizeTolerance` (otherwise the iteration budget ran out).
        public var converged: Bool
        public init(point: [Double], value: Double, iterations: Int, converged: Bool) {
            self.point = point; self.value = value; self.iterations = iterations; self.converged = converged
        }
    }

    /// Minimises `f` from `start`, with initial simplex steps `steps`, until the simplex's
    /// characteristic size falls below `sizeTolerance` or `maxIterations` pass. `f` must be finite
    /// where it is defined; a non-finite value is treated as +∞ (the simplex moves away).
    public static func minimize(start: [Double], steps: [Double], sizeTolerance: Double = 1e-3, maxIterations: Int = 200,
                                _ f: ([Double]) -> Double) -> Result {
        precondition(!start.isEmpty && start.count == steps.count, "a start point and one step per coordinate")
        _ = GSLRuntime.ready
        return withoutActuallyEscaping(f) { f in run(start: start, steps: steps, sizeTolerance: sizeTolerance, maxIterations: maxIterations, f) }
    }

    private static func run(start: [Double], steps: [Double], sizeTolerance: Double, maxIterations: Int,
                            _ f: @escaping ([Double]) -> Double) -> Result {
        let n = start.count
        final class Box { let f: ([Double]) -> Double; init(_ f: @escaping ([Double]) -> Double) { self.f = f } }
        let box = Unmanaged.passRetained(Box(f))
        defer { box.release() }
        var function = gsl_multimin_function(
            f: { x, params in
                guard let x, let params else { return .infinity }
                let n = Int(x.pointee.size)
                let point = (0..<n).map { gsl_vector_get(x, $0) }
                let value = Unmanaged<Box>.fromOpaque(params).takeUnretainedValue().f(point)
                return value.isFinite ? value : .greatestFiniteMagnitude
            },
            n: n, params: box.toOpaque())
        let x = gsl_vector_alloc(n)!, step = gsl_vector_alloc(n)!
        defer { gsl_vector_free(x); gsl_vector_free(step) }
        for i in 0..<n { gsl_vector_set(x, i, start[i]); gsl_vector_set(step, i, steps[i]) }
        guard let s = gsl_multimin_fminimizer_alloc(cgsl_multimin_nmsimplex2(), n) else {
            fatalError("GSL could not allocate a minimiser (out of memory)")
        }
        defer { gsl_multimin_fminimizer_free(s) }
        gsl_multimin_fminimizer_set(s, &function, x, step)
        var iterations = 0, converged = false
        while iterations < maxIterations {
            iterations += 1
            if gsl_multimin_fminimizer_iterate(s) != GSL_SUCCESS { break }
            if gsl_multimin_test_size(gsl_multimin_fminimizer_size(s), sizeTolerance) == GSL_SUCCESS { converged = true; break }
        }
        let best = gsl_multimin_fminimizer_x(s)!
        return Result(point: (0..<n).map { gsl_vector_get(best, $0) }, value: gsl_multimin_fminimizer_minimum(s),
                      iterations: iterations, converged: converged)
    }
}

/// Small dense linear algebra through GSL's LU decomposition.
public enum LinearAlgebra {
    /// The inverse of a square matrix given row by row, or nil when it is singular.
    public static func inverse(_ a: [[Double]]) -> [[Double]]? {
        let n = a.count
        guard n > 0, a.allSatisfy({ $0.count == n }) else { return nil }
        _ = GSLRuntime.ready
        let m = gsl_matrix_alloc(n, n)!, inv = gsl_matrix_alloc(n, n)!, p = gsl_permutation_alloc(n)!
        defer { gsl_matrix_free(m); gsl_matrix_free(inv); gsl_permutation_free(p) }
        for i in 0..<n { for j in 0..<n { gsl_matrix_set(m, i, j, a[i][j]) } }
        var sign: Int32 = 0
        guard gsl_linalg_LU_decomp(m, p, &sign) == GSL_SUCCESS else { return nil }
        let det = gsl_linalg_LU_det(m, sign)
        guard det != 0, det.isFinite, gsl_linalg_LU_invert(m, p, inv) == GSL_SUCCESS else { return nil }
        let out = (0..<n).map { i in (0..<n).map { j in gsl_matrix_get(inv, i, j) } }
        return out.allSatisfy { $0.allSatisfy(\.isFinite) } ? out : nil
    }
}
