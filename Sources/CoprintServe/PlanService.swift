import CoprintCore
import CoprintLayout
import Foundation

/// What the API does, apart from HTTP: the plan schema of every layout, reading and checking a plan
/// sent in a request, and the problems found in it, each with the field it is about.
public struct PlanService: Sendable {
    /// Every layout served.
    public let library: LayoutLibrary
    /// The languages offered.
    public let languages: [ServeLanguage]
    /// Gives a layout's edition in a language.
    public let edition: @Sendable (Layout, String) throws -> Layout

    /// A service over `library`.
    public init(library: LayoutLibrary, languages: [ServeLanguage],
                edition: @escaping @Sendable (Layout, String) throws -> Layout = { layout, _ in layout }) {
        self.library = library
        self.languages = languages
        self.edition = edition
    }

    /// The name requests' plans go by in messages: never a path on this computer.
    static let sourceName = "your plan"

    /// One problem with a plan, as the API reports it.
    public struct Issue: Sendable, Codable, Equatable {
        /// The field it is about, such as `actions[2].who` or `grid.now.us`; empty for the whole plan.
        public var path: String
        /// Line in the plan text, from 1 (0 when not known).
        public var line: Int
        /// Column, from 1 (0 when not known).
        public var column: Int
        /// What is wrong and what to change, in plain words.
        public var message: String
    }

    /// A plan read from a request: ready to print, or the problems that stop it.
    public enum Reading: Sendable {
        /// The layout and the words.
        case plan(Layout, Content)
        /// Everything wrong with it.
        case problems([Issue])
    }

    /// Reads and checks a plan (YAML or JSON) sent in a request. Nothing is read from the disk
    /// because of it: pictures are refused, and the layout comes from the library loaded at start.
    public func read(_ data: Data) -> Reading {
        let tree: SourceValue
        do { tree = try SourceReader.parse(data, file: Self.sourceName) } catch {
            return .problems(issues(error, tree: nil))
        }
        do {
            let name = try Content.layoutName(in: tree)
            var layout: Layout
            do { layout = try library.layout(named: name) } catch let error as CoprintError {
                throw CoprintError(error.problems.map { Problem($0.message, at: tree["layout"]?.mark) })
            }
            if let language = tree["language"]?.text {
                guard languages.contains(where: { $0.code == language }) else {
                    throw CoprintError("'\(language)' is not a language this server offers; use one of: \(languages.map(\.code).joined(separator: ", "))", at: tree["language"]?.mark)
                }
                layout = try edition(layout, language)
            }
            // Pictures are files on this computer: a request may not name one. Say so plainly,
            // and check the rest of the plan as usual.
            var problems: [Problem] = []
            var sent = Self.withoutServeKeys(tree)
            let pictures = Set(layout.fields.filter { if case .image = $0.kind { return true } else { return false } }.compactMap(\.field))
            if let entries = sent.entries {
                for e in entries where pictures.contains(e.key) && !(e.value.text ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
                    problems.append(Problem("'\(e.key)' is a picture, and pictures cannot be sent to this page. Leave it empty here, or print with the coprint command, which reads pictures from your own folders.", at: e.keyMark))
                }
                sent = SourceValue(.map(entries.filter { !pictures.contains($0.key) }), at: sent.mark)
            }
            var content: Content
            do {
                content = try Content(tree: sent, layout: layout, source: Self.sourceName, baseFolder: nil)
            } catch let error as CoprintError {
                throw CoprintError((problems + error.problems).sorted { ($0.mark?.line ?? 0, $0.mark?.column ?? 0) < ($1.mark?.line ?? 0, $1.mark?.column ?? 0) })
            }
            if !problems.isEmpty { throw CoprintError(problems) }
            if layout.kind == .poster, layout.contentFile != nil {
                content = try Content.shipped(for: layout).overlaid(with: content)
            }
            return .plan(layout, content)
        } catch {
            return .problems(issues(error, tree: tree))
        }
    }

    /// The tree without the keys the page adds that the layout does not know (`language`).
    static func withoutServeKeys(_ tree: SourceValue) -> SourceValue {
        guard let entries = tree.entries else { return tree }
        return SourceValue(.map(entries.filter { $0.key != "language" }), at: tree.mark)
    }

    /// The problems in `error`, each given the field path its line points at.
    func issues(_ error: Error, tree: SourceValue?) -> [Issue] {
        let problems = (error as? CoprintError)?.problems ?? [Problem("\(error)")]
        let paths = tree.map(Self.fieldPaths) ?? []
        return problems.map { p in
            let mark = p.mark
            var path = ""
            if let mark, mark.line > 0 {
                let here = (mark.line, mark.column)
                path = paths.last(where: { ($0.line, $0.column) <= here })?.path ?? ""
            }
            return Issue(path: path, line: mark?.line ?? 0, column: mark?.column ?? 0, message: p.message)
        }
    }

    /// Every key and value in the tree with its path, in the order written.
    static func fieldPaths(_ tree: SourceValue) -> [(line: Int, column: Int, path: String)] {
        var out: [(Int, Int, String)] = []
        func walk(_ v: SourceValue, _ path: String) {
            if !path.isEmpty { out.append((v.mark.line, v.mark.column, path)) }
            switch v.body {
            case .map(let entries):
                for e in entries {
                    let p = path.isEmpty ? e.key : "\(path).\(e.key)"
                    out.append((e.keyMark.line, e.keyMark.column, p))
                    walk(e.value, p)
                }
            case .list(let items):
                for (i, item) in items.enumerated() { walk(item, "\(path)[\(i)]") }
            default: break
            }
        }
        walk(tree, "")
        return out.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
    }

