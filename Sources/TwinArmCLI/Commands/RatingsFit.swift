import ArgumentParser
import Outputs
import Config
import Foundation
import Runs
import GSL
import Simulation

/// `twinarm ratings`: factorise a MovieLens-format ratings file and report held-out RMSE against
/// the plain baselines.
struct RatingsFit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ratings",
        abstract: "Factorise a ratings file (MovieLens format) and print held-out RMSE against the mean and bias baselines.",
        discussion: """
        Holds out each rating with probability --holdout, fits a biased matrix factorisation \
        (alternating least squares, weighted-λ ridge) on the rest, and prints the held-out and training \
        RMSE of: the global mean; the mean plus user and item biases; and the factorisation. Users or \
        items with no training rating are predicted from what is known of them. Exit 66 when the file \
        is missing, 65 when a line is not `user item rating [timestamp]`.
        """
    )

    @Argument(help: "Ratings file: user item rating [timestamp] per line, '::'-, tab- or space-separated (scripts/ml-100k fetches MovieLens-100k).")
    var file: String

    @Option(help: "Latent factors.")
    var factors: Int = 32

    @Option(help: "Ridge penalty per rating (λ; each user's and item's penalty is λ × its ratings).")
    var regularisation: Double = 0.1

    @Option(help: "Alternating least-squares sweeps.")
    var sweeps: Int = 15

    @Option(help: "Share of ratings held out for the test RMSE.")
    var holdout: Double = 0.2

    @Option(help: "Random seed (the held-out draw and the starting factors).")
    var seed: UInt64 = 0

    @Option(help: "Also write the factorisation's user and item factors (fitted on every rating) to this file, for a trial's population.embeddings.")
    var embeddings: String?

    func validate() throws {
        guard (1...512).contains(factors) else { throw ValidationError("--factors must be between 1 and 512, not \(factors)") }
        guard regularisation > 0 && regularisation.isFinite else { throw ValidationError("--regularisation must be a positive number, not \(regularisation)") }
        guard (1...1000).contains(sweeps) else { throw ValidationError("--sweeps must be between 1 and 1000, not \(sweeps)") }
        guard holdout > 0 && holdout < 1 else { throw ValidationError("--holdout must be between 0 and 1 (exclusive), not \(holdout)") }
    }

    /// `--embeddings` must be a new file in an existing folder, or one TwinArm wrote (its first
    /// line); refused with 73 before any fit.
    static func checkEmbeddings(_ path: String) throws {
        guard !path.isEmpty else { throw OutputError.refused(path: path, reason: "the path is empty; give a file name") }
        let url = UserPath.url(path)
        if FileManager.default.isFolder(url.path) {
            throw OutputError.refused(path: path, reason: "it is a folder; give a file name")
        }
        let parent = url.deletingLastPathComponent()
        guard FileManager.default.isFolder(parent.path) else {
            throw OutputError.refused(path: path, reason: "its folder '\(parent.path)' does not exist; create it first")
        }
        guard FileManager.default.isWritableFile(atPath: parent.path) else {
            throw OutputError.refused(path: path, reason: "its folder '\(parent.path)' cannot be written")
        }
        guard FileManager.default.fileExists(atPath: url.path) else { return }
        let head = (try? String(contentsOfFile: path, encoding: .utf8).prefix(EmbeddingsFile.marker.count)) ?? ""
        guard head == EmbeddingsFile.marker else {
            throw OutputError.refused(path: path, reason: "it is a file TwinArm did not write; choose another name")
        }
    }

    func run() throws {
        if let embeddings { try Self.checkEmbeddings(embeddings) }
        // Progress lines start once the input is known good: a refusal stays one line.
        let clock = Date()
        let table = try RatingsFile.read(file)
        let all = table.ratings
        let fits = 2 + (embeddings == nil ? 0 : 1), total = Swift.max(1, sweeps)
        /// A line per sweep of each fit, with the time to go from the sweeps done so far.
        func progress(_ fit: Int, _ name: String) -> (Int) -> Void {
            let begun = Date().timeIntervalSince(clock)
            return { sweep in
                let elapsed = Date().timeIntervalSince(clock), done = Double((fit - 1) * total + sweep), all = Double(fits * total)
                let perSweep = (elapsed - begun) / Double(sweep)
                printError(String(format: "twinarm: ratings: fit %d/%d (%@) sweep %d/%d · %.1f s elapsed · about %.0f s to go", fit, fits, name,
                                  sweep, total, elapsed, perSweep * (all - done)))
            }
        }
        let (train, test) = all.split(holdout: holdout, stream: RandomStream(seed: seed, stream: 1))
        guard train.count > 0, test.count > 0 else {
            throw RatingsFileError.tooFew(path: file, ratings: all.count,
                need: "enough ratings to hold out a share of \(Self.number(holdout)) and train on the rest")
        }
        printError(String(format: "twinarm: ratings: %d ratings read · %.1f s elapsed", all.count, Date().timeIntervalSince(clock)))
        let start = Date()
        let biases = MatrixFactorisation(fitting: train, factors: 0, regularisation: regularisation, sweeps: sweeps,
                                         stream: RandomStream(seed: seed, stream: 2), progress: progress(1, "biases"))
        let model = MatrixFactorisation(fitting: train, factors: factors, regularisation: regularisation, sweeps: sweeps,
                                        stream: RandomStream(seed: seed, stream: 2), progress: progress(2, "\(factors) factors"))
        let seconds = Date().timeIntervalSince(start)
        let mean = train.mean
        print("ratings \(file): \(all.count) ratings, \(all.users) users, \(all.items) items, values "
            + "\(Self.number(all.value.min() ?? 0))–\(Self.number(all.value.max() ?? 0))")
        print(String(format: "held out %.0f %% (seed %llu): %d training ratings, %d test ratings", holdout * 100, seed, train.count, test.count))
        print("model                               test RMSE  train RMSE")
        func row(_ name: String, _ test: Double, _ train: Double) {
            print(name.padding(toLength: 36, withPad: " ", startingAt: 0) + String(format: "%9.4f  %10.4f", test, train))
        }
        row("global mean", test.rmse(constant: mean), train.rmse(constant: mean))
        row("mean + user and item biases", biases.rmse(test), biases.rmse(train))
        row("factorisation (\(factors) factors, λ \(Self.number(regularisation)))", model.rmse(test), model.rmse(train))
        print(String(format: "fitted in %.2f s (%d sweeps)", seconds, sweeps))
        if let embeddings {
            let full = MatrixFactorisation(fitting: all, factors: factors, regularisation: regularisation, sweeps: sweeps,
                                           stream: RandomStream(seed: seed, stream: 2), progress: progress(3, "every rating"))
            let text = EmbeddingsFile.text(dimension: factors, users: full.userFactors, userIDs: table.userIDs,
                                           items: full.itemFactors, itemIDs: table.itemIDs)
            do { try Data(text.utf8).write(to: UserPath.url(embeddings), options: .atomic) } catch {
                throw OutputError.writeFailed(path: embeddings, reason: OutputFolder.reason(error))
            }
            print("embeddings (every rating, \(factors) factors): \(embeddings) — \(all.users) users, \(all.items) items")
        }
    }

    /// `3`, `4.5`, `1e+19`: whole numbers without a decimal point, never through an integer type that could overflow.
    static func number(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(format: "%.0f", x) : String(x) }
}
