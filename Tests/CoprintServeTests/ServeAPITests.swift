// The HTTP API of `coprint serve`, through Hummingbird's test client: what the page and other
// programs rely on, and what keeps it safe under abuse.
import CoprintCore
import CoprintServe
import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import NIOCore
import Testing
import TestSupport

/// Settings pointing at the project's own folders.
func testSettings(_ change: (inout ServeSettings) -> Void = { _ in }) -> ServeSettings {
    var s = ServeSettings()
    s.layoutFolders = [Project.layouts]
    s.fontsFolder = Project.fonts
    s.webFolder = Project.root.appendingPathComponent("web")
    s.workers = 2
    change(&s)
    return s
}

/// Runs `body` against the app built from `settings`, in process.
func withServer(_ settings: ServeSettings = testSettings(), _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
    let app = Application(router: try CoprintServer.router(settings))
    try await app.test(.router, body)
}

func json(_ buffer: ByteBuffer) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(buffer: buffer)) as? [String: Any])
}

let riversidePlan = """
layout: action-plan
title: Riverside carers' café
team: Carers, staff and the council's commissioner
purpose: |
  Carers told us the café closes before they finish their shifts.
next-steps:
  - { what: Try later opening hours, who: Priya, when: March }
"""

@Suite("coprint serve API")
struct ServeAPITests {
    @Test("GET /api/layouts lists every layout with its fields, labels, prompts and shapes")
    func layouts() async throws {
        try await withServer { client in
            try await client.execute(uri: "/api/layouts", method: .get) { response in
                #expect(response.status == .ok)
                let body = try json(response.body)
                let layouts = try #require(body["layouts"] as? [[String: Any]])
                #expect(layouts.compactMap { $0["name"] as? String }.sorted() == Project.layoutNames)
                let plan = try #require(layouts.first { $0["name"] as? String == "action-plan" })
                #expect(plan["kind"] as? String == "canvas")
                let fields = try #require(plan["fields"] as? [[String: Any]])
                let purpose = try #require(fields.first { $0["field"] as? String == "purpose" })
                #expect(purpose["label"] as? String == "What needs to change, and why?")
                #expect(purpose["page"] as? Int == 1)
                #expect(fields.first { $0["field"] as? String == "values" }?["page"] as? Int == 2, "the values matrix is on page 2")
                #expect((purpose["prompt"] as? String)?.hasPrefix("What is not working now") == true)
                let steps = try #require(fields.first { $0["field"] as? String == "next-steps" })
                #expect(steps["shape"] as? String == "table")
                #expect((steps["columns"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["what", "who", "when"])
                let poster = try #require(layouts.first { $0["name"] as? String == "top-tips" })
                #expect(poster["kind"] as? String == "poster")
                #expect(poster["starting"] is [String: Any], "a poster's form starts from its shipped wording")
                #expect((body["languages"] as? [[String: Any]])?.compactMap { $0["code"] as? String } == ["en"])
            }
        }
    }

