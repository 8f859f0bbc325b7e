import CoprintCore
import CoprintLayout
import CoprintRender
import Foundation
import Testing
import TestSupport

/// A bounded, seeded fuzz run through the library (no processes): thousands of random plans and
/// content files in YAML and JSON, and hundreds of manifests and CSV files, full of hostile text
/// (NUL, noncharacters, controls, direction overrides, combining marks, deep nesting, aliases,
/// huge numbers, paths that try to leave their folder). Every one must end in success with every
/// word on the page and every output inside the output folder, or in an error that names its
/// place; never a crash, never a hang. The generator is seeded, so a failure repeats exactly.
@Suite("Fuzz", .serialized)
struct FuzzTests {
    static let library = try! LayoutLibrary(folders: [Project.layouts])

    /// A piece of text: how to write it inside double quotes (YAML) or a JSON string, and what
    /// it reads as; `refused` when the reader must refuse it.
    struct Piece {
        var escaped: String
        var value: String
        var refused = false
    }

    /// A value to write out as YAML or JSON.
    indirect enum Value {
        case text([Piece])
        case plain(String)
        case list([Value])
        case map([(String, Value)])
        case anchor(String, Value)
        case alias(String)
        case null
    }

    /// Makes random documents from a seed.
    struct Generator {
        var rng: SeededRandom
        var anchors: [String] = []
        var json = false
        /// Whether this document tries to break things (refused characters, deep nesting, wrong
        /// fields); the others are meant to be accepted, so that the word check has work.
        var hostile = false

        init(seed: UInt64) { rng = SeededRandom(seed: seed) }

        mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }
        mutating func int(_ r: ClosedRange<Int>) -> Int { Int.random(in: r, using: &rng) }
        mutating func pick<T>(_ a: [T]) -> T { a[int(0...(a.count - 1))] }

        static let words = ["Cydweithio", "pobl", "café", "ŵyr", "ŷd", "نحن", "معاً", "שלום", "e\u{301}", "👩\u{200D}👩\u{200D}👧",
                            "漢字", "Ünïcödé", "x", "a&b", "<b>bold</b>", "100%", "C:\\dir", "it's", "\"quoted\"", "#tag",
                            "key: value", "- dash", "[x]", "{y}", "*star", "&amp", "|pipe", ">gt", "@at", "`tick`"]
        static let marked = ["\u{202E}evil\u{202C}", "\u{2067}ltr\u{2069}", "a\u{200D}b", "a\u{301}\u{302}\u{303}\u{304}\u{305}",
                             "\u{200F}rtl", "x\u{FEFF}y", "\u{E000}private", "\u{2028}sep"]
        static let refused: [(String, UInt32)] = [("\\0", 0), ("\\uFFFE", 0xFFFE), ("\\uFFFF", 0xFFFF), ("\\uFDD0", 0xFDD0),
                                                  ("\\U0010FFFF", 0x10FFFF), ("\\u001B", 0x1B), ("\\u0085", 0x85), ("\\u0007", 7)]
        static let numbers = ["1e309", "99999999999999999999999999999", "-0", ".inf", "-.inf", ".nan", "0x1F", "1_000", "0o17",
                              "2026-11-23", "12:30:00", "yes", "no", "~", "null", "9223372036854775808", "-9223372036854775809"]

        /// Escapes `s` for the inside of a double-quoted string.
        func escape(_ s: String) -> String {
            var out = ""
            for u in s.unicodeScalars {
                switch u {
                case "\\": out += "\\\\"
                case "\"": out += "\\\""
                case "\u{2028}" where json: out += "\\u2028"
                default: out.unicodeScalars.append(u)
                }
            }
            return out
        }

        mutating func piece() -> Piece {
            switch int(0...19) {
            case 0 where hostile, 1 where hostile && chance(0.3):
                let (e, v) = pick(Self.refused)
                return Piece(escaped: e, value: String(Character(Unicode.Scalar(v)!)), refused: true)
            case 1, 2, 4:
                let w = pick(Self.marked)
                return Piece(escaped: escape(w), value: w)
            case 3:
                let w = String(repeating: pick(["ab", "ŵy", "漢"]), count: int(90...110))
                return Piece(escaped: escape(w), value: w)
            default:
                let w = pick(Self.words)
                return Piece(escaped: escape(w), value: w)
            }
        }

