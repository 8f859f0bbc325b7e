import Foundation

/// The words that fill a layout: a team's plan for a canvas, or a poster's wording.
///
/// A content file names its layout and then gives a value for any of the fields the layout
/// declares. Any field may be left out, which leaves its space blank on the page.
///
///     layout: top-tips
///     title: 10 top tips for co-production
///     tips:
///       - heading: Start together
///         text: Begin with a blank agenda and build it with the people who use the service.
public struct Content: Sendable {
    /// The layout it fills.
    public var layoutName: String
    /// The filled fields, by field name.
    public var fields: [String: FieldValue]
    /// A credit line that replaces the layout's, if given.
    public var credit: String?
    /// Where it was read from, for messages.
    public var source: String
    /// Places where the file may not say what its writer meant (a sentence split at a comma in a
    /// `[ ]` list, text lost to a `#` comment), each with its line and the fix.
    public var warnings: [Problem] = []
    /// The theme the file asks to be printed in (`theme: large-print`), and where it says so.
    public var theme: String?
    /// Where the file names its theme, for a message when there is no such theme.
    public var themeMark: SourceMark?

    /// Content with nothing filled in: prints the layout blank.
    public static func blank(for layout: Layout) -> Content {
        Content(layoutName: layout.name, fields: [:], credit: nil, source: layout.name)
    }

    /// This content with `other`'s fields (and credit) written over it: a poster's shipped wording
    /// with a member organisation's own name and logo, for example.
    public func overlaid(with other: Content) -> Content {
        var merged = self
        for (k, v) in other.fields { merged.fields[k] = v }
        if let c = other.credit { merged.credit = c }
        if let t = other.theme { merged.theme = t; merged.themeMark = other.themeMark }
        merged.source = other.source
        merged.warnings += other.warnings
        return merged
    }

    /// Makes content from values already in hand.
    public init(layoutName: String, fields: [String: FieldValue], credit: String? = nil, source: String = "code") {
        self.layoutName = layoutName; self.fields = fields; self.credit = credit; self.source = source
    }
}

/// What one field holds, in the shape its region needs.
public enum FieldValue: Sendable, Equatable {
    /// Paragraphs of text (one string in the file is one paragraph).
    case paragraphs([String])
    /// A bulleted list (a list of strings in the file).
    case bullets([String])
    /// Items of a list region, each an optional heading and some text.
    case items([ListItem])
    /// The cells of a matrix: column id, then row id, then the lines written in the cell.
    case matrix([String: [String: [String]]])
    /// The rows of a table, each a cell text by column id.
    case table([[String: String]])
    /// A picture, such as a logo.
    case image(ImageFile)
}

/// One item of a list region.
public struct ListItem: Sendable, Equatable {
    /// A short heading, if any.
    public var heading: String?
    /// The text.
    public var text: String
    /// Makes an item.
    public init(heading: String? = nil, text: String) { self.heading = heading; self.text = text }
}

extension Content {
    /// Reads a content or plan file and checks every field against `layout`, reporting every
    /// problem at once.
    public static func load(from url: URL, for layout: Layout) throws -> Content {
        let name = displayPath(url)
        return try Content(tree: try SourceReader.read(url, displayName: name), layout: layout, source: name,
                           baseFolder: url.deletingLastPathComponent())
    }

    /// The layout name a content tree asks for, read before the layout is known.
    public static func layoutName(in tree: SourceValue) throws -> String {
        guard tree.entries != nil else {
            throw CoprintError("a plan or content file should be a set of named fields starting with 'layout: NAME', but it is \(tree.shapeName)", at: tree.mark)
        }
        guard let v = tree["layout"] else {
            throw CoprintError("the file does not say which layout it fills; add a first line such as 'layout: action-plan'", at: tree.mark)
        }
        guard let s = v.text, !s.isEmpty else {
            throw CoprintError("'layout' should be the name of a layout, such as action-plan", at: v.mark)
        }
        return s
    }

