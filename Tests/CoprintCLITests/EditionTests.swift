import CoprintLayout
import Foundation
import Testing
import TestSupport

/// Editions as a facilitator asks for them on the command line: themes, print-shop sheets,
/// tiling and wall sizes, checked in the PDFs as a reader and a print shop see them.
@Suite("Editions")
struct EditionTests {
    @Test("list shows the themes; an unknown theme is named with the ones there are")
    func listThemes() throws {
        let r = try Run.coprint(["list"])
        #expect(r.status == 0)
        for name in ["large-print", "high-contrast", "dyslexia"] { #expect(r.stdout.contains("\n\(name) "), "\(name) not listed") }
        let bad = try Run.coprint(["blank", "top-tips", "--theme", "large-prnt", "-o", "x.pdf"], in: try Project.temporaryFolder())
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("Did you mean 'large-print'?"))
    }

    @Test("large print: the fit report says every box is at least 16 pt, and every tip is in the PDF")
    func largePrintReport() throws {
        let folder = try Project.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let content = Project.layouts.appendingPathComponent("content/top-tips.yaml").path
        let r = try Run.coprint(["render", content, "--theme", "large-print", "--paper", "all", "-o", "out", "--report", "fit.json"], in: folder)
        #expect(r.status == 0, "\(r.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("fit.json"))) as? [String: Any]
        let papers = try #require(report?["papers"] as? [[String: Any]])
        #expect(papers.count == 2)
        for paper in papers {
            let scale = paper["paper"] as? String == "a3" ? 2.0.squareRoot() : 1
            for region in paper["regions"] as? [[String: Any]] ?? [] {
                let size = region["size"] as? Double ?? 0
                #expect(size >= 16 * scale - 0.01, "\(region["region"] ?? "?") is \(size) pt on \(paper["paper"] ?? "?")")
            }
        }
        let text = PDFCheck.squash(try PDFCheck.text(folder.appendingPathComponent("out/top-tips-a4.pdf")))
        for heading in ["Start with an idea", "Let the group find the answers", "Listen to lived experience"] {
            #expect(text.contains(PDFCheck.squash(heading)), "\(heading) missing")
        }
        #expect(try Run.tool("qpdf", ["--check", folder.appendingPathComponent("out/top-tips-a4.pdf").path]).status == 0)
    }

    /// The sizes of every text a PDF draws, from pdftotext's bounding boxes: the height of each word box.
    static func wordHeights(_ pdf: URL) throws -> [Double] {
        let r = try Run.tool("pdftotext", ["-bbox", pdf.path, "-"])
        var heights: [Double] = []
        for line in r.stdout.split(separator: "\n") where line.contains("<word ") {
            func attr(_ name: String) -> Double? {
                guard let range = line.range(of: "\(name)=\"") else { return nil }
                return Double(line[range.upperBound...].prefix { $0 != "\"" })
            }
            if let a = attr("yMin"), let b = attr("yMax") { heights.append(b - a) }
        }
        return heights
    }

