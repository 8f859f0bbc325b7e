import Foundation

/// Turns a ``Form`` into an AcroForm on an open PDF: a field hierarchy named by plan paths,
/// borderless widgets with appearance streams, an embedded font to type in, and Form structure
/// elements so tab order follows reading order.
struct FormWriter {
    let doc: QPDF
    let form: Form
    static let fontKey = "CoprintForm"

    func write() throws {
        let font = try TrueTypeFont(form.font)
        let fontRef = embed(font)
        let (r, g, b) = form.colour
        let da = String(format: "/%@ %.1f Tf %.3f %.3f %.3f rg", Self.fontKey, form.fontSize, r, g, b)
        let fonts = doc.dictionary()
        doc.set(fonts, "/" + Self.fontKey, fontRef)
        let resources = doc.dictionary()
        doc.set(resources, "/Font", fonts)
        let fields = doc.array()
        let acro = doc.dictionary()
        doc.set(acro, "/Fields", fields)
        doc.set(acro, "/DR", resources)
        doc.set(acro, "/DA", doc.string(da))
        doc.set(doc.root, "/AcroForm", doc.indirect(acro))

        let structure = StructureLink(doc: doc)
        var parents: [String: QPDF.Handle] = [:]
        var used = Set<String>()
        for field in form.fields where field.page < doc.pageCount {
            let parts = field.name.split(separator: ".").map(String.init)
            guard !parts.isEmpty, !used.contains(field.name), parents[field.name] == nil else { continue }
            used.insert(field.name)
            var parent: QPDF.Handle?
            var path = ""
            for part in parts.dropLast() {
                path = path.isEmpty ? part : path + "." + part
                if let p = parents[path] { parent = p; continue }
                let p = doc.indirect(doc.dictionary())
                doc.set(p, "/T", doc.string(part))
                doc.set(p, "/Kids", doc.array())
                if let parent { doc.set(p, "/Parent", parent); doc.append(doc.get(parent, "/Kids"), p) } else { doc.append(fields, p) }
                parents[path] = p
                parent = p
            }
            let page = doc.page(field.page)
            let height = pageHeight(page)
            let w = doc.indirect(doc.dictionary())
            doc.set(w, "/Type", doc.name("/Annot"))
            doc.set(w, "/Subtype", doc.name("/Widget"))
            doc.set(w, "/FT", doc.name("/Tx"))
            doc.set(w, "/T", doc.string(parts.last!))
            doc.set(w, "/F", doc.integer(4))
            doc.set(w, "/P", page)
            doc.set(w, "/Rect", doc.array([field.x, height - field.y - field.height, field.x + field.width, height - field.y].map(doc.real)))
            doc.set(w, "/DA", doc.string(da))
            doc.set(w, "/TU", doc.string(field.tooltip))
            if field.multiline { doc.set(w, "/Ff", doc.integer(4096)) }
            if !field.value.isEmpty { doc.set(w, "/V", doc.string(field.value)) }
            doc.set(w, "/MK", doc.dictionary())
            doc.set(w, "/BS", doc.parse("<< /W 0 >>"))
            let ap = doc.dictionary()
            doc.set(ap, "/N", appearance(field, font: font, fontRef: fontRef))
            doc.set(w, "/AP", ap)
            if let parent { doc.set(w, "/Parent", parent); doc.append(doc.get(parent, "/Kids"), w) } else { doc.append(fields, w) }
            var annots = doc.get(page, "/Annots")
            if !doc.isArray(annots) { annots = doc.array(); doc.set(page, "/Annots", annots); annots = doc.get(page, "/Annots") }
            doc.append(annots, w)
            structure?.add(widget: w, page: page, alt: field.tooltip)
        }
        structure?.finish()
    }

    func pageHeight(_ page: QPDF.Handle) -> Double {
        var node = page
        for _ in 0..<8 {
            let box = doc.get(node, "/MediaBox")
            if doc.count(box) == 4, let top = doc.number(doc.item(box, 3)) { return top - (doc.number(doc.item(box, 1)) ?? 0) }
            node = doc.get(node, "/Parent")
        }
        return 842
    }