    @Test("POST /api/render gives a PDF holding the plan's words, and a PNG of a chosen page")
    func render() async throws {
        let folder = try Project.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await withServer { client in
            try await client.execute(uri: "/api/render?paper=a3&format=pdf", method: .post, body: ByteBuffer(string: riversidePlan)) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/pdf")
                let pdf = folder.appendingPathComponent("plan.pdf")
                try Data(buffer: response.body).write(to: pdf)
                let text = try PDFCheck.text(pdf)
                #expect(PDFCheck.missingWords(["Riverside carers' café", "Try later opening hours", "Priya", "finish their shifts"], in: text, inOrder: false) == [])
                #expect(try PDFCheck.info(pdf)["Page size"]?.contains("1190.55 x 841.89") == true, "A3 landscape")
            }
            try await client.execute(uri: "/api/render?format=png&page=2", method: .post, body: ByteBuffer(string: riversidePlan)) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "image/png")
                #expect(Data(buffer: response.body).prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]))
                #expect(response.headers[HTTPField.Name("X-Coprint-Pages")!] == "2")
            }
            try await client.execute(uri: "/api/render?format=png&page=9", method: .post, body: ByteBuffer(string: riversidePlan)) { response in
                #expect(response.status == .unprocessableContent)
                let answer = try json(response.body)
                #expect((answer["message"] as? String)?.contains("no page 9") == true)
            }
            try await client.execute(uri: "/api/render?paper=a5", method: .post, body: ByteBuffer(string: riversidePlan)) { response in
                #expect(response.status == .badRequest)
            }
        }
    }

    @Test("POST /api/validate answers 422 with every problem's field path, line and plain message")
    func validate() async throws {
        let bad = """
        layout: action-plan
        title: Fine
        purpos: A typo in the field name
        next-steps:
          - { what: Ring the café, whom: Sam }
        """
        try await withServer { client in
            try await client.execute(uri: "/api/validate", method: .post, body: ByteBuffer(string: bad)) { response in
                #expect(response.status == .unprocessableContent)
                let problems = try #require(try json(response.body)["problems"] as? [[String: Any]])
                #expect(problems.count == 2)
                #expect(problems.compactMap { $0["path"] as? String } == ["purpos", "next-steps[0].whom"])
                #expect(problems.compactMap { $0["line"] as? Int } == [3, 5])
                #expect((problems.first?["message"] as? String)?.contains("did you mean 'purpose'") == true)
                #expect(problems.allSatisfy { !($0["message"] as? String ?? "").contains("/") }, "no path on this computer in a message")
            }
            try await client.execute(uri: "/api/validate", method: .post, body: ByteBuffer(string: riversidePlan)) { response in
                #expect(response.status == .ok)
                let answer = try json(response.body)
                #expect(answer["valid"] as? Bool == true)
            }
            try await client.execute(uri: "/api/render", method: .post, body: ByteBuffer(string: "layout: nothing-like-this")) { response in
                #expect(response.status == .unprocessableContent)
                let problems = try #require(try json(response.body)["problems"] as? [[String: Any]])
                #expect(problems.first?["path"] as? String == "layout")
            }
        }
    }

    @Test("A picture path in a request is refused: no file is ever read because of a request")
    func noPathsFromRequests() async throws {
        let poster = "layout: top-tips\nlogo: ../../../../etc/passwd\n"
        try await withServer { client in
            try await client.execute(uri: "/api/validate", method: .post, body: ByteBuffer(string: poster)) { response in
                let problems = try json(response.body)["problems"] as? [[String: Any]] ?? []
                #expect(response.status == .unprocessableContent)
                #expect(problems.first?["path"] as? String == "logo")
                #expect((problems.first?["message"] as? String)?.contains("pictures cannot be sent to this page") == true)
            }
            for uri in ["/../Package.swift", "/..%2FPackage.swift", "/%2e%2e/%2e%2e/etc/passwd", "/web/index.html", "/Package.swift", "/.gitignore"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .notFound, "\(uri)")
                    #expect(!String(buffer: response.body).contains("PackageDescription"))
                }
            }
            try await client.execute(uri: "/app.js", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/javascript; charset=utf-8")
            }
        }
    }

    @Test("Every response carries the security headers, errors included")
    func securityHeaders() async throws {
        try await withServer { client in
            for (uri, method) in [("/", HTTPRequest.Method.get), ("/api/layouts", .get), ("/nothing", .get), ("/api/render", .post)] {
                try await client.execute(uri: uri, method: method, body: ByteBuffer(string: "x: [")) { response in
                    let csp = response.headers[.contentSecurityPolicy] ?? ""
                    #expect(csp.contains("frame-ancestors 'none'"), "\(uri)")
                    #expect(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "\(uri)")
                    #expect(response.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff", "\(uri)")
                    #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer", "\(uri)")
                }
            }
        }
    }

    @Test("A body over the limit gets 413 with a plain message")
    func oversized() async throws {
        let big = ByteBuffer(string: "layout: action-plan\npurpose: \"" + String(repeating: "a", count: 70_000) + "\"\n")
        try await withServer(testSettings { $0.maximumBodySize = 64 * 1024 }) { client in
            try await client.execute(uri: "/api/render", method: .post, body: big) { response in
                #expect(response.status == .contentTooLarge)
                let answer = try json(response.body)
                #expect((answer["message"] as? String)?.contains("64 KB") == true)
                #expect(response.headers[.contentSecurityPolicy] != nil)
            }
        }
    }

    @Test("A flood gets 503 with Retry-After once the queue is full, then the server recovers")
    func flood() async throws {
        let settings = testSettings { $0.workers = 1; $0.queueLimit = 2 }
        try await withServer(settings) { client in
            let statuses = try await withThrowingTaskGroup(of: (Int, String?).self) { group in
                for _ in 0..<24 {
                    group.addTask {
                        try await client.execute(uri: "/api/render?format=pdf&paper=a3", method: .post, body: ByteBuffer(string: riversidePlan)) {
                            (Int($0.status.code), $0.headers[.retryAfter])
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.count == 24)
            #expect(statuses.contains { $0.0 == 200 })
            let refused = statuses.filter { $0.0 == 503 }
            #expect(!refused.isEmpty, "with one worker and a queue of 2, some of 24 requests at once are refused")
            #expect(refused.allSatisfy { $0.1 == "2" })
            #expect(statuses.allSatisfy { [200, 503].contains($0.0) })
            try await client.execute(uri: "/api/render?format=pdf", method: .post, body: ByteBuffer(string: riversidePlan)) { response in
                #expect(response.status == .ok, "after the flood it prints again")
            }
        }
    }

    @Test("POST /api/import answers 501 in plain words until reading filled PDFs exists")
    func importHook() async throws {
        try await withServer { client in
            try await client.execute(uri: "/api/import", method: .post, body: ByteBuffer(string: "%PDF-1.7")) { response in
                #expect(response.status == .notImplemented)
                let answer = try json(response.body)
                #expect((answer["message"] as? String)?.contains("not available") == true)
            }
        }
        struct Fake: PlanImporter {
            func plan(fromFilledPDF pdf: Data) throws -> String { "layout: action-plan\nteam: From the PDF\n" }
        }
        try await withServer(testSettings { $0.importer = Fake() }) { client in
            try await client.execute(uri: "/api/import", method: .post, body: ByteBuffer(string: "%PDF-1.7")) { response in
                #expect(response.status == .ok)
                let plan = try #require(try json(response.body)["plan"] as? [String: Any])
                #expect(plan["team"] as? String == "From the PDF")
            }
        }
    }

    @Test("POST /api/import with the real importer reads a pre-filled fillable canvas back into its plan, and refuses a PDF coprint did not make")
    func importReal() async throws {
        let folder = try Project.temporaryFolder()
        let plan = folder.appendingPathComponent("p.yaml")
        try "layout: action-plan\nteam: Grŵp Llanfair\npurpose: |\n  Carers need evening support.\n".write(to: plan, atomically: true, encoding: .utf8)
        let pdf = folder.appendingPathComponent("p.pdf")
        let made = try Run.coprint(["render", plan.path, "--fillable", "-o", pdf.path])
        try #require(made.status == 0, "\(made.stderr)")
        let bytes = try Data(contentsOf: pdf)
        let library = try LayoutLibrary(folders: [Project.layouts])
        try await withServer(testSettings { $0.importer = FormPlanImporter(library: library) }) { client in
            try await client.execute(uri: "/api/import", method: .post, body: ByteBuffer(bytes: bytes)) { response in
                #expect(response.status == .ok)
                let plan = try #require(try json(response.body)["plan"] as? [String: Any])
                #expect(plan["layout"] as? String == "action-plan")
                #expect(plan["team"] as? String == "Grŵp Llanfair")
            }
            try await client.execute(uri: "/api/import", method: .post, body: ByteBuffer(string: "%PDF-1.7\nnot really")) { response in
                #expect(response.status.code == 422)
            }
        }
    }

    @Test("POST /api/render?fillable=1 gives a fillable PDF whose fields hold the plan; PNG cannot be fillable")
    func fillableDownload() async throws {
        try await withServer { client in
            try await client.execute(uri: "/api/render?format=pdf&fillable=1", method: .post, body: ByteBuffer(string: riversidePlan)) { response in
                #expect(response.status == .ok)
                let folder = try Project.temporaryFolder()
                let pdf = folder.appendingPathComponent("f.pdf")
                try Data(buffer: response.body).write(to: pdf)
                let fields = try Run.tool("pdftk", [pdf.path, "dump_data_fields_utf8"])
                #expect(fields.stdout.contains("FieldName: team"), "\(fields.stdout.prefix(400))")
                #expect(try Run.tool("qpdf", ["--check", pdf.path]).status == 0)
            }
            try await client.execute(uri: "/api/render?format=png&fillable=1", method: .post, body: ByteBuffer(string: riversidePlan)) { response in
                #expect(response.status == .badRequest)
            }
        }
    }

    @Test("a poster request with a huge number in its wording is answered, not a crash")
    func hugeNumber() async throws {
        try await withServer { client in
            let body = #"{"plan": {"layout": "top-tips", "title": 1e300}, "csv": "organisation\nRiverside\n"}"#
            try await client.execute(uri: "/api/posters", method: .post, body: ByteBuffer(string: body)) { response in
                #expect([200, 422].contains(response.status.code))
            }
        }
    }

    @Test("POST /api/parse turns a YAML plan into JSON for the page, keeping every character")
    func parse() async throws {
        let yaml = "layout: action-plan\nteam: \"<script>alert('x')</script> & “quotes” – Cymraeg: ŵ ŷ\"\n"
        try await withServer { client in
            try await client.execute(uri: "/api/parse", method: .post, body: ByteBuffer(string: yaml)) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                let plan = try #require(try json(response.body)["plan"] as? [String: Any])
                #expect(plan["team"] as? String == "<script>alert('x')</script> & “quotes” – Cymraeg: ŵ ŷ")
            }
        }
    }
}

@Suite("coprint serve personalised posters")
struct ServePosterTests {
    @Test("POST /api/posters prints one poster per CSV row into a zip, each with its own words")
    func zipOfPosters() async throws {
        let folder = try Project.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let csv = "organisation,title\nRiverside Carers Group,\n\"Llanfair Community Group, Gwynedd\",10 awgrym da\n"
        let body = try JSONSerialization.data(withJSONObject: ["plan": ["layout": "top-tips"], "csv": csv])
        try await withServer { client in
            try await client.execute(uri: "/api/posters?paper=a4", method: .post, body: ByteBuffer(bytes: body)) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/zip")
                let zip = folder.appendingPathComponent("posters.zip")
                try Data(buffer: response.body).write(to: zip)
                let listing = try Run.tool("unzip", ["-Z1", zip.path]).stdout.split(separator: "\n").map(String.init)
                #expect(listing == ["001-Riverside-Carers-Group-top-tips-a4.pdf", "002-Llanfair-Community-Group-Gwynedd-top-tips-a4.pdf"])
                #expect(try Run.tool("unzip", ["-q", "-t", zip.path]).status == 0, "every entry's checksum is right")
                _ = try Run.tool("unzip", ["-q", zip.path, "-d", folder.path])
                let second = try PDFCheck.text(folder.appendingPathComponent(listing[1]))
                #expect(second.contains("Llanfair Community Group, Gwynedd") && second.contains("10 awgrym da"))
                let first = try PDFCheck.text(folder.appendingPathComponent(listing[0]))
                #expect(first.contains("Riverside Carers Group") && !first.contains("awgrym"))
            }
            let withLogo = try JSONSerialization.data(withJSONObject: ["plan": ["layout": "top-tips"], "csv": "organisation,logo\nA,../../etc/passwd\n"])
            try await client.execute(uri: "/api/posters", method: .post, body: ByteBuffer(bytes: withLogo)) { response in
                #expect(response.status == .unprocessableContent)
                let answer = try json(response.body)
                let problems = try #require(answer["problems"] as? [[String: Any]])
                #expect(problems.first?["path"] as? String == "logo")
                #expect((problems.first?["message"] as? String)?.hasPrefix("Row 2 of the list:") == true)
            }
        }
    }
}

