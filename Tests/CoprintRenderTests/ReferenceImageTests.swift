import CoprintCore
import CoprintLayout
import CoprintRender
import Foundation
import Testing
import TestSupport

/// Every page of every shipped layout, drawn small and compared with a reference image in
/// `Tests/References/`.
///
/// To re-record after an intended change: `COPRINT_RECORD=1 swift test --filter ReferenceImage`,
/// then look at the new images before committing them. On a mismatch the actual (left) and
/// expected (right) images are written side by side to `.build/reference-failures/`.
@Suite("Reference images")
struct ReferenceImageTests {
    /// A3 is drawn at a lower resolution so both papers give images of the same pixel size. At
    /// 50 dpi body text is about 8 pixels high: one changed word is seen, not only moved boxes.
    static let dpi = 50.0
    /// Share of pixels allowed to differ clearly: anti-aliasing may move by a pixel between
    /// library builds; one changed word in a 12 pt tip changes about half as many again
    /// (0.046% measured).
    static let tolerance = 0.0003

    /// The references are of A4 and A3; wall sizes scale the A3 drawing and are checked by numbers.
    static let cases: [(String, Paper)] = Project.layoutNames.flatMap { name in [Paper.a4, .a3].map { (name, $0) } }

    @Test("each page matches its reference image", arguments: cases)
    func matchesReference(name: String, paper: Paper) throws {
        let printer = try Printer(fonts: fonts)
        let layout = try library.layout(named: name)
        let pages = try printer.pngs(layout, content: try shippedContent(layout), paper: paper, dpi: Self.dpi / paper.scale)
        for (index, png) in pages.enumerated() {
            try compare(png, with: "\(name)-\(paper.rawValue)-page\(index + 1).png")
        }
    }

    static let plans = ["welsh-english", "urdu-english"]

    @Test("right-to-left and Welsh sample plans match their reference images", arguments: plans)
    func planMatchesReference(name: String) throws {
        let printer = try Printer(fonts: fonts)
        let plan = try PlanFile.load(Project.root.appendingPathComponent("examples/\(name).yaml").path, library: library)
        let png = try printer.pngs(plan.layout, content: plan.content, paper: .a4, dpi: Self.dpi)[0]
        try compare(png, with: "plan-\(name)-a4-page1.png")
    }

    /// Compares `png` with the reference image `file`, recording it instead when asked.
    func compare(_ png: Data, with file: String) throws {
        let reference = Project.references.appendingPathComponent(file)
        if ProcessInfo.processInfo.environment["COPRINT_RECORD"] == "1" {
            try png.write(to: reference)
            return
        }
        guard let expectedData = try? Data(contentsOf: reference) else {
            Issue.record("no reference image \(file); record it with COPRINT_RECORD=1 swift test --filter ReferenceImage")
            return
        }
        let actual = try RasterImage(png: png)
        let expected = try RasterImage(png: expectedData)
        let difference = actual.difference(from: expected)
        if difference > Self.tolerance {
            let folder = Project.root.appendingPathComponent(".build/reference-failures")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let out = folder.appendingPathComponent(file.replacingOccurrences(of: ".png", with: "-actual-vs-expected.png"))
            try actual.beside(expected).png().write(to: out)
            Issue.record("\(file) differs from its reference in \(String(format: "%.2f", difference * 100))% of pixels; see \(out.path)")
        }
    }

    @Test("the comparison notices a real change")
    func comparisonCanFail() throws {
        let printer = try Printer(fonts: fonts)
        let layout = try library.layout(named: "top-tips")
        var content = try shippedContent(layout)
        let original = try RasterImage(png: try printer.pngs(layout, content: content, paper: .a4, dpi: Self.dpi)[0])
        content.fields["title"] = .paragraphs(["A quite different title"])
        let changed = try RasterImage(png: try printer.pngs(layout, content: content, paper: .a4, dpi: Self.dpi)[0])
        #expect(changed.difference(from: original) > Self.tolerance)
        #expect(original.difference(from: original) == 0)
    }

    @Test("the comparison notices one changed word in a tip")
    func comparisonSeesAWord() throws {
        let printer = try Printer(fonts: fonts)
        let layout = try library.layout(named: "top-tips")
        var content = try shippedContent(layout)
        let original = try RasterImage(png: try printer.pngs(layout, content: content, paper: .a4, dpi: Self.dpi)[0])
        guard case .items(var items)? = content.fields["tips"], let last = items.indices.last else {
            Issue.record("top-tips has no tips"); return
        }
        items[last].text = items[last].text.replacingOccurrences(of: "together", with: "as a team")
        content.fields["tips"] = .items(items)
        let changed = try RasterImage(png: try printer.pngs(layout, content: content, paper: .a4, dpi: Self.dpi)[0])
        #expect(changed.difference(from: original) > Self.tolerance, "\(changed.difference(from: original))")
    }
}
