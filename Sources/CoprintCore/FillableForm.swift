import CoprintFinish
import CoprintLayout
import CoprintRender
import Foundation

/// A layout's form: the field names a fillable canvas has, and how a plan's words fill them.
public enum FormLayout {
    /// Every field a fillable canvas of `layout` has, by plan path, from the layout file alone.
    public static func fieldPaths(_ layout: Layout) -> [String] {
        var paths: [String] = []
        for page in layout.pages {
            for region in page.regions {
                guard let field = region.field else { continue }
                switch region.kind {
                case .text(let writing) where writing != .none: paths.append(field)
                case .list: paths.append(field)
                case .matrix(let across, let down):
                    for c in across { for r in down { paths.append("\(field).\(c.id).\(r.id)") } }
                case .table(let headings, let blankRows):
                    for i in 0..<blankRows { for h in headings { paths.append("\(field).\(i + 1).\(h.id)") } }
                default: continue
                }
            }
        }
        return paths
    }

    /// A fingerprint of the layout's fields: a form from a layout whose fields have since changed
    /// has another one.
    public static func version(_ layout: Layout) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in fieldPaths(layout).joined(separator: "\n").utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return String(format: "%016llx", hash)
    }

    /// The text each field starts with when a plan is printed fillable.
    static func values(_ content: Content, _ layout: Layout) -> [String: String] {
        var values: [String: String] = [:]
        var blankRows: [String: Int] = [:]
        for page in layout.pages {
            for region in page.regions { if case .table(_, let n) = region.kind, let f = region.field { blankRows[f] = n } }
        }
        for (field, value) in content.fields {
            switch value {
            case .paragraphs(let p): values[field] = p.joined(separator: "\n")
            case .bullets(let b): values[field] = b.joined(separator: "\n")
            case .items(let items): values[field] = items.map { [$0.heading, $0.text].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ") }.joined(separator: "\n")
            case .matrix(let cells):
                for (c, rows) in cells { for (r, lines) in rows { values["\(field).\(c).\(r)"] = lines.joined(separator: "\n") } }
            case .table(let rows):
                // Rows beyond the printed ones go into the last row, so no word is lost.
                let n = max(1, blankRows[field] ?? rows.count)
                for (i, row) in rows.enumerated() {
                    for (key, text) in row {
                        let path = "\(field).\(min(i, n - 1) + 1).\(key)"
                        values[path] = values[path].map { $0 + "; " + text } ?? text
                    }
                }
            case .image: continue
            }
        }
        return values
    }

    /// The form fields of a laid-out blank canvas, filled with `values`.
    static func fields(_ doc: LaidOutDocument, values: [String: String]) -> [FormField] {
        doc.pages.enumerated().flatMap { index, page in
            page.fieldAreas.map { area in
                FormField(name: area.path, page: index, x: area.frame.x, y: area.frame.y, width: area.frame.width, height: area.frame.height,
                          multiline: area.multiline, tooltip: [area.label, area.prompt].compactMap { $0 }.map(Layout.oneLine).joined(separator: ". "),
                          value: values[area.path] ?? "", ruleSpacing: area.ruleSpacing)
            }
        }
    }

    /// The bundled font people type in: Noto Sans covers Latin with Welsh, Greek and Cyrillic.
    static func font(in folder: URL) throws -> Data {
        let url = folder.appendingPathComponent("noto/NotoSans-Regular.ttf")
        do { return try Data(contentsOf: url) } catch {
            throw CoprintError("the form font \(url.path) is missing; a fillable canvas needs it to let people type Welsh, Greek and Cyrillic")
        }
    }
}
