import Config
import Foundation
import Trial

/// A set of control-market moments to fit and the free parameters that may move to fit them:
/// what `twinarm calibrate <config> --targets FILE` reads (YAML; see `experiments/targets/`).
///
/// Every target describes the *control* market — a platform's baseline — and carries its source.
/// A treatment effect is never a target (there is no moment for one).
public struct CalibrationTargets: Codable, Sendable {
    public var name: String
    public var parameters: [FreeParameter]
    public var moments: [MomentTarget]

    enum CodingKeys: String, CodingKey, CaseIterable { case name, parameters, moments }

    public init(name: String, parameters: [FreeParameter], moments: [MomentTarget]) {
        self.name = name; self.parameters = parameters; self.moments = moments
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? "targets"
        parameters = try c.decode([FreeParameter].self, forKey: .parameters)
        moments = try c.decode([MomentTarget].self, forKey: .moments)
    }

    /// Reads and checks a targets file; a bad field fails with one line naming it.
    public static func load(path: String) throws(ConfigError) -> CalibrationTargets {
        let text: String
        do { text = try ConfigLoader.read(path: path) } catch {
            if case .fileNotFound = error { throw .inputNotFound(path: path, what: "targets file (--targets); see experiments/targets/") }
            throw error
        }
        let targets = try ConfigLoader.decode(CalibrationTargets.self, text: text, path: path)
        try targets.validate()
        return targets
    }

    func validate() throws(ConfigError) {
        guard !parameters.isEmpty else { throw .invalidValue(field: "parameters", value: "[]", allowed: "at least one free parameter") }
        guard moments.count >= parameters.count else {
            throw .invalidValue(field: "moments", value: "\(moments.count) moments",
                           allowed: "at least as many moments as free parameters (\(parameters.count)), or the fit is not identified")
        }
        var seen = Set<CalibrationParameter>()
        for (i, p) in parameters.enumerated() {
            guard seen.insert(p.key).inserted else { throw .invalidValue(field: "parameters[\(i)].key", value: p.key.rawValue, allowed: "each parameter once") }
            guard p.lower.isFinite else {
                throw .invalidValue(field: "parameters[\(i)].lower", value: "\(p.lower)", allowed: "a finite bound")
            }
            guard p.upper.isFinite, p.lower < p.upper else {
                throw .invalidValue(field: "parameters[\(i)].upper", value: "\(p.upper)", allowed: "a finite bound above lower (\(p.lower))")
            }
            // The same range validation enforces on the config (the parameter registry's).
            let range = p.key.range
            for (bound, value) in [("lower", p.lower), ("upper", p.upper)] where !range.contains(value) {
                throw .invalidValue(field: "parameters[\(i)].\(bound)", value: "\(value)", allowed: "\(range.text) (the range of \(p.key.rawValue))")
            }
        }
        var moments = Set<Moment>()
        for (i, m) in self.moments.enumerated() {
            guard moments.insert(m.moment).inserted else { throw .invalidValue(field: "moments[\(i)].moment", value: m.moment.rawValue,
                allowed: "each moment once") }
            guard m.target.isFinite, m.target > 0 else { throw .invalidValue(field: "moments[\(i)].target", value: "\(m.target)",
                allowed: "a positive number") }
            guard !m.moment.isShare || m.target < 1 else {
                throw .invalidValue(field: "moments[\(i)].target", value: "\(m.target)",
                    allowed: "a share strictly between 0 and 1 (\(m.moment.rawValue) is one)")
            }
            guard m.tolerance.isFinite, m.tolerance > 0, m.tolerance <= 10 else {
                throw .invalidValue(field: "moments[\(i)].tolerance", value: "\(m.tolerance)", allowed: "a relative tolerance in (0, 10], e.g. 0.1 for ±10 %")
            }
            guard !m.source.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw .invalidValue(field: "moments[\(i)].source", value: "''", allowed: "where the number comes from, or 'assumption: …'")
            }
        }
    }
}

/// One parameter the fit may move, within bounds.
public struct FreeParameter: Codable, Sendable, Equatable {
    public var key: CalibrationParameter
    public var lower: Double
    public var upper: Double
    public init(key: CalibrationParameter, lower: Double, upper: Double) { self.key = key; self.lower = lower; self.upper = upper }

    enum CodingKeys: String, CodingKey, CaseIterable { case key, lower, upper }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        key = try c.decode(CalibrationParameter.self, forKey: .key)
        lower = try c.decode(Double.self, forKey: .lower)
        upper = try c.decode(Double.self, forKey: .upper)
    }
}

/// One moment of the control market, its target, the relative tolerance the fit must meet, and
/// where the number comes from.
public struct MomentTarget: Codable, Sendable, Equatable {
    public var moment: Moment
    public var target: Double
    public var tolerance: Double
    public var source: String
    public init(moment: Moment, target: Double, tolerance: Double, source: String) {
        self.moment = moment; self.target = target; self.tolerance = tolerance; self.source = source
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case moment, target, tolerance, source }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        moment = try c.decode(Moment.self, forKey: .moment)
        target = try c.decode(Double.self, forKey: .target)
        tolerance = try c.decode(Double.self, forKey: .tolerance)
        source = try c.decode(String.self, forKey: .source)
    }
}

/// The config values a calibration may fit, by their config key.
public enum CalibrationParameter: String, ConfigChoice, Hashable {
    case likeIntercept = "platform.likeIntercept"
    case likeSlope = "platform.likeSlope"
    case activity = "population.activity"
    case itemsPerDay = "creators.itemsPerDay"
    /// A factor on every tier's mean daily requests (`population.tierRequests`).
    case requestScale = "population.tierRequests.scale"
    case productionPercentile = "serving.productionPercentile"
    case rankerNoise = "serving.rankerNoise"
    case followReach = "serving.followReach"
    case followBonus = "serving.followBonus"

    /// A factor on the tiers' means: not a config key, so its range is declared here alone.
    static let requestScaleRange = ParameterRange.closed(0.01, 100, "a factor on every tier's mean requests")

    /// The registry's entry of the config key (nil for the request scale, a factor on a list).
    var parameter: Parameter<TrialConfig>? { self == .requestScale ? nil : TrialConfig.parameters[rawValue] }

    /// Values the config accepts: the parameter registry's range, the one validation enforces.
    var range: ParameterRange { parameter?.range ?? Self.requestScaleRange }

    /// The parameter's value in `config` (the request scale relative to the config's own tiers is 1).
    public func value(in config: TrialConfig) -> Double {
        parameter?.number(in: config) ?? 1
    }

    /// `config` with the parameter set to `value` (the request scale multiplies the tiers' means).
    public func setting(_ value: Double, in config: TrialConfig) -> TrialConfig {
        var c = config
        if let parameter {
            // A number within the registry's range: setting it cannot fail.
            try? TypedOverride(parameter: parameter, arm: nil, value: .number(value)).apply(to: &c)
        } else {
            c.population.tierRequests = config.population.tierRequests.map { $0 * value }
        }
        return c
    }
}
