import CoprintLayout
import Foundation
import Testing
import TestSupport

/// Spreadsheets saved as people save them: capitalised or wordy headers, extra columns, blank
/// rows, a byte-order mark, stray quotes, an Excel file instead of CSV.
@Suite("Spreadsheets")
struct SpreadsheetTests {
    func workspace(_ files: [String: Data]) throws -> URL {
        let folder = try Project.temporaryFolder()
        for (name, data) in files { try data.write(to: folder.appendingPathComponent(name)) }
        return folder
    }

    func text(_ s: String) -> Data { Data(s.utf8) }

    func pdfs(in folder: URL) throws -> [String] {
        guard FileManager.default.fileExists(atPath: folder.path) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".pdf") }.sorted()
    }

    @Test("headers match fields ignoring case and punctuation, wordy headers where unambiguous, extra columns said once, blank rows skipped, BOM read")
    func asPeopleSaveThem() throws {
        let csv = "\u{FEFF}Organisation name,TITLE,Contact\r\nRiverside Carers,Our tips,jo@example.org\r\n\"Llanfair Group, Gwynedd\",,x\r\n,,\r\nValleys Youth Forum,,y\r\n\r\n"
        let f = try workspace(["members.csv": text(csv)])
        let r = try Run.coprint(["batch", "members.csv", "--layout", "top-tips", "-o", "out", "-j", "1"], in: f)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("the column 'Organisation name' fills the field 'organisation'"))
        #expect(r.stderr.components(separatedBy: "'Contact'").count == 2, "the unused column is named once: \(r.stderr)")
        #expect(r.stderr.contains("skipped 2 blank rows"))
        let out = f.appendingPathComponent("out")
        #expect(try pdfs(in: out) == ["top-tips-1-Riverside-Carers-a4.pdf", "top-tips-2-Llanfair-Group-Gwynedd-a4.pdf", "top-tips-3-Valleys-Youth-Forum-a4.pdf"])
        let first = try PDFCheck.text(out.appendingPathComponent("top-tips-1-Riverside-Carers-a4.pdf"))
        #expect(first.contains("Riverside Carers"))
        #expect(first.contains("Our tips"))
        #expect(try PDFCheck.text(out.appendingPathComponent("top-tips-2-Llanfair-Group-Gwynedd-a4.pdf")).contains("Llanfair Group, Gwynedd"))
    }

    @Test("semicolons from a European spreadsheet are read as separators")
    func semicolons() throws {
        let f = try workspace(["m.csv": text("organisation;title\nHarbour Health;Ein awgrymiadau\n")])
        let r = try Run.coprint(["batch", "m.csv", "--layout", "top-tips", "-o", "out"], in: f)
        #expect(r.status == 0, "\(r.stderr)")
        let pdf = f.appendingPathComponent("out/top-tips-1-Harbour-Health-a4.pdf")
        #expect(try PDFCheck.text(pdf).contains("Ein awgrymiadau"))
    }

    @Test("an unclosed quote is an error at its line, and no row is swallowed or printed")
    func unclosedQuote() throws {
        let f = try workspace(["m.csv": text("organisation,title\nOne,x\n\"Two,y\nThree,z\n")])
        let r = try Run.coprint(["batch", "m.csv", "--layout", "top-tips", "-o", "out"], in: f)
        #expect(r.status == 1)
        #expect(r.stderr.contains("m.csv:3:1: a quote mark opens a cell here but is never closed"))
        #expect(try pdfs(in: f.appendingPathComponent("out")).isEmpty)
    }

    @Test("text after a closing quote is an error in plain words with the line, not a parser's message")
    func strayQuote() throws {
        let f = try workspace(["m.csv": text("organisation,title\n\"Tom\" Jones,x\n")])
        let r = try Run.coprint(["batch", "m.csv", "--layout", "top-tips", "-o", "out"], in: f)
        #expect(r.status == 1)
        #expect(r.stderr.contains("m.csv:2:7:"))
        #expect(r.stderr.contains("write each as two"))
        #expect(!r.stderr.contains("quotation("))
    }

    @Test("a quote inside an unquoted cell is kept as typed")
    func quoteInside() throws {
        let f = try workspace(["m.csv": text("organisation,title\nThe \"Hub\" group,x\n")])
        let r = try Run.coprint(["batch", "m.csv", "--layout", "top-tips", "-o", "out"], in: f)
        #expect(r.status == 0, "\(r.stderr)")
        let pdf = try pdfs(in: f.appendingPathComponent("out"))
        #expect(pdf.count == 1)
        #expect(try PDFCheck.text(f.appendingPathComponent("out/\(pdf[0])")).contains("The \"Hub\" group"))
    }

    @Test("two columns for one field are one error naming both")
    func duplicateHeader() throws {
        let f = try workspace(["m.csv": text("organisation,Organisation\na,b\n")])
        let r = try Run.coprint(["batch", "m.csv", "--layout", "top-tips", "-o", "out"], in: f)
        #expect(r.status == 1)
        #expect(r.stderr.contains("'organisation' (column 1) and 'Organisation' both fill the field 'organisation'"))
        #expect(r.stderr.split(separator: "\n").count == 1, "one message, not one per row: \(r.stderr)")
    }

    @Test("a short row names the columns it has no cells for; a long row names its extra cells")
    func shortAndLong() throws {
        let f = try workspace(["m.csv": text("organisation,title,logo\nRiverside\nHarbour,t,,extra\n")])
        let r = try Run.coprint(["batch", "m.csv", "--layout", "top-tips", "-o", "out"], in: f)
        #expect(r.status == 1)
        #expect(r.stderr.contains("m.csv:2:1: row 1 has no cells for 'title', 'logo'"))
        #expect(r.stderr.contains("m.csv:3:1: this row has 4 cells but the header has 3 columns (the extra: 'extra')"))
        #expect(try pdfs(in: f.appendingPathComponent("out")) == ["top-tips-1-Riverside-a4.pdf"])
    }

    @Test("a NUL in a cell is a located error for that row, never a cut")
    func nulCell() throws {
        let f = try workspace(["m.csv": Data("organisation\nab".utf8) + Data([0]) + Data("cd\nGood\n".utf8)])
        let r = try Run.coprint(["batch", "m.csv", "--layout", "top-tips", "-o", "out"], in: f)
        #expect(r.status == 1)
        #expect(r.stderr.contains("m.csv:2:1:"))
        #expect(r.stderr.contains("NUL"))
        #expect(try pdfs(in: f.appendingPathComponent("out")) == ["top-tips-2-Good-a4.pdf"])
    }

    @Test("an Excel file gets a message saying how to save it as CSV", arguments: ["members.xlsx", "members.csv"])
    func excel(_ name: String) throws {
        // A real .xlsx is a ZIP file: its first bytes are PK\3\4.
        let f = try workspace([name: Data([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00])])
        let r = try Run.coprint(["batch", name, "--layout", "top-tips", "-o", "out"], in: f)
        #expect(r.status == 1)
        #expect(r.stderr.contains("not CSV"))
        #expect(r.stderr.contains("CSV UTF-8"))
    }

    @Test("a CSV with neither --layout nor --template says what to add")
    func needsLayout() throws {
        let f = try workspace(["m.csv": text("organisation\nA\n")])
        let r = try Run.coprint(["batch", "m.csv"], in: f)
        #expect(r.status == 2)
        #expect(r.stderr.contains("--layout NAME"))
    }
}
