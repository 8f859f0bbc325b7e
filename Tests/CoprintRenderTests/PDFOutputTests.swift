import CoprintCore
import CoprintLayout
import CoprintRender
import Foundation
import Testing
import TestSupport

/// Shared fonts for every test in this target: registered once, read-only after.
let fonts = try! FontLibrary(folder: Project.fonts)
let library = try! LayoutLibrary(folders: [Project.layouts])

func shippedContent(_ layout: Layout) throws -> Content {
    try layout.contentFile.map { try Content.load(from: $0, for: layout) } ?? .blank(for: layout)
}

/// Prints `name` on `paper` into a fresh folder and returns the PDF.
func printPDF(_ name: String, _ paper: Paper, created: Date = Date(timeIntervalSince1970: 1_700_000_000)) throws -> URL {
    let printer = try Printer(fonts: fonts, created: created)
    let layout = try library.layout(named: name)
    let folder = try Project.temporaryFolder()
    let files = try printer.print(layout, content: try shippedContent(layout), papers: [paper], format: .pdf, to: .folder(folder))
    return try #require(files.files.first)
}

/// Every shipped layout on every paper (A4, A3 and the wall sizes), checked the way a reader's tools see it.
@Suite("PDF output")
struct PDFOutputTests {
    static let cases: [(String, Paper)] = Project.layoutNames.flatMap { name in Paper.allCases.map { (name, $0) } }

    @Test("page size, page count, title and tagging as pdfinfo reports them", arguments: cases)
    func pdfinfo(name: String, paper: Paper) throws {
        let pdf = try printPDF(name, paper)
        let info = try PDFCheck.info(pdf)
        let layout = try library.layout(named: name)
        let sizes: [Paper: (String, String)] = [.a4: ("595.276", "841.89"), .a3: ("841.89", "1190.55"), .a2: ("1190.55", "1683.78"), .a1: ("1683.78", "2383.94")]
        let (short, long) = try #require(sizes[paper])
        let size = layout.orientation == .portrait ? "\(short) x \(long) pts (\(paper.displayName))" : "\(long) x \(short) pts (\(paper.displayName))"
        #expect(info["Page size"] == size)
        #expect(info["Pages"] == "\(layout.pages.count)")
        #expect(info["Title"]?.hasPrefix(layout.title) == true)
        #expect(info["Subject"] == layout.description)
        #expect(info["Creator"] == "coprint")
        #expect(info["Tagged"] == "yes")
    }

