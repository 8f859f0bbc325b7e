import CoprintLayout
import Foundation
import Testing
import TestSupport

/// Translation and language files: complete for every shipped layout, and a missing or misspelt
/// word is reported by file, line and key.
@Suite("Translation files")
struct TranslationFileTests {
    /// A copy of the shipped layouts folder, to break.
    func copiedLayouts() throws -> URL {
        let folder = try Project.temporaryFolder().appendingPathComponent("layouts")
        try FileManager.default.copyItem(at: Project.layouts, to: folder)
        return folder
    }

    func furniture(_ folder: URL) -> (String) throws -> Furniture {
        { try Furniture.load(from: folder.appendingPathComponent("languages/\($0).yaml")) }
    }

    @Test("every shipped layout has complete Welsh words, and a bilingual edition pairs each one", arguments: Project.layoutNames)
    func complete(name: String) throws {
        let layout = try Layout.load(from: Project.layouts.appendingPathComponent(name + ".yaml"))
        #expect(layout.availableLanguages == ["en", "cy"])
        let welsh = try layout.inEdition(Edition("cy"), furniture: furniture(Project.layouts))
        #expect(welsh.title != layout.title)
        #expect(welsh.furniture.tag == "cy")
        #expect(welsh.contentFile?.path.contains("languages/cy/content") ?? (layout.contentFile == nil))
        let both = try layout.inEdition(try Edition(parsing: "cy+en"), furniture: furniture(Project.layouts))
        #expect(both.title == welsh.title + "\u{2029}" + layout.title)
        #expect(both.pairedFurniture?.tag == "en-GB")
    }

    @Test("a missing Welsh word is named by file, line and key")
    func missingWord() throws {
        let folder = try copiedLayouts()
        let file = folder.appendingPathComponent("languages/cy/action-plan.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        // Take out the group level's prompt.
        try text.replacingOccurrences(of: "        prompt: Beth fyddwn ni’n ei wneud gyda’n gilydd fel tîm?\n", with: "")
            .write(to: file, atomically: true, encoding: .utf8)
        let layout = try Layout.load(from: folder.appendingPathComponent("action-plan.yaml"))
        do {
            _ = try layout.inEdition(Edition("cy"), furniture: furniture(folder))
            Issue.record("the edition was made though a word is missing")
        } catch let error as CoprintError {
            let problem = try #require(error.problems.first)
            #expect(error.problems.count == 1)
            #expect(problem.message.contains("regions.values.down.group.prompt"), "\(problem)")
            #expect(problem.message.contains("What will we do together as a team?"), "\(problem)")
            #expect(problem.mark?.file.hasSuffix("languages/cy/action-plan.yaml") == true, "\(problem)")
            #expect((problem.mark?.line ?? 0) > 60, "\(problem)")
        }
    }

    @Test("a misspelt key is reported with a suggestion, and a missing language names the file to add")
    func misspeltAndMissing() throws {
        let folder = try copiedLayouts()
        let file = folder.appendingPathComponent("languages/cy/key-steps.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        try text.replacingOccurrences(of: "description:", with: "descripton:").write(to: file, atomically: true, encoding: .utf8)
        let layout = try Layout.load(from: folder.appendingPathComponent("key-steps.yaml"))
        do {
            _ = try layout.inEdition(Edition("cy"), furniture: furniture(folder))
            Issue.record("the edition was made from a misspelt file")
        } catch let error as CoprintError {
            let all = error.problems.map(\.description).joined(separator: "\n")
            #expect(all.contains("has no 'description'"), "\(all)")
            #expect(all.contains("'descripton' is not a word of layout 'key-steps'") && all.contains("did you mean 'description'?"), "\(all)")
        }
        #expect(throws: CoprintError.self) { try layout.inEdition(Edition("ga"), furniture: furniture(folder)) }
    }

    @Test("language names read as editions; anything else is refused")
    func editions() throws {
        #expect(try Edition(parsing: "cy+en").languages == ["cy", "en"])
        #expect(try Edition(parsing: " CY ").languages == ["cy"])
        for bad in ["", "welsh", "cy+cy", "cy+en+fr", "c1"] {
            #expect(throws: CoprintError.self) { try Edition(parsing: bad) }
        }
    }

    @Test("the page furniture is filled in each language of a bilingual edition")
    func furnitureWords() throws {
        var layout = try Layout.load(from: Project.layouts.appendingPathComponent("top-tips.yaml"))
        layout.furniture = try Furniture.load(from: Project.layouts.appendingPathComponent("languages/cy.yaml"))
        layout.pairedFurniture = try Furniture.load(from: Project.layouts.appendingPathComponent("languages/en.yaml"))
        #expect(layout.furnitureWords(\.pageOfPages, ["page": "1", "pages": "2"]) == "Tudalen 1 o 2\u{2029}Page 1 of 2")
        #expect(layout.furnitureWords(\.listItem, ["heading": "Awgrymiadau\u{2029}Tips", "number": "3"]) == "Awgrymiadau, eitem 3\u{2029}Tips, item 3")
        #expect(try Furniture.load(from: Project.layouts.appendingPathComponent("languages/en.yaml")) == Furniture.english)
    }
}
