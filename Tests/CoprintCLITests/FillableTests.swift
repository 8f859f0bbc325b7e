import CoprintCore
import CoprintLayout
import Foundation
import Testing
import TestSupport

/// Fillable canvases end to end: made by coprint, filled by tools no one here wrote (pdftk-java
/// and Debian's pypdf), imported, and printed.
@Suite("Fillable canvases")
struct FillableTests {
    static let fixedDate = ["SOURCE_DATE_EPOCH": "1700000000"]
    /// Debian's Python, where python3-pypdf is installed (the python3 on PATH is another one).
    static let python = "/usr/bin/python3"

    static let long = (1...60).map { "gair\($0)" }.joined(separator: " ")
    /// What a team types: Welsh, Arabic, and a long text, by field.
    static let typed: [String: String] = [
        "title": "Cynllun Llanfair – ŵyr a ŷd",
        "team": "Tîm Gofal Cymunedol",
        "purpose": long,
        "people": "Siân Llŷr\nمرحبا بالعالم\nDafydd ap Gwilym",
        "next-steps.1.what": "Archebu ystafell",
        "next-steps.1.who": "Tomos",
        "next-steps.2.when": "Mehefin",
        "values.strengths.individual": "Gwrando yn gyntaf\nGofyn beth sy'n bwysig",
        "values.change-makers.strategic": "شكرا جزيلا",
    ]

    func blankFillable(_ folder: URL) throws -> URL {
        let pdf = folder.appendingPathComponent("blank.pdf")
        let r = try Run.coprint(["blank", "action-plan", "--fillable", "-o", pdf.path], environment: Self.fixedDate)
        #expect(r.status == 0, "\(r.stderr)")
        return pdf
    }

    func python(_ script: String, _ args: [String]) throws -> RunResult {
        try Run.program(Self.python, ["-c", script] + args, in: nil, environment: ["PATH": "/usr/bin:/bin"])
    }

    /// Imports `filled`, renders the plan, and returns the words of `typed` missing from the final PDF.
    func importAndRender(_ filled: URL, in folder: URL) throws -> [String] {
        let plan = folder.appendingPathComponent("plan.yaml")
        let imported = try Run.coprint(["import", filled.path, "-o", plan.path])
        #expect(imported.status == 0, "\(imported.stderr)")
        let yaml = try String(contentsOf: plan, encoding: .utf8)
        #expect(yaml.contains("layout: action-plan"))
        #expect(!yaml.contains("success"), "an empty field was written")
        let final = folder.appendingPathComponent("final.pdf")
        let rendered = try Run.coprint(["render", plan.path, "-o", final.path])
        #expect(rendered.status == 0, "\(rendered.stderr)")
        let facts = try python("""
            import sys, pypdf
            r = pypdf.PdfReader(sys.argv[1])
            root = r.trailer['/Root']
            print(root['/Lang'], root['/ViewerPreferences']['/DisplayDocTitle'], r.xmp_metadata.dc_title['x-default'] == r.metadata.title)
            """, [final.path])
        #expect(facts.stdout == "en-GB True True\n", "\(facts.stdout)\(facts.stderr)")
        #expect(try Run.tool("qpdf", ["--check", final.path]).status == 0)
        let text = try PDFCheck.squashedText(final, raw: true)
        return PDFCheck.missingWords(Array(Self.typed.values), in: text, inOrder: false)
    }

    @Test("one field per writing area, named by plan path; same look as the plain canvas; equal input gives equal bytes")
    func fields() throws {
        let folder = try Project.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let pdf = try blankFillable(folder)
        let r = try python("""
            import sys, pypdf
            r = pypdf.PdfReader(sys.argv[1])
            for name, f in r.get_fields().items():
                if f.get('/FT') == '/Tx': print(name)
            """, [pdf.path])
        let layout = try LayoutLibrary(folders: [Project.layouts]).layout(named: "action-plan")
        #expect(r.stdout.split(separator: "\n").map(String.init).sorted() == FormLayout.fieldPaths(layout).sorted())
        #expect(FormLayout.fieldPaths(layout).count == 6 + 18 + 1 + 15)
        let again = try blankFillable(folder.appendingPathComponent("again").creating())
        #expect(try Data(contentsOf: pdf) == Data(contentsOf: again))
        let check = try Run.tool("qpdf", ["--check", pdf.path])
        #expect(check.status == 0, "\(check.stdout)")
        // Printed blank, it looks exactly like the plain canvas.
        let plain = folder.appendingPathComponent("plain.pdf")
        #expect(try Run.coprint(["blank", "action-plan", "-o", plain.path], environment: Self.fixedDate).status == 0)
        for (input, stem) in [(pdf, "f"), (plain, "p")] {
            #expect(try Run.tool("pdftoppm", ["-r", "30", "-png", input.path, folder.appendingPathComponent(stem).path]).status == 0)
        }
        for page in 1...2 {
            #expect(try Data(contentsOf: folder.appendingPathComponent("f-\(page).png")) == Data(contentsOf: folder.appendingPathComponent("p-\(page).png")))
        }
    }

