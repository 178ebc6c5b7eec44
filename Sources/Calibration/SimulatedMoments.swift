import Config
import Foundation
import GSL
import Trial

/// Simulated method of moments: the free parameters that bring a config's control market closest
/// to its target moments.
///
/// The distance is Σ_k ((m_k(θ) − t_k) / (tol_k · t_k))²: each moment's relative miss in units of
/// its tolerance. Every evaluation runs the control market with the same seed (common random
/// numbers), so the distance is a deterministic function of θ and differences between nearby θ
/// are not swamped by simulation noise. GSL's Nelder–Mead simplex minimises it over the bounded
/// parameters, each mapped to the real line by a logistic transform.
///
/// Uncertainty: each target is read as a measurement whose standard error is its tolerance, and
/// the simulation's own noise is the covariance of the moments between the independent markets.
/// With G the moments' Jacobian at θ̂ (central differences, same seed), W = diag(1/(tol·t)²) and
/// Σ the sum of both covariances, the sandwich (G′WG)⁻¹ G′WΣWG (G′WG)⁻¹ gives the standard errors.
public enum SimulatedMoments {
    public struct Options: Sendable {
        /// Independent control markets per evaluation.
        public var replicates = 2
        public var seed: UInt64 = 0
        /// 0 measures the config's moments without moving anything.
        public var maxIterations = 80
        /// The simplex size (in transformed units) at which the fit stops.
        public var sizeTolerance = 0.01
        public init() {}
    }

    /// Fits `targets` on `config`; `progress` hears each evaluation's number and distance.
    public static func fit(_ config: TrialConfig, targets: CalibrationTargets, options: Options = Options(),
                           progress: (Int, Double) -> Void = { _, _ in }) throws(ConfigError) -> CalibrationFit {
        let parameters = targets.parameters
        func configAt(_ theta: [Double]) -> TrialConfig {
            zip(parameters, theta).reduce(config) { $1.0.key.setting($1.1, in: $0) }
        }
        func measure(_ theta: [Double]) throws(ConfigError) -> ControlMoments {
            try ControlMoments.measure(configAt(theta), replicates: options.replicates, seed: options.seed)
        }
        func distance(_ m: [Moment: Double]) -> Double {
            targets.moments.reduce(0) { sum, t in
                let miss = ((m[t.moment] ?? 0) - t.target) / (t.tolerance * t.target)
                return sum + miss * miss
            }
        }
        func theta(_ z: [Double]) -> [Double] {
            zip(parameters, z).map { p, z in p.lower + (p.upper - p.lower) / (1 + exp(-z)) }
        }
        // The fit starts from the config's own values: one outside the targets' bounds is refused,
        // never moved silently.
        for (i, p) in parameters.enumerated() {
            let v = p.key.value(in: config)
            guard v >= p.lower && v <= p.upper else {
                throw .invalidValue(field: "parameters[\(i)]", value: "bounds [\(p.lower), \(p.upper)]",
                                    allowed: "bounds that hold the config's starting value of \(p.key.rawValue) (\(v)); widen them or change the config")
            }
        }
        let start = parameters.map { p -> Double in
            let v = p.key.value(in: config)
            let u = Swift.min(Swift.max((v - p.lower) / (p.upper - p.lower), 0.02), 0.98)
            return log(u / (1 - u))
        }
        // Nelder–Mead cannot throw through GSL: a config the spec rejects scores +∞ and is recorded.
        var evaluations = 0
        var failure: ConfigError?
        // No iterations: measure the config as it is (every moment against its target, nothing moved).
        let result = options.maxIterations == 0 ? NelderMead.Result(point: start, value: 0, iterations: 0,
            converged: false) : NelderMead.minimize(start: start, steps: start.map { _ in 0.6 }, sizeTolerance: options.sizeTolerance,
                                         maxIterations: options.maxIterations) { z in
            evaluations += 1
            do throws(ConfigError) {
                let d = distance(try measure(theta(z)).pooled)
                progress(evaluations, d)
                return d
            } catch {
                failure = error
                return .infinity
            }
        }
        if let failure, !result.value.isFinite { throw failure }
        let startTheta = theta(start), fitted = theta(result.point)
        let atStart = try measure(startTheta), atFit = try measure(fitted)

        // The Jacobian of the pooled moments at the fit, by central differences (same seed).
        let moments = targets.moments
        var jacobian = [[Double]](repeating: [Double](repeating: 0, count: parameters.count), count: moments.count)
        for (a, p) in parameters.enumerated() {
            let h = 0.02 * (p.upper - p.lower)
            var up = fitted, down = fitted
            up[a] = Swift.min(p.upper, fitted[a] + h); down[a] = Swift.max(p.lower, fitted[a] - h)
            let mu = try measure(up).pooled, md = try measure(down).pooled
            for (k, t) in moments.enumerated() { jacobian[k][a] = ((mu[t.moment] ?? 0) - (md[t.moment] ?? 0)) / (up[a] - down[a]) }
        }
        let errors = standardErrors(jacobian: jacobian, targets: moments, markets: atFit.byMarket)

        let rows = moments.map { t in
            CalibrationFit.Row(moment: t.moment, target: t.target, tolerance: t.tolerance,
                               start: atStart.pooled[t.moment] ?? 0, fitted: atFit.pooled[t.moment] ?? 0, source: t.source)
        }
        let fittedParameters = parameters.enumerated().map { a, p in
            CalibrationFit.Parameter(key: p.key, lower: p.lower, upper: p.upper, start: startTheta[a], estimate: fitted[a],
                                     standardError: errors?[a])
        }
        return CalibrationFit(name: targets.name, evaluations: evaluations, iterations: result.iterations, converged: result.converged,
                              distance: distance(atFit.pooled), startDistance: distance(atStart.pooled),
                              replicates: options.replicates, seed: options.seed,
                              parameters: fittedParameters, rows: rows, config: configAt(fitted))
    }

