import Foundation

/// What a finished PDF says about itself: written into the Info dictionary's partner, XMP, and
/// the catalog.
public struct DocumentFacts: Sendable, Hashable {
    /// The title (as in the Info dictionary).
    public var title: String
    /// The description (the Info dictionary's Subject).
    public var description: String
    /// The document's main language, as a BCP 47 tag.
    public var language: String
    /// In a bilingual edition, the other language: every `Span` structure element gets it as its `/Lang`.
    public var pairedLanguage: String?
    /// The program that made it.
    public var creator: String
    /// When it was made.
    public var created: Date
    /// The layout it was printed from and that layout's form fingerprint, recorded so that
    /// `coprint import` knows what a filled form belongs to.
    public var layout: String?
    /// A fingerprint of the layout's fields: changes when the layout's writing areas change.
    public var layoutVersion: String?
    /// The edition the layout was printed in (`en`, `cy`, `cy+en`), so that an imported form's
    /// plan keeps its `language:`.
    public var edition: String?

    /// Makes facts; the language defaults to British English.
    public init(title: String, description: String, created: Date, language: String = "en-GB", pairedLanguage: String? = nil,
                creator: String = "coprint", layout: String? = nil, layoutVersion: String? = nil, edition: String? = nil) {
        self.pairedLanguage = pairedLanguage
        self.edition = edition
        self.title = title; self.description = description; self.created = created
        self.language = language; self.creator = creator; self.layout = layout; self.layoutVersion = layoutVersion
    }
}

/// A print shop's boxes for one page, in points from the page's top-left corner: the finished
/// page after cutting (TrimBox) and the page with the bleed around it (BleedBox).
public struct PrintBoxes: Sendable, Hashable {
    /// The page's full height, to turn top-left positions into PDF's bottom-up ones.
    public var pageHeight: Double
    /// The finished page: x, y (from the top), width, height.
    public var trim: (x: Double, y: Double, width: Double, height: Double)
    /// The finished page and its bleed.
    public var bleed: (x: Double, y: Double, width: Double, height: Double)

    /// Makes the boxes of one page.
    public init(pageHeight: Double, trim: (x: Double, y: Double, width: Double, height: Double), bleed: (x: Double, y: Double, width: Double, height: Double)) {
        self.pageHeight = pageHeight; self.trim = trim; self.bleed = bleed
    }

    public static func == (a: PrintBoxes, b: PrintBoxes) -> Bool {
        a.pageHeight == b.pageHeight && a.trim == b.trim && a.bleed == b.bleed
    }

    public func hash(into h: inout Hasher) {
        h.combine(pageHeight); h.combine(trim.x); h.combine(trim.y); h.combine(bleed.x); h.combine(bleed.y)
    }

    /// `[left bottom right top]` in PDF space.
    static func pdfArray(_ r: (x: Double, y: Double, width: Double, height: Double), pageHeight: Double) -> String {
        func n(_ d: Double) -> String { String(format: "%.3f", d) }
        return "[\(n(r.x)) \(n(pageHeight - r.y - r.height)) \(n(r.x + r.width)) \(n(pageHeight - r.y))]"
    }
}

/// The last step before a PDF is written: adds what Cairo cannot write (language, XMP metadata,
/// viewer preferences, tab order, a document ID from the content, form fields) through libqpdf.
public enum PDFFinisher {
    /// The catalog key recording the layout a fillable canvas came from.
    static let layoutKey = "/CoprintLayout"

