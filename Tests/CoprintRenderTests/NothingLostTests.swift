import CoprintCore
import CoprintLayout
import CoprintRender
import Foundation
import Testing
import TestSupport

/// Every word a team writes reaches the page, in order within its region, however long the plan.
@Suite("Nothing lost")
struct NothingLostTests {
    static let examples = Project.root.appendingPathComponent("examples")
    static let samplePlans = ((try? FileManager.default.contentsOfDirectory(atPath: examples.path)) ?? [])
        .filter { $0.hasSuffix(".yaml") }.sorted()

    /// The words of each field, region by region, in the order coprint prints them.
    static func expectedRegions(_ content: Content, layout: Layout) -> [(String, [String])] {
        var regions: [(String, [String])] = []
        for region in layout.fields {
            guard let field = region.field, let value = content.fields[field] else { continue }
            switch value {
            case .paragraphs(let p), .bullets(let p): regions.append((field, p))
            case .items(let items):
                // Each card of a list is its own box: its words stay in order, and what does not
                // fit continues under "item N".
                for (i, item) in items.enumerated() { regions.append(("\(field) item \(i + 1)", [item.heading ?? "", item.text])) }
            case .table(let rows):
                guard case .table(let headings, _) = region.kind else { continue }
                regions.append((field, rows.flatMap { row in headings.compactMap { row[$0.id] } }))
            case .image:
                continue
            case .matrix(let cells):
                guard case .matrix(let across, let down) = region.kind else { continue }
                for column in across {
                    for row in down {
                        if let lines = cells[column.id]?[row.id] { regions.append(("\(field).\(column.id).\(row.id)", lines)) }
                    }
                }
            }
        }
        return regions
    }

