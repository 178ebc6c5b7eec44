import Foundation
import Analysis
import Trial
import Config
import Sweeps
import Simulation
/// The version written into every manifest and printed by `--version`.
public enum TwinArmVersion {
    public static let current = "0.1.0"
}