    /// Checks a parsed tree against `layout`. Pictures are looked for relative to `baseFolder`;
    /// without one, a picture is an error.
    public init(tree: SourceValue, layout: Layout, source: String, baseFolder: URL? = nil) throws {
        var problems = ProblemList()
        // The same character and word rule as for YAML and JSON files, for trees built elsewhere (CSV rows).
        TextSafety.checkDocument(tree, problems: &problems)
        try problems.throwIfAny()
        let named = try Content.layoutName(in: tree)
        if named != layout.name {
            problems.add("this file is for layout '\(named)', not '\(layout.name)'", at: tree["layout"]?.mark)
        }
        let regions = Dictionary(layout.fields.map { ($0.field!, $0) }, uniquingKeysWith: { a, _ in a })
        var fields: [String: FieldValue] = [:]
        var credit: String?
        var theme: (String, SourceMark)?
        for entry in tree.entries ?? [] {
            switch entry.key {
            case "layout": continue
            case "language":
                // Which edition to print (read by the command before the layout is chosen).
                if let t = entry.value.text, (try? Edition(parsing: t)) != nil {} else {
                    problems.add("'language' should be a language code such as en or cy, or cy+en for Welsh and English", at: entry.value.mark)
                }
                continue
            case "theme":
                if let t = entry.value.text, !t.isEmpty { theme = (t, entry.value.mark) } else {
                    problems.add("'theme' should be the name of a theme, such as large-print", at: entry.value.mark)
                }
                continue
            case "credit":
                if let t = entry.value.text { credit = t } else if case .empty = entry.value.body {} else {
                    problems.add("'credit' should be a piece of text", at: entry.value.mark)
                }
                continue
            default: break
            }
            guard let region = regions[entry.key] else {
                var message = "'\(entry.key)' is not a field of layout '\(layout.name)'"
                let names = layout.fields.compactMap(\.field)
                if let guess = closestMatch(to: entry.key, in: names) {
                    message += "; did you mean '\(guess)'?"
                } else {
                    message += "; its fields are: \(names.joined(separator: ", "))"
                }
                problems.add(message, at: entry.keyMark)
                continue
            }
            if let value = FieldValue.read(entry.value, for: region, name: entry.key, baseFolder: baseFolder, problems: &problems) {
                fields[entry.key] = value
            }
        }
        try problems.throwIfAny()
        self.init(layoutName: layout.name, fields: fields, credit: credit, source: source)
        self.theme = theme?.0
        themeMark = theme?.1
        warnings = tree.warnings
    }
}

