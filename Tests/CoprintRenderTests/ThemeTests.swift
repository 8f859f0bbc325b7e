import CoprintCore
import CoprintLayout
import CoprintRender
import Foundation
import Testing
import TestSupport

/// Every theme keeps its own rules on every layout, measured on the laid-out pages as printed:
/// each text's size and line spacing, each text's colour against what it sits on, each line's
/// colour against the page.
@Suite("Themes")
struct ThemeTests {
    static let themes = try! ThemeLibrary(layoutFolders: [Project.layouts])
    static let themeNames = themes.themes.map(\.name)

    /// A poster with its shipped wording, a canvas filled from the sample plan, others blank.
    static func content(for layout: Layout) throws -> Content {
        if layout.name == "action-plan" {
            return try PlanFile.load(Project.root.appendingPathComponent("examples/riverside-carers.yaml").path, library: library).content
        }
        if let file = layout.contentFile { return try Content.load(from: file, for: layout) }
        return .blank(for: layout)
    }

    /// What is under a point: the last filled shape, in drawing order, that covers it (shapes are
    /// all drawn before text), or white paper.
    static func background(at p: Point, on page: Page) -> Colour {
        var found = Colour.white
        func walk(_ items: [PageItem]) {
            for item in items {
                switch item {
                case let .box(r, fill, _, _, _):
                    if let fill, p.x >= r.x, p.x <= r.maxX, p.y >= r.y, p.y <= r.maxY { found = fill }
                case .tagged(_, let inner): walk(inner)
                default: break
                }
            }
        }
        walk(page.items)
        return found
    }

    /// Every line and box edge on a page, with its colour and a point on it.
    static func lines(on page: Page) -> [(colour: Colour, at: Point)] {
        var result: [(Colour, Point)] = []
        func walk(_ items: [PageItem]) {
            for item in items {
                switch item {
                case let .rule(from, to, colour, _): result.append((colour, Point(x: (from.x + to.x) / 2, y: (from.y + to.y) / 2)))
                case let .box(r, _, stroke?, _, _): result.append((stroke, Point(x: r.x + r.width / 2, y: r.y)))
                case .tagged(_, let inner): walk(inner)
                default: break
                }
            }
        }
        walk(page.items)
        return result
    }

