import CGSL

/// Process-wide GSL set-up that must happen before any GSL call.
///
/// GSL's default error handler aborts the process on a domain error. TwinArm turns it off once
/// and checks results instead (NaN or the status of the `_e` variants).
enum GSLRuntime {
    /// Touch this before calling into GSL; the initialiser runs exactly once, thread-safely.
    static let ready: Bool = {
        _ = gsl_set_error_handler_off()
        return true
    }()
}
