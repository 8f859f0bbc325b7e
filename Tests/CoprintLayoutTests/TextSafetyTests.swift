import CoprintLayout
import Foundation
import Testing
import TestSupport

/// Hostile text and files read through the library: refused characters, alias bombs, deep
/// nesting, long words, byte-order marks, and layouts that reach outside their folder or off the page.
@Suite("Text safety and reader limits")
struct TextSafetyTests {
    /// The error `text` gives when read as `file`, or nil if it reads.
    func error(_ text: String, file: String = "plan.yaml") -> CoprintError? {
        do { _ = try SourceReader.parse(Data(text.utf8), file: file); return nil } catch let e as CoprintError { return e } catch {
            Issue.record("not a CoprintError: \(error)")
            return nil
        }
    }

    @Test("NUL written as an escape in YAML or JSON is refused with file, line, column and field",
          arguments: [
              ("layout: top-tips\ntitle: \"a\\0b\"\n", "plan.yaml", "plan.yaml:2:8: 'title' contains a NUL character"),
              ("{\"layout\": \"top-tips\",\n \"tips\": [{\"text\": \"ok\"}, {\"text\": \"a\\u0000b\"}]}", "plan.json", "plan.json:2:36: 'tips.2.text' contains a NUL character"),
              ("layout: top-tips\ntitle: \"a\\x00b\"\n", "plan.yaml", "plan.yaml:2:8: 'title' contains a NUL character (U+0000"),
          ])
    func nul(text: String, file: String, message: String) throws {
        let e = try #require(error(text, file: file))
        #expect(e.description.hasPrefix(message), "\(e)")
        #expect(e.description.contains("at character 2"), "\(e)")
    }

    @Test("noncharacters and control characters are refused the same way, wherever they are",
          arguments: ["\\uFFFE", "\\uFFFF", "\\uFDD0", "\\uFDEF", "\\U0010FFFF", "\\U0001FFFE", "\\e", "\\x7F", "\\x85", "\\b"])
    func refusedCharacters(escape: String) throws {
        let e = try #require(error("layout: top-tips\ntips:\n  - heading: \"x\(escape)y\"\n"))
        #expect(e.description.hasPrefix("plan.yaml:3:14: 'tips.1.heading' contains"), "\(e)")
        #expect(e.description.contains("cannot be printed"), "\(e)")
    }

    @Test("a raw noncharacter (not escaped) is refused too, with its position")
    func rawNoncharacter() throws {
        let nonchar = String(Character(try #require(Unicode.Scalar(0xFDD0))))
        let e = try #require(error("layout: top-tips\ntitle: ab\(nonchar)c\n"))
        #expect(e.description.hasPrefix("plan.yaml:2:8: 'title' contains a noncharacter (U+FDD0) at character 3"), "\(e)")
        let raw = try #require(error("layout: top-tips\ntitle: ab\u{1}c\n"))
        #expect(raw.description.hasPrefix("plan.yaml:2:10:"), "\(raw)")
    }

    @Test("tabs, line breaks, direction marks, joiners and combining marks are text and are kept exactly")
    func keptCharacters() throws {
        let text = "Cymraeg\tŵ e\u{301} \u{202E}evil\u{202C} \u{2067}عربي\u{2069} 👩\u{200D}👩\u{200D}👧 漢字"
        let json = try JSONSerialization.data(withJSONObject: ["layout": "top-tips", "title": text])
        let tree = try SourceReader.parse(json, file: "plan.json")
        #expect(tree["title"]?.text == text)
    }

    @Test("a UTF-8 byte-order mark before YAML is accepted")
    func byteOrderMark() throws {
        let tree = try SourceReader.parse(Data([0xEF, 0xBB, 0xBF]) + Data("layout: top-tips\ntitle: Croeso\n".utf8), file: "plan.yaml")
        #expect(tree["layout"]?.text == "top-tips")
        #expect(tree["title"]?.mark.line == 2)
    }

    @Test("a YAML alias bomb fails at once with the place it passes the limit")
    func aliasBomb() throws {
        var lines = ["layout: top-tips", "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        for i in 1...12 { lines.append("a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 9).joined(separator: ", ") + "]") }
        lines.append("? *a12\n: key bomb")
        let start = Date()
        let e = try #require(error(lines.joined(separator: "\n")))
        #expect(Date().timeIntervalSince(start) < 2)
        #expect(e.description.contains("once its aliases (*name) are expanded"), "\(e)")
        #expect(e.problems.first?.mark?.line ?? 0 > 2)
        // A few aliases that stay small still work.
        let ok = try SourceReader.parse(Data("layout: top-tips\nx: &n Riverside\ntitle: *n\n".utf8), file: "plan.yaml")
        #expect(ok["title"]?.text == "Riverside")
    }

    @Test("a long text repeated by aliases is bounded by the total text it expands to")
    func aliasTextBomb() throws {
        let long = String(repeating: "word ", count: 100_000)
        let yaml = "layout: top-tips\nx: &t \"\(long)\"\ny: [" + Array(repeating: "*t", count: 50).joined(separator: ", ") + "]\n"
        let e = try #require(error(yaml))
        #expect(e.description.contains("MB of text once its aliases"), "\(e)")
    }

