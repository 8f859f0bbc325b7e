import CoprintLayout
import Foundation
import Testing
import TestSupport

/// `coprint init`, `validate` and `render` as a person or script runs them, including every kind
/// of bad input: each must give exit 1, name the file, line and column, and write nothing.
@Suite("Plan commands")
struct PlanCommandTests {
    func folder(with files: [String: String] = [:]) throws -> URL {
        let folder = try Project.temporaryFolder()
        for (name, text) in files { try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return folder
    }

    func contents(_ folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    @Test("init writes a starter plan that validates and renders blank")
    func initValidateRender() throws {
        let f = try folder()
        let r = try Run.coprint(["init", "action-plan", "-o", "plan.yaml"], in: f)
        #expect(r.status == 0, "\(r.stderr)")
        let text = try String(contentsOf: f.appendingPathComponent("plan.yaml"), encoding: .utf8)
        #expect(text.hasPrefix("# A plan for the co-production action plan."))
        for field in ["title", "team", "date", "people", "purpose", "success", "values", "next-steps", "check-in"] {
            #expect(text.contains("\n\(field):"), "\(field) is missing from the starter plan")
        }
        #expect(text.contains("# What needs to change, and why? What is not working now"))
        #expect(text.contains("    individual:  # Individual: What will I do in my own role, with the people I meet?"))
        #expect(text.contains("# Project. What is the project or piece of work called?"), "a heading and its prompt read as two sentences")
        #expect(text.contains("purpose: |"), "text fields teach the block style, which has no comma or colon traps")
        let v = try Run.coprint(["validate", "plan.yaml"], in: f)
        #expect(v.status == 0, "\(v.stderr)")
        #expect(v.stdout.contains("ready to print with layout 'action-plan': 0 of 9 fields filled"))
        let again = try Run.coprint(["init", "action-plan", "-o", "plan.yaml"], in: f)
        #expect(again.status == 1)
        #expect(again.stderr.contains("already exists"))
        let render = try Run.coprint(["render", "plan.yaml"], in: f)
        #expect(render.status == 0)
        #expect(render.stdout == "wrote output/plan-a4.pdf\n")
    }

    @Test("init for a poster starts from its shipped wording")
    func initPoster() throws {
        let r = try Run.coprint(["init", "top-tips", "-o", "-"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("layout: top-tips"))
        #expect(r.stdout.contains("Start with an idea, not a plan"))
    }

    @Test("render a sample plan on both papers, with a report")
    func renderSample() throws {
        let f = try folder()
        let plan = Project.root.appendingPathComponent("examples/riverside-carers.yaml").path
        let r = try Run.coprint(["render", plan, "--paper", "all", "--report", "fit.json"], in: f)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try contents(f.appendingPathComponent("output")) == ["riverside-carers-a3.pdf", "riverside-carers-a4.pdf"])
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: f.appendingPathComponent("fit.json"))) as? [String: Any]
        #expect((report?["papers"] as? [Any])?.count == 2)
        let text = try PDFCheck.text(f.appendingPathComponent("output/riverside-carers-a4.pdf"))
        #expect(text.contains("Riverside carers' support review"))
        #expect(text.contains("Book an accessible room for the first design group"))
        let info = try PDFCheck.info(f.appendingPathComponent("output/riverside-carers-a4.pdf"))
        #expect(info["Title"] == "Co-production action plan: Riverside carers' support review (Riverside Carers Group)")
    }