@Suite("coprint serve languages")
struct ServeLanguageTests {
    @Test("A plan's language picks the layout's edition through the server's hook; an unknown one is a problem at 'language'")
    func languageHook() async throws {
        let folder = try Project.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let settings = testSettings {
            $0.languages = [ServeLanguage(code: "en", name: "English"), ServeLanguage(code: "cy", name: "Cymraeg")]
            $0.edition = { layout, language in
                var l = layout
                if language == "cy" { l.pages[0].heading = "Cynllun gweithredu" }
                return l
            }
        }
        try await withServer(settings) { client in
            try await client.execute(uri: "/api/render", method: .post, body: ByteBuffer(string: "layout: action-plan\nlanguage: cy\nteam: Tîm\n")) { response in
                #expect(response.status == .ok)
                let pdf = folder.appendingPathComponent("cy.pdf")
                try Data(buffer: response.body).write(to: pdf)
                let text = try PDFCheck.text(pdf)
                #expect(text.contains("Cynllun gweithredu") && text.contains("Tîm"))
            }
            try await client.execute(uri: "/api/validate", method: .post, body: ByteBuffer(string: "layout: action-plan\nlanguage: fr\n")) { response in
                #expect(response.status == .unprocessableContent)
                let answer = try json(response.body)
                let problems = try #require(answer["problems"] as? [[String: Any]])
                #expect(problems.first?["path"] as? String == "language")
                #expect((problems.first?["message"] as? String)?.contains("en, cy") == true)
            }
        }
    }
}
