import Foundation

/// A layout's words in another language: `languages/LANG/LAYOUT.yaml` beside the layout file.
///
/// It mirrors the layout: the same keys, holding only the words, with regions found by their
/// field name and matrix and table items by their id:
///
///     layout: action-plan
///     title: Cynllun gweithredu cyd-gynhyrchu
///     pages:
///       - heading: Cynllun gweithredu cyd-gynhyrchu
///     regions:
///       next-steps:
///         label: Camau nesaf
///         headings: { what: Beth, who: Pwy, when: Erbyn pryd }
///       values:
///         down:
///           individual: { label: Unigol, prompt: Beth fydda i'n ei wneud yn fy rôl fy hun? }
///
/// A poster's wording is translated in a content file at the same place under `languages/LANG/`
/// as the English one is under the layouts folder (`languages/cy/content/top-tips.yaml`).
public struct Translation: Sendable {
    /// The language code (`cy`).
    public var language: String
    /// The file it was read from.
    public var source: URL
    let tree: SourceValue

    /// Where a layout's translation into `language` is kept: `languages/LANG/NAME.yaml` in the
    /// layout's own folder.
    public static func file(for layout: Layout, language: String) -> URL {
        layout.source.deletingLastPathComponent().appendingPathComponent("languages")
            .appendingPathComponent(language).appendingPathComponent(layout.name + ".yaml")
    }

    /// Reads the translation of `layout` into `language`; nil when there is no such file.
    public static func load(for layout: Layout, language: String) throws -> Translation? {
        let url = file(for: layout, language: language)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let tree = try SourceReader.read(url, displayName: displayPath(url))
        guard tree.entries != nil else {
            throw CoprintError("a translation file should be a set of named fields starting with 'layout: \(layout.name)', but it is \(tree.shapeName)", at: tree.mark)
        }
        return Translation(language: language, source: url, tree: tree)
    }

    /// The words at `path` (keys, or 1-based numbers in lists); when missing, a problem at the
    /// nearest place in the file that is there, saying which key to add and what the words are in
    /// the layout's own language.
    func word(_ path: [String], original: String, problems: inout ProblemList) -> String {
        var node = tree
        for (i, key) in path.enumerated() {
            var next: SourceValue?
            if let entries = node.entries {
                next = entries.first(where: { $0.key == key })?.value
            } else if let items = node.items, let n = Int(key), (1...items.count).contains(n) {
                next = items[n - 1]
            }
            guard let found = next, !found.isEmptyValue else {
                let shown = original.count > 60 ? String(original.prefix(57)) + "..." : original
                let under = i == 0 ? "at the top level" : "under '\(path[..<i].joined(separator: "."))'"
                problems.add("the translation into '\(language)' has no '\(path.joined(separator: "."))' (\(under)); add the words for \"\(shown)\"", at: node.mark)
                return original
            }
            node = found
        }
        guard let text = node.text else {
            problems.add("'\(path.joined(separator: "."))' should be a piece of text, but it is \(node.shapeName)", at: node.mark)
            return original
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Reports every piece of text in the file that is not one of `used` (a misspelt region or id),
    /// and a `layout:` naming another layout.
    func reportUnused(_ used: Set<String>, layout: String, problems: inout ProblemList) {
        if let named = tree["layout"], named.text != layout {
            problems.add("this translation is for layout '\(named.text ?? "")', not '\(layout)'", at: named.mark)
        }
        func walk(_ node: SourceValue, _ path: [String], _ keyMark: SourceMark) {
            if let entries = node.entries {
                for e in entries where !(path.isEmpty && e.key == "layout") { walk(e.value, path + [e.key], e.keyMark) }
            } else if let items = node.items {
                for (i, item) in items.enumerated() { walk(item, path + ["\(i + 1)"], item.mark) }
            } else if node.text != nil {
                let key = path.joined(separator: ".")
                guard !used.contains(key) else { return }
                var message = "'\(key)' is not a word of layout '\(layout)', so it is never printed"
                if let guess = closestMatch(to: key, in: Array(used)) { message += "; did you mean '\(guess)'?" }
                problems.add(message, at: keyMark)
            }
        }
        walk(tree, [], tree.mark)
    }
}

extension SourceValue {
    var isEmptyValue: Bool { if case .empty = body { return true } else { return false } }
}

extension Layout {
    /// Every fixed word of the layout with `change` applied, given its key in a translation file
    /// (`title`, `pages.2.intro`, `regions.values.down.group.prompt`).
    func mappingWords(_ change: (_ path: [String], _ words: String) -> String) -> Layout {
        var l = self
        l.title = change(["title"], title)
        l.description = change(["description"], description)
        l.credit = credit.map { change(["credit"], $0) }
        for p in l.pages.indices {
            let page = ["pages", "\(p + 1)"]
            l.pages[p].heading = l.pages[p].heading.map { change(page + ["heading"], $0) }
            l.pages[p].intro = l.pages[p].intro.map { change(page + ["intro"], $0) }
            for r in l.pages[p].regions.indices {
                var region = l.pages[p].regions[r]
                let key = ["regions", region.field ?? "page\(p + 1)-region\(r + 1)"]
                region.label = region.label.map { change(key + ["label"], $0) }
                region.prompt = region.prompt.map { change(key + ["prompt"], $0) }
                region.text = region.text.map { change(key + ["text"], $0) }
                func items(_ list: [MatrixItem], _ name: String, headingsOnly: Bool = false) -> [MatrixItem] {
                    list.map { item in
                        var it = item
                        let at = key + [name, item.id]
                        it.label = change(headingsOnly ? at : at + ["label"], item.label)
                        it.detail = item.detail.map { change(at + ["detail"], $0) }
                        it.prompt = item.prompt.map { change(at + ["prompt"], $0) }
                        return it
                    }
                }
                switch region.kind {
                case .matrix(let across, let down):
                    region.kind = .matrix(across: items(across, "across"), down: items(down, "down"))
                case .table(let headings, let rows):
                    region.kind = .table(headings: items(headings, "headings", headingsOnly: true), blankRows: rows)
                default: break
                }
                l.pages[p].regions[r] = region
            }
        }
        return l
    }

    /// The languages this layout can be printed in: its own, then every language with a
    /// translation file beside it, in alphabetical order.
    public var availableLanguages: [String] {
        let folder = source.deletingLastPathComponent().appendingPathComponent("languages")
        let found = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { Edition.isCode($0) && $0 != language && FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).appendingPathComponent(name + ".yaml").path) }
        return [language] + found.sorted()
    }