    @Test("JSON on standard input, PDF on standard output")
    func pipes() throws {
        let json = #"{"layout": "action-plan", "title": "Piped plan", "people": ["Ana", "Ben"], "values": {"networks": {"group": "Meet the library team"}}}"#
        let f = try folder()
        let r = try Run.coprint(["render", "-", "-o", "-"], in: f, stdin: Data(json.utf8))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdoutData.starts(with: Data("%PDF-".utf8)))
        #expect(try contents(f).isEmpty, "nothing but standard output should be written")
        let pdf = f.appendingPathComponent("piped.pdf")
        try r.stdoutData.write(to: pdf)
        #expect(try PDFCheck.text(pdf).contains("Meet the library team"))
        #expect(try Run.tool("qpdf", ["--check", pdf.path]).status == 0)
    }

    /// A bad input: exit 1, the message (with file:line:col where there is one), and no output.
    func expectRejected(_ plan: String, name: String = "plan.yaml", message: String, extra: [String] = []) throws {
        let f = try folder(with: [name: plan])
        let r = try Run.coprint(["render", name] + extra, in: f)
        #expect(r.status == 1, "exit \(r.status): \(r.stderr)")
        #expect(r.stderr.contains(message), "\(r.stderr)")
        let left = try contents(f)
        #expect(left == [name], "something was written: \(left)")
        let v = try Run.coprint(["validate", name], in: f)
        #expect(v.status == 1)
    }

    @Test("malformed YAML")
    func malformedYAML() throws {
        try expectRejected("layout: action-plan\npeople: [Ana, Ben\npurpose: x\n", message: "plan.yaml:3:")
    }

    @Test("malformed JSON")
    func malformedJSON() throws {
        try expectRejected("{\"layout\": \"action-plan\",\n \"title\": \"x\",,\n}", name: "plan.json", message: "plan.json:2:")
    }

    @Test("a field the layout does not have, with a suggestion")
    func unknownField() throws {
        try expectRejected("layout: action-plan\ntitle: x\nvaleus:\n  strengths: { group: y }\n",
                           message: "plan.yaml:3:1: 'valeus' is not a field of layout 'action-plan'; did you mean 'values'?")
    }

    @Test("a map where text belongs")
    func wrongType() throws {
        try expectRejected("layout: action-plan\npurpose:\n  why: because\n", message: "plan.yaml:3:3: this was read as a field name and a value because of the colon followed by a space in \"why: because\". Put the whole text in quotes: \"why: because\"")
    }

    @Test("duplicate keys")
    func duplicateKeys() throws {
        try expectRejected("layout: action-plan\ntitle: one\ntitle: two\n", message: "'title' is written more than once")
    }

    @Test("a file that is not UTF-8 names the line and column of the first bad byte")
    func notUTF8() throws {
        let f = try folder()
        try (Data("layout: action-plan\ntitle: Caf".utf8) + Data([0xE9])).write(to: f.appendingPathComponent("plan.yaml"))
        let r = try Run.coprint(["render", "plan.yaml"], in: f)
        #expect(r.status == 1)
        #expect(r.stderr.contains("plan.yaml:2:11: the file is not UTF-8 text (the first bad byte is here, byte 31 of the file)"), "\(r.stderr)")
        #expect(try contents(f) == ["plan.yaml"])
    }

    @Test("an unknown layout, pointing at the layout line")
    func unknownLayout() throws {
        try expectRejected("title: x\nlayout: action-plna\n", message: "plan.yaml:2:9: there is no layout called 'action-plna'. Did you mean 'action-plan'?")
    }

    @Test("a file with no layout line")
    func noLayout() throws {
        try expectRejected("title: x\n", message: "add a first line such as 'layout: action-plan'")
    }

    @Test("text over the size limit says so and names the limit")
    func tooLong() throws {
        try expectRejected("layout: action-plan\npurpose: \(String(repeating: "abcd ", count: 4_000))abcde\n",
                           message: "over coprint's limit of 20000 characters for one piece of text")
    }

    @Test("a file over the size limit says so and names the limit")
    func tooBig() throws {
        let f = try folder()
        let big = "layout: action-plan\n" + String(repeating: "# padding line for a very large file\n", count: 30_000)
        try big.write(to: f.appendingPathComponent("big.yaml"), atomically: true, encoding: .utf8)
        let r = try Run.coprint(["render", "big.yaml"], in: f)
        #expect(r.status == 1)
        #expect(r.stderr.contains("over coprint's limit of 1024 KB for a plan"), "\(r.stderr)")
    }

    @Test("every problem is reported at once, in file order")
    func allAtOnce() throws {
        let f = try folder(with: ["plan.yaml": "layout: action-plan\nsucess: x\npeople: { a: b }\nvalues:\n  strenghts: { individual: y }\n"])
        let r = try Run.coprint(["validate", "plan.yaml"], in: f)
        #expect(r.status == 1)
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 3, "\(r.stderr)")
        #expect(lines.first?.hasPrefix("coprint: plan.yaml:2:1:") == true)
        #expect(lines.last?.hasPrefix("coprint: plan.yaml:5:3:") == true)
    }

    @Test("an output path that cannot be written: exit 1 and no files")
    func unwritable() throws {
        let f = try folder(with: ["plan.yaml": "layout: action-plan\ntitle: x\n", "blocker": "a file"])
        let r = try Run.coprint(["render", "plan.yaml", "-o", "blocker/out.pdf"], in: f)
        #expect(r.status == 1)
        #expect(r.stderr.contains("cannot create the folder blocker"))
        #expect(try contents(f) == ["blocker", "plan.yaml"])
    }

    @Test("--strict fails on continuation, writing nothing; without it, a warning")
    func strict() throws {
        let plan = Project.root.appendingPathComponent("examples/long-plan.yaml").path
        let f = try folder()
        let r = try Run.coprint(["render", plan, "--strict"], in: f)
        #expect(r.status == 1)
        #expect(r.stderr.contains("continues on page 3"))
        #expect(r.stderr.contains("(not allowed with --strict)"))
        #expect(try contents(f).isEmpty)
        let relaxed = try Run.coprint(["render", plan], in: f)
        #expect(relaxed.status == 0)
        #expect(relaxed.stderr.contains("coprint: warning: purpose (\"What needs to change, and why?\"): the text did not fit its box on page 1"))
    }

    @Test("--report is written even when --strict refuses, and says why; validate warns as render would")
    func strictWithReport() throws {
        let plan = Project.root.appendingPathComponent("examples/long-plan.yaml").path
        let f = try folder()
        let r = try Run.coprint(["render", plan, "--strict", "--report", "fit.json"], in: f)
        #expect(r.status == 1)
        #expect(r.stderr.contains("nothing was written; the fit report is in fit.json"))
        let report = try String(contentsOf: f.appendingPathComponent("fit.json"), encoding: .utf8)
        #expect(report.contains("\"continued\" : true"))
        #expect(try contents(f) == ["fit.json"])
        let v = try Run.coprint(["validate", plan], in: f)
        #expect(v.status == 0)
        #expect(v.stderr.contains("coprint: warning: purpose (\"What needs to change, and why?\"): the text did not fit"))
        #expect(v.stdout.contains("but read the"))
        #expect(!v.stdout.contains("ready to print"))
    }

    @Test("a character no font can draw is a warning that names it")
    func missingGlyphWarning() throws {
        let f = try folder(with: ["plan.yaml": "layout: action-plan\nteam: Our team 🙂\n"])
        let r = try Run.coprint(["render", "plan.yaml"], in: f)
        #expect(r.status == 0)
        #expect(r.stderr.contains("coprint: warning: team: no bundled font can draw '🙂' (U+1F642)"), "\(r.stderr)")
    }

    @Test("usage mistakes exit 2")
    func usage() throws {
        #expect(try Run.coprint(["render"]).status == 2)
        #expect(try Run.coprint(["render", "x.yaml", "--paper", "all", "-o", "-"]).status == 2)
    }
}
