import CoprintCore
import CoprintLayout
import CoprintRender
import Foundation
import Testing
import TestSupport

/// The checks a facilitator's eye makes, as numbers: type never under the floor, a page set in at
/// most two sizes, continued text that says where it goes and where it came from, rules that
/// survive a photocopy, and room to write by hand.
@Suite("Print quality")
struct PrintQualityTests {
    static let examples = Project.root.appendingPathComponent("examples")
    static let samplePlans = ((try? FileManager.default.contentsOfDirectory(atPath: examples.path)) ?? [])
        .filter { $0.hasSuffix(".yaml") }.sorted()

    /// The text of one page as a reader extracts it, white space folded.
    static func pageText(_ pdf: URL, _ page: Int) throws -> String {
        let r = try Run.tool("pdftotext", ["-f", "\(page)", "-l", "\(page)", "-raw", "-enc", "UTF-8", pdf.path, "-"])
        return PDFCheck.fold(r.stdout)
    }

    static func render(_ file: String, _ paper: Paper) throws -> (URL, PaperReport, URL) {
        let plan = try PlanFile.load(examples.appendingPathComponent(file).path, library: library)
        let printer = try Printer(fonts: fonts)
        let folder = try Project.temporaryFolder()
        let result = try printer.print(plan.layout, content: plan.content, papers: [paper], format: .pdf, to: .folder(folder))
        return (try #require(result.files.first), try #require(result.papers.first), folder)
    }

    @Test("every region of every sample plan is at least 9 pt at A4 and 12 pt at A3", arguments: samplePlans)
    func typeFloor(file: String) throws {
        for paper in Paper.allCases {
            let (_, report, folder) = try Self.render(file, paper)
            defer { try? FileManager.default.removeItem(at: folder) }
            let floor = paper == .a4 ? 9.0 : 12.0
            for region in report.regions {
                #expect(region.size >= floor - 0.001, "\(file) \(paper): \(region.region) is \(region.size) pt")
            }
        }
    }

    @Test("the answers on any page of a sample plan use at most two sizes", arguments: samplePlans)
    func twoSizesAPage(file: String) throws {
        for paper in Paper.allCases {
            let (_, report, folder) = try Self.render(file, paper)
            defer { try? FileManager.default.removeItem(at: folder) }
            for page in Set(report.regions.map(\.page)) {
                let sizes = Set(report.regions.filter { $0.page == page }.map { ($0.size * 100).rounded() })
                #expect(sizes.count <= 2, "\(file) \(paper) page \(page) uses \(sizes.count) sizes: \(sizes.sorted().map { $0 / 100 })")
            }
        }
    }

    @Test("a continued region's page says 'continues on page N' and page N says 'continued from page P'", arguments: samplePlans)
    func continuationMarkers(file: String) throws {
        var sawOne = false
        for paper in Paper.allCases {
            let (pdf, report, folder) = try Self.render(file, paper)
            defer { try? FileManager.default.removeItem(at: folder) }
            for region in report.regions where region.continued {
                sawOne = true
                let next = try #require(region.continuedOn.first, "\(region.region) is continued but names no page")
                #expect(try Self.pageText(pdf, region.page).contains("continues on page \(next)"), "\(file) \(paper): \(region.region)")
                #expect(try Self.pageText(pdf, next).contains("continued from page \(region.page)"), "\(file) \(paper): \(region.region)")
            }
        }
        // Only the long plan is long enough to continue; the others must not.
        #expect(sawOne == (file == "long-plan.yaml"))
        // A project, team or date is never sent to another page: it is set close on its line.
        for paper in Paper.allCases {
            let (_, report, folder) = try Self.render(file, paper)
            defer { try? FileManager.default.removeItem(at: folder) }
            #expect(!report.regions.contains { ["title", "team", "date"].contains($0.region) && $0.continued }, "\(file) \(paper)")
        }
    }

    @Test("the long plan's continuation pages are full: only the last may be less than half used")
    func continuationPagesAreFull() throws {
        let plan = try PlanFile.load(Self.examples.appendingPathComponent("long-plan.yaml").path, library: library)
        let printer = try Printer(fonts: fonts)
        for paper in Paper.allCases {
            let doc = printer.layOut(plan.layout, content: plan.content, paper: paper)
            let continuation = doc.pages.dropFirst(plan.layout.pages.count)
            #expect(!continuation.isEmpty)
            for page in continuation.dropLast() {
                // Each column's lowest box reaches into the bottom half of the page.
                let columns = Dictionary(grouping: page.regionFrames.map(\.frame)) { ($0.x).rounded() }
                for (_, frames) in columns {
                    let bottom = frames.map(\.maxY).max() ?? 0
                    #expect(bottom > page.contentBox.y + page.contentBox.height / 2, "\(paper): a continuation page column ends at \(bottom)")
                }
            }
        }
    }

    /// The WCAG contrast ratio of a colour against white.
    static func contrastOnWhite(_ c: Colour) -> Double {
        func channel(_ v: Double) -> Double { v <= 0.03928 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4) }
        let l = 0.2126 * channel(c.red) + 0.7152 * channel(c.green) + 0.0722 * channel(c.blue)
        return 1.05 / (l + 0.05)
    }