    @Test("nesting deeper than the limit is a located error, however deep", arguments: [150, 5_000, 100_000])
    func deepNesting(depth: Int) throws {
        for (open, close) in [("[", "]"), ("{a: ", "}")] {
            let yaml = "layout: top-tips\ntitle: " + String(repeating: open, count: depth) + String(repeating: close, count: depth) + "\n"
            let e = try #require(error(yaml))
            #expect(e.description.contains("nested more than"), "\(e)")
            #expect(e.problems.first?.mark?.line == 2)
        }
    }

    @Test("a word over the limit is a located error; one at the limit reads")
    func longWord() throws {
        let limit = TextSafety.maximumWordLength
        let e = try #require(error("layout: top-tips\ntitle: ok \(String(repeating: "x", count: limit + 1))\n"))
        #expect(e.description.hasPrefix("plan.yaml:2:8: 'title' has a word of \(limit + 1) characters with no space (starting at character 4)"), "\(e)")
        #expect(error("layout: top-tips\ntitle: \(String(repeating: "x", count: limit)) \(String(repeating: "y- ", count: 500))\n") == nil)
        // Dashes and slashes do not end a word: a run of them is as slow to break as letters.
        #expect(error("layout: top-tips\ntitle: \(String(repeating: "-/", count: limit))\n") != nil)
        // Scripts written without spaces break between characters: no limit on their runs.
        #expect(error("layout: top-tips\ntitle: \(String(repeating: "漢字", count: 2_000))\n") == nil)
    }

    @Test("a text with too many lines, or a list with too many entries, is a located error")
    func linesAndEntries() throws {
        let lines = try #require(error("layout: top-tips\ntitle: \"\(String(repeating: "a\\n", count: TextSafety.maximumLines + 1))\"\n"))
        #expect(lines.description.hasPrefix("plan.yaml:2:8: 'title' has 1001 line breaks, over coprint's limit of 1000"), "\(lines)")
        let separators = try #require(error("layout: top-tips\ntitle: \"\(String(repeating: "a\\u2028", count: TextSafety.maximumLines + 1))\"\n"))
        #expect(separators.description.contains("1001 line breaks"), "\(separators)")
        let layout = try Layout.load(from: Project.layouts.appendingPathComponent("top-tips.yaml"))
        let yaml = "layout: top-tips\ntips:\n" + String(repeating: "  - tip\n", count: TextSafety.maximumListLength + 1)
        let tree = try SourceReader.parse(Data(yaml.utf8), file: "plan.yaml")
        #expect {
            _ = try Content(tree: tree, layout: layout, source: "plan.yaml")
        } throws: { e in
            (e as? CoprintError)?.description.hasPrefix("plan.yaml:3:3: 'tips' has 201 entries, over coprint's limit of 200 for one list") == true
        }
    }

    @Test("a document over the total text limit is a located error")
    func documentLimit() throws {
        let layout = try Layout.load(from: Project.layouts.appendingPathComponent("top-tips.yaml"))
        let item = String(repeating: "abcdefghi ", count: 1_900)
        let yaml = "layout: top-tips\ntips:\n" + Array(repeating: "  - text: \(item)\n", count: 3).joined()
        let tree = try SourceReader.parse(Data(yaml.utf8), file: "plan.yaml")
        #expect {
            _ = try Content(tree: tree, layout: layout, source: "plan.yaml")
        } throws: { e in
            (e as? CoprintError)?.description.hasPrefix("plan.yaml:1:1: this document holds 57005 characters of text, over coprint's limit of 50000") == true
        }
    }

    @Test("a tree built in code (as CSV rows are) meets the same character rule")
    func sameRuleForTrees() throws {
        let layout = try Layout.load(from: Project.layouts.appendingPathComponent("top-tips.yaml"))
        let mark = SourceMark(file: "members.csv", line: 3, column: 2)
        let tree = SourceValue(.map([("layout", mark, SourceValue(.text("top-tips"), at: mark)),
                                     ("organisation", mark, SourceValue(.text("Riverside\u{0}Carers"), at: mark))]), at: mark)
        #expect {
            _ = try Content(tree: tree, layout: layout, source: "members.csv")
        } throws: { e in
            (e as? CoprintError)?.description == "members.csv:3:2: 'organisation' contains a NUL character (U+0000, often written \\0 or \\u0000) at character 10, which cannot be printed; delete it (coprint refuses such characters rather than cut the text there)"
        }
    }

    @Test("text for the terminal shows controls and direction overrides as escapes; file names drop them")
    func terminalAndNames() {
        #expect(TextSafety.forTerminal("a\u{1B}[31mb\nc\u{202E}d\u{7}") == "a\\u{1B}[31mb\\u{A}c\\u{202E}d\\u{7}")
        #expect(TextSafety.forTerminal("Caerdydd ŵ عربي") == "Caerdydd ŵ عربي")
        #expect(TextSafety.safeFileName("pl\u{1B}[31man\u{202E}fdp.exe\nx") == "pl-[31man-fdp.exe-x")
        #expect(TextSafety.safeFileName("../..") == "untitled" || !TextSafety.safeFileName("../..").contains("/"))
        #expect(TextSafety.safeFileName(".hidden") == "hidden")
        #expect(TextSafety.safeFileName("\u{200B}\u{200E}") == "untitled")
    }

    @Test("line and column of a byte count characters, not bytes")
    func lineAndColumn() {
        let data = Data("ab\nŵŵx\n".utf8)
        #expect(TextSafety.lineAndColumn(ofByte: 7, in: data) == (2, 3))
        #expect(TextSafety.lineAndColumn(ofByte: 0, in: data) == (1, 1))
    }
}

