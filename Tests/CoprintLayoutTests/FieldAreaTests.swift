import CoprintLayout
import Foundation
import Testing
import TestSupport

/// Writing areas carry the plan field they fill, so a fillable canvas and `coprint import` never
/// have to match strings on the page.
@Suite("Field areas")
struct FieldAreaTests {
    func blank(_ name: String, _ paper: Paper = .a4) throws -> LaidOutDocument {
        let layout = try Layout.load(from: Project.layouts.appendingPathComponent("\(name).yaml"))
        return LayoutEngine(layout: layout, content: .blank(for: layout), paper: paper, measurer: FakeMeasurer()).run()
    }

    /// One line per area: page, path, one line or several, label.
    func dump(_ doc: LaidOutDocument) -> [String] {
        doc.pages.enumerated().flatMap { i, page in
            page.fieldAreas.map { "\(i + 1) \($0.path) \($0.multiline ? "lines" : "line") \($0.label ?? "-")" }
        }
    }

    @Test("the blank action plan names every writing area by its plan path, in reading order")
    func actionPlan() throws {
        let lines = dump(try blank("action-plan"))
        var expected = ["1 title line Project", "1 team line Team", "1 date line Date",
                        "1 purpose lines What needs to change, and why?", "1 success lines What will success look like?",
                        "1 people lines Who is taking part?"]
        for row in 1...6 {
            expected += [("what", "What"), ("who", "Who"), ("when", "By when")].map { "1 next-steps.\(row).\($0.0) line Next steps, row \(row), \($0.1)" }
        }
        expected.append("1 check-in lines How will we check in and reflect?")
        let columns = [("strengths", "Strengths"), ("networks", "Networks"), ("what-matters", "What matters"),
                       ("trust-and-power", "Trust and power"), ("change-makers", "Change makers")]
        // The values grid is a table read row by row: each level across the five values.
        for (row, rowLabel) in [("individual", "Individual"), ("group", "Group"), ("strategic", "Strategic")] {
            for (id, label) in columns {
                expected.append("2 values.\(id).\(row) lines \(label), \(rowLabel)")
            }
        }
        #expect(lines == expected)
    }

    @Test("every writing area sits inside its region, has room, and overlaps no other", arguments: Paper.allCases)
    func geometry(paper: Paper) throws {
        for name in Project.layoutNames {
            let doc = try blank(name, paper)
            for page in doc.pages {
                for area in page.fieldAreas {
                    let top = String(area.path.split(separator: ".").first!)
                    let region = try #require(page.regionFrames.first { $0.name == top }?.frame, "\(name): \(area.path)")
                    #expect(area.frame.width > 20 && area.frame.height > 8, "\(name): \(area.path) \(area.frame)")
                    #expect(area.frame.x >= region.x - 0.01 && area.frame.maxX <= region.maxX + 0.01
                            && area.frame.y >= region.y - 0.01 && area.frame.maxY <= region.maxY + 0.01, "\(name): \(area.path)")
                }
                for (i, a) in page.fieldAreas.enumerated() {
                    for b in page.fieldAreas[(i + 1)...] {
                        let overlap = a.frame.x < b.frame.maxX - 0.01 && b.frame.x < a.frame.maxX - 0.01 && a.frame.y < b.frame.maxY - 0.01 && b.frame.y < a.frame.maxY - 0.01
                        #expect(!overlap, "\(name): \(a.path) overlaps \(b.path)")
                    }
                }
            }
        }
    }
}
