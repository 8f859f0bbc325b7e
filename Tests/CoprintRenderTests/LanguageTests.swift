import CoprintCore
import CoprintLayout
import CoprintRender
import Foundation
import Testing
import TestSupport

/// Prints `name` in `edition` on `paper` (a poster with its shipped wording in that edition) and
/// returns the PDF.
func printEdition(_ name: String, _ edition: String, _ paper: Paper) throws -> (URL, Layout) {
    let printer = try Printer(fonts: fonts, created: Date(timeIntervalSince1970: 1_700_000_000))
    let layout = try library.layout(named: name, edition: try Edition(parsing: edition))
    let folder = try Project.temporaryFolder()
    let result = try printer.print(layout, content: try Content.shipped(for: layout), papers: [paper], format: .pdf, to: .folder(folder))
    return (try #require(result.files.first), layout)
}

/// The fixed words of the English layout a reader would see, each a phrase of two or more words
/// or a single long word (short words such as "What" are also Welsh-free but too common to test).
func englishFixedWords(_ name: String) throws -> [String] {
    let layout = try library.layout(named: name)
    var words: [String] = [layout.title]
    for page in layout.pages {
        words += [page.heading, page.intro].compactMap { $0 }
        for region in page.regions {
            words += [region.label, region.prompt, region.text].compactMap { $0 }
            switch region.kind {
            case .matrix(let across, let down):
                for item in across + down { words += [item.label, item.detail, item.prompt].compactMap { $0 } }
            case .table(let headings, _):
                words += headings.map(\.label)
            default: break
            }
        }
    }
    let content = try Content.shipped(for: layout)
    for value in content.fields.values {
        switch value {
        case .items(let items): words += items.flatMap { [$0.heading, $0.text].compactMap { $0 } }
        case .bullets(let b), .paragraphs(let b): words += b
        default: break
        }
    }
    return words.filter { $0.contains(" ") || $0.count >= 7 }
}

/// The Welsh and bilingual editions, checked the way a reader's tools see them.
@Suite("Welsh and bilingual editions")
struct LanguageTests {
    static let cases: [(String, Paper)] = Project.layoutNames.flatMap { name in Paper.allCases.map { (name, $0) } }

    @Test("the Welsh edition has Welsh words and furniture and no English fixed text", arguments: cases)
    func welsh(name: String, paper: Paper) throws {
        let (pdf, layout) = try printEdition(name, "cy", paper)
        let content = try Content.shipped(for: layout)
        // The credit names its English sources by their English titles: leave it out of the check.
        let credit = PDFCheck.fold(content.credit ?? layout.credit ?? "")
        let text = try PDFCheck.text(pdf).replacingOccurrences(of: credit, with: "")
        var title = layout.title
        if case .paragraphs(let p)? = content.fields["title"], let first = p.first { title = first }
        #expect(text.contains(PDFCheck.fold(title)), "no Welsh title in: \(text.prefix(200))")
        for english in try englishFixedWords(name) {
            #expect(!text.contains(PDFCheck.fold(english)), "English left in the Welsh edition: \(english)")
        }
        #expect(!text.contains("Page 1 of"))
        #expect(!text.contains("continue"))
        if layout.pages.count > 1 { #expect(text.contains("Tudalen 1 o \(layout.pages.count)")) }
        // Welsh prints as large as English: longer words carry on to another page (in Welsh)
        // rather than shrink below the layout's smallest text size.
        #expect(Int(try PDFCheck.info(pdf)["Pages"] ?? "") ?? 0 >= layout.pages.count)
        let english = try library.layout(named: name)
        let doc = try Printer(fonts: fonts).layOut(layout, content: try Content.shipped(for: layout), paper: paper)
        for fit in doc.fits {
            #expect(fit.size >= english.style.minTextSize * paper.scale - 0.01, "\(fit.region) is at \(fit.size) pt in Welsh")
        }
    }

    @Test("the document's /Lang is cy, en-GB or (bilingual) cy", arguments: [("cy", "cy"), ("en", "en-GB"), ("cy+en", "cy")])
    func documentLanguage(edition: String, tag: String) throws {
        let (pdf, _) = try printEdition("five-values", edition, .a4)
        let r = try Run.program("/usr/bin/python3", ["-c", "import sys, pypdf; print(pypdf.PdfReader(sys.argv[1]).trailer['/Root']['/Lang'])", pdf.path],
                                in: nil, environment: ProcessInfo.processInfo.environment)
        #expect(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == tag, "\(r.stdout)\(r.stderr)")
    }

    @Test("in the bilingual edition each English line is a structure element of its own with /Lang en-GB")
    func pairedStructureLanguage() throws {
        let (pdf, _) = try printEdition("top-tips", "cy+en", .a4)
        let script = """
        import sys, pypdf
        root = pypdf.PdfReader(sys.argv[1]).trailer['/Root']
        found = []
        def walk(n):
            n = n.get_object() if hasattr(n, 'get_object') else n
            if isinstance(n, list):
                for k in n: walk(k)
            elif isinstance(n, dict):
                if n.get('/S') == '/Span': found.append(str(n.get('/Lang')))
                if '/K' in n: walk(n['/K'])
        walk(root['/StructTreeRoot'])
        print(len(found), sorted(set(found)))
        """
        let r = try Run.program("/usr/bin/python3", ["-c", script, pdf.path], in: nil, environment: ProcessInfo.processInfo.environment)
        let parts = r.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ", maxSplits: 1)
        #expect((Int(parts.first ?? "") ?? 0) >= 20, "\(r.stdout)\(r.stderr)")
        #expect(parts.last == "['en-GB']", "\(r.stdout)")
        #expect(try Run.tool("qpdf", ["--check", pdf.path]).status == 0)
    }

    @Test("a bilingual pair on one line ('Prosiect / Project') has its English in a Span of its own too, and the Welsh outside it")
    func inlinePairLanguage() throws {
        let (pdf, _) = try printEdition("action-plan", "cy+en", .a4)
        // The text drawn inside /Span marked content on page 1, gathered as pypdf reads the page.
        let script = """
        import sys, pypdf
        page = pypdf.PdfReader(sys.argv[1]).pages[0]
        depth = []; spans = []
        def before(op, args, cm, tm):
            if op in (b'BDC', b'BMC'): depth.append(args[0] == '/Span')
            elif op == b'EMC' and depth: depth.pop()
        def text(t, cm, tm, font, size):
            if any(depth) and t.strip(): spans.append(t)
        page.extract_text(visitor_operand_before=before, visitor_text=text)
        print('|'.join(spans))
        """
        let r = try Run.program("/usr/bin/python3", ["-c", script, pdf.path], in: nil, environment: ProcessInfo.processInfo.environment)
        let spans = r.stdout
        for english in ["Project", "Team", "Date", "Co-production action plan"] {
            #expect(spans.contains(english), "'\(english)' is not in a Span: \(spans.prefix(300)) \(r.stderr.suffix(300))")
        }
        for welsh in ["Prosiect", "Dyddiad", "Cynllun gweithredu"] {
            #expect(!spans.contains(welsh), "'\(welsh)' is inside an English Span")
        }
        #expect(try Run.tool("qpdf", ["--check", pdf.path]).status == 0)
    }

    @Test("a bilingual poster keeps each Welsh text beside its English: the shorter posters stay on one page, no text under the floor",
          arguments: ["top-tips", "five-values", "key-steps"], [Paper.a4, .a3])
    func bilingualPosterOnOnePage(name: String, paper: Paper) throws {
        let (pdf, layout) = try printEdition(name, "cy+en", paper)
        #expect(try PDFCheck.info(pdf)["Pages"] == "1", "carried on, a paragraph's Welsh and English would land on different pages")
        let doc = try Printer(fonts: fonts).layOut(layout, content: try Content.shipped(for: layout), paper: paper)
        #expect(doc.fits.allSatisfy { !$0.continued })
        for fit in doc.fits { #expect(fit.size >= 9 * paper.scale - 0.01, "\(fit.region) at \(fit.size) pt") }
    }

    @Test("the bilingual edition has both languages, Welsh before English in reading order", arguments: cases)
    func bilingual(name: String, paper: Paper) throws {
        let (pdf, _) = try printEdition(name, "cy+en", paper)
        let text = try PDFCheck.text(pdf)
        let welsh = try library.layout(named: name, edition: Edition("cy"))
        let english = try library.layout(named: name)
        // A poster's banner shows its content's title; a canvas shows its page heading.
        func shownTitle(_ l: Layout) throws -> String {
            if case .paragraphs(let p)? = try Content.shipped(for: l).fields["title"], let first = p.first { return first }
            return l.pages[0].heading ?? l.title
        }
        var pairs = [(try shownTitle(welsh), try shownTitle(english))]
        for (w, e) in zip(welsh.fields, english.fields) {
            if let a = w.label, let b = e.label { pairs.append((a, b)) }
            // A one-line box ('writing: line') leaves its prompt out when the two-language label fills it.
            if case .text(.line) = w.kind { continue }
            if let a = w.prompt, let b = e.prompt { pairs.append((a, b)) }
        }
        for (w, e) in pairs {
            let wi = text.range(of: PDFCheck.fold(w)), ei = text.range(of: PDFCheck.fold(e))
            #expect(wi != nil, "Welsh missing: \(w)")
            #expect(ei != nil, "English missing: \(e)")
            if let wi, let ei { #expect(wi.lowerBound < ei.lowerBound, "\(e) comes before \(w)") }
        }
    }

    @Test("on A3 every values cell of the Welsh and bilingual canvases still takes a 76 mm sticky note, with no words in it", arguments: ["cy", "cy+en"])
    func stickyNote(edition: String) throws {
        let printer = try Printer(fonts: fonts)
        let layout = try library.layout(named: "action-plan", edition: try Edition(parsing: edition))
        let doc = printer.layOut(layout, content: .blank(for: layout), paper: .a3)
        let page = doc.pages[1]
        let cells = page.cellFrames
        #expect(cells.count == 15)
        for (name, cell) in cells {
            #expect(Length(points: cell.width).millimetres >= 76, "\(name) is \(Length(points: cell.width).millimetres) mm wide")
            #expect(Length(points: cell.height).millimetres >= 76, "\(name) is \(Length(points: cell.height).millimetres) mm high")
            for block in page.textBlocks {
                let b = block.frame
                let overlaps = b.x < cell.maxX && cell.x < b.maxX && b.y < cell.maxY && cell.y < b.maxY
                #expect(!overlaps, "\(name): \"\(block.text)\" is printed inside the cell")
            }
        }
    }

    @Test("the bilingual canvas prints each value's description and the levels' guidance on a key page after the grid, and keeps them in the cells' tooltips", arguments: Paper.allCases)
    func valuesKey(paper: Paper) throws {
        let (pdf, layout) = try printEdition("action-plan", "cy+en", paper)
        #expect(layout.pages.count == 3)
        // pages[1] is the grid (page 2), pages[2] the key (page 3).
        let pages = try (1...3).map { n in
            PDFCheck.fold(try Run.tool("pdftotext", ["-raw", "-enc", "UTF-8", "-f", "\(n)", "-l", "\(n)", pdf.path, "-"]).stdout)
        }
        let welsh = try library.layout(named: "action-plan", edition: Edition("cy"))
        let english = try library.layout(named: "action-plan")
        guard case .matrix(let cyValues, _)? = welsh.pages[1].regions.first?.kind,
              case .matrix(let enValues, _)? = english.pages[1].regions.first?.kind else { Issue.record("no values grid"); return }
        for (cy, en) in zip(cyValues, enValues) {
            for words in [cy.label, en.label] { #expect(pages[1].contains(PDFCheck.fold(words)), "the grid has no head \(words)") }
            for words in [cy.detail, en.detail].compactMap({ $0 }) {
                #expect(pages[2].contains(PDFCheck.fold(words)), "the key has no \(words)")
                #expect(!pages[1].contains(PDFCheck.fold(words)), "the grid's heads still carry \(words)")
            }
        }
        // The guidance is each level's question, under the level's name, in both languages.
        guard case .matrix(_, let cyLevels)? = welsh.pages[1].regions.first?.kind,
              case .matrix(_, let enLevels)? = english.pages[1].regions.first?.kind else { Issue.record("no levels"); return }
        for level in cyLevels + enLevels {
            for words in [level.label, level.prompt].compactMap({ $0 }) {
                #expect(pages[2].contains(PDFCheck.fold(words)), "the key has no \(words)")
            }
        }
        let doc = try Printer(fonts: fonts).layOut(layout, content: .blank(for: layout), paper: paper)
        let tooltip = try #require(doc.pages[1].fieldAreas.first { $0.path == "values.strengths.individual" }?.prompt)
        let cyDetail = try #require(cyValues.first?.detail), enDetail = try #require(enValues.first?.detail)
        #expect(tooltip.contains(cyDetail) && tooltip.contains(enDetail), "\(tooltip)")
    }

    @Test("team text stays as written, in the language it was written in, in every edition", arguments: ["cy", "cy+en"])
    func teamText(edition: String) throws {
        let printer = try Printer(fonts: fonts)
        let layout = try library.layout(named: "action-plan", edition: try Edition(parsing: edition))
        let content = try Content(filling: layout, with: ["team": "Riverside Carers Group", "purpose": "Mae angen i ofalwyr gael llais."])
        let doc = printer.layOut(layout, content: content, paper: .a4)
        let texts = doc.pages.flatMap(\.textBlocks).map(\.text)
        #expect(texts.contains("Riverside Carers Group"))
        #expect(texts.contains("Mae angen i ofalwyr gael llais."))
    }

    @Test("fixed words and team text are set with the edition's language for Pango")
    func styleLanguage() throws {
        let printer = try Printer(fonts: fonts)
        let layout = try library.layout(named: "top-tips", edition: try Edition(parsing: "cy+en"))
        let doc = printer.layOut(layout, content: try Content.shipped(for: layout), paper: .a4)
        let blocks = doc.pages.flatMap(\.textBlocks)
        #expect(blocks.allSatisfy { $0.style.language == "cy" && $0.style.pairedLanguage == "en-GB" })
        #expect(blocks.contains { $0.text.contains(Bilingual.separator) })
    }
}
