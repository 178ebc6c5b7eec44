import Foundation
import Runs

/// `twinarm compare`'s Markdown: every mechanism × seed, then per mechanism over the seeds.
package enum CompareTable {
    package struct Row: Sendable {
        package var mechanism: String
        package var seed: UInt64
        package var summary: SimulationSummary
        package var near: Int?

        package init(mechanism: String, seed: UInt64, summary: SimulationSummary, near: Int?) {
            self.mechanism = mechanism; self.seed = seed; self.summary = summary; self.near = near
        }
    }

    static func f(_ x: Double?) -> String { x.map { String(format: "%.4f", $0) } ?? "—" }
    static func signed(_ x: Double?) -> String { x.map { String(format: "%+.4f", $0) } ?? "—" }

    package static func render(rows: [Row], name: String, tailWindow: Int, nearUser: Int?, radius: Double) -> String {
        let control = Dictionary(rows.filter { $0.mechanism == "control" }.map { ($0.seed, $0.summary) }, uniquingKeysWith: { a, _ in a })
        var s = "# \(name): mechanisms compared\n\n"
        s += "Welfare as served / under the default matching. Plateau = mean of steps 50–100; end = mean of the last \(tailWindow) steps; Δ = end − "
            + "control (same seed); ρ = Spearman(final group weight, group size).\n\n"
        var perSeed = Table([.left("mechanism"), .right("seed"), .left("step 0"), .left("plateau"), .left("end"), .right("Δ served"), .right("Δ default"),
                             .right("ρ(w, size)")] + (nearUser.map { [.right("creators ≤ \(radius) of user \($0)")] } ?? []))
        for row in rows {
            let m = row.summary
            let c = control[row.seed]
            perSeed.add(["\(row.mechanism)", "\(row.seed)", "\(f(m.initialWelfareServed)) / \(f(m.initialWelfareDefault))",
                         "\(f(m.plateauWelfareServed)) / \(f(m.plateauWelfareDefault))", "\(f(m.finalWelfareServed)) / \(f(m.finalWelfareDefault))",
                         Inline(signed(c.map { m.finalWelfareServed - $0.finalWelfareServed })),
                         Inline(signed(c.map { m.finalWelfareDefault - $0.finalWelfareDefault })),
                         Inline(m.weightSizeSpearman.map { String(format: "%+.3f", $0) } ?? "—")]
                        + (nearUser != nil ? [Inline(row.near.map(String.init) ?? "—")] : []))
        }
        s += perSeed.markdown
        s += "\n## Per mechanism, over \(Set(rows.map(\.seed)).count) seeds\n\n"
        var means = Table([.left("mechanism"), .right("mean end served"), .right("mean end default"), .right("min Δ default"),
                           .right("seeds with Δ default > 0"), .right("seeds with ρ < 0")] + (nearUser != nil ? [.right("mean creators near user")] : []))
        var order = [String]()
        for row in rows where !order.contains(row.mechanism) { order.append(row.mechanism) }
        for name in order {
            let group = rows.filter { $0.mechanism == name }
            let n = Double(group.count)
            let deltas = group.compactMap { r in control[r.seed].map { r.summary.finalWelfareDefault - $0.finalWelfareDefault } }
            means.add([Inline(name), Inline(f(group.reduce(0) { $0 + $1.summary.finalWelfareServed } / n)),
                       Inline(f(group.reduce(0) { $0 + $1.summary.finalWelfareDefault } / n)), Inline(signed(deltas.min())),
                       "\(deltas.filter { $0 > 0 }.count)/\(group.count)", "\(group.filter { ($0.summary.weightSizeSpearman ?? 0) < 0 }.count)/\(group.count)"]
                      + (nearUser != nil ? [Inline(f(Double(group.compactMap(\.near).reduce(0, +)) / n))] : []))
        }
        s += means.markdown
        return s
    }
}
