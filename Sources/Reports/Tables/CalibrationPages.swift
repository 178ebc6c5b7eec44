import Calibration
import Config
import Outputs
import Foundation
import Runs

/// The files of `twinarm calibrate`: the fitted config, the fit as JSON and as a Markdown table.
package enum CalibrationPages {
    /// - Parameter source: the given config's text: `calibrated.yaml` is that text with the fitted
    ///   values set in place (comments and spellings kept), or — when the edit cannot be read back
    ///   as the fitted config — the fitted config written out in full.
    package static func files(_ fit: CalibrationFit, configPath: String, targetsPath: String, source: String? = nil) throws -> [RunFile] {
        let header = """
        # Calibrated by `twinarm calibrate \(configPath) --targets \(targetsPath)` (\(fit.evaluations) evaluations,
        # distance \(String(format: "%.4g", fit.startDistance)) → \(String(format: "%.4g", fit.distance))). Fitted values:
        \(fit.parameters.map { "#   \($0.key.rawValue): \(String(format: "%.6g", $0.estimate))" }.joined(separator: "\n"))

        """
        let body = try source.flatMap { edited(fit, source: $0) } ?? fit.config.yamlText()
        return [("calibrated.yaml", Data((header + body).utf8)),
                ("fit.json", try RunJSON.encode(fit)), ("fit.md", Data(markdown(fit, targetsPath: targetsPath).utf8))]
    }

    /// The source text with each fitted value set (and `days`, when `--days` changed it), if it
    /// decodes to exactly the fitted config.
    static func edited(_ fit: CalibrationFit, source: String) -> String? {
        func number(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(format: "%.1f", x) : "\(x)" }
        var edits = fit.parameters.map { p -> ConfigTextEdit.Edit in
            p.key == .requestScale
                ? .init(key: "population.tierRequests", value: "[" + fit.config.population.tierRequests.map(number).joined(separator: ", ") + "]")
                : .init(key: p.key.rawValue, value: number(p.key.value(in: fit.config)))
        }
        func matches(_ text: String) -> Bool {
            guard let decoded = try? ConfigLoader.decode(TrialConfig.self, text: text) else { return false }
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            return (try? encoder.encode(decoded)) == (try? encoder.encode(fit.config))
        }
        if let text = ConfigTextEdit.applying(edits, to: source), matches(text) { return text }
        edits.append(.init(key: "days", value: "\(fit.config.days)"))
        if let text = ConfigTextEdit.applying(edits, to: source), matches(text) { return text }
        return nil
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