    static func render(_ content: Content, _ layout: Layout, _ paper: Paper) throws -> (URL, PrintResult) {
        let printer = try Printer(fonts: fonts)
        let folder = try Project.temporaryFolder()
        let result = try printer.print(layout, content: content, papers: [paper], format: .pdf, to: .folder(folder))
        return (try #require(result.files.first), result)
    }

    static func lettersOnly(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.filter {
            $0.properties.isAlphabetic && $0.properties.generalCategory != .nonspacingMark || $0.properties.isWhitespace
        }))
    }

    static func containsRightToLeft(_ words: [String]) -> Bool {
        words.joined().unicodeScalars.contains { (0x0590...0x08FF).contains($0.value) }
    }

    static func check(_ content: Content, _ layout: Layout, _ paper: Paper, label: String) throws {
        let (pdf, _) = try render(content, layout, paper)
        // pdftotext -raw reads text in the order it was drawn, which is reading order. A line
        // that mixes right-to-left and left-to-right text is drawn run by run, with brackets
        // mirrored, so regions with Arabic script are checked letter by letter, word by word,
        // without the order.
        let raw = try PDFCheck.squashedText(pdf, raw: true)
        let letters = lettersOnly(raw)
        for (region, words) in expectedRegions(content, layout: layout) {
            let rtl = containsRightToLeft(words)
            let missing = rtl
                ? PDFCheck.missingWords(words.map(lettersOnly), in: letters, inOrder: false)
                : PDFCheck.missingWords(words, in: raw, inOrder: true)
            #expect(missing.isEmpty, "\(label) \(paper): \(region) lost or reordered: \(missing.prefix(5))")
        }
    }

    @Test("every word of every sample plan is in the PDF, in order within its region", arguments: samplePlans)
    func samplePlan(file: String) throws {
        let plan = try PlanFile.load(Self.examples.appendingPathComponent(file).path, library: library)
        for paper in Paper.allCases { try Self.check(plan.content, plan.layout, paper, label: file) }
    }

    /// Arabic words with the lam-alef ligature (لا) used to extract as broken pieces ("ثلاثة" read
    /// "ث ا" + "لثة"); set in Amiri, whose ligature maps cleanly, each reads back as written.
    @Test("Arabic and Urdu words with the lam-alef ligature extract whole, as written", arguments: Paper.allCases)
    func lamAlef(paper: Paper) throws {
        let layout = try library.layout(named: "action-plan")
        let words = ["ثلاثة", "ملاقات", "السلام", "الأطفال", "فلان", "إلى"]
        let content = Content(layoutName: layout.name, fields: ["purpose": .paragraphs([words.joined(separator: " ")]),
                                                                "people": .bullets(["ہر مہینے ملاقات", "لا"])])
        let (pdf, _) = try Self.render(content, layout, paper)
        // Default (not raw) mode: poppler puts right-to-left lines back into reading order.
        let r = try Run.tool("pdftotext", ["-enc", "UTF-8", pdf.path, "-"])
        let found = Set(r.stdout.split(whereSeparator: { $0.isWhitespace || "()/‫‬‪‎‏".contains($0) }).map(String.init))
        for word in words + ["ملاقات", "لا"] { #expect(found.contains(word), "\(paper): \(word) does not extract whole") }
    }

    @Test("the long sample plan needs continuation pages, and says so")
    func longPlanContinues() throws {
        let plan = try PlanFile.load(Self.examples.appendingPathComponent("long-plan.yaml").path, library: library)
        let (pdf, result) = try Self.render(plan.content, plan.layout, .a4)
        #expect(Int(try PDFCheck.info(pdf)["Pages"] ?? "") ?? 0 > plan.layout.pages.count)
        #expect(result.papers[0].regions.contains { $0.region == "purpose" && $0.continued && !$0.continuedOn.isEmpty })
        #expect(result.warnings.contains { $0.contains("purpose (\"What needs to change, and why?\"): the text did not fit") })
        let text = try PDFCheck.text(pdf)
        #expect(text.contains("continued from page 1"))
        #expect(text.contains("continues on page 3"))
    }

    static let vocabulary: [[String]] = [
        ["co-production", "people", "power", "trust", "together", "service", "carers", "listen", "change", "equal"],
        ["cyd-gynhyrchu", "ŵyr", "ŷd", "gwrando", "newid", "pŵer", "ymddiriedaeth", "gyda'n", "gilydd", "cymuned"],
        ["współpraca", "zaufanie", "zmiana", "słuchać", "ludzie", "równość", "władza", "razem", "usługa", "źródło"],
        ["συμπαραγωγή", "εμπιστοσύνη", "αλλαγή", "άνθρωποι", "μαζί", "ισότητα"],
        ["сотрудничество", "доверие", "перемены", "люди", "вместе", "равенство"],
        ["A&E", "<b>not", "bold</b>", "R&D", "50%", "\"quoted\"", "it's", "£20", "→", "✓"],
    ]

    static func sentence(_ rng: inout SeededRandom, words: Int) -> String {
        (0..<words).map { _ in
            let list = vocabulary.randomElement(using: &rng)!
            return list.randomElement(using: &rng)!
        }.joined(separator: " ")
    }

    static func randomPlan(seed: UInt64, layout: Layout) -> Content {
        var rng = SeededRandom(seed: seed)
        var fields: [String: FieldValue] = [:]
        for region in layout.fields {
            guard let field = region.field, Bool.random(using: &rng) || seed % 2 == 0 else { continue }
            let long = Int.random(in: 0..<4, using: &rng) == 0
            switch region.kind {
            case .text, .banner:
                if Bool.random(using: &rng) {
                    fields[field] = .paragraphs((0..<Int.random(in: 1...(long ? 8 : 2), using: &rng)).map { _ in
                        sentence(&rng, words: Int.random(in: 3...(long ? 60 : 15), using: &rng))
                    })
                } else {
                    fields[field] = .bullets((0..<Int.random(in: 1...(long ? 30 : 5), using: &rng)).map { _ in
                        sentence(&rng, words: Int.random(in: 1...8, using: &rng))
                    })
                }
            case .matrix(let across, let down):
                var cells: [String: [String: [String]]] = [:]
                for c in across { for r in down where Bool.random(using: &rng) {
                    cells[c.id, default: [:]][r.id] = (0..<Int.random(in: 1...(long ? 12 : 3), using: &rng)).map { _ in sentence(&rng, words: Int.random(in: 2...12, using: &rng)) }
                } }
                if !cells.isEmpty { fields[field] = .matrix(cells) }
            case .table(let headings, _):
                fields[field] = .table((0..<Int.random(in: 1...(long ? 25 : 4), using: &rng)).map { _ in
                    Dictionary(uniqueKeysWithValues: headings.map { ($0.id, sentence(&rng, words: Int.random(in: 1...6, using: &rng))) })
                })
            case .image:
                continue
            case .list:
                fields[field] = .items((0..<Int.random(in: 1...(long ? 16 : 8), using: &rng)).map { _ in
                    ListItem(heading: sentence(&rng, words: 3), text: sentence(&rng, words: Int.random(in: 5...(long ? 80 : 20), using: &rng)))
                })
            }
        }
        return Content(layoutName: layout.name, fields: fields)
    }

    @Test("generated plans: many fields, long texts, several scripts, markup-like text", arguments: Array(UInt64(1)...UInt64(12)))
    func generatedPlan(seed: UInt64) throws {
        let names = Project.layoutNames
        let layout = try library.layout(named: names[Int(seed) % names.count])
        let content = Self.randomPlan(seed: seed, layout: layout)
        try Self.check(content, layout, seed % 3 == 0 ? .a3 : .a4, label: "seed \(seed) (\(layout.name))")
    }

    @Test("the generated plans include ones that need continuation pages, so the check covers them")
    func generatedPlansContinue() throws {
        var continued = 0
        for seed in UInt64(1)...UInt64(12) {
            let names = Project.layoutNames
            let layout = try library.layout(named: names[Int(seed) % names.count])
            let doc = try Printer(fonts: fonts).layOut(layout, content: Self.randomPlan(seed: seed, layout: layout), paper: .a4)
            if doc.fits.contains(where: \.continued) { continued += 1 }
        }
        #expect(continued >= 3)
    }

    @Test("the word check notices a missing or moved word")
    func wordCheckCanFail() {
        #expect(PDFCheck.missingWords(["one two three"], in: "onetwothree", inOrder: true).isEmpty)
        #expect(PDFCheck.missingWords(["one two three"], in: "onethree", inOrder: true) == ["two"])
        #expect(PDFCheck.missingWords(["one two three"], in: "threetwoone", inOrder: true) == ["two", "three"])
    }

    @Test("a 2,000-character word wraps by character inside its box instead of running off the page")
    func longWordWraps() throws {
        let layout = try library.layout(named: "action-plan")
        let word = String(repeating: "abcdefghij", count: 200)
        let content = Content(layoutName: layout.name, fields: ["purpose": .paragraphs([word])])
        let printer = try Printer(fonts: fonts)
        let doc = printer.layOut(layout, content: content, paper: .a4)
        for page in doc.pages {
            for block in page.textBlocks where block.source == "purpose" {
                let size = printer.measure(block.text, style: block.style, width: block.frame.width)
                #expect(size.width <= block.frame.width + 0.5, "the word is wider than its box")
                #expect(page.contentBox.contains(block.frame))
            }
        }
        // The word is longer than its box holds, so it continues on an extra page: every letter is
        // there, with at most one of its 200 "abcdefghij" runs split by the page break.
        let (pdf, _) = try Self.render(content, layout, .a4)
        let text = try PDFCheck.squashedText(pdf, raw: true)
        #expect(text.components(separatedBy: "abcdefghij").count - 1 >= 199)
        #expect(text.contains(String(repeating: "abcdefghij", count: 20)))
    }

    @Test("markup-like text prints exactly as written")
    func markupIsText() throws {
        let layout = try library.layout(named: "action-plan")
        let tricky = "Use <b>bold</b> & <i>care</i>: 5 < 6 > 4, &amp; stays &amp;"
        let content = Content(layoutName: layout.name, fields: ["purpose": .paragraphs([tricky])])
        let (pdf, _) = try Self.render(content, layout, .a4)
        #expect(try PDFCheck.text(pdf).contains(tricky))
    }
}
