import Foundation

/// The offline game's mechanisms side by side (`report.md`, `report.html` with welfare curves).
public enum WelfareReport {
    static func value(_ x: Double?) -> String { x.map { String(format: "%.4f", $0) } ?? "—" }

    public static func markdown(_ input: WelfareReportInput) -> String { document(input).markdown }
    public static func html(_ input: WelfareReportInput) -> String { document(input, charts: true).html }

    public static func document(_ input: WelfareReportInput, charts: Bool = false) -> ReportDocument {
        var doc = ReportDocument(title: "\(input.name): mechanisms side by side")
        doc.heading(1, "\(input.name): mechanisms side by side")
        doc.paragraph("Offline creator-competition game, seed \(input.seed). Welfare is shown as \(strong: "served") (under the matching the mechanism "
            + "applies) and \(strong: "default") (the same creators under the platform's default K and β).")
        var table = Table([.left("mechanism"), .right("step 0"), .left("plateau (50–100) served / default"), .right("end served"), .right("end default"),
                           .right("Δ end default vs control"), .right("ρ(weight, group size)")])
        let control = input.mechanisms.first { $0.name == "control" }?.readings.finalDefault
        for m in input.mechanisms {
            let r = m.readings
            let delta = control.flatMap { c in r.finalDefault.map { String(format: "%+.4f", $0 - c) } } ?? "—"
            table.add([Inline(m.name), Inline(value(r.initialServed)), "\(value(r.plateauServed)) / \(value(r.plateauDefault))",
                       Inline(value(r.finalServed)), Inline(value(r.finalDefault)), Inline(delta),
                       Inline(r.weightSizeSpearman.map { String(format: "%+.3f", $0) } ?? "—")])
        }
        doc.table(table)
        doc.paragraph("Data: each mechanism's folder holds \(code: "welfare.csv"), \(code: "groups.csv"), \(code: "creators.csv") and \(code: "summary.json").")
        if charts {
            var served = [SVGChart.Series](), standard = [SVGChart.Series]()
            for (i, m) in input.mechanisms.enumerated() {
                let color = SVGChart.palette[i % SVGChart.palette.count]
                // Every 10th step keeps the file small; the curves are smooth at that resolution.
                let thin = { (xs: [Double]) in stride(from: 0, to: xs.count, by: 10).map { (Double($0), xs[$0]) } }
                served.append(SVGChart.Series(name: m.name, points: thin(m.served), color: color))
                standard.append(SVGChart.Series(name: m.name, points: thin(m.standard), dashed: true, color: color))
            }
            doc.blocks.append(.htmlOnly([
                .heading(level: 2, "Charts"),
                .figure(svg: SVGChart(title: "Welfare, served matching", xLabel: "LBR step", yLabel: "welfare (mean user utility)").lines(served),
                        caption: "Welfare under the matching each mechanism applies, every 10th step."),
                .figure(svg: SVGChart(title: "Welfare, default matching", xLabel: "LBR step", yLabel: "welfare (mean user utility)").lines(standard),
                        caption: "The same creator positions under the default K and β: what creators moving did."),
            ]))
        }
        return doc
    }
}