    /// A plan's tree as plain JSON values (text, lists, objects), for the page to fill its form.
    public static func json(_ v: SourceValue) -> Any {
        switch v.body {
        case .text(let t): return t
        case .empty: return NSNull()
        case .list(let items): return items.map(json)
        case .map(let entries):
            var d: [String: Any] = [:]
            for e in entries { d[e.key] = json(e.value) }
            return d
        }
    }

    /// The plan schema of every layout, for the page's forms, in the edition for `language` (nil:
    /// as written), so the page shows each field's heading and prompt in the chosen language. A
    /// layout with no words in that language is given as written; printing it says why.
    public func schema(language: String? = nil) -> [LayoutSchema] {
        library.layouts.map { layout in
            let shown = language.flatMap { try? edition(layout, $0) } ?? layout
            return LayoutSchema(shown, languages: languages.map(\.code))
        }
    }
}

/// What a layout asks for, as `GET /api/layouts` gives it.
public struct LayoutSchema: Sendable, Encodable {
    /// The name plans use.
    public var name: String
    /// `canvas` or `poster`.
    public var kind: String
    /// The title on the page.
    public var title: String
    /// What it is for.
    public var description: String
    /// Language codes it can be printed in.
    public var languages: [String]
    /// Its fields, in reading order.
    public var fields: [FieldSchema]
    /// A poster's shipped wording, as plan values, to start its form from.
    public var starting: [String: AnyJSON]?

    init(_ layout: Layout, languages: [String]) {
        name = layout.name
        kind = layout.kind.rawValue
        title = layout.title
        description = layout.description
        self.languages = languages
        fields = layout.pages.enumerated().flatMap { index, page in
            page.regions.filter { $0.field != nil }.map { FieldSchema($0, page: index + 1) }
        }
        if let file = layout.contentFile, let tree = try? SourceReader.read(file, displayName: layout.name),
           let values = PlanService.json(tree) as? [String: Any] {
            starting = values.filter { $0.key != "layout" }.mapValues(AnyJSON.init)
        }
    }
}

/// One field of a layout: its name, shape, and the words the canvas shows for it.
public struct FieldSchema: Sendable, Encodable {
    /// The name in a plan.
    public var field: String
    /// `text`, `banner`, `list`, `table`, `matrix` or `image`.
    public var shape: String
    /// The heading printed for it.
    public var label: String?
    /// The guidance under the heading.
    public var prompt: String?
    /// The page of the blank layout it is on, from 1 (its words may continue on later pages).
    public var page: Int
    /// For a text field: the writing space on a blank canvas (`line` is one line, for a name or date).
    public var writing: String?
    /// For a list: numbered or bulleted.
    public var numbered: Bool?
    /// For a table: its columns. For a matrix: the columns across.
    public var columns: [Part]?
    /// For a matrix: the rows down.
    public var rows: [Part]?

    /// A column or row of a table or matrix.
    public struct Part: Sendable, Encodable {
        /// The name in a plan.
        public var id: String
        /// The heading printed for it.
        public var label: String
        /// A longer line under the heading.
        public var detail: String?
        /// The guidance in its cells.
        public var prompt: String?
    }

    init(_ region: Region, page: Int) {
        self.page = page
        field = region.field ?? ""
        shape = region.kind.name
        label = region.label
        prompt = region.prompt
        let part = { (m: MatrixItem) in Part(id: m.id, label: m.label, detail: m.detail, prompt: m.prompt) }
        switch region.kind {
        case .text(let w): writing = w.rawValue
        case .list(let n, _): numbered = n
        case .table(let headings, _): columns = headings.map(part)
        case .matrix(let across, let down):
            columns = across.map(part)
            rows = down.map(part)
        default: break
        }
    }
}

/// Plain JSON values (text, lists, objects, null): what the API sends, and a plan as the page
/// sends it (numbers and true/false arrive as their text, as in a plan file).
public indirect enum AnyJSON: Sendable, Codable {
    case text(String), list([AnyJSON]), object([String: AnyJSON]), null

    /// Converts what ``PlanService/json(_:)`` gives.
    public init(_ any: Any) {
        switch any {
        case let s as String: self = .text(s)
        case let l as [Any]: self = .list(l.map(AnyJSON.init))
        case let d as [String: Any]: self = .object(d.mapValues(AnyJSON.init))
        default: self = .null
        }
    }

    /// Reads a value as JSON gives it.
    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null } else if let s = try? c.decode(String.self) { self = .text(s) }
        else if let n = try? c.decode(Double.self) { self = .text(n == n.rounded() && abs(n) < 1e15 ? String(Int(n)) : String(n)) }
        else if let b = try? c.decode(Bool.self) { self = .text(b ? "true" : "false") }
        else if let l = try? c.decode([AnyJSON].self) { self = .list(l) }
        else { self = .object(try c.decode([String: AnyJSON].self)) }
    }

    /// Writes the value.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .text(let s): try c.encode(s)
        case .list(let l): try c.encode(l)
        case .object(let d): try c.encode(d)
        case .null: try c.encodeNil()
        }
    }
}
