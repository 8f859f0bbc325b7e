import CoprintLayout
import Foundation
import Testing
import TestSupport

/// Workshop packs: several labelled canvases and posters in one PDF, in print order.
@Suite("Workshop packs")
struct PackTests {
    @Test("blank --copies 4 on A3 is one PDF of four labelled canvases")
    func copies() throws {
        let f = try Project.temporaryFolder()
        let r = try Run.coprint(["blank", "action-plan", "--copies", "4", "--paper", "a3", "-o", "pack.pdf"], in: f)
        #expect(r.status == 0, "\(r.stderr)")
        let pdf = f.appendingPathComponent("pack.pdf")
        let info = try PDFCheck.info(pdf)
        #expect(info["Pages"] == "8")
        #expect(info["Page size"]?.contains("A3") == true)
        let text = try PDFCheck.text(pdf)
        for n in 1...4 { #expect(text.components(separatedBy: "Table \(n)").count - 1 == 2, "Table \(n) is on both of its sheets") }
        #expect(try Run.tool("qpdf", ["--check", pdf.path]).status == 0)
    }

    @Test("pack puts canvases for each named table, then the posters, in the order given")
    func pack() throws {
        let f = try Project.temporaryFolder()
        let r = try Run.coprint(["pack", "action-plan", "top-tips", "--labels", "Red, Blue,Green", "-o", "w.pdf"], in: f)
        #expect(r.status == 0, "\(r.stderr)")
        let pdf = f.appendingPathComponent("w.pdf")
        #expect(try PDFCheck.info(pdf)["Pages"] == "7")
        let text = try PDFCheck.text(pdf)
        let red = try #require(text.range(of: "Red")), blue = try #require(text.range(of: "Blue"))
        let green = try #require(text.range(of: "Green")), tips = try #require(text.range(of: "10 top tips"))
        #expect(red.lowerBound < blue.lowerBound && blue.lowerBound < green.lowerBound && green.lowerBound < tips.lowerBound)
    }

    @Test("--copies and --labels that disagree, or zero copies, are usage errors")
    func badCounts() throws {
        let f = try Project.temporaryFolder()
        #expect(try Run.coprint(["blank", "action-plan", "--copies", "2", "--labels", "A,B,C"], in: f).status == 2)
        #expect(try Run.coprint(["blank", "action-plan", "--copies", "0"], in: f).status == 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: f.path).isEmpty)
    }

    @Test("batch --combine also writes every document into one PDF, in job order")
    func combine() throws {
        let f = try Project.temporaryFolder()
        try "organisation\nRiverside Carers\nValleys Youth Forum\nHarbour Health\n".write(to: f.appendingPathComponent("m.csv"), atomically: true, encoding: .utf8)
        let r = try Run.coprint(["batch", "m.csv", "--layout", "five-values", "-o", "out", "-j", "2", "--combine", "all.pdf"], in: f)
        #expect(r.status == 0, "\(r.stderr)")
        let pdf = f.appendingPathComponent("all.pdf")
        #expect(try PDFCheck.info(pdf)["Pages"] == "3")
        let text = try PDFCheck.text(pdf)
        let a = try #require(text.range(of: "Riverside Carers")), b = try #require(text.range(of: "Valleys Youth Forum"))
        let c = try #require(text.range(of: "Harbour Health"))
        #expect(a.lowerBound < b.lowerBound && b.lowerBound < c.lowerBound)
    }
}
