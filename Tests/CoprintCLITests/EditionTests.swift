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
}
