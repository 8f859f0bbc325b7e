import CoprintLayout
import Foundation
import Testing
import TestSupport

/// The shipped wording is the project's own, and every layout says where its ideas come from.
@Suite("Wording and credits")
struct WordingTests {
    /// The source pages the project started from, kept in `../shared/seeds/` beside the repository.
    static let seeds = Project.root.deletingLastPathComponent().appendingPathComponent("shared/seeds")

    /// Lower-case words, apostrophes kept, punctuation dropped: the form runs are compared in.
    static func words(_ text: String) -> [String] {
        text.lowercased().replacingOccurrences(of: "\u{2019}", with: "'")
            .split { !($0.isLetter || $0.isNumber || $0 == "'") }.map(String.init)
    }

    /// Every piece of text in a YAML file, in the order written.
    static func texts(_ v: SourceValue) -> [String] {
        switch v.body {
        case .text(let t): return [t]
        case .list(let items): return items.flatMap(texts)
        case .map(let entries): return entries.flatMap { texts($0.value) }
        case .empty: return []
        }
    }

    static var shippedFiles: [URL] {
        let fm = FileManager.default
        let layouts = (try? fm.contentsOfDirectory(at: Project.layouts, includingPropertiesForKeys: nil)) ?? []
        let content = (try? fm.contentsOfDirectory(at: Project.layouts.appendingPathComponent("content"), includingPropertiesForKeys: nil)) ?? []
        return (layouts + content).filter { $0.pathExtension == "yaml" }.sorted { $0.path < $1.path }
    }

    @Test("no run of 12 or more words of any source, read in order across items, is in the shipped wording")
    func ownWords() throws {
        let seedFiles = (try? FileManager.default.contentsOfDirectory(at: Self.seeds, includingPropertiesForKeys: nil)) ?? []
        let sources = seedFiles.filter { $0.pathExtension == "txt" }
        try #require(!sources.isEmpty, "the source pages are missing: expected them in \(Self.seeds.path)")
        var runs = Set<[String]>()
        for file in sources {
            let w = Self.words(try String(contentsOf: file, encoding: .utf8))
            guard w.count >= 12 else { continue }
            for i in 0...(w.count - 12) { runs.insert(Array(w[i..<i + 12])) }
        }
        #expect(Self.shippedFiles.count >= 9, "the layouts and their content files")
        for file in Self.shippedFiles {
            let w = Self.words(Self.texts(try SourceReader.read(file)).joined(separator: " "))
            guard w.count >= 12 else { continue }
            for i in 0...(w.count - 12) where runs.contains(Array(w[i..<i + 12])) {
                Issue.record("\(file.lastPathComponent) repeats its source word for word: \"\(w[i..<i + 12].joined(separator: " "))\"")
            }
        }
    }

    @Test("the comparison notices a copied run")
    func noticesCopy() {
        let source = Self.words("Accept that sharing power means taking risks. Take a chance! Learn to share power today.")
        let copy = Self.words("accept that sharing power means taking risks; take a chance - learn to share power")
        #expect(Array(source.prefix(12)) == Array(copy.prefix(12)))
    }

    @Test("each credit names its source with a web address", arguments: [
        ("action-plan.yaml", ["Carer Aware", "Carers Trust Wales", "Carers Wales", "carers.org/carer-aware-project/part-3-doing-co-production", "Co-production Network for Wales", "copronet.wales"]),
        ("content/five-values.yaml", ["Co-production Network for Wales", "copronet.wales"]),
        ("content/top-tips.yaml", ["Think Local Act Personal", "thinklocalactpersonal.org.uk"]),
        ("content/support-tips.yaml", ["Think Local Act Personal", "thinklocalactpersonal.org.uk"]),
        ("content/key-steps.yaml", ["Scottish Co-production Network", "coproductionscotland.org.uk"]),
    ])
    func credits(_ file: String, _ names: [String]) throws {
        let credit = try SourceReader.read(Project.layouts.appendingPathComponent(file))["credit"]?.text ?? ""
        for name in names { #expect(credit.contains(name), "\(file)'s credit does not name \(name)") }
    }

    @Test("the action plan says what individual, group and strategic mean")
    func levelsExplained() throws {
        let layout = try Layout.load(from: Project.layouts.appendingPathComponent("action-plan.yaml"))
        let intro = layout.pages.compactMap(\.intro).joined(separator: " ")
        for level in ["Individual:", "Group:", "Strategic:"] { #expect(intro.contains(level)) }
    }
}
