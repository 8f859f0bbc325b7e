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
    /// The program that made it.
    public var creator: String
    /// When it was made.
    public var created: Date
    /// The layout it was printed from and that layout's form fingerprint, recorded so that
    /// `coprint import` knows what a filled form belongs to.
    public var layout: String?
    /// A fingerprint of the layout's fields: changes when the layout's writing areas change.
    public var layoutVersion: String?

    /// Makes facts; the language defaults to British English.
    public init(title: String, description: String, created: Date, language: String = "en-GB",
                creator: String = "coprint", layout: String? = nil, layoutVersion: String? = nil) {
        self.title = title; self.description = description; self.created = created
        self.language = language; self.creator = creator; self.layout = layout; self.layoutVersion = layoutVersion
    }
}

/// The last step before a PDF is written: adds what Cairo cannot write (language, XMP metadata,
/// viewer preferences, tab order, a document ID from the content, form fields) through libqpdf.
public enum PDFFinisher {
    /// The catalog key recording the layout a fillable canvas came from.
    static let layoutKey = "/CoprintLayout"

    /// `pdf` finished: equal input gives equal bytes.
    public static func finish(_ pdf: Data, facts: DocumentFacts, form: Form? = nil) throws -> Data {
        let doc = try QPDF(reading: pdf, description: "coprint's PDF")
        let root = doc.root
        doc.set(root, "/Lang", doc.string(facts.language))
        doc.set(root, "/ViewerPreferences", doc.parse("<< /DisplayDocTitle true >>"))
        let mark = doc.get(root, "/MarkInfo")
        if doc.isDictionary(mark) { doc.set(mark, "/Marked", doc.bool(true)) } else { doc.set(root, "/MarkInfo", doc.parse("<< /Marked true >>")) }
        doc.set(root, "/Metadata", doc.stream(Array(xmp(facts).utf8), dict: ["/Type": doc.name("/Metadata"), "/Subtype": doc.name("/XML")]))
        if let layout = facts.layout {
            let record = doc.dictionary()
            doc.set(record, "/Name", doc.string(layout))
            if let v = facts.layoutVersion { doc.set(record, "/Version", doc.string(v)) }
            doc.set(root, layoutKey, record)
        }
        var seen = Set<Int>()
        for i in 0..<doc.pageCount {
            let page = doc.page(i)
            doc.set(page, "/Tabs", doc.name("/S"))
            fixFonts(doc, doc.get(page, "/Resources"), seen: &seen)
        }
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

    /// XMP metadata matching the Info dictionary, declaring PDF/UA-1.
    static func xmp(_ facts: DocumentFacts) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        f.timeZone = TimeZone(identifier: "UTC")
        let date = f.string(from: facts.created)
        func esc(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        let layout = facts.layout.map { "\n   <coprint:layout>\(esc($0))</coprint:layout>" } ?? ""
        let version = facts.layoutVersion.map { "\n   <coprint:layoutVersion>\(esc($0))</coprint:layoutVersion>" } ?? ""
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
           <pdfuaid:part>1</pdfuaid:part>\(layout)\(version)
          </rdf:Description>
         </rdf:RDF>
        </x:xmpmeta>
        <?xpacket end="w"?>
        """
    }
}
