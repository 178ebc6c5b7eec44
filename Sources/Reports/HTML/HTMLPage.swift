/// The self-contained page shell: inline CSS, no scripts, no network; readable in print.
enum HTMLPage {
    static func wrap(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>\(SVGChart.escape(title))</title>
        <style>
        body { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; max-width: 1000px; margin: 2em auto; padding: 0 1em;
               color: #222; line-height: 1.45; }
        h1 { font-size: 1.6em; border-bottom: 2px solid #ddd; padding-bottom: .3em; }
        h2 { font-size: 1.25em; margin-top: 1.8em; border-bottom: 1px solid #eee; }
        table { border-collapse: collapse; margin: .8em 0; font-size: .9em; display: block; overflow-x: auto; max-width: 100%; }
        th, td { border: 1px solid #ccc; padding: .3em .6em; text-align: right; }
        th.l, td.l { text-align: left; }
        td { white-space: nowrap; }
        td:first-child { white-space: normal; }
        thead { background: #f3f3f3; }
        code { background: #f3f3f3; padding: 0 .25em; border-radius: 3px; }
        figure { margin: 1em 0; }
        figcaption { font-size: .85em; color: #555; }
        svg { max-width: 100%; height: auto; background: #fff; }
        svg .title { font-size: 13px; font-weight: 600; fill: #222; }
        svg .tick { font-size: 11px; fill: #444; }
        svg .label { font-size: 12px; fill: #222; }
        svg .legend { font-size: 12px; fill: #222; }
        svg .grid { stroke: #e6e6e6; stroke-width: 1; }
        svg .axis { stroke: #444; stroke-width: 1; }
        svg .frame { fill: none; stroke: #999; stroke-width: 1; }
        svg .zero { stroke: #444; stroke-width: 1; stroke-dasharray: 3 3; }
        @media print { body { max-width: none; margin: 0; } h2 { page-break-after: avoid; } figure, table { page-break-inside: avoid; } }
        </style>
        </head>
        <body>
        \(body)</body>
        </html>

        """
    }

    static func figure(_ svg: String, caption: String) -> String {
        "<figure>\n" + svg + "<figcaption>" + SVGChart.escape(caption) + "</figcaption>\n</figure>\n"
    }
}
