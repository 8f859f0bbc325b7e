import CoprintLayout
import Foundation
import Testing
import TestSupport

/// Plans typed as people type them: where YAML would read something other than what was written,
/// coprint says so with the line and the fix, and never changes a sentence silently.
@Suite("YAML traps")
struct YAMLTrapTests {
    let layout = try! Layout.load(from: Project.layouts.appendingPathComponent("action-plan.yaml"))

    func load(_ yaml: String) throws -> Content {
        try Content(tree: try SourceReader.parse(Data(yaml.utf8), file: "plan.yaml"), layout: layout, source: "plan.yaml")
    }

    func message(_ yaml: String) -> String {
        do { _ = try load(yaml); return "" } catch { return "\(error)" }
    }

    @Test("a colon in a title is an error that says to use quotes, with the line and the fixed line")
    func colonInTitle() {
        let m = message("layout: action-plan\ntitle: Review: young carers\n")
        #expect(m.contains("plan.yaml:2:"))
        #expect(m.contains("colon followed by a space"))
        #expect(m.contains(#"title: "Review: young carers""#))
    }

    @Test("a list item with a colon is an error that shows the item in quotes")
    func colonInListItem() {
        let m = message("layout: action-plan\npeople:\n  - Aled\n  - Keep sessions informal: food, games\n")
        #expect(m.contains("plan.yaml:4:"))
        #expect(m.contains(#""Keep sessions informal: food, games""#))
    }

    @Test("text starting with a character YAML reserves is an error that says to use quotes", arguments: ["@home", "`tick`", "*starred* item", "% of carers", "- not a list"])
    func reservedStart(_ text: String) {
        let m = message("layout: action-plan\ntitle: \(text) here\n")
        #expect(m.contains("plan.yaml:2:"), "\(m)")
        #expect(m.contains("quotes"), "\(m)")
    }

    @Test("a quote that ends before the text does is explained")
    func quoteThenMore() {
        let m = message("layout: action-plan\nteam: \"Carers\" and friends\n")
        #expect(m.contains("plan.yaml:2:"))
        #expect(m.contains("starts its text with a quote mark"))
    }

    @Test("a sentence split at a comma inside [ ] prints as typed but is warned about, with the line")
    func commaInFlowList() throws {
        let c = try load("layout: action-plan\npeople: [Ask each carer what they are good at, not only what they need]\n")
        #expect(c.fields["people"] == .bullets(["Ask each carer what they are good at", "not only what they need"]))
        #expect(c.warnings.count == 1)
        let w = c.warnings.first?.description ?? ""
        #expect(w.hasPrefix("plan.yaml:2:"))
        #expect(w.contains("read as 2 items"))
        #expect(w.contains("one '- item' per line"))
    }

    @Test("a [ ] list of separate names or quoted items gives no warning")
    func honestFlowLists() throws {
        let c = try load("layout: action-plan\npeople: [Aled, Priya, Tom]\nsuccess: [\"One, two\", \"Three\"]\n")
        #expect(c.warnings.isEmpty, "\(c.warnings)")
    }

    @Test("text lost to a # comment is warned about")
    func hashComment() throws {
        let c = try load("layout: action-plan\nsuccess: #1 priority is trust\ncheck-in: Meet weekly #together\n")
        #expect(c.fields["success"] == nil)
        #expect(c.fields["check-in"] == .paragraphs(["Meet weekly"]))
        let all = c.warnings.map(\.description).joined(separator: "\n")
        #expect(all.contains("plan.yaml:2:"))
        #expect(all.contains(##"success: "#1 priority is trust""##))
        #expect(all.contains("plan.yaml:3:"))
        #expect(all.contains("together"))
    }

    @Test("an anchor or tag that swallows a word is warned about")
    func anchorAndTag() throws {
        let c = try load("layout: action-plan\nteam: &Co group\ntitle: !Important meeting\n")
        let all = c.warnings.map(\.description).joined(separator: "\n")
        #expect(all.contains("'&Co'"))
        #expect(all.contains("'!Important'"))
    }

    @Test("comments after values and the inside of | blocks are never warned about")
    func noFalseAlarms() throws {
        let yaml = """
        layout: action-plan
        # A comment line
        title: "Review: young carers"  # a comment after a quoted value
        people: []  # nobody yet
        purpose: |
          We said: [this, that] and #hashtags
          - and a dash, and @someone
        """
        let c = try load(yaml + "\n")
        #expect(c.warnings.isEmpty, "\(c.warnings)")
        #expect(c.fields["title"] == .paragraphs(["Review: young carers"]))
    }

    @Test("a single line break joins a paragraph; a blank line starts a new one")
    func paragraphs() throws {
        let c = try load("layout: action-plan\npurpose: |\n  They told us the\n  drop-in closes early.\n\n  Second paragraph.\n")
        #expect(c.fields["purpose"] == .paragraphs(["They told us the drop-in closes early.", "Second paragraph."]))
    }
}