    /// The sandwich standard errors, or nil when the moments do not identify the parameters.
    static func standardErrors(jacobian g: [[Double]], targets: [MomentTarget], markets: [[Moment: Double]]) -> [Double]? {
        let k = targets.count, p = g.first?.count ?? 0
        let scale = targets.map { $0.tolerance * $0.target }
        // Σ: the targets' own variances plus the simulation's (covariance of the market means).
        var sigma = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
        for a in 0..<k { sigma[a][a] = scale[a] * scale[a] }
        let r = markets.count
        if r >= 2 {
            let values = markets.map { m in targets.map { m[$0.moment] ?? 0 } }
            let mean = (0..<k).map { a in values.reduce(0) { $0 + $1[a] } / Double(r) }
            for a in 0..<k {
                for b in 0..<k {
                    let cov = values.reduce(0) { $0 + ($1[a] - mean[a]) * ($1[b] - mean[b]) } / Double(r - 1)
                    sigma[a][b] += cov / Double(r)
                }
            }
        }
        let w = scale.map { 1 / ($0 * $0) }
        var gwg = [[Double]](repeating: [Double](repeating: 0, count: p), count: p)
        for i in 0..<p { for j in 0..<p { gwg[i][j] = (0..<k).reduce(0) { $0 + g[$1][i] * w[$1] * g[$1][j] } } }
        guard let bread = LinearAlgebra.inverse(gwg) else { return nil }
        // meat = G′ W Σ W G
        var meat = [[Double]](repeating: [Double](repeating: 0, count: p), count: p)
        for i in 0..<p {
            for j in 0..<p {
                var s = 0.0
                for a in 0..<k { for b in 0..<k { s += g[a][i] * w[a] * sigma[a][b] * w[b] * g[b][j] } }
                meat[i][j] = s
            }
        }
        let product = (0..<p).map { i in (0..<p).map { j in (0..<p).reduce(0) { $0 + bread[i][$1] * meat[$1][j] } } }
        let v = (0..<p).map { i in (0..<p).map { j in (0..<p).reduce(0) { $0 + product[i][$1] * bread[$1][j] } } }
        let se = (0..<p).map { v[$0][$0] >= 0 ? sqrt(v[$0][$0]) : .nan }
        return se.allSatisfy(\.isFinite) ? se : nil
    }
}

/// The outcome of a calibration: the fitted parameters with their uncertainty, each moment
/// against its target, and the fitted config.
public struct CalibrationFit: Sendable {
    public struct Parameter: Sendable, Codable, Equatable {
        public var key: CalibrationParameter
        public var lower: Double, upper: Double
        public var start: Double, estimate: Double
        public var standardError: Double?
    }
    public struct Row: Sendable, Codable, Equatable {
        public var moment: Moment
        public var target: Double, tolerance: Double
        public var start: Double, fitted: Double
        public var source: String
        /// The fitted moment's miss relative to its target.
        public var relativeError: Double { (fitted - target) / target }
        public var withinTolerance: Bool { abs(relativeError) <= tolerance }
    }
    public var name: String
    public var evaluations: Int, iterations: Int
    public var converged: Bool
    public var distance: Double, startDistance: Double
    public var replicates: Int
    public var seed: UInt64
    public var parameters: [Parameter]
    public var rows: [Row]
    /// The config with the fitted values.
    public var config: TrialConfig
}

extension CalibrationFit: Encodable {
    enum CodingKeys: String, CodingKey {
        case name, evaluations, iterations, converged, distance, startDistance, replicates, seed, parameters, moments
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(evaluations, forKey: .evaluations)
        try c.encode(iterations, forKey: .iterations)
        try c.encode(converged, forKey: .converged)
        try c.encode(distance, forKey: .distance)
        try c.encode(startDistance, forKey: .startDistance)
        try c.encode(replicates, forKey: .replicates)
        try c.encode(seed, forKey: .seed)
        try c.encode(parameters, forKey: .parameters)
        try c.encode(rows, forKey: .moments)
    }
}