    @Test("every layout's ruled lines and box borders are at least 3:1 against white", arguments: Project.layoutNames)
    func ruleContrast(name: String) throws {
        let layout = try library.layout(named: name)
        let ratio = Self.contrastOnWhite(layout.style.colours.rule)
        #expect(ratio >= 3, "\(name): rule colour is \(String(format: "%.2f", ratio)):1")
        // The check itself can fail: the old pale rule colour was under 2:1.
        #expect(Self.contrastOnWhite(Colour(hex: "#a9bcc2")!) < 3)
    }

    /// Horizontal writing lines drawn inside `frame`.
    static func writingLines(in frame: Rect, on page: Page) -> [Double] {
        func walk(_ items: [PageItem]) -> [Double] {
            items.flatMap { item -> [Double] in
                switch item {
                case .rule(let a, let b, _, _) where abs(a.y - b.y) < 0.01 && a.y > frame.y + 1 && a.y < frame.maxY - 1
                        && a.x >= frame.x - 0.01 && b.x <= frame.maxX + 0.01 && (b.x - a.x) > frame.width * 0.8:
                    return [a.y]
                case .tagged(_, let inner): return walk(inner)
                default: return []
                }
            }
        }
        return walk(page.items).sorted()
    }

    @Test("every write-in box of the blank canvas at A4 has at least three lines 8 mm apart")
    func threeHandwrittenLines() throws {
        let layout = try library.layout(named: "action-plan")
        let printer = try Printer(fonts: fonts)
        let doc = printer.layOut(layout, content: .blank(for: layout), paper: .a4)
        let boxes = layout.pages[0].regions.filter {
            if case .text(let writing) = $0.kind { return writing == .lines }
            return false
        }
        #expect(!boxes.isEmpty)
        for region in boxes {
            let frame = try #require(doc.pages[0].regionFrames.first { $0.name == region.field }?.frame)
            let lines = Self.writingLines(in: frame, on: doc.pages[0])
            #expect(lines.count >= 3, "\(region.field ?? "?") has \(lines.count) lines")
            for (a, b) in zip(lines, lines.dropFirst()) {
                #expect(Length(points: b - a).millimetres >= 8 - 0.01)
            }
        }
    }

    @Test("on A3 the values cells are at least 3 mm apart")
    func cellGaps() throws {
        let layout = try library.layout(named: "action-plan")
        let printer = try Printer(fonts: fonts)
        let doc = printer.layOut(layout, content: .blank(for: layout), paper: .a3)
        let cells = doc.pages[1].cellFrames.map(\.frame)
        #expect(cells.count == 15)
        for a in cells {
            for b in cells where a != b {
                let apartX = max(b.x - a.maxX, a.x - b.maxX)
                let apartY = max(b.y - a.maxY, a.y - b.maxY)
                #expect(Length(points: max(apartX, apartY)).millimetres >= 3 - 0.01)
            }
        }
    }

    @Test("header fields share a baseline: project, team and date answers start on one line")
    func headerBaseline() throws {
        let plan = try PlanFile.load(Self.examples.appendingPathComponent("riverside-carers.yaml").path, library: library)
        let printer = try Printer(fonts: fonts)
        let doc = printer.layOut(plan.layout, content: plan.content, paper: .a4)
        let tops = ["title", "team", "date"].compactMap { field in
            doc.pages[0].textBlocks.first { $0.source == field && $0.style.colour == plan.layout.style.colours.ink }?.frame.y
        }
        #expect(tops.count == 3)
        #expect((tops.max() ?? 0) - (tops.min() ?? 0) < 0.5, "tops \(tops)")
    }

