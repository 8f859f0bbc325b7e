@testable import CoprintFinish
import CoprintCore
import Foundation
import Testing
import TestSupport

/// Drawing that carries no meaning (boxes, rules, tints) is marked as an artifact, as PDF/UA asks;
/// tagged text is left as it is.
@Suite("Artifacts")
struct ArtifactTests {
    func marked(_ content: String) -> String? {
        ArtifactMarker.mark(Array(content.utf8)).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test("untagged drawing is wrapped in /Artifact, tagged content is not, and nothing is lost")
    func wraps() throws {
        let content = "0.5 g 10 10 50 50 re f /P <</MCID 0>> BDC BT /F1 9 Tf (a \\) b) Tj ET EMC 1 w 0 0 m 5 5 l S"
        let out = try #require(marked(content))
        let lines = out.split(separator: "\n").map(String.init)
        #expect(lines.first == "/Artifact BMC")
        let tagged = try #require(lines.firstIndex { $0.hasPrefix("/P <</MCID 0>> BDC") })
        #expect(lines[tagged - 1] == "EMC", "the artifact closes before the tagged text")
        #expect(lines[tagged + 1] == "/Artifact BMC" || lines[tagged + 1].hasPrefix("BT"))
        #expect(out.hasSuffix("S\nEMC\n"))
        // Every operator of the original is still there, in order.
        let ops = ["g", "re", "f", "BDC", "BT", "Tf", "Tj", "ET", "EMC", "w", "m", "l", "S"]
        var rest = Substring(out)
        for op in ops {
            let found = try #require(rest.range(of: " \(op)\n") ?? rest.range(of: "\(op)\n"), "\(op) is missing")
            rest = rest[found.upperBound...]
        }
        #expect(out.contains("(a \\) b) Tj"), "a string with an escaped bracket is kept whole")
    }

    @Test("content it cannot read with confidence is left unchanged")
    func refusesBroken() {
        #expect(marked("(unclosed Tj") == nil)
        #expect(marked("/P <<>> BDC BT ET") == nil, "an unclosed marked sequence")
    }

    @Test("a canvas's boxes and rules are artifacts in the PDF coprint writes, and it still prints the same")
    func inThePDF() throws {
        let printer = try Printer(fonts: fonts)
        let layout = try library.layout(named: "action-plan")
        let folder = try Project.temporaryFolder()
        let pdf = folder.appendingPathComponent("a.pdf")
        try printer.pdf(layout, content: .blank(for: layout), paper: .a4).write(to: pdf)
        let qdf = folder.appendingPathComponent("q.pdf")
        #expect(try Run.tool("qpdf", ["--qdf", "--object-streams=disable", pdf.path, qdf.path]).status == 0)
        let text = String(decoding: try Data(contentsOf: qdf), as: UTF8.self)
        #expect(text.components(separatedBy: "/Artifact BMC").count - 1 >= 2, "one run of drawing per page at least")
        #expect(try Run.tool("qpdf", ["--check", pdf.path]).status == 0)
        #expect(try PDFCheck.info(pdf)["Tagged"] == "yes")
        #expect(try PDFCheck.text(pdf).contains("What needs to change, and why?"))
    }
}