    /// The whole font file as a Type0 font with Identity-H encoding: any character it has can be typed.
    func embed(_ font: TrueTypeFont) -> QPDF.Handle {
        let k = 1000 / font.unitsPerEm
        let file = doc.stream(font.data, dict: ["/Length1": doc.integer(font.data.count)])
        let descriptor = doc.indirect(doc.parse("""
            << /Type /FontDescriptor /FontName /\(font.name) /Flags 32 /ItalicAngle 0 /StemV 80
               /FontBBox [\(font.bbox.map { String(Int($0 * k)) }.joined(separator: " "))]
               /Ascent \(Int(font.ascent * k)) /Descent \(Int(font.descent * k)) /CapHeight \(Int(font.capHeight * k)) >>
            """))
        doc.set(descriptor, "/FontFile2", file)
        let widths = font.advances.map { String(Int(($0 == 0 ? 0 : Double($0)) * k)) }.joined(separator: " ")
        let cid = doc.indirect(doc.parse("""
            << /Type /Font /Subtype /CIDFontType2 /BaseFont /\(font.name)
               /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>
               /CIDToGIDMap /Identity /DW 1000 /W [0 [\(widths)]] >>
            """))
        doc.set(cid, "/FontDescriptor", descriptor)
        let type0 = doc.indirect(doc.parse("<< /Type /Font /Subtype /Type0 /BaseFont /\(font.name) /Encoding /Identity-H >>"))
        doc.set(type0, "/DescendantFonts", doc.array([cid]))
        doc.set(type0, "/ToUnicode", doc.stream(Array(toUnicode(font).utf8)))
        return type0
    }

    /// Which character each glyph stands for, so text in appearances can be searched and read aloud.
    func toUnicode(_ font: TrueTypeFont) -> String {
        var back: [Int: UInt32] = [:]
        for (c, g) in font.glyphs where back[g].map({ c < $0 }) ?? true { back[g] = c }
        let entries = back.sorted { $0.key < $1.key }.map { g, c -> String in
            let units = String(Unicode.Scalar(c).map { Character($0) } ?? " ").utf16.map { String(format: "%04X", $0) }.joined()
            return String(format: "<%04X> <", g) + units + ">"
        }
        var out = "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        var i = 0
        while i < entries.count {
            let chunk = entries[i..<min(i + 100, entries.count)]
            out += "\(chunk.count) beginbfchar\n" + chunk.joined(separator: "\n") + "\nendbfchar\n"
            i += 100
        }
        return out + "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    }

    /// The field's look: its value in the form font, wrapped to the box (empty for a blank field).
    func appearance(_ field: FormField, font: TrueTypeFont, fontRef: QPDF.Handle) -> QPDF.Handle {
        var content = "/Tx BMC\n"
        if !field.value.isEmpty {
            let (r, g, b) = form.colour
            let room = max(1, field.width - 4)
            func wrap(_ size: Double) -> [Substring] {
                var lines: [Substring] = []
                for paragraph in field.value.split(separator: "\n", omittingEmptySubsequences: false) {
                    guard field.multiline else { lines.append(paragraph); break }
                    var line: Substring = ""
                    for word in paragraph.split(separator: " ", omittingEmptySubsequences: false) {
                        let candidate = line.isEmpty ? word : Substring(line + " " + word)
                        if !line.isEmpty && font.width(candidate, size: size) > room { lines.append(line); line = word } else { line = candidate }
                    }
                    lines.append(line)
                }
                return lines
            }
            // On ruled lines, each line of words sits just above a rule, as handwriting would.
            let ruledSpacing = field.multiline ? field.ruleSpacing.flatMap { $0 >= form.fontSize * 1.1 ? $0 : nil } : nil
            func fits(_ size: Double, _ lines: [Substring], ruled: Bool) -> Bool {
                if !field.multiline { return font.width(lines.first ?? "", size: size) <= room }
                let leading = ruled ? ruledSpacing! : size * 1.2
                return Double(lines.count) * leading + (ruled ? 0 : 4) <= field.height + 0.01
            }
            // Pre-filled words that do not fit are made smaller (down to 6 pt), so the printed
            // form shows them all; the reader's own size applies once someone types.
            var size = form.fontSize
            var lines = wrap(size)
            var ruled = ruledSpacing != nil && fits(size, lines, ruled: true)
            if !ruled {
                while size > 6 && !fits(size, lines, ruled: false) { size -= 0.5; lines = wrap(size) }
            }
            if ruledSpacing == nil { ruled = false }
            let leading = ruled ? ruledSpacing! : size * 1.2
            let ascent = font.ascent / font.unitsPerEm * size
            let first = ruled ? field.height - leading + size * 0.3
                : (field.multiline ? field.height - 2 - ascent : (field.height - size) / 2 + size * 0.22)
            // More lines than the box has rules: the words are set closer than the rules, so the
            // rules under them are covered with paper white rather than crossing the words.
            if ruledSpacing != nil && !ruled {
                content += String(format: "q 1 g 0 0 %.2f %.2f re f Q\n", field.width, field.height)
            }
            content += String(format: "q 1 1 %.2f %.2f re W n\nBT /%@ %.1f Tf %.3f %.3f %.3f rg\n2 %.2f Td\n",
                              max(0, field.width - 2), max(0, field.height - 2), Self.fontKey, size, r, g, b, first)
            for (i, line) in lines.enumerated() {
                if i > 0 { content += String(format: "0 %.2f Td\n", -leading) }
                content += font.hex(line) + " Tj\n"
            }
            content += "ET Q\n"
        }
        content += "EMC\n"
        let resources = doc.dictionary()
        let fonts = doc.dictionary()
        doc.set(fonts, "/" + Self.fontKey, fontRef)
        doc.set(resources, "/Font", fonts)
        return doc.stream(Array(content.utf8), dict: [
            "/Type": doc.name("/XObject"), "/Subtype": doc.name("/Form"),
            "/BBox": doc.array([0, 0, field.width, field.height].map(doc.real)), "/Resources": resources,
        ])
    }
}

/// Hooks widgets into Cairo's structure tree as Form elements, in reading order, so that
/// `/Tabs /S` gives a tab order that follows the page.
final class StructureLink {
    let doc: QPDF
    let document: QPDF.Handle
    let nums: QPDF.Handle
    let treeRoot: QPDF.Handle
    var next: Int

