import CoprintLayout
import Foundation
import Testing
import TestSupport

/// Layout geometry, checked without drawing anything: every shipped layout on every paper.
@Suite("Layout geometry")
struct LayoutGeometryTests {
    static let cases: [(String, Paper)] = Project.layoutNames.flatMap { name in Paper.allCases.map { (name, $0) } }

    func layOut(_ name: String, _ paper: Paper, filled: Bool = true) throws -> (Layout, LaidOutDocument) {
        let layout = try Layout.load(from: Project.layouts.appendingPathComponent("\(name).yaml"))
        let content = try filled ? (layout.contentFile.map { try Content.load(from: $0, for: layout) } ?? .blank(for: layout)) : .blank(for: layout)
        return (layout, LayoutEngine(layout: layout, content: content, paper: paper, measurer: FakeMeasurer()).run())
    }

    @Test("ships the five layouts the workshops need")
    func shippedLayouts() {
        #expect(Project.layoutNames == ["action-plan", "five-values", "key-steps", "support-tips", "top-tips"])
    }

    @Test("page size is exact A4, A3, A2 or A1 in the layout's orientation", arguments: cases)
    func pageSize(name: String, paper: Paper) throws {
        let (layout, doc) = try layOut(name, paper)
        // ISO sizes in points (210 x 297 mm and so on).
        let sizes: [Paper: (Double, Double)] = [.a4: (595.28, 841.89), .a3: (841.89, 1190.55), .a2: (1190.55, 1683.78), .a1: (1683.78, 2383.94)]
        let expected = try #require(sizes[paper])
        for page in doc.pages {
            let (w, h) = layout.orientation == .portrait ? expected : (expected.1, expected.0)
            #expect(abs(page.size.width - w) < 0.01 && abs(page.size.height - h) < 0.01)
        }
    }

    @Test("regions sit inside margins of at least 10 mm and do not overlap", arguments: cases)
    func regionsInsideMargins(name: String, paper: Paper) throws {
        let (_, doc) = try layOut(name, paper)
        for page in doc.pages {
            let margin = Length.mm(10).points
            let safe = Rect(x: margin, y: margin, width: page.size.width - 2 * margin, height: page.size.height - 2 * margin)
            #expect(safe.contains(page.contentBox))
            for (regionName, frame) in page.regionFrames {
                #expect(page.contentBox.contains(frame), "\(regionName) at \(frame) leaves the page's safe area")
                #expect(frame.width > 0 && frame.height > 0, "\(regionName) has no size")
            }
            for (i, a) in page.regionFrames.enumerated() {
                for b in page.regionFrames[(i + 1)...] {
                    #expect(!a.frame.overlaps(b.frame), "\(a.name) overlaps \(b.name)")
                }
            }
            for block in page.textBlocks {
                #expect(page.contentBox.contains(block.frame, tolerance: 0.5), "text '\(block.text.prefix(30))' leaves the safe area")
            }
        }
    }

    @Test("no text smaller than 9 pt at A4 (7 pt for credits), scaled on A3", arguments: cases)
    func minimumTextSize(name: String, paper: Paper) throws {
        let (_, doc) = try layOut(name, paper)
        for page in doc.pages {
            for block in page.textBlocks {
                let floor = (["credit", "page number"].contains(block.source) ? 7.0 : 9.0) * paper.scale
                #expect(block.style.size >= floor - 0.001, "'\(block.text.prefix(30))' is \(block.style.size) pt")
            }
        }
    }

    @Test("A3 keeps the A4 design: every region grows by the same factor in each direction", arguments: Project.layoutNames)
    func a3KeepsProportions(name: String) throws {
        let (_, a4) = try layOut(name, .a4)
        let (_, a3) = try layOut(name, .a3)
        for (p4, p3) in zip(a4.pages, a3.pages) {
            #expect(p4.regionFrames.map(\.name) == p3.regionFrames.map(\.name))
            let kx = p3.contentBox.width / p4.contentBox.width, ky = p3.contentBox.height / p4.contentBox.height
            for (r4, r3) in zip(p4.regionFrames, p3.regionFrames) {
                let relX4 = (r4.frame.x - p4.contentBox.x) / p4.contentBox.width
                let relX3 = (r3.frame.x - p3.contentBox.x) / p3.contentBox.width
                #expect(abs(relX4 - relX3) < 0.01, "\(r4.name) moved across the page")
                #expect(abs(r3.frame.width / r4.frame.width - kx) < 0.05, "\(r4.name) changed shape")
                _ = ky
            }
        }
    }

    @Test("the filled poster text is one size across every item")
    func postersUseOneSize() throws {
        let (_, doc) = try layOut("top-tips", .a4)
        let sizes = Set(doc.pages[0].textBlocks.filter { $0.source == "tips" }.map(\.style.size))
        // Numbers, headings and text: three sizes, the same for all ten tips.
        #expect(sizes.count == 3)
        #expect(doc.fits.contains { $0.region == "tips" && !$0.continued })
    }

    @Test("a blank canvas has writing lines in its text regions, and no filled text")
    func blankCanvasHasWritingSpace() throws {
        let (_, doc) = try layOut("action-plan", .a4, filled: false)
        let rules = doc.pages[0].items.filter { if case .rule = $0 { return true } else { return false } }
        #expect(rules.count > 20)
        #expect(doc.fits.isEmpty)
    }

    @Test("the values grid has 5 values across and 3 levels down, in reading order")
    func valuesGrid() throws {
        let (_, doc) = try layOut("action-plan", .a3, filled: false)
        let cells = doc.pages[1].cellFrames
        #expect(cells.count == 15)
        #expect(cells.first?.name == "values.strengths.individual")
        #expect(cells.last?.name == "values.change-makers.strategic")
        for (_, cell) in cells {
            #expect(!doc.pages[1].regionFrames.isEmpty && doc.pages[1].regionFrames[0].frame.contains(cell))
        }
    }
}
