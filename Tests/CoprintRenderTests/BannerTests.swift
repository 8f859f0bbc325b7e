import CoprintCore
import CoprintLayout
import CoprintRender
import Foundation
import Testing
import TestSupport

/// A poster's banner holds its whole title and subtitle on the first page, in every edition and
/// theme: it grows, or its subtitle steps down to the prompt size, rather than let the title go on.
@Suite("Poster banners")
struct BannerTests {
    static let posters = Project.layoutNames.filter { (try? library.layout(named: $0))?.kind == .poster }
    static let cases: [(String, String, String?)] = posters.flatMap { name in
        ["en", "cy", "cy+en"].flatMap { edition in [nil, "large-print"].map { (name, edition, $0) } }
    }

    @Test("no banner title or subtitle continues on another page, and both sit inside the banner", arguments: cases)
    func bannerStaysWhole(name: String, edition: String, theme: String?) throws {
        let printer = try Printer(fonts: fonts)
        if let theme { printer.printEdition.theme = try ThemeTests.themes.theme(named: theme) }
        let layout = try library.layout(named: name, edition: try Edition(parsing: edition))
        let banners = layout.pages[0].regions.filter { if case .banner = $0.kind { return true } else { return false } }.compactMap(\.field)
        #expect(!banners.isEmpty)
        for paper in [Paper.a4, .a3] {
            let doc = printer.layOut(layout, content: try Content.shipped(for: layout), paper: paper)
            for banner in banners {
                for record in doc.fits where record.region == banner {
                    #expect(!record.continued, "\(paper): the banner's title continues on page \(record.continuedOn)")
                }
                for (n, page) in doc.pages.enumerated().dropFirst() {
                    let carried = page.textBlocks.filter { $0.source == banner }
                    #expect(carried.isEmpty, "\(paper): page \(n + 1) carries the banner's words: \(carried.map(\.text))")
                }
                let page = doc.pages[0]
                let frame = try #require(page.regionFrames.first { $0.name == banner }?.frame)
                let texts = page.textBlocks.filter { $0.source == banner }
                #expect(texts.count == 2 || layout.pages[0].regions.first { $0.field == banner }?.prompt == nil, "\(paper): \(texts.map(\.text))")
                for block in texts {
                    let b = block.frame
                    #expect(b.x >= frame.x - 0.01 && b.maxX <= frame.maxX + 0.01 && b.y >= frame.y - 0.01 && b.maxY <= frame.maxY + 0.01,
                            "\(paper): \"\(block.text.prefix(30))\" runs out of its banner (\(b) in \(frame))")
                }
            }
        }
    }
}