    @Test("each theme's pages keep its floors: sizes, line spacing, text and line contrast, on A4 and A3", arguments: themeNames)
    func floors(themeName: String) throws {
        let theme = try Self.themes.theme(named: themeName)
        let rules = theme.rules
        let printer = try Printer(fonts: fonts)
        printer.printEdition.theme = theme
        for layout in library.layouts {
            for paper in [Paper.a4, .a3] {
                let doc = printer.layOut(layout, content: try Self.content(for: layout), paper: paper)
                let themed = layout.themed(theme).style
                let where_ = "\(layout.name) \(paper.displayName) in \(themeName)"
                #expect(doc.pages.count >= layout.pages.count)
                for (n, page) in doc.pages.enumerated() {
                    for block in page.textBlocks {
                        let what = "\(where_), page \(n + 1): \"\(block.text.prefix(30))\""
                        if let least = rules.smallestSize { #expect(block.style.size >= least * paper.scale - 0.01, "\(what) is \(block.style.size) pt") }
                        if let least = rules.promptSize, block.style.colour == themed.colours.prompt, !["credit", "page number"].contains(block.source) {
                            #expect(block.style.size >= least * paper.scale - 0.01, "\(what) (a prompt) is \(block.style.size) pt")
                        }
                        if theme.capitalLabels == false {
                            let letters = block.text.filter(\.isLetter)
                            #expect(letters.count < 4 || letters != letters.uppercased(), "\(what) is in capitals")
                        }
                        if let least = rules.lineSpacing { #expect(block.style.lineSpacing >= least - 0.001, "\(what) has line spacing \(block.style.lineSpacing)") }
                        if let least = rules.textContrast {
                            let centre = Point(x: block.frame.x + min(block.frame.width, 20) / 2, y: block.frame.y + min(block.frame.height, 10) / 2)
                            let ratio = block.style.colour.contrast(with: Self.background(at: centre, on: page))
                            #expect(ratio >= least - 0.01, "\(what): contrast \(ratio)")
                        }
                    }
                    if let least = rules.lineContrast {
                        for line in Self.lines(on: page) {
                            let ratio = line.colour.contrast(with: themed.colours.paper)
                            #expect(ratio >= least - 0.01, "\(where_), page \(n + 1): a line in \(line.colour.hex) has contrast \(ratio)")
                        }
                    }
                }
                // Team and body text, as the fit report gives it.
                if let least = rules.textSize {
                    for fit in doc.fits { #expect(fit.size >= least * paper.scale - 0.01, "\(where_): \(fit.region) at \(fit.size) pt") }
                }
            }
        }
    }

    @Test("large print reflows a poster's list: fewer cards a page, every tip whole, numbered on")
    func largePrintReflows() throws {
        let printer = try Printer(fonts: fonts)
        printer.printEdition.theme = try Self.themes.theme(named: "large-print")
        let layout = try library.layout(named: "top-tips")
        let content = try Self.content(for: layout)
        let doc = printer.layOut(layout, content: content, paper: .a4)
        #expect(doc.pages.count > 1)
        let texts = doc.pages.flatMap(\.textBlocks).map(\.text)
        // Every tip's heading and words appear whole in one block, and numbers run 1 to 10.
        guard case .items(let tips)? = content.fields["tips"] else { Issue.record("no tips"); return }
        for tip in tips {
            #expect(texts.contains(tip.text), "tip text split: \(tip.text.prefix(30))")
            if let h = tip.heading { #expect(texts.contains(h)) }
        }
        for n in 1...tips.count { #expect(texts.contains("\(n)"), "no card numbered \(n)") }
        #expect(!texts.contains { $0.contains(", item ") }, "a tip's words were carried away from their card")
        // Nothing shrank below 16 pt.
        #expect(doc.fits.allSatisfy { $0.size >= 16 - 0.01 })
    }

    @Test("a theme that breaks its own rules is refused, pointing at the line to change")
    func brokenTheme() throws {
        let folder = try Project.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let themes = folder.appendingPathComponent("themes")
        try FileManager.default.createDirectory(at: themes, withIntermediateDirectories: true)
        try """
        title: Too pale
        description: grey on grey
        rules:
          text-size: 16
          text-contrast: 7
        style:
          text-size: 14
          min-text-size: 16
          colours:
            ink: "#777777"
            paper: "#ffffff"
        """.write(to: themes.appendingPathComponent("pale.yaml"), atomically: true, encoding: .utf8)
        let error = try #require(throws: CoprintError.self) { try ThemeLibrary(layoutFolders: [folder]) }
        let text = error.problems.map(\.description).joined(separator: "\n")
        #expect(error.problems.contains { $0.mark?.line == 7 && $0.message.contains("'text-size' is 14 pt") }, "\(text)")
        #expect(error.problems.contains { $0.mark?.line == 10 && $0.message.contains("contrast") && $0.message.contains("'text-contrast: 7'") }, "\(text)")
        #expect(error.problems.allSatisfy { $0.mark?.file.hasSuffix("pale.yaml") == true })
    }

    @Test("a layout whose own colours break a theme's rule is refused when printed in it")
    func layoutUnderTheme() throws {
        let theme = try Self.themes.theme(named: "large-print")
        var layout = try library.layout(named: "top-tips")
        layout.style.colours.tint = Colour(hex: "#555555")!
        #expect(!theme.problems(for: layout).isEmpty)
        #expect(theme.problems(for: try library.layout(named: "top-tips")).isEmpty)
    }

    @Test("large print splits a canvas page between rows of boxes, so every box keeps room to write")
    func largePrintSplitsCanvas() throws {
        let printer = try Printer(fonts: fonts)
        let layout = try library.layout(named: "action-plan")
        let plain = printer.layOut(layout, content: .blank(for: layout), paper: .a4)
        printer.printEdition.theme = try Self.themes.theme(named: "large-print")
        let big = printer.layOut(layout, content: .blank(for: layout), paper: .a4)
        #expect(big.pages.count == plain.pages.count + 1)
        // Every writing field of the canvas is still there, once.
        let fields = big.pages.flatMap(\.fieldAreas).map(\.path)
        #expect(fields.sorted() == plain.pages.flatMap(\.fieldAreas).map(\.path).sorted())
        // Each multi-line box on the split pages has at least three 8 mm writing lines.
        for area in big.pages.prefix(2).flatMap(\.fieldAreas) where area.multiline && !area.path.contains(".") {
            #expect(area.frame.height >= 3 * Length.mm(8).points, "\(area.path) is \(area.frame.height) pt tall")
        }
        // A page no row divides (the values grid) stays whole.
        #expect(big.pages.last?.fieldAreas.count == plain.pages.last?.fieldAreas.count)
    }
}