    @Test("qpdf finds the file valid", arguments: cases)
    func qpdfCheck(name: String, paper: Paper) throws {
        let pdf = try printPDF(name, paper)
        let r = try Run.tool("qpdf", ["--check", pdf.path])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("No syntax or stream encoding errors found"))
    }

    @Test("every heading, prompt and shipped word is in the text a reader extracts", arguments: cases)
    func everyWordPresent(name: String, paper: Paper) throws {
        let pdf = try printPDF(name, paper)
        let text = try PDFCheck.text(pdf)
        let layout = try library.layout(named: name)
        var expected: [String] = layout.pages.compactMap(\.heading) + layout.pages.compactMap(\.intro)
        for region in layout.pages.flatMap(\.regions) {
            expected += [region.label, region.prompt, region.text].compactMap { $0 }
            switch region.kind {
            case .matrix(let across, let down):
                expected += across.flatMap { [$0.label, $0.detail].compactMap { $0 } }
                // A level's prompt is its cells' tooltip; on paper the page's intro carries it,
                // so that every cell stays clear to write in.
                expected += down.map { $0.label.uppercased() }
            case .table(let headings, _):
                expected += headings.map(\.label)
            default: break
            }
        }
        let content = try shippedContent(layout)
        for value in content.fields.values {
            switch value {
            case .paragraphs(let p), .bullets(let p): expected += p
            case .items(let items): expected += items.flatMap { [$0.heading, $0.text].compactMap { $0 } }
            default: break
            }
        }
        if let credit = content.credit ?? layout.credit { expected.append(credit) }
        #expect(expected.count > 5)
        for phrase in expected {
            #expect(text.contains(PDFCheck.fold(phrase)), "'\(phrase)' is missing from the PDF's text")
        }
    }

    @Test("only bundled fonts, all embedded and subset", arguments: cases)
    func fontsEmbedded(name: String, paper: Paper) throws {
        let pdf = try printPDF(name, paper)
        let used = try PDFCheck.fonts(pdf)
        #expect(!used.isEmpty)
        let bundled = fonts.files.map { $0.deletingPathExtension().lastPathComponent }
        for font in used {
            let baseName = String(font.name.split(separator: "+").last ?? "")
            #expect(bundled.contains(baseName), "\(font.name) is not one of the bundled fonts")
            #expect(font.embedded && font.subset, "\(font.name) is not embedded and subset")
        }
    }

    @Test("the same input gives byte-identical PDFs")
    func deterministic() throws {
        let a = try Data(contentsOf: try printPDF("action-plan", .a4))
        let b = try Data(contentsOf: try printPDF("action-plan", .a4))
        #expect(a == b)
        let c = try Data(contentsOf: try printPDF("action-plan", .a4, created: Date(timeIntervalSince1970: 1_800_000_000)))
        #expect(a != c, "the creation date should be written into the file")
    }

    @Test("the creation date comes from SOURCE_DATE_EPOCH")
    func sourceDateEpoch() throws {
        #expect(PDFMetadata.creationDate(environment: ["SOURCE_DATE_EPOCH": "1700000000"]) == Date(timeIntervalSince1970: 1_700_000_000))
        let pdf = try printPDF("top-tips", .a4, created: PDFMetadata.creationDate(environment: ["SOURCE_DATE_EPOCH": "1700000000"]))
        let info = try PDFCheck.info(pdf)
        #expect(info["CreationDate"]?.contains("2023") == true, "\(info["CreationDate"] ?? "none")")
    }

    @Test("on A3 every cell of the values grid keeps a clear 76 mm square for a sticky note, 3 mm from its neighbours")
    func stickyNote() throws {
        let printer = try Printer(fonts: fonts)
        let layout = try library.layout(named: "action-plan")
        let doc = printer.layOut(layout, content: .blank(for: layout), paper: .a3)
        let page = doc.pages[1]
        let cells = page.cellFrames
        #expect(cells.count == 15)
        for (name, cell) in cells {
            // The clear area: the whole cell (a note may lie over its hairline border, which
            // hides no words).
            let f = cell
            #expect(Length(points: f.width).millimetres >= 76, "\(name): the clear area is \(Length(points: f.width).millimetres) mm wide")
            #expect(Length(points: f.height).millimetres >= 76, "\(name): the clear area is \(Length(points: f.height).millimetres) mm high")
            // Nothing printed inside it: no label, no prompt, no value or level name.
            for block in page.textBlocks {
                let b = block.frame
                let overlaps = b.x < f.maxX && f.x < b.maxX && b.y < f.maxY && f.y < b.maxY
                #expect(!overlaps, "\(name): \"\(block.text)\" is printed inside the clear area")
            }
        }
        // At least 3 mm between neighbouring cells, across and down.
        let frames = cells.map(\.1)
        for a in frames {
            for b in frames where b != a {
                let sameRow = abs(a.y - b.y) < 0.5, sameColumn = abs(a.x - b.x) < 0.5
                if sameRow, b.x > a.x, !frames.contains(where: { $0 != b && abs($0.y - a.y) < 0.5 && $0.x > a.x && $0.x < b.x }) {
                    #expect(Length(points: b.x - a.maxX).millimetres >= 3 - 1e-9)
                }
                if sameColumn, b.y > a.y, !frames.contains(where: { $0 != b && abs($0.x - a.x) < 0.5 && $0.y > a.y && $0.y < b.y }) {
                    #expect(Length(points: b.y - a.maxY).millimetres >= 3 - 1e-9)
                }
            }
        }
    }
}

/// Heading levels are written in sequence, whatever a layout asks for.
@Suite("Structure")
struct StructureTests {
    @Test("a heading that would skip a level is written one below the heading before it; siblings stay siblings")
    func headingsInSequence() throws {
        let style = TextStyle(font: "Noto Sans", weight: .regular, size: 12, colour: Colour(red: 0, green: 0, blue: 0))
        var y = 40.0
        func heading(_ tag: StructureTag, _ text: String) -> PageItem {
            y += 30
            return .tagged(tag, [.text(TextBlock(frame: Rect(x: 40, y: y, width: 400, height: 20), text: text, style: style, source: text))])
        }
        let items: [PageItem] = [
            heading(.heading1, "Title"), heading(.heading3, "First"), heading(.heading2, "Second"),
            .tagged(.section, [heading(.heading3, "Inside"), heading(.heading1, "Again")]), heading(.heading3, "Last"),
        ]
        let page = Page(size: Size(width: 595, height: 842), items: items, contentBox: Rect(x: 0, y: 0, width: 595, height: 842), regionFrames: [])
        let doc = LaidOutDocument(title: "Headings", subject: "Heading levels", pages: [page], fits: [])
        let pdf = try Renderer(fonts: fonts).pdf(doc, metadata: PDFMetadata(title: "Headings", subject: "Heading levels", created: Date(timeIntervalSince1970: 0)))
        let url = try Project.temporaryFolder().appendingPathComponent("headings.pdf")
        try pdf.write(to: url)
        let lines = try Run.tool("pdfinfo", ["-struct-text", url.path]).stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let headings = lines.enumerated().compactMap { i, line -> String? in
            let tag = line.split(separator: " ").first.map(String.init) ?? ""
            guard tag.count == 2, tag.hasPrefix("H"), i + 1 < lines.count else { return nil }
            return "\(tag) \(lines[i + 1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")))"
        }
        #expect(headings == ["H1 Title", "H2 First", "H2 Second", "H3 Inside", "H1 Again", "H2 Last"])
    }
}
