// swift-tools-version:6.0
import PackageDescription

/// The simulation's hot loops run without run-time exclusivity checks in release builds (the
/// checks stay on in debug builds, which the tests use): `swift_beginAccess` and its access set
/// were about 2 % of a market pair (`perf`).
let hotPath: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

let package = Package(
    name: "TwinArm",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "twinarm", targets: ["twinarm"]),
        .library(name: "Simulation", targets: ["Simulation"]),
        .library(name: "Trial", targets: ["Trial"]),
        .library(name: "Analysis", targets: ["Analysis"]),
        .library(name: "UnitTables", targets: ["UnitTables"]),
        .library(name: "Sweeps", targets: ["Sweeps"]),
        .library(name: "GSL", targets: ["GSL"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // `swift package generate-documentation` for the DocC catalogs (scripts/docs); no code depends on it.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
        // Generators with shrinking for the readers' property tests (the edge fuzz's Swift half).
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // The C library, reached only through the `GSL` module.
        .systemLibrary(
            name: "CGSL",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev"])]
        ),
        // Debian's OpenBLAS: single-precision matrix products for retrieval, opened at run time
        // (RTLD_LOCAL, so GSL keeps its own reference CBLAS), reached only through `GSL`'s `BLAS`.
        .systemLibrary(
            name: "COpenBLAS",
            providers: [.apt(["libopenblas-dev"])]
        ),
        // Exact retrieval's fused score-and-threshold kernel (AVX-512, chosen at run time), reached
        // only through `GSL`'s `ScoreKernel`.
        .target(name: "CScoring"),
        // The one Swift face of the C libraries: GSL's random streams, distributions, CDFs,
        // statistics, OpenBLAS's matrix product and the fused scoring kernel.
        .target(name: "GSL", dependencies: ["CGSL", "COpenBLAS", "CScoring"]),
        // The creator-competition engine: ecosystem, matching, mechanisms, dynamics, environments.
        .target(name: "Simulation", dependencies: ["GSL"]),
        // The symmetric two-arm trial: population, split, arm markets, the day loop, unit tables.
        .target(name: "Trial", dependencies: ["Simulation", "GSL"], swiftSettings: hotPath),
        // Statistical tests and breakdowns over per-unit tables; knows nothing of the simulation.
        .target(name: "Analysis", dependencies: ["GSL"]),
        // Unit-table formats: the streaming, validating CSV reader of `analyze` (files and stdin).
        .target(name: "UnitTables", dependencies: ["Analysis", "GSL"]),
        // Sweeps: task manifests (grid × seeds, content-derived ids) and their summaries; no I/O.
        .target(name: "Sweeps", dependencies: ["Analysis", "GSL", .product(name: "Crypto", package: "swift-crypto")]),
        // YAML → spec: defaults declared once, strict decoding, validation errors that name the field.
        .target(
            name: "Config",
            dependencies: ["Simulation", "Trial", "Sweeps", "Analysis", "GSL", .product(name: "Yams", package: "Yams")]
        ),
        // Output folders TwinArm owns: atomic writes, the ledger of what it wrote, the interrupt guard.
        .target(name: "Outputs", dependencies: ["Config", "Sweeps"]),
        // The typed run record: what a run wrote, one writer and one reader per file; safe output folders.
        .target(name: "Runs", dependencies: ["Simulation", "Trial", "Analysis", "UnitTables", "Sweeps", "Config", "Outputs", "GSL"]),
        // Every command's one path (config → spec → runner → record → analysis → document), the
        // executors that run a study's tasks (in-process, local processes, Slurm) and its collection.
        .target(name: "Studies", dependencies: ["Config", "Runs", "Outputs", "Reports", "Sweeps", "Trial", "Analysis", "GSL"]),
        // Simulated method of moments: a config's control market fitted to target baseline moments.
        .target(name: "Calibration", dependencies: ["Config", "Trial", "GSL"]),
        // Report model and renderers (Markdown, self-contained HTML with SVG charts).
        .target(name: "Reports", dependencies: ["Analysis", "Sweeps", "Runs", "Outputs", "Trial", "Calibration", "Config"]),
        // Config decoding, output writing and the commands; the executable is a thin shell over it.
        .target(
            name: "TwinArmCLI",
            dependencies: [
                "Simulation", "Trial", "Analysis", "UnitTables", "Sweeps", "Reports", "GSL", "Config", "Runs", "Outputs", "Calibration", "Studies",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .executableTarget(name: "twinarm", dependencies: ["TwinArmCLI"]),
        // Helpers shared by the test targets (small trial specs, test mechanisms).
        .target(name: "TwinArmTestSupport", dependencies: ["Trial", "Simulation"], path: "Tests/TwinArmTestSupport"),
        .testTarget(name: "GSLTests", dependencies: ["GSL"]),
        .testTarget(name: "SimulationTests", dependencies: ["Simulation", "GSL"]),
        .testTarget(name: "AnalysisTests", dependencies: ["Analysis", "GSL"], exclude: ["reference.py", "reference_cuped.py", "reference_sequential.py", "reference_regression.py", "reference_tsri.py"]),
        .testTarget(name: "UnitTablesTests", dependencies: ["UnitTables", "Analysis"]),
        .testTarget(name: "SweepsTests", dependencies: ["Sweeps", "Analysis"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Analysis", "GSL", "Config", "Sweeps"]),
        .testTarget(name: "TrialTests", dependencies: ["Trial", "Simulation", "GSL", "TwinArmTestSupport"]),
        .testTarget(name: "ConfigTests", dependencies: ["Config", "Trial", "Simulation", "GSL", "Analysis", "Calibration",
                                                        .product(name: "PropertyBased", package: "swift-property-based")]),
        .testTarget(name: "OutputsTests", dependencies: ["Outputs"]),
        .testTarget(name: "RunsTests", dependencies: ["Runs", "Config", "Trial", "Analysis", "Sweeps"]),
        .testTarget(name: "StudiesTests", dependencies: ["TwinArmTestSupport", "Studies", "Runs", "Outputs", "Config", "Sweeps", "Analysis", "Reports", "Trial"]),
        .testTarget(name: "CalibrationTests", dependencies: ["Calibration", "Config", "Trial", "GSL"]),
        .testTarget(name: "CLITests", dependencies: ["TwinArmTestSupport", "TwinArmCLI", "Config", "Runs", "Outputs", "Studies", "Reports", "UnitTables", "Analysis", "Simulation", "Trial", "Sweeps", "twinarm"], exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