    /// `pdf` finished: equal input gives equal bytes.
    /// With `boxes` (one per page, nil for a page without), each page gets its print shop's
    /// TrimBox and BleedBox.
    public static func finish(_ pdf: Data, facts: DocumentFacts, form: Form? = nil, boxes: [PrintBoxes?] = []) throws -> Data {
        let doc = try QPDF(reading: pdf, description: "coprint's PDF")
        let root = doc.root
        doc.set(root, "/Lang", doc.string(facts.language))
        if let paired = facts.pairedLanguage { markLanguage(doc, doc.get(root, "/StructTreeRoot"), structure: "/Span", language: paired) }
        doc.set(root, "/ViewerPreferences", doc.parse("<< /DisplayDocTitle true >>"))
        let mark = doc.get(root, "/MarkInfo")
        if doc.isDictionary(mark) { doc.set(mark, "/Marked", doc.bool(true)) } else { doc.set(root, "/MarkInfo", doc.parse("<< /Marked true >>")) }
        doc.set(root, "/Metadata", doc.stream(Array(xmp(facts).utf8), dict: ["/Type": doc.name("/Metadata"), "/Subtype": doc.name("/XML")]))
        if let layout = facts.layout {
            let record = doc.dictionary()
            doc.set(record, "/Name", doc.string(layout))
            if let v = facts.layoutVersion { doc.set(record, "/Version", doc.string(v)) }
            if let e = facts.edition { doc.set(record, "/Edition", doc.string(e)) }
            doc.set(root, layoutKey, record)
        }
        var seen = Set<Int>()
        for i in 0..<doc.pageCount {
            let page = doc.page(i)
            doc.set(page, "/Tabs", doc.name("/S"))
            if i < boxes.count, let b = boxes[i] {
                doc.set(page, "/TrimBox", doc.parse(PrintBoxes.pdfArray(b.trim, pageHeight: b.pageHeight)))
                doc.set(page, "/BleedBox", doc.parse(PrintBoxes.pdfArray(b.bleed, pageHeight: b.pageHeight)))
            }
            fixFonts(doc, doc.get(page, "/Resources"), seen: &seen)
            // Boxes, rules and tints carry no meaning: Cairo draws them outside any structure
            // tag, and an accessibility checker wants them marked as artifacts.
            if let content = doc.pageContent(page), let marked = ArtifactMarker.mark(content) {
                doc.set(page, "/Contents", doc.compressedStream(marked))
            }
        }
        wrapStructureRoot(doc)
        if let form, !form.fields.isEmpty { try FormWriter(doc: doc, form: form).write() }
        if doc.failed() { throw FinishError("the PDF could not be finished (\(doc.lastError()))") }
        return try doc.write()
    }

    /// Cairo 1.16 embeds TrueType CID fonts without a /CIDToGIDMap; its subsets number glyphs
    /// from 0 as CIDs, so the map is the identity (checked by rasterising before and after).
    static func fixFonts(_ doc: QPDF, _ resources: QPDF.Handle, seen: inout Set<Int>) {
        guard doc.isDictionary(resources) else { return }
        let fonts = doc.get(resources, "/Font")
        for key in doc.keys(fonts) {
            let font = doc.get(fonts, key)
            guard doc.isName(doc.get(font, "/Subtype"), "/Type0") else { continue }
            let descendants = doc.get(font, "/DescendantFonts")
            for i in 0..<doc.count(descendants) {
                let cid = doc.item(descendants, i)
                if doc.isName(doc.get(cid, "/Subtype"), "/CIDFontType2") && !doc.has(cid, "/CIDToGIDMap") {
                    doc.set(cid, "/CIDToGIDMap", doc.name("/Identity"))
                }
            }
        }
        let xobjects = doc.get(resources, "/XObject")
        for key in doc.keys(xobjects) {
            let x = doc.get(xobjects, key)
            let id = doc.objectID(x)
            guard doc.isStream(x), id == 0 || seen.insert(id).inserted else { continue }
            fixFonts(doc, doc.get(x, "/Resources"), seen: &seen)
        }
    }

    /// Cairo gives the structure tree one root element per page (Part); a tagged PDF should
    /// have one: they are gathered under a single Document element, in order.
    static func wrapStructureRoot(_ doc: QPDF) {
        let tree = doc.get(doc.root, "/StructTreeRoot")
        let kids = doc.get(tree, "/K")
        guard doc.isDictionary(tree), doc.count(kids) > 1 else { return }
        let document = doc.indirect(doc.dictionary())
        doc.set(document, "/Type", doc.name("/StructElem"))
        doc.set(document, "/S", doc.name("/Document"))
        doc.set(document, "/P", tree)
        doc.set(document, "/K", kids)
        for i in 0..<doc.count(kids) where doc.isDictionary(doc.item(kids, i)) { doc.set(doc.item(kids, i), "/P", document) }
        doc.set(tree, "/K", document)
    }

