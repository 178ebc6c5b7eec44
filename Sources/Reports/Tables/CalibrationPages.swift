import Calibration
import Outputs
import Foundation
import Runs

/// The files of `twinarm calibrate`: the fitted config, the fit as JSON and as a Markdown table.
package enum CalibrationPages {
    package static func files(_ fit: CalibrationFit, configPath: String, targetsPath: String) throws -> [RunFile] {
        let header = """
        # Calibrated by `twinarm calibrate \(configPath) --targets \(targetsPath)` (\(fit.evaluations) evaluations,
        # distance \(String(format: "%.4g", fit.startDistance)) → \(String(format: "%.4g", fit.distance))). Fitted values:
        \(fit.parameters.map { "#   \($0.key.rawValue): \(String(format: "%.6g", $0.estimate))" }.joined(separator: "\n"))

        """
        return [("calibrated.yaml", Data((header + (try fit.config.yamlText())).utf8)),
                ("fit.json", try RunJSON.encode(fit)), ("fit.md", Data(markdown(fit, targetsPath: targetsPath).utf8))]
    }

    /// The fit table: each moment against its target, then each parameter with its standard error.
    package static func markdown(_ fit: CalibrationFit, targetsPath: String) -> String {
        func g(_ x: Double) -> String { String(format: "%.4g", x) }
        var s = "# Calibration: \(fit.name)\n\n"
        s += "Targets `\(targetsPath)`; simulated method of moments (GSL Nelder–Mead, \(fit.evaluations) evaluations, "
        s += fit.iterations == 0 ? "no iterations: the config measured as it is" : fit.converged ? "converged" : "stopped at the iteration budget"
        s += "), \(fit.replicates) control market(s) per evaluation, seed \(fit.seed) (common random numbers). "
        s += "Distance Σ(relative miss / tolerance)²: \(g(fit.startDistance)) at the start, \(g(fit.distance)) fitted.\n\n"
        var moments = Table([.left("moment"), .left("definition"), .right("target"), .right("tolerance"), .right("start"), .right("fitted"), .right("miss"),
                             .left("within"), .left("source")])
        for r in fit.rows {
            moments.add([Inline(r.moment.rawValue), Inline(r.moment.definition), Inline(g(r.target)), "±\(String(format: "%.0f", 100 * r.tolerance)) %",
                         Inline(g(r.start)), Inline(g(r.fitted)), "\(String(format: "%+.1f", 100 * r.relativeError)) %",
                         r.withinTolerance ? "yes" : .strong("no"), Inline(r.source)])
        }
        s += moments.markdown
        var parameters = Table([.left("parameter"), .left("bounds"), .right("start"), .right("fitted"), .right("standard error")])
        for p in fit.parameters {
            parameters.add([.code(p.key.rawValue), "[\(g(p.lower)), \(g(p.upper))]", Inline(g(p.start)), Inline(g(p.estimate)),
                Inline(p.standardError.map(g) ?? "not identified")])
        }
        s += "\n" + parameters.markdown
        s += "\nStandard errors: the sandwich (G′WG)⁻¹G′WΣWG(G′WG)⁻¹ with each target read as a measurement whose standard error is "
        s += "its tolerance, plus "
            + "the simulation's noise between markets.\n"
        return s
    }
}