extension FieldValue {
    /// Reads a field's value in the shape its region needs; nil (with a problem) if it is wrong,
    /// nil (without one) if it is empty.
    static func read(_ v: SourceValue, for region: Region, name: String, baseFolder: URL?, problems: inout ProblemList) -> FieldValue? {
        if case .empty = v.body { return nil }
        checkLength(v, name: name, problems: &problems)
        switch region.kind {
        case .image:
            guard let path = v.text?.trimmingCharacters(in: .whitespaces), !path.isEmpty else {
                problems.add("'\(name)' should be the path of a PNG picture, such as logos/ours.png", at: v.mark)
                return nil
            }
            guard let baseFolder else {
                problems.add("a picture can only be given in a file, so that its path has a folder to start from", at: v.mark)
                return nil
            }
            do {
                return .image(try ImageFile.load(path, relativeTo: baseFolder))
            } catch let error as ImageError {
                problems.add(error.message, at: v.mark)
                return nil
            } catch {
                problems.add("cannot read '\(path)': \(error)", at: v.mark)
                return nil
            }
        case .banner, .text:
            if let t = v.text {
                let paragraphs = splitParagraphs(t)
                return paragraphs.isEmpty ? nil : .paragraphs(paragraphs)
            }
            if let lines = textList(v, name: name, problems: &problems) { return lines.isEmpty ? nil : .bullets(lines) }
            return nil
        case .list:
            guard let items = v.items else {
                if let t = v.text { return .items([ListItem(text: t)]) }
                problems.add("'\(name)' should be a list of items", at: v.mark)
                return nil
            }
            var result: [ListItem] = []
            for item in items {
                if case .empty = item.body { continue }
                if let t = item.text {
                    if !t.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { result.append(ListItem(text: t)) }
                    continue
                }
                guard item.entries != nil else {
                    problems.add("each item of '\(name)' should be text, or a 'heading' and a 'text'", at: item.mark)
                    continue
                }
                var r = MapReader(item, what: "an item of '\(name)'", problems: &problems)
                let heading = r.string("heading", problems: &problems)
                let text = r.string("text", problems: &problems)
                r.reportUnknown(problems: &problems)
                let h = heading?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
                let t = text?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
                if h.isEmpty && t.isEmpty { continue }
                result.append(ListItem(heading: h.isEmpty ? nil : h, text: t))
            }
            return result.isEmpty ? nil : .items(result)
        case .matrix(let across, let down):
            guard let columns = v.entries else {
                problems.add("'\(name)' should be a set of named fields, one for each of: \(across.map(\.id).joined(separator: ", "))", at: v.mark)
                return nil
            }
            var cells: [String: [String: [String]]] = [:]
            for column in columns {
                guard across.contains(where: { $0.id == column.key }) else {
                    problems.add(unknownName(column.key, in: "'\(name)'", known: across.map(\.id)), at: column.keyMark)
                    continue
                }
                if case .empty = column.value.body { continue }
                guard let rows = column.value.entries else {
                    problems.add("'\(column.key)' should be a set of named fields, one for each of: \(down.map(\.id).joined(separator: ", "))", at: column.value.mark)
                    continue
                }
                for row in rows {
                    guard down.contains(where: { $0.id == row.key }) else {
                        problems.add(unknownName(row.key, in: "'\(name).\(column.key)'", known: down.map(\.id)), at: row.keyMark)
                        continue
                    }
                    if case .empty = row.value.body { continue }
                    if let t = row.value.text {
                        let trimmed = t.trimmingCharacters(in: .whitespacesAndNewlines)
                        if !trimmed.isEmpty { cells[column.key, default: [:]][row.key] = [trimmed] }
                    } else if let lines = textList(row.value, name: row.key, problems: &problems), !lines.isEmpty {
                        cells[column.key, default: [:]][row.key] = lines
                    }
                }
            }
            return cells.isEmpty ? nil : .matrix(cells)
        case .table(let headings, _):
            guard let rows = v.items else {
                problems.add("'\(name)' should be a list of rows, each with: \(headings.map(\.id).joined(separator: ", "))", at: v.mark)
                return nil
            }
            var result: [[String: String]] = []
            for row in rows {
                guard let entries = row.entries else {
                    problems.add("each row of '\(name)' should have named fields: \(headings.map(\.id).joined(separator: ", "))", at: row.mark)
                    continue
                }
                var cells: [String: String] = [:]
                for e in entries {
                    guard headings.contains(where: { $0.id == e.key }) else {
                        problems.add(unknownName(e.key, in: "a row of '\(name)'", known: headings.map(\.id)), at: e.keyMark)
                        continue
                    }
                    if case .empty = e.value.body { continue }
                    if let t = e.value.text {
                        let trimmed = t.trimmingCharacters(in: .whitespacesAndNewlines)
                        if !trimmed.isEmpty { cells[e.key] = trimmed }
                    } else if let l = textList(e.value, name: e.key, problems: &problems), !l.isEmpty {
                        cells[e.key] = l.joined(separator: ", ")
                    }
                }
                if !cells.isEmpty { result.append(cells) }
            }
            return result.isEmpty ? nil : .table(result)
        }
    }

