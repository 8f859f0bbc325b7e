import CoprintLayout
import Foundation
import Testing
import TestSupport

/// Reading layout and content files: what a person gets told when they make a mistake.
@Suite("Layout files")
struct LayoutFileTests {
    func write(_ text: String, name: String = "broken.yaml") throws -> URL {
        let folder = try Project.temporaryFolder()
        let url = folder.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    func problems(_ text: String) throws -> [Problem] {
        let url = try write(text)
        do {
            _ = try Layout.load(from: url)
            Issue.record("the layout loaded but should not have")
            return []
        } catch let error as CoprintError {
            return error.problems
        }
    }

    let minimal = """
    kind: poster
    title: A test
    description: For tests.
    pages:
      - regions:
          - field: title
            type: banner
            columns: 1-12
            rows: 1-2
    """

    @Test("a minimal layout loads, and its name is its file name")
    func minimalLoads() throws {
        let layout = try Layout.load(from: try write(minimal, name: "my-poster.yaml"))
        #expect(layout.name == "my-poster")
        #expect(layout.kind == .poster)
        #expect(layout.fields.map(\.field) == ["title"])
    }

    @Test("broken YAML is reported with file, line and column")
    func brokenYAML() throws {
        let found = try problems("kind: poster\ntitle: [unclosed\ndescription: x\n")
        #expect(found.count == 1)
        let mark = try #require(found.first?.mark)
        #expect(mark.file.hasSuffix("broken.yaml"))
        #expect(mark.line >= 2)
        #expect(mark.column > 0)
    }

    @Test("a misspelt setting gets a suggestion at its own line")
    func misspeltSetting() throws {
        let found = try problems(minimal.replacingOccurrences(of: "description:", with: "descripton:"))
        let typo = try #require(found.first { $0.message.contains("descripton") })
        #expect(typo.message.contains("did you mean 'description'"))
        #expect(typo.mark?.line == 3)
        #expect(typo.mark?.column == 1)
    }

    @Test("a region outside the grid names the grid's size")
    func regionOutsideGrid() throws {
        let found = try problems(minimal.replacingOccurrences(of: "columns: 1-12", with: "columns: 1-14"))
        let problem = try #require(found.first)
        #expect(problem.message.contains("goes outside the grid, which has 12 columns"))
        #expect(problem.mark?.line == 8)
    }

    @Test("text smaller than 9 pt is refused")
    func tooSmallText() throws {
        let found = try problems(minimal + "\nstyle:\n  text-size: 6\n")
        #expect(found.contains { $0.message.contains("'text-size' is 6") && $0.mark?.line == 11 })
    }

    @Test("margins under 10 mm are refused")
    func tooSmallMargin() throws {
        let found = try problems(minimal + "\ngrid:\n  margin: 5mm\n")
        #expect(found.contains { $0.message.contains("'margin' is 5mm") })
    }

    @Test("every problem is reported at once, in file order")
    func allProblemsAtOnce() throws {
        let text = minimal
            .replacingOccurrences(of: "kind: poster", with: "kind: flyer")
            .replacingOccurrences(of: "type: banner", with: "type: baner")
        let found = try problems(text)
        #expect(found.count == 2)
        #expect(found[0].message.contains("'kind' must be one of: canvas, poster"))
        #expect(found[1].message.contains("did you mean 'banner'"))
    }

    @Test("duplicate keys are an error, not a silent overwrite")
    func duplicateKeys() throws {
        let found = try problems(minimal + "\ntitle: Again\n")
        #expect(found.first?.message.contains("more than once") == true)
    }

    @Test("a file that is not UTF-8 names the line and column of the first bad byte")
    func notUTF8() throws {
        let folder = try Project.temporaryFolder()
        let url = folder.appendingPathComponent("latin1.yaml")
        try Data("title: Caf".utf8 + [0xE9] + Data(" menu\n".utf8)).write(to: url)
        #expect {
            _ = try Layout.load(from: url)
        } throws: { error in
            (error as? CoprintError)?.description.contains("latin1.yaml:1:11: the file is not UTF-8 text (the first bad byte is here, byte 11") == true
        }
    }
}

@Suite("Content files")
struct ContentFileTests {
    let layout = try! Layout.load(from: Project.layouts.appendingPathComponent("action-plan.yaml"))

    func content(_ yaml: String) throws -> Content {
        let tree = try SourceReader.parse(Data(yaml.utf8), file: "plan.yaml")
        return try Content(tree: tree, layout: layout, source: "plan.yaml")
    }

    @Test("a plan fills text, lists, the values grid and the next steps")
    func fills() throws {
        let plan = try content("""
        layout: action-plan
        title: Riverside review
        people: [Aled, Priya]
        values:
          strengths: { individual: Ask what people are good at, group: [One, Two] }
        next-steps:
          - { what: Book a room, who: Tom, when: May }
        """)
        #expect(plan.fields["title"] == .paragraphs(["Riverside review"]))
        #expect(plan.fields["people"] == .bullets(["Aled", "Priya"]))
        #expect(plan.fields["values"] == .matrix(["strengths": ["individual": ["Ask what people are good at"], "group": ["One", "Two"]]]))
        #expect(plan.fields["next-steps"] == .table([["what": "Book a room", "who": "Tom", "when": "May"]]))
    }

    @Test("a misspelt field is named with its line and a suggestion")
    func misspeltField() throws {
        #expect {
            _ = try content("layout: action-plan\ntitle: x\nsucess: y\n")
        } throws: { error in
            let p = (error as? CoprintError)?.problems.first
            return p?.mark?.line == 3 && p?.message.contains("did you mean 'success'") == true
        }
    }

    @Test("a misspelt value inside the grid gets a suggestion")
    func misspeltValue() throws {
        #expect {
            _ = try content("layout: action-plan\nvalues:\n  strenghts: { individual: x }\n")
        } throws: { error in
            (error as? CoprintError)?.description.contains("plan.yaml:3:3: 'strenghts' is not one of the names in 'values'; did you mean 'strengths'?") == true
        }
    }

    @Test("a map where text belongs is refused")
    func wrongShape() throws {
        #expect {
            _ = try content("layout: action-plan\npurpose: { a: b }\n")
        } throws: { error in
            (error as? CoprintError)?.description.contains("plan.yaml:2:10: this was read as a field name and a value because of the colon followed by a space in \"a: b\". Put the whole text in quotes") == true
        }
    }
}
