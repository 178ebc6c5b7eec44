import ArgumentParser
import Outputs
import Foundation
import Simulation
import Config
import Runs

/// `twinarm simulate`: one offline game, written as CSV and JSON.
struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the offline creator-competition game for one mechanism and seed.",
        discussion: """
        Writes DIR/welfare.csv (step, welfareServed, welfareDefault), DIR/groups.csv \
        (group, size, weight, utility), DIR/creators.csv (final strategies) and DIR/summary.json. \
        The folder is replaced only when every file is complete.
        """
    )

    @OptionGroup var options: ExperimentOptions

    @Option(help: "Mechanism: control, uir, smt or hmt (overrides mechanism.name).")
    var mechanism: String?

    @Option(help: "Random seed (overrides the config's seed).")
    var seed: UInt64?

    @Option(help: "Output folder (default: reports/<name>/<mechanism>).")
    var out: String?

    @Flag(help: "Replace the output folder even if it holds files TwinArm did not write.")
    var force = false

    func run() throws {
        let (config, experiment) = try options.load(mechanism: mechanism)
        let seed = self.seed ?? config.seed
        let steps = options.steps ?? config.dynamics.steps
        let output = try OutputFolder.checked(out: out, default: "\(OutputFolder.safeName(config.name))/\(experiment.mechanismName)",
                                              kind: .simulation, force: force)
        let bar = ProgressBar(total: steps, label: "\(experiment.mechanismName) seed \(seed)")
        let started = Date()
        let (ecosystem, result) = experiment.run(seed: seed, threads: ProcessInfo.processInfo.activeProcessorCount) { bar.update($0) }
        bar.finish()
        let summary = SimulationFiles.summary(name: config.name, mechanism: experiment.mechanismName, seed: seed,
                                              ecosystem: ecosystem, result: result, window: config.dynamics.tailWindow)
        try output.commit(SimulationFiles.files(summary: summary, ecosystem: ecosystem, result: result), interrupts: InterruptGuard())
        printError(String(format: "twinarm: %@ seed %llu: %d steps in %.2f s; final welfare served %.4f, default %.4f → %@",
                          experiment.mechanismName, seed, steps, Date().timeIntervalSince(started),
                          summary.finalWelfareServed, summary.finalWelfareDefault, output.path))
    }
}