    private static func textList(_ v: SourceValue, name: String, problems: inout ProblemList) -> [String]? {
        guard let items = v.items else {
            problems.add(YAMLTraps.colonSplit(v) ?? "'\(name)' should be text or a list of text, but it is \(v.shapeName)", at: v.mark)
            return nil
        }
        var lines: [String] = []
        for item in items {
            if case .empty = item.body { continue }
            guard let t = item.text else {
                problems.add(YAMLTraps.colonSplit(item) ?? "each entry of '\(name)' should be a piece of text, but this is \(item.shapeName)", at: item.mark)
                continue
            }
            let trimmed = t.trimmingCharacters(in: .whitespacesAndNewlines)
            if !trimmed.isEmpty { lines.append(trimmed) }
        }
        return lines
    }

    /// The most characters one piece of text may have. Far beyond a real plan's longest answer;
    /// it keeps text layout quick (a 200,000-character unbroken string takes Pango most of a minute).
    static let maximumTextLength = 20_000

    /// Reports any piece of text inside `v` that is over ``maximumTextLength``.
    private static func checkLength(_ v: SourceValue, name: String, problems: inout ProblemList) {
        switch v.body {
        case .text(let t) where t.count > maximumTextLength:
            problems.add("this text is \(t.count) characters long, over coprint's limit of \(maximumTextLength) characters for one piece of text. Split it into a list, or shorten it.", at: v.mark)
        case .list(let items): for i in items { checkLength(i, name: name, problems: &problems) }
        case .map(let entries): for e in entries { checkLength(e.value, name: name, problems: &problems) }
        default: break
        }
    }

    private static func unknownName(_ key: String, in place: String, known: [String]) -> String {
        var message = "'\(key)' is not one of the names in \(place)"
        if let guess = closestMatch(to: key, in: known) { message += "; did you mean '\(guess)'?" } else {
            message += "; use one of: \(known.joined(separator: ", "))"
        }
        return message
    }
}

/// Splits text into paragraphs as in e-mail and Markdown: a blank line starts a new paragraph,
/// and a single line break (where an editor wrapped the text) joins the lines of one paragraph
/// with a space. Every word is kept.
func splitParagraphs(_ text: String) -> [String] {
    var paragraphs: [String] = []
    var current: [String] = []
    for raw in text.replacingEvery("\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false) {
        let line = raw.trimmingCharacters(in: .whitespaces)
        if line.isEmpty {
            if !current.isEmpty { paragraphs.append(current.joined(separator: " ")); current = [] }
        } else {
            current.append(line)
        }
    }
    if !current.isEmpty { paragraphs.append(current.joined(separator: " ")) }
    return paragraphs
}

extension Content {
    /// Content for `layout` from any Codable value or dictionary whose keys are the layout's
    /// fields, checked exactly as a plan file would be:
    ///
    ///     struct Poster: Codable { var organisation: String; var title: String }
    ///     let content = try Content(filling: layout, with: Poster(organisation: "Riverside", title: "Our tips"))
    ///     let same = try Content(filling: layout, with: ["organisation": "Riverside", "title": "Our tips"])
    public init(filling layout: Layout, with value: some Encodable, baseFolder: URL? = nil) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data: Data
        do { data = try encoder.encode(value) } catch {
            throw CoprintError("these values cannot be written as fields: \(error)")
        }
        let tree = try SourceReader.parse(data, file: "values")
        guard let entries = tree.entries else {
            throw CoprintError("the values should be named fields (a dictionary or a struct), not \(tree.shapeName)")
        }
        let withLayout = SourceValue(.map([("layout", tree.mark, SourceValue(.text(layout.name), at: tree.mark))] + entries.filter { $0.key != "layout" }), at: tree.mark)
        try self.init(tree: withLayout, layout: layout, source: "values", baseFolder: baseFolder)
    }
}
