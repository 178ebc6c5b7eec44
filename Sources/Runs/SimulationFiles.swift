import Foundation
import GSL
import Simulation
import Analysis
import Trial
import Config
import Sweeps

/// The summary of one `simulate` run, written as `summary.json`.
package struct SimulationSummary: Codable, Equatable {
    package var experiment: String
    package var mechanism: String
    package var seed: UInt64
    package var steps: Int
    package var users: Int
    package var creators: Int
    package var groups: Int
    package var initialWelfareServed: Double
    package var initialWelfareDefault: Double
    /// Mean welfare over steps 50–100; absent for runs shorter than 50 steps.
    package var plateauWelfareServed: Double?
    package var plateauWelfareDefault: Double?
    package var finalWelfareServed: Double
    package var finalWelfareDefault: Double
    package var finalWindow: Int
    package var weightSizeSpearman: Double?
    package var proposedMoves: Int
    package var acceptedMoves: Int
    package var version: String
}

/// The files `twinarm simulate` writes, built from a result (no wall-clock figures: they stay byte-identical).
package enum SimulationFiles {
    /// Steps over which the "first plateau" reading is averaged.
    package static let plateau = 50...100

    package static func summary(name: String, mechanism: String, seed: UInt64, ecosystem: EcosystemShape,
                        result: GameResult, window: Int) -> SimulationSummary {
        SimulationSummary(
            experiment: name, mechanism: mechanism, seed: seed, steps: result.welfareServed.count - 1,
            users: ecosystem.userCount, creators: ecosystem.creatorCount, groups: result.groupSizes.count,
            initialWelfareServed: result.welfareServed[0], initialWelfareDefault: result.welfareDefault[0],
            plateauWelfareServed: finite(GameResult.mean(result.welfareServed, over: plateau)),
            plateauWelfareDefault: finite(GameResult.mean(result.welfareDefault, over: plateau)),
            finalWelfareServed: GameResult.tailMean(result.welfareServed, window: window),
            finalWelfareDefault: GameResult.tailMean(result.welfareDefault, window: window),
            finalWindow: window,
            weightSizeSpearman: Descriptive.spearman(result.groupSizes.map(Double.init), result.finalWeights),
            proposedMoves: result.proposedMoves, acceptedMoves: result.acceptedMoves, version: TwinArmVersion.current)
    }

    /// `welfare.csv`'s columns: its writer here and its reader, ``OfflineRecord``.
    package static let welfareSchema = CSVSchema<WelfareRow>(file: "welfare.csv", columns: [
        .int("step", \.step), .double("welfareServed", \.served), .double("welfareDefault", \.standard),
    ])

    package static func finite(_ x: Double) -> Double? { x.isFinite ? x : nil }

    package static func files(summary: SimulationSummary, ecosystem: EcosystemShape, result: GameResult) throws -> [(name: String, contents: Data)] {
        // Never a non-finite number in an output.
        if RunJSON.hasNonFinite(summary) { throw RunFileError.nonFinite(file: "summary.json") }
        if !(result.welfareServed + result.welfareDefault + result.finalWeights + result.groupUtility + result.finalStrategies).allSatisfy(\.isFinite) {
            throw RunFileError.nonFinite(file: "welfare.csv, groups.csv or creators.csv")
        }
        let welfare = welfareSchema.text(result.welfareServed.indices.map { step in
            var row = WelfareRow()
            row.step = step; row.served = result.welfareServed[step]; row.standard = result.welfareDefault[step]
            return row
        })
        var groups = "group,size,weight,utility\n"
        for l in result.groupSizes.indices {
            groups += "\(l),\(result.groupSizes[l]),\(result.finalWeights[l]),\(result.groupUtility[l])\n"
        }
        let d = ecosystem.dimension
        var creators = "creator," + (0..<d).map { "s\($0)" }.joined(separator: ",") + "\n"
        for i in 0..<ecosystem.creatorCount {
            creators += "\(i)," + (0..<d).map { "\(result.finalStrategies[i * d + $0])" }.joined(separator: ",") + "\n"
        }
        let json = try RunJSON.encode(summary)
        return [("welfare.csv", Data(welfare.utf8)), ("groups.csv", Data(groups.utf8)),
                ("creators.csv", Data(creators.utf8)), ("summary.json", json)]
    }
}