    @Test("a plan's 'theme:' and a batch manifest's 'theme:' print in that theme; --theme wins; a wrong name is located")
    func themeInFiles() throws {
        let folder = try Project.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "layout: top-tips\ntheme: large-print\ntitle: Our tips\n".write(to: folder.appendingPathComponent("plan.yaml"), atomically: true, encoding: .utf8)
        let r = try Run.coprint(["render", "plan.yaml", "-o", "plan.pdf"], in: folder)
        #expect(r.status == 0, "\(r.stderr)")
        let plain = try Run.coprint(["blank", "top-tips", "-o", "plain.pdf"], in: folder)
        #expect(plain.status == 0)
        // Large print draws bigger words than the poster's own look.
        let big = try Self.wordHeights(folder.appendingPathComponent("plan.pdf")).sorted()
        let small = try Self.wordHeights(folder.appendingPathComponent("plain.pdf")).sorted()
        #expect(big[big.count / 2] > small[small.count / 2] * 1.1)

        try "output: \"{layout}-{paper}.pdf\"\ntheme: dyslexia\njobs:\n  - layout: key-steps\n  - layout: five-values\n    theme: high-contrast\n".write(to: folder.appendingPathComponent("batch.yaml"), atomically: true, encoding: .utf8)
        let b = try Run.coprint(["batch", "batch.yaml", "-o", "out"], in: folder)
        #expect(b.status == 0, "\(b.stderr)")
        for name in ["key-steps-a4.pdf", "five-values-a4.pdf"] {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("out/\(name)").path))
        }
        // The manifest's dyslexia theme sets 1.5 line spacing and 12 pt: taller word boxes than plain.
        let steps = try Self.wordHeights(folder.appendingPathComponent("out/key-steps-a4.pdf")).sorted()
        #expect(steps[steps.count / 2] >= 12 - 0.5)

        try "layout: top-tips\ntheme: larger-print\n".write(to: folder.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
        let bad = try Run.coprint(["render", "bad.yaml", "-o", "bad.pdf"], in: folder)
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("bad.yaml:2:8: there is no theme called 'larger-print'"), "\(bad.stderr)")
        let validated = try Run.coprint(["validate", "plan.yaml"], in: folder)
        #expect(validated.status == 0, "\(validated.stderr)")
    }

    @Test("validate checks a theme file of your own against its rules and every layout")
    func validateTheme() throws {
        let folder = try Project.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let themes = folder.appendingPathComponent("layouts/themes")
        try FileManager.default.createDirectory(at: themes, withIntermediateDirectories: true)
        try "title: Soft\ndescription: pale prompts\nrules:\n  text-contrast: 4.5\nstyle:\n  colours:\n    prompt: \"#aaaaaa\"\n".write(to: themes.appendingPathComponent("soft.yaml"), atomically: true, encoding: .utf8)
        let r = try Run.coprint(["validate", "layouts/themes/soft.yaml"], in: folder)
        #expect(r.status == 1)
        #expect(r.stderr.contains("layouts/themes/soft.yaml:7:13:"), "\(r.stderr)")
        #expect(r.stderr.contains("'prompt' (#aaaaaa)"))
        let good = try Run.coprint(["validate", Project.layouts.appendingPathComponent("themes/dyslexia.yaml").path], in: folder)
        #expect(good.status == 0, "\(good.stderr)")
    }

    /// A PDF's page boxes, read by pypdf as a print shop's preflight would: each page's
    /// MediaBox, BleedBox and TrimBox as [left, bottom, right, top].
    static func boxes(_ pdf: URL) throws -> [[String: [Double]]] {
        let script = """
        import json, sys
        from pypdf import PdfReader
        out = []
        for p in PdfReader(sys.argv[1]).pages:
            out.append({k: [float(v) for v in getattr(p, k)] for k in ("mediabox", "bleedbox", "trimbox")})
        print(json.dumps(out))
        """
        let r = try Run.program("/usr/bin/python3", ["-c", script, pdf.path], in: nil, environment: ProcessInfo.processInfo.environment)
        #expect(r.status == 0, "\(r.stderr)")
        return try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: [Double]]] ?? []
    }

    @Test("--bleed 3mm --marks: TrimBox is the paper, inside BleedBox by 3 mm, inside the sheet; every word extracts; qpdf is clean",
          arguments: [("action-plan", "a4"), ("top-tips", "a3"), ("five-values", "a2")])
    func printShop(layout: String, paper: String) throws {
        let folder = try Project.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let plain = try Run.coprint(["blank", layout, "--paper", paper, "-o", "plain.pdf"], in: folder)
        let shop = try Run.coprint(["blank", layout, "--paper", paper, "--bleed", "3mm", "--marks", "-o", "shop.pdf"], in: folder)
        #expect(plain.status == 0 && shop.status == 0, "\(shop.stderr)")
        let shopPDF = folder.appendingPathComponent("shop.pdf"), plainPDF = folder.appendingPathComponent("plain.pdf")
        let bleed = 3 * 72 / 25.4
        let plainBoxes = try Self.boxes(plainPDF)
        let pages = try Self.boxes(shopPDF)
        #expect(pages.count == plainBoxes.count && !pages.isEmpty)
        for (page, original) in zip(pages, plainBoxes) {
            let media = try #require(page["mediabox"]), bleedBox = try #require(page["bleedbox"]), trim = try #require(page["trimbox"])
            let paperBox = try #require(original["mediabox"])
            // The finished page is exactly the paper size.
            #expect(abs((trim[2] - trim[0]) - (paperBox[2] - paperBox[0])) < 0.01)
            #expect(abs((trim[3] - trim[1]) - (paperBox[3] - paperBox[1])) < 0.01)
            // BleedBox = TrimBox + 3 mm on every side.
            for i in 0..<4 {
                let outward = i < 2 ? trim[i] - bleedBox[i] : bleedBox[i] - trim[i]
                #expect(abs(outward - bleed) < 0.01, "side \(i): \(outward)")
            }
            // The sheet holds the bleed and room for the marks around it.
            #expect(media[0] <= bleedBox[0] - 5 && media[1] <= bleedBox[1] - 5 && media[2] >= bleedBox[2] + 5 && media[3] >= bleedBox[3] + 5)
        }
        // The words are those of the plain print, in the same order.
        #expect(PDFCheck.squash(try PDFCheck.text(shopPDF)) == PDFCheck.squash(try PDFCheck.text(plainPDF)))
        #expect(try Run.tool("qpdf", ["--check", shopPDF.path]).status == 0)
    }

    @Test("--bleed alone makes the sheet the bleed box; a bleed over 10mm or with --tile is refused")
    func bleedOnly() throws {
        let folder = try Project.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let r = try Run.coprint(["blank", "key-steps", "--theme", "dyslexia", "--bleed", "3mm", "-o", "shop.pdf"], in: folder)
        #expect(r.status == 0, "\(r.stderr)")
        let page = try #require(try Self.boxes(folder.appendingPathComponent("shop.pdf")).first)
        let media = try #require(page["mediabox"]), bleedBox = try #require(page["bleedbox"])
        #expect(zip(media, bleedBox).allSatisfy { abs($0 - $1) < 0.01 })
        let big = try Run.coprint(["blank", "key-steps", "--bleed", "20mm", "-o", "x.pdf"], in: folder)
        #expect(big.status == 2)
        let both = try Run.coprint(["blank", "key-steps", "--bleed", "3mm", "--tile", "a4", "-o", "x.pdf"], in: folder)
        #expect(both.status == 2)
    }

    /// The words of a PDF as a set, folded: what a reader could find in it.
    static func words(_ pdf: URL) throws -> Set<String> {
        Set(PDFCheck.fold(try PDFCheck.text(pdf)).split(whereSeparator: { $0.isWhitespace }).map { String($0).lowercased() })
    }

    @Test("--tile a4: every sheet is A4 and labelled, and together the sheets hold every word of the big page; qpdf is clean",
          arguments: [("action-plan", "a3", 4), ("top-tips", "a3", 2), ("five-values", "a2", 4)])
    func tiling(layout: String, paper: String, sheets: Int) throws {
        let folder = try Project.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let whole = try Run.coprint(["blank", layout, "--paper", paper, "-o", "whole.pdf"], in: folder)
        let tiled = try Run.coprint(["blank", layout, "--paper", paper, "--tile", "a4", "-o", "tiled.pdf"], in: folder)
        #expect(whole.status == 0 && tiled.status == 0, "\(tiled.stderr)")
        let tiledPDF = folder.appendingPathComponent("tiled.pdf")
        let info = try Run.tool("pdfinfo", ["-f", "1", "-l", "99", tiledPDF.path]).stdout
        let sizes = info.split(separator: "\n").filter { $0.hasPrefix("Page") && $0.contains("size:") }
        #expect(sizes.count == sheets)
        #expect(sizes.allSatisfy { $0.contains("(A4)") }, "\(sizes)")
        for n in 1...sheets {
            let page = try Run.tool("pdftotext", ["-f", "\(n)", "-l", "\(n)", tiledPDF.path, "-"]).stdout
            #expect(PDFCheck.fold(page).contains("Sheet "), "no label on sheet \(n)")
        }
        // A reader finds every word of the page on the sheets. A word that crosses a seam is cut
        // there (readers leave out what is clipped), so it must be whole once the sheets are
        // glued: its start ends one sheet and its end starts a neighbour, overlapping.
        let onSheets = try Self.words(tiledPDF)
        let missing = try Self.words(folder.appendingPathComponent("whole.pdf")).subtracting(onSheets)
        for word in missing {
            let starts = onSheets.filter { word.hasPrefix($0) }.map(\.count).max() ?? 0
            let ends = onSheets.filter { word.hasSuffix($0) }.map(\.count).max() ?? 0
            #expect(starts > 0 && ends > 0 && starts + ends >= word.count, "'\(word)' is on no sheet, not even in two parts")
        }
        #expect(try Run.tool("qpdf", ["--check", tiledPDF.path]).status == 0)
    }

    @Test("a batch for a print shop: every file and the combined PDF carry the bleed, in each job's theme")
    func batchForPrintShop() throws {
        let folder = try Project.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "output: \"{layout}-{paper}.pdf\"\npapers: [a2]\njobs:\n  - layout: key-steps\n    theme: dyslexia\n  - layout: top-tips\n".write(to: folder.appendingPathComponent("batch.yaml"), atomically: true, encoding: .utf8)
        let r = try Run.coprint(["batch", "batch.yaml", "-o", "out", "--bleed", "3mm", "--marks", "--combine", "all.pdf"], in: folder)
        #expect(r.status == 0, "\(r.stderr)")
        for file in ["out/key-steps-a2.pdf", "out/top-tips-a2.pdf", "all.pdf"] {
            let pages = try Self.boxes(folder.appendingPathComponent(file))
            #expect(!pages.isEmpty)
            for page in pages {
                let trim = try #require(page["trimbox"]), bleed = try #require(page["bleedbox"])
                #expect(abs((trim[0] - bleed[0]) - 3 * 72 / 25.4) < 0.01, "\(file)")
                // A2 is 420 mm wide: 1190.55 pt.
                #expect(abs((trim[2] - trim[0]) - 1190.55) < 0.05 || abs((trim[3] - trim[1]) - 1190.55) < 0.05, "\(file)")
            }
        }
    }
}
