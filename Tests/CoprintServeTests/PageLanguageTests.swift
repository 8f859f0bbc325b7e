// The page in the language chosen: the layouts' words through /api/layouts?language=, and the
// page itself as headless Chromium shows it (its DOM once the scripts have run) from a real
// `coprint serve`, which offers en, cy and cy+en.
import CoprintCore
import CoprintLayout
import CoprintServe
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport

/// Words the page says in English; none may show when Welsh is chosen.
let englishPageWords = ["Skip to the form", "Fill in a canvas", "Choose", "Canvas or poster", "Paper", "Language",
                        "Download", "Fillable", "Open a saved plan", "Personalised posters", "Your words", "The printed page",
                        "Previous", "Next", "Page 1", "A picture of the printed page", "runs on this computer", "Canvases",
                        "Posters", "Add a row", "What needs to change", "Co-production action plan", "Updating", "The picture shows"]

@Suite("coprint serve speaks the language chosen")
struct PageLanguageTests {
    /// The action plan's 'purpose' field in a /api/layouts answer.
    static func purpose(_ body: [String: Any]) throws -> [String: Any] {
        let layouts = try #require(body["layouts"] as? [[String: Any]])
        let plan = try #require(layouts.first { $0["name"] as? String == "action-plan" })
        let fields = try #require(plan["fields"] as? [[String: Any]])
        return try #require(fields.first { $0["field"] as? String == "purpose" })
    }

    @Test("GET /api/layouts?language= gives the layouts' words in that edition; an unknown language is refused")
    func layoutsInALanguage() async throws {
        let library = try LayoutLibrary(folders: [Project.layouts])
        let settings = testSettings {
            $0.languages = [ServeLanguage(code: "en", name: "English"), ServeLanguage(code: "cy", name: "Cymraeg"),
                            ServeLanguage(code: "cy+en", name: "Cymraeg a Saesneg / Welsh and English")]
            $0.edition = { layout, code in try library.inEdition(layout, try Edition(parsing: code)) }
        }
        try await withServer(settings) { client in
            try await client.execute(uri: "/api/layouts?language=cy", method: .get) { response in
                #expect(response.status == .ok)
                let body = try json(response.body)
                #expect(try Self.purpose(body)["label"] as? String == "Beth sydd angen newid, a pham?")
                let tips = try #require((body["layouts"] as? [[String: Any]])?.first { $0["name"] as? String == "top-tips" })
                #expect((tips["starting"] as? [String: Any])?["title"] as? String == "10 awgrym gorau ar gyfer cydgynhyrchu", "a poster's form starts from its Welsh wording")
            }
            try await client.execute(uri: "/api/layouts?language=cy%2Ben", method: .get) { response in
                #expect(response.status == .ok)
                let field = try Self.purpose(try json(response.body))
                #expect(field["label"] as? String == "Beth sydd angen newid, a pham?\u{2029}What needs to change, and why?", "Welsh first, English paired")
            }
            try await client.execute(uri: "/api/layouts", method: .get) { response in
                let body = try json(response.body)
                #expect(try Self.purpose(body)["label"] as? String == "What needs to change, and why?")
            }
            try await client.execute(uri: "/api/layouts?language=fr", method: .get) { response in
                #expect(response.status == .badRequest)
                let message = try json(response.body)["message"] as? String
                #expect(message?.contains("en, cy, cy+en") == true, "\(message ?? "")")
            }
        }
    }

    @Test("With Welsh chosen the page is in Welsh: lang=cy, Welsh labels and buttons, no English words of its own")
    func welshPage() throws {
        let page = try PageInBrowser.dom("?layout=action-plan&language=cy")
        #expect(page.contains("<html lang=\"cy\""), "\(page.prefix(200))")
        for words in ["Lawrlwytho’r PDF", "Iaith", "Papur", "Eich geiriau", "Y dudalen wedi’i hargraffu", "Beth sydd angen newid, a pham?",
                      "Camau nesaf: ychwanegu rhes", "Cynllun gweithredu cydgynhyrchu", "Cynfasau", "Tudalen 1 o 2"] {
            #expect(page.contains(words), "the Welsh page does not say \(words)")
        }
        for words in englishPageWords {
            #expect(!page.contains(words), "the Welsh page still says \(words)")
        }
    }

    @Test("With Welsh and English chosen the page gives both, Welsh first, each marked with its language")
    func bilingualPage() throws {
        let page = try PageInBrowser.dom("?layout=action-plan&language=cy%2Ben")
        #expect(page.contains("<html lang=\"cy\""))
        for (welsh, english) in [("Lawrlwytho’r PDF", "Download the PDF"), ("Beth sydd angen newid, a pham?", "What needs to change, and why?"),
                                 ("Eich geiriau", "Your words")] {
            let w = try #require(page.range(of: welsh), "no \(welsh)")
            let e = try #require(page.range(of: "<span lang=\"en\" class=\"paired\">" + english), "no \(english) marked as English")
            #expect(w.lowerBound < e.lowerBound, "\(welsh) comes before \(english)")
        }
    }

    @Test("With English chosen the page is in English, as before")
    func englishPage() throws {
        let page = try PageInBrowser.dom("?layout=action-plan")
        #expect(page.contains("<html lang=\"en\""))
        #expect(page.contains("Download the PDF") && page.contains("What needs to change, and why?"))
        #expect(!page.contains("Lawrlwytho") && !page.contains("class=\"paired\""))
    }
}

/// A real `coprint serve` and headless Chromium's DOM of its page, after the scripts have run.
enum PageInBrowser {
    static func dom(_ query: String) throws -> String {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium"),
                     "This test needs Debian's chromium: apt-get install -y chromium (it is in scripts/packages.txt)")
        let server = Process()
        server.executableURL = Run.coprint
        server.arguments = ["serve", "--port", "0", "--workers", "1"]
        server.currentDirectoryURL = Project.root
        server.environment = ProcessInfo.processInfo.environment.merging(
            ["COPRINT_LAYOUTS": Project.layouts.path, "COPRINT_FONTS": Project.fonts.path]) { $1 }
        let said = Pipe()
        server.standardOutput = said
        try server.run()
        defer { server.terminate(); server.waitUntilExit() }
        var text = ""
        while !text.contains("/ in your"), case let data = said.fileHandleForReading.availableData, !data.isEmpty {
            text += String(decoding: data, as: UTF8.self)
        }
        let address = try #require(text.firstRange(of: /http:\/\/127\.0\.0\.1:\d+\//).map { String(text[$0]) }, "coprint serve said: \(text)")
        let profile = try Project.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: profile) }
        let chromium = try Run.tool("chromium", ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                                                 "--user-data-dir=" + profile.path, "--virtual-time-budget=15000",
                                                 "--dump-dom", address + query])
        try #require(chromium.status == 0, "\(chromium.stderr)")
        return chromium.stdout
    }
}