        mutating func text() -> Value {
            var pieces: [Piece] = []
            for i in 0..<int(1...8) {
                if i > 0 { pieces.append(Piece(escaped: " ", value: " ")) }
                pieces.append(piece())
            }
            return .text(pieces)
        }

        /// A value of random shape and depth.
        mutating func anything(depth: Int) -> Value {
            if !json, !anchors.isEmpty, chance(0.08) { return .alias(pick(anchors)) }
            switch int(0...9) {
            case 0: return .plain(pick(Self.numbers))
            case 1 where depth < 4: return .list((0..<int(0...4)).map { _ in anything(depth: depth + 1) })
            case 2 where depth < 4: return .map((0..<int(1...3)).map { i in (pick(["heading", "text", "x\(i)", "individual", "group"]), anything(depth: depth + 1)) })
            case 3 where hostile && chance(0.3): return nested(int(60...160))
            case 4: return .null
            default: return text()
            }
        }

        mutating func nested(_ depth: Int) -> Value {
            var v = text()
            for _ in 0..<depth { v = chance(0.5) ? .list([v]) : .map([("a", v)]) }
            return v
        }

        /// A value in the shape `region` wants (mostly), or any shape.
        mutating func value(for region: Region) -> Value {
            guard !hostile || chance(0.6) else { return anything(depth: 0) }
            switch region.kind {
            case .text, .banner:
                return chance(0.7) ? text() : .list((0..<int(1...5)).map { _ in text() })
            case .list:
                return .list((0..<int(1...6)).map { _ in chance(0.5) ? text() : .map([("heading", text()), ("text", text())]) })
            case .matrix(let across, let down):
                return .map(across.filter { _ in chance(0.6) }.map { c in
                    (c.id, .map(down.filter { _ in chance(0.5) }.map { r in (r.id, chance(0.5) ? text() : .list([text(), text()])) }))
                })
            case .table(let headings, _):
                return .list((0..<int(1...5)).map { _ in .map(headings.filter { _ in chance(0.7) }.map { ($0.id, text()) }) })
            case .image:
                return .text([Piece(escaped: pick(["../x.png", "/etc/passwd", "logos/none.png", "", "a/../../b.png"]), value: "")])
            }
        }

        /// A whole plan for `layout`, with the occasional unknown field, alias and anchor.
        mutating func plan(for layout: Layout) -> Value {
            anchors = []
            var entries: [(String, Value)] = [("layout", .text([Piece(escaped: chance(0.97) ? layout.name : "no-such-layout", value: layout.name)]))]
            for region in layout.fields where chance(0.6) {
                guard let field = region.field else { continue }
                if case .image = region.kind, !hostile { continue }
                var v = value(for: region)
                if !json, chance(0.1) {
                    let name = "a\(anchors.count)"
                    v = .anchor(name, v)
                    anchors.append(name)
                }
                entries.append((field, v))
            }
            if hostile, chance(0.2) { entries.append((pick(["valeus", "titel", "extra"]), text())) }
            if chance(0.1) { entries.append(("credit", text())) }
            if chance(0.15) { entries.shuffle(using: &rng) }
            return .map(entries)
        }

