import Analysis
import Foundation
import GSL
import Simulation
import Trial
import Config
import Sweeps

/// The calibration a single-pair trial's report leads with: N simulated A/A trials of the same
/// config (its first two arms on production), whose unit-level z-scores give each row's
/// variance-inflation factor (``AAInflation``).
package enum SinglePairInflation {
    /// What `calibration.json` holds: the factors and the A/A trials' seeds.
    package struct File: Codable {
        package var seeds: [UInt64]
        package var inflation: AAInflation

        /// `calibration.json`'s one reader (a run folder's, or any file given to `analyze --calibration`).
        package static func read(_ data: Data) throws -> File {
            try RunJSON.decode(File.self, from: data)
        }

        package init(seeds: [UInt64], inflation: AAInflation) {
            self.seeds = seeds
            self.inflation = inflation
        }
    }

}
