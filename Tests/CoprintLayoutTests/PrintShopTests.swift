import CoprintLayout
import Foundation
import Testing
import TestSupport

/// A page on a print shop's sheet, checked as geometry: no drawing needed.
@Suite("Print shop sheets")
struct PrintShopTests {
    static let page = Page(
        size: Size(width: 595.28, height: 841.89),
        items: [.box(Rect(x: 0, y: 0, width: 595.28, height: 841.89), fill: Colour(hex: "#fdf8e7")!, stroke: nil, lineWidth: 0, radius: 0),
                .box(Rect(x: 40, y: 40, width: 100, height: 100), fill: Colour.white, stroke: nil, lineWidth: 0, radius: 4)],
        contentBox: Rect(x: 34, y: 34, width: 527, height: 773), regionFrames: [])

    @Test("the page background runs into the bleed; boxes inside the page do not move relative to it")
    func background() throws {
        let shop = PrintShopSheet(bleed: .mm(3), marks: true)
        let sheet = shop.sheet(for: Self.page)
        let trim = try #require(sheet.trimBox), bleed = try #require(sheet.bleedBox)
        #expect(abs(trim.width - 595.28) < 0.001 && abs(trim.height - 841.89) < 0.001)
        #expect(abs((trim.x - bleed.x) - Length.mm(3).points) < 0.001)
        guard case .group(let t, _, let inner) = sheet.items[0] else { Issue.record("no group"); return }
        guard case .box(let bg, _, _, _, _) = inner[0], case .box(let small, _, _, _, _) = inner[1] else { Issue.record("no boxes"); return }
        // In the page's own space: the background reaches 3 mm past every edge.
        #expect(t.apply(bg) == bleed)
        #expect(small == Rect(x: 40, y: 40, width: 100, height: 100))
    }

    @Test("crop marks lie outside the bleed, in line with the trim edges, and inside the sheet")
    func marks() throws {
        let shop = PrintShopSheet(bleed: .mm(3), marks: true)
        let sheet = shop.sheet(for: Self.page)
        let trim = try #require(sheet.trimBox), bleed = try #require(sheet.bleedBox)
        let whole = Rect(x: 0, y: 0, width: sheet.size.width, height: sheet.size.height)
        var marks = 0
        for item in sheet.items.dropFirst() {
            guard case let .rule(from, to, _, _) = item else { continue }
            marks += 1
            for p in [from, to] {
                #expect(whole.contains(Rect(x: p.x, y: p.y, width: 0, height: 0)))
                let insideBleed = p.x > bleed.x + 0.01 && p.x < bleed.maxX - 0.01 && p.y > bleed.y + 0.01 && p.y < bleed.maxY - 0.01
                #expect(!insideBleed, "a mark reaches into the bleed at \(p)")
            }
            let onEdge = [trim.x, trim.maxX].contains(from.x) && from.x == to.x || [trim.y, trim.maxY].contains(from.y) && from.y == to.y
            #expect(onEdge)
        }
        #expect(marks == 8)
        // Without marks the sheet is the bleed box.
        let bare = PrintShopSheet(bleed: .mm(3), marks: false).sheet(for: Self.page)
        #expect(abs(bare.size.width - (595.28 + 2 * Length.mm(3).points)) < 0.001)
        #expect(bare.items.count == 1)
    }
}