    /// This layout in `edition`: every fixed word in the edition's language (the paired language
    /// under it in a bilingual edition), the page furniture from `furniture`, and a poster's
    /// wording from the translated content file. Every missing word is reported at once, by file,
    /// line and key.
    public func inEdition(_ edition: Edition, furniture: (String) throws -> Furniture) throws -> Layout {
        var problems = ProblemList()
        var translated: [String: Layout] = [:]
        var contents: [String: URL?] = [:]
        for code in edition.languages {
            let (layout, content) = try words(in: code, problems: &problems)
            translated[code] = layout
            contents[code] = content
        }
        try problems.throwIfAny()
        var result: Layout
        if let paired = edition.paired, let second = translated[paired] {
            // Walk the main language's words and pair each with the same key's in the other.
            var pairedWords: [String: String] = [:]
            _ = second.mappingWords { path, w in pairedWords[path.joined(separator: ".")] = w; return w }
            result = translated[edition.main]!.mappingWords { path, w in
                Bilingual.pair(w, pairedWords[path.joined(separator: ".")] ?? w)
            }
            result.pairedFurniture = try furniture(paired)
            result.pairedContentFile = contents[paired] ?? nil
        } else {
            result = translated[edition.main]!
        }
        result.furniture = try furniture(edition.main)
        result.contentFile = contents[edition.main] ?? nil
        result.edition = edition
        // Two languages leave a values grid's cells too little room: its descriptions go on a key page.
        if edition.paired != nil { result = result.movingGridGuidanceToKeyPages() }
        return result
    }

    /// This layout's words and shipped content file in one language, with a problem for every
    /// word its translation lacks.
    private func words(in code: String, problems: inout ProblemList) throws -> (Layout, URL?) {
        if code == language { return (self, contentFile) }
        guard let translation = try Translation.load(for: self, language: code) else {
            let file = displayPath(Translation.file(for: self, language: code))
            let known = availableLanguages.joined(separator: ", ")
            throw CoprintError("layout '\(name)' has no words in '\(code)': there is no \(file). It can be printed in: \(known). To add a language, copy another language's file there and translate the words", kind: .badInput)
        }
        var used = Set<String>()
        let layout = mappingWords { path, w in
            used.insert(path.joined(separator: "."))
            return translation.word(path, original: w, problems: &problems)
        }
        translation.reportUnused(used, layout: name, problems: &problems)
        var content: URL?
        if let english = contentFile {
            let base = source.deletingLastPathComponent().standardizedFileURL.path
            let relative = english.standardizedFileURL.path.hasPrefix(base + "/") ? String(english.standardizedFileURL.path.dropFirst(base.count + 1)) : english.lastPathComponent
            let url = translation.source.deletingLastPathComponent().appendingPathComponent(relative)
            if FileManager.default.fileExists(atPath: url.path) {
                content = url
            } else {
                problems.add("the poster's wording has no translation into '\(code)': add \(displayPath(url)), a copy of \(displayPath(english)) with the words translated", at: translation.tree.mark)
            }
        }
        return (layout, content)
    }

    /// `words` with a bilingual separator shown as " / ", for one-line places such as a PDF's title.
    public static func oneLine(_ words: String) -> String {
        words.replacingOccurrences(of: String(Bilingual.separator), with: " / ")
    }
}
