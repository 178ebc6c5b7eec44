import Foundation

/// Refuses a config whose estimated peak memory exceeds what this machine has.
package enum MemoryBudget {
    /// The share of physical memory a run may plan to use.
    package static let share = 0.8

    package static func fits(_ bytes: Double) -> Bool {
        bytes <= share * Double(ProcessInfo.processInfo.physicalMemory)
    }

    package static func check(_ bytes: Double, field: String, value: some CustomStringConvertible) throws(ConfigError) {
        let physical = Double(ProcessInfo.processInfo.physicalMemory)
        guard bytes > share * physical else { return }
        throw .invalidValue(field: field, value: value.description,
                            allowed: String(format: "a size that fits in memory: this config needs an estimated %.1f GiB, this machine has %.1f GiB",
                                            bytes / 1_073_741_824, physical / 1_073_741_824))
    }
}