    /// `date` in UTC as XMP writes it, e.g. `2026-11-23T12:05:00Z`. Made by hand: creating an
    /// ISO8601DateFormatter for each document was two thirds of the finishing step's time.
    static func internetDateTime(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var t = tm()
        guard gmtime_r(&seconds, &t) != nil else { return "1970-01-01T00:00:00Z" }
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let year = String(Int(t.tm_year) + 1900)
        return "\(String(repeating: "0", count: max(0, 4 - year.count)))\(year)-\(two(t.tm_mon + 1))-\(two(t.tm_mday))T\(two(t.tm_hour)):\(two(t.tm_min)):\(two(t.tm_sec))Z"
    }

    /// XMP metadata matching the Info dictionary, declaring PDF/UA-1.
    static func xmp(_ facts: DocumentFacts) -> String {
        let date = internetDateTime(facts.created)
        // One pass over the characters, without Foundation (see String.replacingEvery).
        func esc(_ s: String) -> String {
            guard s.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 }) else { return s }
            var out = ""
            for ch in s.unicodeScalars {
                switch ch {
                case "&": out += "&amp;"
                case "<": out += "&lt;"
                case ">": out += "&gt;"
                case "\"": out += "&quot;"
                default: out.unicodeScalars.append(ch)
                }
            }
            return out
        }
        let layout = facts.layout.map { "\n   <coprint:layout>\(esc($0))</coprint:layout>" } ?? ""
        let version = facts.layoutVersion.map { "\n   <coprint:layoutVersion>\(esc($0))</coprint:layoutVersion>" } ?? ""
        let edition = facts.edition.map { "\n   <coprint:edition>\(esc($0))</coprint:edition>" } ?? ""
        return """
        <?xpacket begin="\u{FEFF}" id="W5M0MpCehiHzreSzNTczkc9d"?>
        <x:xmpmeta xmlns:x="adobe:ns:meta/">
         <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
          <rdf:Description rdf:about=""
            xmlns:dc="http://purl.org/dc/elements/1.1/"
            xmlns:xmp="http://ns.adobe.com/xap/1.0/"
            xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"
            xmlns:coprint="https://coprint.example/ns/1.0/">
           <dc:format>application/pdf</dc:format>
           <dc:title><rdf:Alt><rdf:li xml:lang="x-default">\(esc(facts.title))</rdf:li></rdf:Alt></dc:title>
           <dc:description><rdf:Alt><rdf:li xml:lang="x-default">\(esc(facts.description))</rdf:li></rdf:Alt></dc:description>
           <dc:language><rdf:Bag><rdf:li>\(esc(facts.language))</rdf:li></rdf:Bag></dc:language>
           <xmp:CreatorTool>\(esc(facts.creator))</xmp:CreatorTool>
           <xmp:CreateDate>\(date)</xmp:CreateDate>
           <xmp:ModifyDate>\(date)</xmp:ModifyDate>
           <xmp:MetadataDate>\(date)</xmp:MetadataDate>
           <pdfuaid:part>1</pdfuaid:part>\(layout)\(version)\(edition)
          </rdf:Description>
         </rdf:RDF>
        </x:xmpmeta>
        <?xpacket end="w"?>
        """
    }
}

extension PDFFinisher {
    /// Gives every structure element of type `structure` under `node` the `/Lang` `language`:
    /// the lines of a bilingual edition's second language, which the renderer tags `Span`.
    static func markLanguage(_ doc: QPDF, _ node: QPDF.Handle, structure: String, language: String) {
        var seen = Set<Int>()
        var stack = [node]
        while let h = stack.popLast() {
            if doc.isArray(h) {
                for i in 0..<doc.count(h) { stack.append(doc.item(h, i)) }
                continue
            }
            guard doc.isDictionary(h) else { continue }
            let id = doc.objectID(h)
            if id != 0 { guard seen.insert(id).inserted else { continue } }
            if doc.isName(doc.get(h, "/S"), structure) { doc.set(h, "/Lang", doc.string(language)) }
            let kids = doc.get(h, "/K")
            if doc.isArray(kids) || doc.isDictionary(kids) { stack.append(kids) }
        }
    }
}
