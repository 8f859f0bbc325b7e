import CoprintCore
import CoprintFinish
import CoprintLayout
import CoprintRender
import Foundation
import Testing
import TestSupport

let fonts = try! FontLibrary(folder: Project.fonts)
let library = try! LayoutLibrary(folders: [Project.layouts])

/// Debian's Python, where python3-pypdf is installed (the python3 on PATH is another one).
let debianPython = "/usr/bin/python3"

/// Runs a small pypdf script on `pdf` and returns its output lines.
func pypdf(_ script: String, _ pdf: URL) throws -> String {
    let r = try Run.program(debianPython, ["-c", "import sys, pypdf\nr = pypdf.PdfReader(sys.argv[1])\n" + script, pdf.path],
                            in: nil, environment: ["PATH": "/usr/bin:/bin"])
    #expect(r.status == 0, "\(r.stderr)")
    return r.stdout
}

/// The finishing step, as a reader and an accessibility checker see its output.
@Suite("PDF finishing")
struct FinishTests {
    func blankPDF(created: Date = Date(timeIntervalSince1970: 1_700_000_000)) throws -> Data {
        let printer = try Printer(fonts: fonts, created: created)
        let layout = try library.layout(named: "action-plan")
        return try printer.pdf(layout, content: .blank(for: layout), paper: .a4)
    }

    @Test("equal input gives equal bytes, with a document ID that follows the content")
    func deterministic() throws {
        let a = try blankPDF(), b = try blankPDF()
        #expect(a == b)
        let c = try blankPDF(created: Date(timeIntervalSince1970: 1_800_000_000))
        #expect(a != c)
        func id(_ d: Data) -> String? {
            let s = String(decoding: d.suffix(400), as: UTF8.self)
            return s.range(of: #"/ID ?\[ ?<[0-9a-f]+>"#, options: .regularExpression).map { String(s[$0]) }
        }
        #expect(id(a) != nil)
        #expect(id(a) != id(c))
    }

    @Test("language, XMP, DisplayDocTitle, tab order and marking, read back by pypdf; qpdf --check clean; still tagged")
    func readBack() throws {
        let folder = try Project.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("plan.pdf")
        try blankPDF().write(to: url)
        let out = try pypdf("""
        root = r.trailer['/Root']
        print(root['/Lang'])
        print(root['/ViewerPreferences']['/DisplayDocTitle'])
        print(root['/MarkInfo']['/Marked'])
        print(r.xmp_metadata.dc_title['x-default'])
        print(r.metadata.title)
        print(r.xmp_metadata.dc_language)
        print(r.xmp_metadata.xmp_creator_tool)
        print(all(p['/Tabs'] == '/S' for p in r.pages))
        print(b'pdfuaid:part>1<' in r.xmp_metadata.stream.get_data())
        print(r.xmp_metadata.xmp_create_date.isoformat(), r.xmp_metadata.xmp_modify_date.isoformat())
        """, url)
        let lines = out.split(separator: "\n").map(String.init)
        // 1_700_000_000 seconds after 1970 is 2023-11-14 22:13:20 UTC.
        #expect(lines == ["en-GB", "True", "True", "Co-production action plan", "Co-production action plan", "['en-GB']", "coprint", "True", "True",
                          "2023-11-14T22:13:20 2023-11-14T22:13:20"])
        let check = try Run.tool("qpdf", ["--check", url.path])
        #expect(check.status == 0 && check.stdout.contains("No syntax or stream encoding errors"), "\(check.stdout)\(check.stderr)")
        #expect(try PDFCheck.info(url)["Tagged"] == "yes")
    }

    @Test("small objects (structure elements, font and page dictionaries) are packed into compressed object streams")
    func objectStreams() throws {
        let folder = try Project.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("plan.pdf")
        try blankPDF().write(to: url)
        let xref = try Run.tool("qpdf", ["--show-xref", url.path]).stdout.split(separator: "\n")
        let packed = xref.filter { $0.contains(": compressed") }.count
        let alone = xref.filter { $0.contains(": uncompressed") }.count
        // What stays alone: the streams themselves (content, fonts, XMP) and the object streams.
        #expect(packed > 2 * alone, "\(packed) packed, \(alone) alone")
        #expect(try Run.tool("qpdf", ["--check", url.path]).status == 0)
        #expect(try PDFCheck.info(url)["Tagged"] == "yes")
    }

    @Test("Cairo's TrueType CID fonts gain /CIDToGIDMap /Identity")
    func cidToGIDMap() throws {
        let printer = try Printer(fonts: fonts, created: Date(timeIntervalSince1970: 1_700_000_000))
        let layout = try library.layout(named: "action-plan")
        let content = Content(layoutName: layout.name, fields: ["purpose": .paragraphs(["العربية ثلاثة مرحبا"])])
        let folder = try Project.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("arabic.pdf")
        try printer.pdf(layout, content: content, paper: .a4).write(to: url)
        let out = try pypdf("""
        for p in r.pages:
            f = p['/Resources']['/Font']
            for k in f:
                o = f[k]
                if '/DescendantFonts' in o:
                    d = o['/DescendantFonts'][0].get_object()
                    if d['/Subtype'] == '/CIDFontType2': print(o['/BaseFont'].split('+')[-1], d.get('/CIDToGIDMap'))
        """, url)
        #expect(out.contains("Amiri-Regular /Identity"))
        #expect(!out.contains("None"))
    }

    @Test("one Document at the root of the structure, and heading levels that never skip, on every shipped layout")
    func structure() throws {
        let folder = try Project.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let printer = try Printer(fonts: fonts, created: Date(timeIntervalSince1970: 1_700_000_000))
        for name in Project.layoutNames {
            let layout = try library.layout(named: name)
            let content = try layout.contentFile.map { try Content.load(from: $0, for: layout) } ?? .blank(for: layout)
            let url = folder.appendingPathComponent("\(name).pdf")
            try printer.pdf(layout, content: content, paper: .a4).write(to: url)
            let r = try Run.tool("pdfinfo", ["-struct", url.path])
            #expect(!r.stderr.contains("more than one"), "\(name): \(r.stderr)")
            let lines = r.stdout.split(separator: "\n")
            #expect(lines.filter { !$0.hasPrefix(" ") }.count == 1, "\(name): more than one root element")
            if layout.pages.count > 1 { #expect(lines.first == "Document", "\(name)") }
            let levels = lines.compactMap { line -> Int? in
                let t = line.trimmingCharacters(in: .whitespaces)
                guard t.hasPrefix("H"), let n = Int(t.dropFirst().prefix(1)) else { return nil }
                return n
            }
            #expect(levels.first == 1, "\(name)")
            for (a, b) in zip(levels, levels.dropFirst()) { #expect(b <= a + 1, "\(name): H\(a) then H\(b)") }
        }
    }
}