    init?(doc: QPDF) {
        self.doc = doc
        treeRoot = doc.get(doc.root, "/StructTreeRoot")
        guard doc.isDictionary(treeRoot) else { return nil }
        var k = doc.get(treeRoot, "/K")
        if doc.isArray(k) { k = doc.item(k, 0) }
        guard doc.isDictionary(k) else { return nil }
        document = k
        let parentTree = doc.get(treeRoot, "/ParentTree")
        nums = doc.get(parentTree, "/Nums")
        guard doc.isArray(nums) else { return nil }
        var highest = -1
        for i in stride(from: 0, to: doc.count(nums), by: 2) { highest = max(highest, doc.integerValue(doc.item(nums, i)) ?? -1) }
        next = max(highest + 1, doc.integerValue(doc.get(treeRoot, "/ParentTreeNextKey")) ?? 0)
    }

    func add(widget: QPDF.Handle, page: QPDF.Handle, alt: String) {
        let objr = doc.dictionary()
        doc.set(objr, "/Type", doc.name("/OBJR"))
        doc.set(objr, "/Obj", widget)
        doc.set(objr, "/Pg", page)
        let element = doc.indirect(doc.dictionary())
        doc.set(element, "/Type", doc.name("/StructElem"))
        doc.set(element, "/S", doc.name("/Form"))
        doc.set(element, "/P", document)
        doc.set(element, "/Pg", page)
        doc.set(element, "/Alt", doc.string(alt))
        doc.set(element, "/K", objr)
        var kids = doc.get(document, "/K")
        if !doc.isArray(kids) {
            let wrapped = doc.isDictionary(kids) || doc.integerValue(kids) != nil ? doc.array([kids]) : doc.array()
            doc.set(document, "/K", wrapped)
            kids = doc.get(document, "/K")
        }
        doc.append(kids, element)
        doc.set(widget, "/StructParent", doc.integer(next))
        doc.append(nums, doc.integer(next))
        doc.append(nums, element)
        next += 1
    }

    func finish() { doc.set(treeRoot, "/ParentTreeNextKey", doc.integer(next)) }
}
