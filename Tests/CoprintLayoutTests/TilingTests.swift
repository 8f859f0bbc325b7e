import CoprintLayout
import Foundation
import Testing
import TestSupport

/// A big page across small sheets, checked as geometry: the parts cover the page with a glue
/// overlap, and nothing is drawn where a home printer cannot print.
@Suite("Tiling")
struct TilingTests {
    static func page(_ paper: Paper, _ orientation: Orientation) -> Page {
        let size = paper.size(orientation)
        return Page(size: size, items: [.box(Rect(x: 0, y: 0, width: size.width, height: size.height), fill: .white, stroke: Colour(red: 0, green: 0, blue: 0), lineWidth: 1, radius: 0)],
                    contentBox: Rect(x: 0, y: 0, width: size.width, height: size.height), regionFrames: [])
    }

    @Test("A3 and A2 on A4: few sheets, a scale of at least 0.85, parts that cover the whole page and overlap by the glue margin",
          arguments: [(Paper.a3, Orientation.landscape, 2), (.a3, .portrait, 2), (.a2, .landscape, 4), (.a2, .portrait, 4)])
    func covers(paper: Paper, orientation: Orientation, expected: Int) throws {
        let page = Self.page(paper, orientation)
        let tiling = Tiling(sheet: .a4)
        let plan = tiling.plan(for: page.size)
        #expect(plan.count == expected)
        #expect(plan.scale >= Tiling.smallestScale && plan.scale <= 1)
        let sheets = tiling.sheets(for: page, label: "test")
        #expect(sheets.count == expected)
        let edge = Tiling.unprintable.points
        var parts: [Rect] = []
        for sheet in sheets {
            // Every sheet is A4, one way up or the other.
            let a4 = Paper.a4.size(.portrait)
            #expect(Set([sheet.size.width, sheet.size.height]) == Set([a4.width, a4.height]))
            let printable = Rect(x: edge, y: edge, width: sheet.size.width - 2 * edge, height: sheet.size.height - 2 * edge)
            guard case let .group(t, clip?, _) = sheet.items[0] else { Issue.record("no drawing group"); continue }
            #expect(printable.contains(clip))
            // Every mark and the label sit inside the printable area.
            for item in sheet.items.dropFirst() {
                if case let .rule(a, b, _, _) = item {
                    #expect(printable.contains(Rect(x: min(a.x, b.x), y: min(a.y, b.y), width: abs(a.x - b.x), height: abs(a.y - b.y))))
                }
            }
            for block in sheet.textBlocks where block.source == "sheet label" { #expect(printable.contains(block.frame)) }
            // The part of the page this sheet shows.
            parts.append(Rect(x: (clip.x - t.dx) / t.scale, y: (clip.y - t.dy) / t.scale, width: clip.width / t.scale, height: clip.height / t.scale))
        }
        // Together the parts cover the page: sample points on a grid.
        for i in 0...20 {
            for j in 0...20 {
                let p = Rect(x: page.size.width * Double(i) / 20, y: page.size.height * Double(j) / 20, width: 0, height: 0)
                #expect(parts.contains { $0.contains(p, tolerance: 0.01) }, "(\(p.x), \(p.y)) is on no sheet")
            }
        }
        // Neighbours across overlap by the glue margin (in page space, glue / scale).
        if plan.columns > 1 {
            let overlap = parts[0].maxX - parts[1].x
            #expect(abs(overlap - Tiling.glue.points / plan.scale) < 0.01)
        }
    }

    @Test("each sheet says which it is and what to do with it")
    func labels() {
        let sheets = Tiling(sheet: .a4).sheets(for: Self.page(.a2, .portrait), label: "A2 page 1 of 1")
        let labels = sheets.map { $0.textBlocks.filter { $0.source == "sheet label" }.map(\.text).joined() }
        #expect(labels[0] == "Sheet 1 of 4 (row 1, column 1), A2 page 1 of 1: keep this sheet whole; the others are glued over its edges.")
        #expect(labels[1].hasSuffix("cut along the left marks, then glue over sheet 1, lining up the drawing."))
        #expect(labels[3].contains("cut along the left and top marks, then glue over sheets 3 and 2"))
    }
}
