import CoprintCore
import CoprintLayout
import Foundation
import Testing
import TestSupport

/// `--language` and `language:` on the commands people use: blank, render, init, batch, list and
/// validate, run as the built program.
@Suite("Language on the command line")
struct LanguageCommandTests {
    func folder(_ files: [String: String] = [:]) throws -> URL {
        let f = try Project.temporaryFolder()
        for (name, text) in files { try text.write(to: f.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return f
    }

    func lang(_ pdf: URL) throws -> String {
        let r = try Run.program("/usr/bin/python3", ["-c", "import sys, pypdf; print(pypdf.PdfReader(sys.argv[1]).trailer['/Root']['/Lang'])", pdf.path],
                                in: nil, environment: ProcessInfo.processInfo.environment)
        return r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("blank --language names the file by its language and prints that edition")
    func blank() throws {
        let f = try folder()
        let r = try Run.coprint(["blank", "action-plan", "--language", "cy+en", "-o", "."], in: f)
        #expect(r.status == 0, "\(r.stderr)")
        let pdf = f.appendingPathComponent("action-plan-cy+en-a4.pdf")
        let text = try PDFCheck.text(pdf)
        #expect(text.contains("Camau nesaf Next steps"), "\(text.prefix(400))")
        // The bilingual canvas adds a key page after the values grid.
        #expect(text.contains("Tudalen 1 o 3 Page 1 of 3"))
        #expect(try lang(pdf) == "cy")
        let bad = try Run.coprint(["blank", "action-plan", "--language", "welsh"], in: f)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("'welsh' is not a language"), "\(bad.stderr)")
    }

    @Test("a Welsh workshop pack labels its copies Bwrdd 1, Bwrdd 2; a bilingual one both")
    func pack() throws {
        let f = try folder()
        let r = try Run.coprint(["pack", "action-plan", "top-tips", "--language", "cy", "--copies", "2", "-o", "pack.pdf"], in: f)
        #expect(r.status == 0, "\(r.stderr)")
        let text = try PDFCheck.text(f.appendingPathComponent("pack.pdf"))
        #expect(text.contains("Bwrdd 2") && !text.contains("Table"), "\(text.prefix(300))")
        let both = try Run.coprint(["blank", "action-plan", "--language", "cy+en", "--copies", "2", "-o", "both.pdf"], in: f)
        #expect(both.status == 0, "\(both.stderr)")
        #expect(try PDFCheck.text(f.appendingPathComponent("both.pdf")).contains("Bwrdd 1 / Table 1"))
    }

    @Test("init --language cy writes Welsh comments and 'language: cy'; render then prints Welsh")
    func initAndRender() throws {
        let f = try folder()
        let r = try Run.coprint(["init", "action-plan", "--language", "cy", "-o", "plan.yaml"], in: f)
        #expect(r.status == 0, "\(r.stderr)")
        let plan = try String(contentsOf: f.appendingPathComponent("plan.yaml"), encoding: .utf8)
        #expect(plan.contains("# Sut i’w ysgrifennu:"))
        #expect(plan.contains("language: cy\n"))
        #expect(plan.contains("# Prosiect. Beth yw enw’r prosiect neu’r darn o waith?"))
        #expect(!plan.contains("How to write it"))
        let filled = plan.replacingOccurrences(of: "team: \"\"", with: "team: Tîm Glan yr Afon")
        try filled.write(to: f.appendingPathComponent("plan.yaml"), atomically: true, encoding: .utf8)
        let render = try Run.coprint(["render", "plan.yaml", "-o", "."], in: f)
        #expect(render.status == 0, "\(render.stderr)")
        let pdf = f.appendingPathComponent("plan-a4.pdf")
        let text = try PDFCheck.text(pdf)
        #expect(text.contains("Tîm Glan yr Afon"))
        #expect(text.contains("Cynllun gweithredu cydgynhyrchu"))
        #expect(try lang(pdf) == "cy")
        // --language overrides the plan's own, and names the output by it.
        let english = try Run.coprint(["render", "plan.yaml", "--language", "en", "-o", "."], in: f)
        #expect(english.status == 0, "\(english.stderr)")
        #expect(try PDFCheck.text(f.appendingPathComponent("plan-en-a4.pdf")).contains("Co-production action plan"))
    }

    @Test("a batch asks each job's language, in the manifest and in a CSV column, and names files by {language}")
    func batch() throws {
        let f = try folder([
            "m.yaml": """
            output: "{layout}-{language}-{paper}.pdf"
            language: cy
            jobs:
              - layout: five-values
              - layout: five-values
                language: cy+en
              - layout: five-values
                language: en
              - layout: top-tips
                language: welsh
            """,
            "rows.csv": "organisation,language\nRiverside Carers,cy\nValleys Youth Forum,cy+en\nTown Hall,\n",
        ])
        let r = try Run.coprint(["batch", "m.yaml", "-o", "out"], in: f)
        #expect(r.status == 1)
        #expect(r.stderr.contains("m.yaml:10:15: 'welsh' is not a language"), "\(r.stderr)")
        let out = f.appendingPathComponent("out")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() == ["five-values-cy-a4.pdf", "five-values-cy-en-a4.pdf", "five-values-en-a4.pdf"])
        #expect(try lang(out.appendingPathComponent("five-values-cy-a4.pdf")) == "cy")
        #expect(try lang(out.appendingPathComponent("five-values-en-a4.pdf")) == "en-GB")

        let csv = try Run.coprint(["batch", "rows.csv", "--layout", "top-tips", "--language", "en", "-o", "rows"], in: f)
        #expect(csv.status == 0, "\(csv.stderr)")
        let rows = f.appendingPathComponent("rows")
        let first = try PDFCheck.text(rows.appendingPathComponent("top-tips-1-Riverside-Carers-a4.pdf"))
        let second = try PDFCheck.text(rows.appendingPathComponent("top-tips-2-Valleys-Youth-Forum-a4.pdf"))
        let third = try PDFCheck.text(rows.appendingPathComponent("top-tips-3-Town-Hall-a4.pdf"))
        #expect(first.contains("10 awgrym gorau") && !first.contains("10 top tips"))
        #expect(second.contains("10 awgrym gorau") && second.contains("10 top tips"))
        #expect(third.contains("10 top tips") && !third.contains("awgrym"), "an empty cell takes the batch's --language")
    }

    @Test("list shows each layout's languages; validate checks a translation file by line and key")
    func listAndValidate() throws {
        let list = try Run.coprint(["list"])
        #expect(list.stdout.contains("languages: en (English), cy (Cymraeg), cy+en"), "\(list.stdout)")
        let good = try Run.coprint(["validate", Project.layouts.appendingPathComponent("languages/cy/action-plan.yaml").path])
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stdout.contains("has every word of layout 'action-plan' in 'cy'"))

        let f = try folder()
        let layouts = f.appendingPathComponent("layouts")
        try FileManager.default.createDirectory(at: layouts.appendingPathComponent("languages/cy"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Project.layouts.appendingPathComponent("key-steps.yaml"), to: layouts.appendingPathComponent("key-steps.yaml"))
        let words = try String(contentsOf: Project.layouts.appendingPathComponent("languages/cy/key-steps.yaml"), encoding: .utf8)
        try words.replacingOccurrences(of: "    prompt:", with: "    promt:")
            .write(to: layouts.appendingPathComponent("languages/cy/key-steps.yaml"), atomically: true, encoding: .utf8)
        let bad = try Run.coprint(["validate", "layouts/languages/cy/key-steps.yaml"], in: f)
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("layouts/languages/cy/key-steps.yaml:"), "\(bad.stderr)")
        #expect(bad.stderr.contains("has no 'regions.title.prompt'"), "\(bad.stderr)")
        #expect(bad.stderr.contains("'regions.title.promt' is not a word of layout 'key-steps'"), "\(bad.stderr)")
    }
}