/// Layout files that reach outside the layouts folder or put boxes off the page.
@Suite("Layout confinement and geometry")
struct LayoutSafetyTests {
    func layout(_ edit: (String) -> String, name: String = "test", extra: [String: String] = [:]) throws -> (URL, CoprintError?) {
        let folder = try Project.temporaryFolder()
        let base = try String(contentsOf: Project.layouts.appendingPathComponent("top-tips.yaml"), encoding: .utf8)
        let url = folder.appendingPathComponent("\(name).yaml")
        try edit(base).write(to: url, atomically: true, encoding: .utf8)
        for (n, t) in extra {
            let u = folder.appendingPathComponent(n)
            try FileManager.default.createDirectory(at: u.deletingLastPathComponent(), withIntermediateDirectories: true)
            try t.write(to: u, atomically: true, encoding: .utf8)
        }
        do { _ = try Layout.load(from: url); return (folder, nil) } catch let e as CoprintError { return (folder, e) }
    }

    func withContent(_ path: String) -> (String) -> String {
        { $0.replacingOccurrences(of: "content: content/top-tips.yaml", with: "content: \(path)") }
    }

    @Test("a layout's content path may not be absolute or lead out with ..", arguments: ["/etc/passwd", "../secret.yaml", "content/../../x.yaml", "~/x.yaml"])
    func contentOutside(path: String) throws {
        let (folder, e) = try layout(withContent(path))
        defer { try? FileManager.default.removeItem(at: folder) }
        let error = try #require(e)
        #expect(error.description.hasPrefix("test.yaml:7:10:") || error.description.contains("test.yaml:7:10:"), "\(error)")
        #expect(error.description.contains("full path") || error.description.contains("leads out"), "\(error)")
    }

    @Test("a layout's content path through a link that leads out of the layouts folder is refused")
    func contentLinkOutside() throws {
        let (folder, _) = try layout({ $0 })
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("words").path, withDestinationPath: "/etc")
        let url = folder.appendingPathComponent("linked.yaml")
        let base = try String(contentsOf: Project.layouts.appendingPathComponent("top-tips.yaml"), encoding: .utf8)
        try withContent("words/passwd")(base).write(to: url, atomically: true, encoding: .utf8)
        #expect {
            _ = try Layout.load(from: url)
        } throws: { e in
            (e as? CoprintError)?.description.contains("outside this file's folder") == true
        }
    }

    @Test("a content file inside the layouts folder is found")
    func contentInside() throws {
        let (folder, e) = try layout(withContent("words/tips.yaml"), extra: ["words/tips.yaml": "layout: test\n"])
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(e == nil, "\(String(describing: e))")
    }

    @Test("a grid whose columns or rows would have no width on A4 is a located error")
    func negativeColumns() throws {
        let (folder, e) = try layout { text in
            text.replacingOccurrences(of: #"columns: \d+\n"#, with: "columns: 48\n", options: .regularExpression, range: text.range(of: "grid:").map { $0.lowerBound..<text.endIndex })
                .replacingOccurrences(of: #"gap: \d+mm"#, with: "gap: 30mm", options: .regularExpression)
        }
        defer { try? FileManager.default.removeItem(at: folder) }
        let error = try #require(e)
        #expect(error.description.contains("each column would be -"), "\(error)")
        #expect(error.problems.allSatisfy { ($0.mark?.line ?? 0) > 0 })
    }

    @Test("regions that share grid cells are a located error naming both")
    func overlap() throws {
        let yaml = """
        title: Test
        description: Two boxes on top of each other.
        grid: { columns: 4, rows: 4 }
        pages:
          - regions:
              - { field: one, columns: 1-2, rows: 1-2 }
              - { field: two, columns: 2-3, rows: 2-4 }
              - { field: three, columns: 4, rows: 1-4 }
        """
        let folder = try Project.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("overlap.yaml")
        try yaml.write(to: url, atomically: true, encoding: .utf8)
        #expect {
            _ = try Layout.load(from: url)
        } throws: { e in
            let d = (e as? CoprintError)?.description ?? ""
            return d.hasPrefix("overlap.yaml:7:9: this region (columns 2-3, rows 2-4) overlaps the region at line 6 (columns 1-2, rows 1-2)")
                || d.contains("overlap.yaml:7:") && d.contains("overlaps the region at line 6")
        }
    }
}