    @Test("filled by pdftk-java from XFDF, imported and rendered: every typed word is printed")
    func pdftk() throws {
        let folder = try Project.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let pdf = try blankFillable(folder)
        func esc(_ s: String) -> String { s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;") }
        let xfdf = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xfdf xmlns=\"http://ns.adobe.com/xfdf/\" xml:space=\"preserve\"><fields>\n"
            + Self.typed.map { "<field name=\"\($0.key)\"><value>\(esc($0.value))</value></field>" }.joined(separator: "\n")
            + "\n</fields></xfdf>\n"
        let data = folder.appendingPathComponent("data.xfdf")
        try Data(xfdf.utf8).write(to: data)
        let filled = folder.appendingPathComponent("filled.pdf")
        let r = try Run.tool("pdftk", [pdf.path, "fill_form", data.path, "output", filled.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try importAndRender(filled, in: folder) == [])
    }

    @Test("filled by pypdf, saved with object streams by qpdf, imported and rendered: every typed word is printed")
    func pypdf() throws {
        let folder = try Project.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let pdf = try blankFillable(folder)
        let values = folder.appendingPathComponent("values.json")
        try JSONSerialization.data(withJSONObject: Self.typed).write(to: values)
        let filled = folder.appendingPathComponent("filled.pdf")
        let r = try python("""
            import sys, json, pypdf
            from pypdf.generic import NameObject, TextStringObject, BooleanObject
            values = json.load(open(sys.argv[2], encoding='utf-8'))
            r = pypdf.PdfReader(sys.argv[1])
            w = pypdf.PdfWriter()
            w.clone_document_from_reader(r)
            def full(a):
                parts = []
                while a is not None:
                    if '/T' in a: parts.append(a['/T'])
                    a = a.get('/Parent')
                    a = a.get_object() if a is not None else None
                return '.'.join(reversed(parts))
            done = 0
            for page in w.pages:
                for ref in page.get('/Annots', []):
                    a = ref.get_object()
                    name = full(a)
                    if name in values:
                        a[NameObject('/V')] = TextStringObject(values[name]); done += 1
            w._root_object['/AcroForm'].get_object()[NameObject('/NeedAppearances')] = BooleanObject(True)
            w.write(sys.argv[3])
            print(done)
            """, [pdf.path, values.path, filled.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "\(Self.typed.count)")
        let packed = folder.appendingPathComponent("packed.pdf")
        #expect(try Run.tool("qpdf", ["--object-streams=generate", filled.path, packed.path]).status == 0)
        #expect(try importAndRender(packed, in: folder) == [])
    }

    @Test("filled by an incremental update appended to the file, as readers save: the newest value is imported")
    func incremental() throws {
        let folder = try Project.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let pdf = try blankFillable(folder)
        let saved = folder.appendingPathComponent("saved.pdf")
        // Appends a new version of the 'title' widget with a value, a cross-reference section for
        // it and a trailer pointing back at the original: what Acrobat Reader does on Save.
        let r = try python(#"""
            import sys, re, subprocess, pypdf
            data = open(sys.argv[1], 'rb').read()
            r = pypdf.PdfReader(sys.argv[1])
            num = next(a.idnum for a in r.pages[0]['/Annots'] if a.get_object().get('/T') == 'title')
            body = subprocess.run(['qpdf', '--show-object=%d' % num, sys.argv[1]], capture_output=True, check=True).stdout.strip()
            body = body[:-2] + b' /V <FEFF' + 'Cynllun wedi ei gadw: ŵ ŷ'.encode('utf-16-be').hex().upper().encode() + b'> >>'
            trailer = subprocess.run(['qpdf', '--show-object=trailer', sys.argv[1]], capture_output=True, check=True).stdout.strip()
            prev = int(re.findall(rb'startxref\s+(\d+)', data)[-1])
            offset = len(data) + 1
            out = data + b'\n' + b'%d 0 obj\n' % num + body + b'\nendobj\n'
            xref = len(out)
            out += b'xref\n0 1\n0000000000 65535 f \n%d 1\n%010d 00000 n \n' % (num, offset)
            out += b'trailer\n' + trailer[:-2] + b' /Prev %d >>\nstartxref\n%d\n%%%%EOF\n' % (prev, xref)
            open(sys.argv[2], 'wb').write(out)
            """#, [pdf.path, saved.path])
        #expect(r.status == 0, "\(r.stderr)")
        let check = try Run.tool("qpdf", ["--check", saved.path])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let imported = try Run.coprint(["import", saved.path])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("title: \"Cynllun wedi ei gadw: ŵ ŷ\""), "\(imported.stdout)")
    }

    @Test("a Welsh or bilingual form imports to a plan that keeps its language, recorded in the PDF beside the layout", arguments: ["cy", "cy+en"])
    func importKeepsLanguage(edition: String) throws {
        let folder = try Project.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let pdf = folder.appendingPathComponent("blank.pdf")
        let r = try Run.coprint(["blank", "action-plan", "--fillable", "--language", edition, "-o", pdf.path], environment: Self.fixedDate)
        #expect(r.status == 0, "\(r.stderr)")
        let recorded = try python("""
            import sys, pypdf
            r = pypdf.PdfReader(sys.argv[1])
            print(r.trailer['/Root']['/CoprintLayout']['/Edition'], b'<coprint:edition>' + sys.argv[2].encode() + b'</coprint:edition>' in r.trailer['/Root']['/Metadata'].get_object().get_data())
            """, [pdf.path, edition])
        #expect(recorded.stdout == "\(edition) True\n", "\(recorded.stdout)\(recorded.stderr)")
        let filled = folder.appendingPathComponent("filled.pdf")
        let fill = try python("""
            import sys, pypdf
            from pypdf.generic import NameObject, TextStringObject
            r = pypdf.PdfReader(sys.argv[1]); w = pypdf.PdfWriter(); w.clone_document_from_reader(r)
            for ref in w.pages[0]['/Annots']:
                a = ref.get_object()
                if a.get('/T') == 'team': a[NameObject('/V')] = TextStringObject('Grŵp Gofalwyr Glan yr Afon')
            w.write(sys.argv[2])
            """, [pdf.path, filled.path])
        #expect(fill.status == 0, "\(fill.stderr)")
        let imported = try Run.coprint(["import", filled.path])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("\nlanguage: \(edition)\n"), "\(imported.stdout)")
        #expect(imported.stdout.contains("team: \"Grŵp Gofalwyr Glan yr Afon\""), "\(imported.stdout)")
        #expect(!imported.stderr.contains("older version"), "\(imported.stderr)")
    }

    @Test("batch --fillable makes each document a form that imports back")
    func batch() throws {
        let folder = try Project.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("layout: action-plan\ntitle: Caffi Trwsio\n".utf8).write(to: folder.appendingPathComponent("plan.yaml"))
        try Data("output: \"{name}-{paper}.pdf\"\njobs:\n  - content: plan.yaml\n".utf8).write(to: folder.appendingPathComponent("batch.yaml"))
        let out = folder.appendingPathComponent("out")
        let r = try Run.coprint(["batch", folder.appendingPathComponent("batch.yaml").path, "--fillable", "-o", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        let imported = try Run.coprint(["import", out.appendingPathComponent("plan-a4.pdf").path])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("title: \"Caffi Trwsio\""))
    }

    @Test("fillable: true in a batch manifest makes forms; a value other than true or false is named")
    func manifestSetting() throws {
        let folder = try Project.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("layout: action-plan\nteam: Tîm\n".utf8).write(to: folder.appendingPathComponent("plan.yaml"))
        let manifest = folder.appendingPathComponent("batch.yaml")
        try Data("fillable: true\noutput: \"{name}-{paper}.pdf\"\njobs:\n  - content: plan.yaml\n".utf8).write(to: manifest)
        let out = folder.appendingPathComponent("out")
        let r = try Run.coprint(["batch", manifest.path, "-o", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        let imported = try Run.coprint(["import", out.appendingPathComponent("plan-a4.pdf").path])
        #expect(imported.stdout.contains("team: \"Tîm\""), "\(imported.stderr)")
        try Data("fillable: sometimes\njobs:\n  - content: plan.yaml\n".utf8).write(to: manifest)
        let bad = try Run.coprint(["batch", manifest.path, "-o", out.path])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("'fillable' should be true or false"), "\(bad.stderr)")
    }

    @Test("render --fillable shows the plan's words when rasterised")
    func prefilled() throws {
        let folder = try Project.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let blank = try blankFillable(folder)
        let plan = folder.appendingPathComponent("plan.yaml")
        try Data("layout: action-plan\ntitle: Cynllun Llanfair\npeople:\n  - Siân\n  - Dafydd\n".utf8).write(to: plan)
        let filled = folder.appendingPathComponent("filled.pdf")
        let r = try Run.coprint(["render", plan.path, "--fillable", "-o", filled.path], environment: Self.fixedDate)
        #expect(r.status == 0, "\(r.stderr)")
        for (input, stem) in [(blank, "b"), (filled, "f")] {
            #expect(try Run.tool("pdftoppm", ["-r", "30", "-f", "1", "-l", "1", "-png", input.path, folder.appendingPathComponent(stem).path]).status == 0)
        }
        #expect(try Data(contentsOf: folder.appendingPathComponent("b-1.png")) != Data(contentsOf: folder.appendingPathComponent("f-1.png")))
        // And the values read back as they were given.
        let imported = try Run.coprint(["import", filled.path])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("title: \"Cynllun Llanfair\"") && imported.stdout.contains("- \"Siân\"\n  - \"Dafydd\""))
    }

    @Test("--fillable with PNG pictures or workshop copies is refused in plain words, nothing written")
    func fillableRefusals() throws {
        let folder = try Project.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for args in [["--format", "png", "-o", folder.path], ["--copies", "3", "-o", folder.appendingPathComponent("pack.pdf").path]] {
            let r = try Run.coprint(["blank", "action-plan", "--fillable"] + args)
            #expect(r.status == 2)
            #expect(r.stderr.contains("--fillable"), "\(r.stderr)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
        }
    }

    @Test("a PDF not made by coprint, a damaged one and a locked one are refused, nothing written")
    func refused() throws {
        let folder = try Project.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let plain = folder.appendingPathComponent("plain.pdf")
        #expect(try Run.coprint(["blank", "action-plan", "-o", plain.path]).status == 0)
        let fillable = try blankFillable(folder)
        let damaged = folder.appendingPathComponent("damaged.pdf")
        try Data(try Data(contentsOf: fillable).prefix(3000)).write(to: damaged)
        let locked = folder.appendingPathComponent("locked.pdf")
        #expect(try Run.tool("qpdf", ["--encrypt", "pw", "owner", "256", "--", fillable.path, locked.path]).status == 0)
        for (input, words) in [(plain, "not made by 'coprint blank --fillable'"), (damaged, "damaged"), (locked, "locked")] {
            let out = folder.appendingPathComponent("out.yaml")
            let r = try Run.coprint(["import", input.path, "-o", out.path])
            #expect(r.status == 1)
            #expect(r.stderr.contains(words), "\(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out.path))
        }
    }

    @Test("a field the layout does not know is named in a warning, exit 1; the known fields are still imported")
    func unknownField() throws {
        let folder = try Project.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let pdf = try blankFillable(folder)
        let odd = folder.appendingPathComponent("odd.pdf")
        let r = try python("""
            import sys, pypdf
            from pypdf.generic import NameObject, TextStringObject
            r = pypdf.PdfReader(sys.argv[1])
            w = pypdf.PdfWriter()
            w.clone_document_from_reader(r)
            for ref in w.pages[0]['/Annots']:
                a = ref.get_object()
                if a.get('/T') == 'date': a[NameObject('/T')] = TextStringObject('deadline'); a[NameObject('/V')] = TextStringObject('May')
                if a.get('/T') == 'team': a[NameObject('/V')] = TextStringObject('Tîm')
            w.write(sys.argv[2])
            """, [pdf.path, odd.path])
        #expect(r.status == 0, "\(r.stderr)")
        let out = folder.appendingPathComponent("plan.yaml")
        let imported = try Run.coprint(["import", odd.path, "-o", out.path])
        #expect(imported.status == 1)
        #expect(imported.stderr.contains("deadline"))
        #expect(try String(contentsOf: out, encoding: .utf8).contains("team: \"Tîm\""))
    }
}

extension URL {
    func creating() throws -> URL {
        try FileManager.default.createDirectory(at: self, withIntermediateDirectories: true)
        return self
    }
}
