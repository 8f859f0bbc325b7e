import CoprintFinish
import CoprintLayout
import Foundation

/// Turns a filled fillable canvas back into a plan file: the work behind `coprint import`.
public struct FormImport: Sendable {
    /// The layout the form was made from.
    public var layout: Layout
    /// The plan file, as YAML text naming its layout.
    public var yaml: String
    /// Each filled field by plan path, with its text, in the layout's reading order.
    public var found: [(path: String, value: String)]
    /// Fields the layout does not know (left out of the plan).
    public var unknown: [String]
    /// Things the user should know, in plain words.
    public var warnings: [String]

    /// The largest PDF `import` reads.
    public static let maximumSize = 64 * 1024 * 1024

    /// Reads the filled PDF at `path` and finds its layout in `library`.
    public static func read(_ path: String, library: LayoutLibrary) throws -> FormImport {
        let url = URL(fileURLWithPath: path)
        let name = displayPath(url)
        guard let info = FileInfo(url.path) else { throw CoprintError("there is no file called \(name)") }
        guard info.isRegularFile else { throw CoprintError("\(name) is not an ordinary file; give the filled PDF") }
        guard info.size <= maximumSize else {
            throw CoprintError("\(name) is \(info.size / 1024 / 1024) MB, over coprint's limit of \(maximumSize / 1024 / 1024) MB for a filled form")
        }
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw CoprintError("cannot read \(name): \(error.localizedDescription)") }
        return try read(data, name: name, library: library)
    }

    /// Reads a filled PDF already in memory (such as one sent to `coprint serve`), naming it
    /// `name` in messages.
    public static func read(_ data: Data, name: String, library: LayoutLibrary) throws -> FormImport {
        guard data.count <= maximumSize else {
            throw CoprintError("\(name) is \(data.count / 1024 / 1024) MB, over coprint's limit of \(maximumSize / 1024 / 1024) MB for a filled form")
        }
        let form: FilledForm
        do { form = try PDFFinisher.readForm(data, name: name) } catch let e as FinishError { throw CoprintError(e.message) }
        guard let layoutName = form.layout else {
            throw CoprintError("\(name) was not made by 'coprint blank --fillable' or 'coprint render --fillable', so coprint does not know which canvas it is. Import only forms coprint made.")
        }
        if form.flattened {
            throw CoprintError("\(name) was made by coprint but has no form fields left: it was flattened (saved with 'print to PDF' or similar), so the words are only drawn on the page. Save the form itself from your PDF reader instead.")
        }
        let layout: Layout
        // The edition it was printed in, so the plan keeps its language (an unreadable one is left out).
        let edition = form.edition.flatMap { try? Edition(parsing: $0) }
        do { layout = try library.layout(named: layoutName, edition: edition) } catch {
            throw CoprintError("\(name) was made from the layout '\(layoutName)', which coprint cannot find here. Add that layout, then import again.")
        }
        return FormImport(layout: layout, form: form)
    }

    init(layout: Layout, form: FilledForm) {
        self.layout = layout
        warnings = []
        if let v = form.layoutVersion, v != FormLayout.version(layout) {
            warnings.append("this form was made from an older version of the '\(layout.name)' layout; fields it still has were imported")
        }
        let known = FormLayout.fieldPaths(layout)
        let knownSet = Set(known)
        var values: [String: String] = [:]
        unknown = []
        for (fieldName, value) in form.fields {
            guard knownSet.contains(fieldName) else { unknown.append(fieldName); continue }
            let clean = FormImport.lines(value)
            if !clean.isEmpty { values[fieldName] = clean.joined(separator: "\n") }
        }
        found = known.compactMap { p in values[p].map { (p, $0) } }
        yaml = FormImport.plan(layout, values)
    }

    /// Reads the plan back the way `coprint render` will, so a plan that would not load is never written.
    public func check() throws {
        let tree = try SourceReader.parse(Data(yaml.utf8), file: "the imported plan")
        _ = try Content(tree: tree, layout: layout, source: "the imported plan", baseFolder: nil)
    }

    /// A field's text as lines: reader line breaks (\r, \r\n) made plain, each line trimmed, empty
    /// lines left out.
    static func lines(_ value: String) -> [String] {
        value.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// A YAML scalar that reads back exactly as `s`, whatever it holds.
    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 || u.value == 0x7F || (0x80..<0xA0).contains(u.value) || u.value == 0xFEFF || (0x2028...0x2029).contains(u.value) {
                    out += String(format: "\\u%04X", u.value)
                } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }

    /// The plan file: the layout, then each filled field in the layout's order.
    static func plan(_ layout: Layout, _ values: [String: String]) -> String {
        var out = "# Imported by coprint from a filled form. Print it with: coprint render THIS-FILE\nlayout: \(layout.name)\n"
        if layout.edition != Edition(layout.language) { out += "language: \(layout.edition)\n" }
        func list(_ text: String, indent: String) -> String {
            lines(text).map { "\(indent)- \(quote($0))\n" }.joined()
        }
        for page in layout.pages {
            for region in page.regions {
                guard let field = region.field else { continue }
                switch region.kind {
                case .text(let writing) where writing != .none:
                    guard let v = values[field] else { continue }
                    let l = lines(v)
                    if writing == .line || l.count == 1 { out += "\(field): \(quote(l.joined(separator: " ")))\n" } else { out += "\(field):\n" + list(v, indent: "  ") }
                case .list:
                    guard let v = values[field] else { continue }
                    out += "\(field):\n" + list(v, indent: "  ")
                case .matrix(let across, let down):
                    var block = ""
                    for c in across {
                        let rows = down.compactMap { r in values["\(field).\(c.id).\(r.id)"].map { "    \(r.id):\n" + list($0, indent: "      ") } }
                        if !rows.isEmpty { block += "  \(c.id):\n" + rows.joined() }
                    }
                    if !block.isEmpty { out += "\(field):\n" + block }
                case .table(let headings, let blankRows):
                    var block = ""
                    for i in 1...max(1, blankRows) {
                        let cells = headings.compactMap { h in values["\(field).\(i).\(h.id)"].map { "\(h.id): \(quote(lines($0).joined(separator: " ")))" } }
                        guard !cells.isEmpty else { continue }
                        block += "  - " + cells.joined(separator: "\n    ") + "\n"
                    }
                    if !block.isEmpty { out += "\(field):\n" + block }
                default: continue
                }
            }
        }
        return out
    }
}
