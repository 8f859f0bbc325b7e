import CoprintCore
import CoprintLayout
import CoprintRender
import Foundation
import Testing
import TestSupport

/// Text is set at the largest size that fits its box, and continues only when it must.
@Suite("Fitting")
struct FittingTests {
    let layout = try! library.layout(named: "action-plan")

    func purposeFit(_ text: String, paper: Paper = .a4) throws -> (FitRecord, LaidOutDocument, Printer) {
        let printer = try Printer(fonts: fonts)
        let doc = printer.layOut(layout, content: Content(layoutName: layout.name, fields: ["purpose": .paragraphs([text])]), paper: paper)
        return (try #require(doc.fits.first { $0.region == "purpose" }), doc, printer)
    }

    static let sentence = "Carers tell us the support line only works office hours and they hear about respite too late. "

    @Test("short text keeps the layout's text size, scaled on A3")
    func shortText() throws {
        #expect(try purposeFit("A short answer.").0.size == 11)
        #expect(abs(try purposeFit("A short answer.", paper: .a3).0.size - 11 * 2.0.squareRoot()) < 0.001)
    }

    @Test("longer text gets the largest size on the type scale that still fits: the next size up would not", arguments: [4, 5])
    func largestSizeThatFits(sentences: Int) throws {
        let text = String(repeating: Self.sentence, count: sentences).trimmingCharacters(in: .whitespaces)
        let (fit, doc, printer) = try purposeFit(text)
        // The action plan's text is 11 pt, its minimum 9: the type scale's sizes between are 10 and 9.
        #expect(fit.size == 10 || fit.size == 9, "size \(fit.size)")
        #expect(!fit.continued)
        let block = try #require(doc.pages[0].textBlocks.first { $0.source == "purpose" && $0.text == text })
        #expect(block.style.size == fit.size)
        #expect(printer.measure(text, style: block.style, width: block.frame.width).height <= block.frame.height + 0.01)
        let bigger = block.style.sized(block.style.size + 1)
        #expect(printer.measure(text, style: bigger, width: block.frame.width).height > block.frame.height)
    }

    @Test("continuation pages appear exactly when the text no longer fits at the minimum size")
    func continuationExactlyWhenNeeded() throws {
        var previousSize = 100.0
        var sawFit = false, sawContinue = false
        for sentences in stride(from: 1, through: 30, by: 1) {
            let text = String(repeating: Self.sentence, count: sentences)
            let (fit, doc, _) = try purposeFit(text)
            #expect(fit.size <= previousSize, "size grew with more text")
            previousSize = fit.size
            if fit.continued {
                sawContinue = true
                #expect(fit.size == 9, "continued before shrinking to the minimum")
                #expect(doc.pages.count == 3)
                #expect(doc.pages[2].textBlocks.contains { $0.text == "What needs to change, and why?" })
                #expect(doc.pages[2].textBlocks.contains { $0.text == "continued from page 1" })
                #expect(doc.pages[0].textBlocks.contains { $0.text.hasPrefix("continues on page 3") })
            } else {
                sawFit = true
                #expect(doc.pages.count == 2)
            }
        }
        #expect(sawFit && sawContinue)
    }

    @Test("the fit report names each region's size and continuation as JSON")
    func report() throws {
        let printer = try Printer(fonts: fonts)
        let text = String(repeating: Self.sentence, count: 40)
        let result = try printer.render(layout, content: Content(layoutName: layout.name, fields: ["purpose": .paragraphs([text]), "team": .paragraphs(["Team ✓ 🙂"])]), papers: [.a4], format: .pdf)
        let json = try JSONSerialization.jsonObject(with: try result.reportJSON()) as? [String: Any]
        let papers = try #require(json?["papers"] as? [[String: Any]])
        let regions = try #require(papers.first?["regions"] as? [[String: Any]])
        let purpose = try #require(regions.first { $0["region"] as? String == "purpose" })
        #expect(purpose["continued"] as? Bool == true)
        #expect(purpose["size"] as? Double == 9)
        #expect(purpose["continuedOn"] as? [Int] == [3])
        let team = try #require(regions.first { $0["region"] as? String == "team" })
        #expect(team["missingCharacters"] as? [String] == ["🙂"])
        #expect(papers.first?["pages"] as? Int == 3)
    }

    @Test("--strict turns continuation and missing characters into an error")
    func strict() throws {
        let printer = try Printer(fonts: fonts)
        let long = Content(layoutName: layout.name, fields: ["purpose": .paragraphs([String(repeating: Self.sentence, count: 40)])])
        #expect(throws: CoprintError.self) { try printer.render(layout, content: long, papers: [.a4], format: .pdf, strict: true) }
        let emoji = Content(layoutName: layout.name, fields: ["team": .paragraphs(["Team 🙂"])])
        #expect(throws: CoprintError.self) { try printer.render(layout, content: emoji, papers: [.a4], format: .pdf, strict: true) }
        let fine = Content(layoutName: layout.name, fields: ["team": .paragraphs(["Team ŵ ŷ Ελλάδα Київ عربي"])])
        let result = try printer.render(layout, content: fine, papers: [.a4], format: .pdf, strict: true)
        #expect(result.warnings.isEmpty)
    }
}