    @Test("a poster's body text is at least 12 pt at A4, and every banner title in the series is one size", arguments: Paper.allCases)
    func posterSeries(paper: Paper) throws {
        let printer = try Printer(fonts: fonts)
        var titleSizes = Set<Double>()
        for name in Project.layoutNames {
            let layout = try library.layout(named: name)
            guard layout.kind == .poster else { continue }
            let doc = printer.layOut(layout, content: try shippedContent(layout), paper: paper)
            #expect(doc.pages.count == 1, "\(name) runs over a page")
            for fit in doc.fits {
                if fit.region == "title" { titleSizes.insert((fit.size * 100).rounded()) } else {
                    #expect(fit.size >= 12 * paper.scale - 0.001, "\(name): \(fit.region) is \(fit.size) pt")
                }
            }
        }
        #expect(titleSizes.count == 1, "title sizes \(titleSizes)")
    }

    @Test("numbered steps read across, then down: step 2 is beside step 1")
    func stepsReadAcross() throws {
        let printer = try Printer(fonts: fonts)
        let layout = try library.layout(named: "key-steps")
        let doc = printer.layOut(layout, content: try shippedContent(layout), paper: .a4)
        let numbers = doc.pages[0].textBlocks.filter { ["1", "2", "3"].contains($0.text) }
        let one = try #require(numbers.first { $0.text == "1" }), two = try #require(numbers.first { $0.text == "2" })
        let three = try #require(numbers.first { $0.text == "3" })
        #expect(abs(one.frame.y - two.frame.y) < 0.5 && two.frame.x > one.frame.x)
        #expect(three.frame.y > one.frame.y + 10)
    }

    @Test("the README's promise: no text under 9 pt at A4 (7 pt for the credit and page number), scaled on A3", arguments: Paper.allCases)
    func readmeSizePromise(paper: Paper) throws {
        let printer = try Printer(fonts: fonts)
        var documents: [(String, LaidOutDocument)] = []
        for name in Project.layoutNames {
            let layout = try library.layout(named: name)
            documents.append((name, printer.layOut(layout, content: try shippedContent(layout), paper: paper)))
        }
        for file in Self.samplePlans {
            let plan = try PlanFile.load(Self.examples.appendingPathComponent(file).path, library: library)
            documents.append((file, printer.layOut(plan.layout, content: plan.content, paper: paper)))
        }
        var blocks = 0
        for (name, doc) in documents {
            for (number, page) in doc.pages.enumerated() {
                for block in page.textBlocks where !block.text.isEmpty {
                    blocks += 1
                    let small = ["credit", "page number"].contains(block.source)
                    let floor = (small ? 7.0 : 9.0) * paper.scale
                    #expect(block.style.size >= floor - 0.001, "\(name) page \(number + 1): '\(block.text.prefix(30))' is \(block.style.size) pt")
                }
            }
        }
        // Enough blocks that the check means something (fewer on A2 and A1, where less continues).
        #expect(blocks > 300)
    }

    @Test("a poster title on two lines does not leave one word alone on the second", arguments: Paper.allCases)
    func titleWithoutLoneWord(paper: Paper) throws {
        let printer = try Printer(fonts: fonts)
        let layout = try library.layout(named: "support-tips")
        let folder = try Project.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try printer.print(layout, content: try shippedContent(layout), papers: [paper], format: .pdf, to: .folder(folder))
        let pdf = try #require(result.files.first)
        let lines = try Run.tool("pdftotext", ["-raw", "-enc", "UTF-8", pdf.path, "-"]).stdout.split(separator: "\n").map(String.init)
        // The title is the first thing on the page, on one line or more.
        let title = try #require(try shippedContent(layout).fields["title"].flatMap { v -> String? in if case .paragraphs(let p) = v { return p.first }; return nil })
        var taken: [String] = []
        for line in lines where taken.joined(separator: " ").count < title.count { taken.append(line) }
        #expect(taken.joined(separator: " ") == title)
        if taken.count > 1 { #expect(taken.last!.split(separator: " ").count >= 2, "last title line: '\(taken.last!)'") }
    }
}