        func write(_ v: Value) -> String {
            switch v {
            case .text(let pieces): return "\"" + pieces.map(\.escaped).joined() + "\""
            case .plain(let s): return json ? "\"\(s)\"" : s
            case .null: return "null"
            case .list(let items): return "[" + items.map(write).joined(separator: ", ") + "]"
            case .map(let entries): return "{" + entries.map { "\"\($0.0)\": \(write($0.1))" }.joined(separator: ",\n ") + "}"
            case .anchor(let name, let inner): return "&\(name) \(write(inner))"
            case .alias(let name): return "*\(name)"
            }
        }
    }

    /// What a document should print, if it is accepted: every word of every text value of a
    /// field (aliases followed), and whether any refused character is in it at all.
    static func expectation(_ v: Value, anchors: inout [String: Value], imageFields: Set<String>, words: inout [String]) -> Bool {
        switch v {
        case .text(let pieces):
            words += pieces.map(\.value).joined().split(whereSeparator: { $0.isWhitespace }).map(String.init)
            return pieces.contains { $0.refused }
        case .plain(let s):
            if !["~", "null"].contains(s) { words.append(s) }
            return false
        case .null: return false
        case .list(let items):
            var refused = false
            for i in items { refused = expectation(i, anchors: &anchors, imageFields: imageFields, words: &words) || refused }
            return refused
        case .map(let entries):
            var refused = false
            for (k, value) in entries {
                if k == "layout" || imageFields.contains(k) {
                    var ignored: [String] = []
                    refused = expectation(value, anchors: &anchors, imageFields: imageFields, words: &ignored) || refused
                } else {
                    refused = expectation(value, anchors: &anchors, imageFields: imageFields, words: &words) || refused
                }
            }
            return refused
        case .anchor(let name, let inner):
            anchors[name] = inner
            return expectation(inner, anchors: &anchors, imageFields: imageFields, words: &words)
        case .alias(let name):
            guard let inner = anchors[name] else { return false }
            return expectation(inner, anchors: &anchors, imageFields: imageFields, words: &words)
        }
    }

    /// Every character that is not a space, in reading order: what a word check looks in.
    static func squashed(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.filter { !$0.properties.isWhitespace }))
    }

    @Test("thousands of random plans and content files end in success with every word printed, or a located error")
    func randomPlans() throws {
        let folder = try Project.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let printer = try Printer(fonts: try FontLibrary(folder: Project.fonts))
        var outcomes = (accepted: 0, refused: 0, laidOut: 0, pdfs: 0)
        var slowest = 0.0
        let count = 3_000
        for n in 0..<count {
            var g = Generator(seed: UInt64(n) &* 0x9E37_79B9 &+ 17)
            g.json = g.chance(0.3)
            g.hostile = g.chance(0.5)
            let layout = g.pick(Self.library.layouts)
            let doc = g.plan(for: layout)
            let text = g.write(doc)
            let name = "plan-\(n).\(g.json ? "json" : "yaml")"
            let url = folder.appendingPathComponent(name)
            try Data(text.utf8).write(to: url)
            var anchors: [String: Value] = [:]
            var words: [String] = []
            let imageFields = Set(layout.fields.compactMap { region -> String? in
                if case .image = region.kind { return region.field }
                return nil
            })
            let hasRefused = Self.expectation(doc, anchors: &anchors, imageFields: imageFields, words: &words)
            let start = Date()
            defer { slowest = max(slowest, Date().timeIntervalSince(start)); try? FileManager.default.removeItem(at: url) }
            let plan: PlanFile
            do {
                plan = try PlanFile.load(url.path, library: Self.library)
            } catch let error as CoprintError {
                outcomes.refused += 1
                for problem in error.problems {
                    let located = problem.mark.map { $0.file.hasSuffix(name) && $0.line >= 1 } ?? false
                    #expect(located, "case \(n): an error without file and line: \(problem)\n\(text.prefix(2_000))")
                }
                continue
            } catch {
                Issue.record("case \(n): not a coprint error: \(error)")
                continue
            }
            outcomes.accepted += 1
            #expect(!hasRefused, "case \(n): a refused character was accepted\n\(text.prefix(2_000))")
            // Laying out is the slow part: every fourth accepted plan, and a PDF every fortieth.
            guard outcomes.accepted % 4 == 0 else { continue }
            let laid = printer.layOut(plan.layout, content: plan.content, paper: .a4)
            outcomes.laidOut += 1
            let printed = Self.squashed(laid.pages.flatMap(\.textBlocks).map(\.text).joined())
            // A word longer than a line is broken across lines, and may be split by a page break:
            // its start and its end must both be there.
            let missing = words.map(Self.squashed).filter { w in
                guard !w.isEmpty else { return false }
                return w.count <= 60 ? !printed.contains(w) : !(printed.contains(String(w.prefix(20))) && printed.contains(String(w.suffix(20))))
            }
            #expect(missing.isEmpty, "case \(n): words not printed: \(missing.prefix(5))\n\(text.prefix(2_000))")
            if outcomes.accepted % 40 == 0 {
                let pdf = try printer.pdf(plan.layout, content: plan.content, paper: .a4)
                #expect(pdf.starts(with: Array("%PDF-".utf8)))
                outcomes.pdfs += 1
            }
        }
        // The generator must reach both ends, or the test proves little.
        #expect(outcomes.accepted > count / 5 && outcomes.refused > count / 5, "\(outcomes)")
        #expect(outcomes.laidOut > 50, "\(outcomes)")
        print("fuzz: \(count) plans, \(outcomes.accepted) accepted, \(outcomes.refused) refused with a located error, \(outcomes.laidOut) laid out, \(outcomes.pdfs) PDFs; slowest case \(String(format: "%.2f", slowest)) s")
        #expect(slowest < 20, "one case took \(slowest) s")
    }

    @Test("random manifests and CSV files end in jobs whose files stay in the output folder, or in reported problems")
    func randomManifests() throws {
        let folder = try Project.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out")
        let outPath = out.standardizedFileURL.path + "/"
        var jobs = 0, problems = 0, refused = 0
        for n in 0..<400 {
            var g = Generator(seed: UInt64(n) &+ 1_000_003)
            let pattern = g.pick(["{organisation}-{paper}.pdf", "../{organisation}.pdf", "/tmp/{organisation}.pdf", "sub/{organisation}/{layout}-{paper}.pdf",
                                  "{organisation}/../../x.pdf", "{missing}.pdf", "{organisation}.png", ".{organisation}.pdf", "{organisation}"])
            let names = ["Riverside", "../../etc", "/abs/path", "a/b", "..", ".", "", "\u{202E}gnp.exe", "Ŵyn & Co", "x\\\\y", "con", "{paper}"]
            let csv = g.chance(0.4)
            if csv {
                var text = g.pick(["organisation,title\n", "organisation,organisation\n", "\"organisation\",\"title\"\n", "title\n", "\u{FEFF}organisation\n"])
                for _ in 0..<g.int(0...6) {
                    let cell = g.pick(names + ["\"quoted, comma\"", "\"unterminated", "a\u{0}b", "\"a\"\"b\"", "x\ry"])
                    text += cell + (g.chance(0.7) ? "," + g.pick(Generator.words).replacingOccurrences(of: ",", with: " ") : "") + "\n"
                }
                try Data(text.utf8).write(to: folder.appendingPathComponent("rows.csv"))
                try Data("layout: top-tips\npapers: [a4]\noutput: \"\(pattern)\"\n".utf8).write(to: folder.appendingPathComponent("template.yaml"))
            } else {
                var text = "output: \"\(pattern)\"\npapers: \(g.pick(["[a4]", "[a4, a3]", "[a5]", "a4", "[]"]))\njobs:\n"
                for _ in 0..<g.int(0...5) {
                    let org = g.pick(names)
                    let layout = g.pick(["top-tips", "five-values", "no-such", "../layouts/top-tips"])
                    text += "  - layout: \(layout)\n    fields: { organisation: \"\(g.escape(org))\", title: \(g.write(g.text())) }\n"
                }
                try Data(text.utf8).write(to: folder.appendingPathComponent("batch.yaml"))
            }
            let manifest: BatchManifest
            do {
                manifest = try BatchManifest.load(folder.appendingPathComponent(csv ? "rows.csv" : "batch.yaml"),
                                                  template: csv ? folder.appendingPathComponent("template.yaml") : nil,
                                                  outputFolder: out, library: Self.library)
            } catch is CoprintError {
                refused += 1
                continue
            } catch {
                Issue.record("case \(n): not a coprint error: \(error)")
                continue
            }
            for i in 0..<manifest.count {
                switch manifest.job(i) {
                case .success(let job):
                    jobs += 1
                    for output in job.outputs {
                        #expect(output.url.standardizedFileURL.path.hasPrefix(outPath), "case \(n): \(output.url.path) is outside \(outPath)")
                    }
                case .failure(let problem):
                    problems += 1
                    #expect(!problem.message.isEmpty)
                }
            }
        }
        #expect(jobs > 50 && problems + refused > 50, "jobs \(jobs), problems \(problems), refused \(refused)")
    }
}
