import Foundation

/// What a filled form holds, as read back from any PDF reader's saved file.
public struct FilledForm: Sendable {
    /// The layout recorded when coprint made the form, if any.
    public var layout: String?
    /// The layout's field fingerprint recorded then.
    public var layoutVersion: String?
    /// Every text field's fully qualified name and value, in the order the file lists them
    /// (fields with no value included, with "").
    public var fields: [(name: String, value: String)]
    /// Whether coprint made it but no fields are left: flattened by a reader's "print to PDF" or
    /// a flatten step, so the words are only drawn text.
    public var flattened: Bool
    /// The edition recorded then (`cy`, `cy+en`), if any: forms made before editions were
    /// recorded are in the layout's own language.
    public var edition: String? = nil
}

extension PDFFinisher {
    /// Reads the form fields of `pdf`, saved by any program (incremental updates, object streams
    /// and cross-reference streams included). `name` is used in messages.
    public static func readForm(_ pdf: Data, name: String) throws -> FilledForm {
        let locked = FinishError("\(name) is locked (encrypted), so coprint cannot read its fields. Open it in your PDF reader and save a copy without a password, then import that copy.")
        let doc: QPDF
        do { doc = try QPDF(reading: pdf, description: name) } catch let e as FinishError {
            if e.locked { throw locked }
            throw FinishError("\(name) is damaged or is not a PDF \(e.message.replacingOccurrences(of: "it could not be read as a PDF ", with: ""))")
        }
        if doc.isEncrypted { throw locked }
        let root = doc.root
        let record = doc.get(root, layoutKey)
        var form = FilledForm(layout: doc.text(doc.get(record, "/Name")), layoutVersion: doc.text(doc.get(record, "/Version")), fields: [], flattened: false,
                              edition: doc.text(doc.get(record, "/Edition")))
        let acro = doc.get(root, "/AcroForm")
        var seen = Set<Int>()
        func walk(_ node: QPDF.Handle, _ prefix: String, depth: Int) {
            guard depth < 32, doc.isDictionary(node) else { return }
            let id = doc.objectID(node)
            if id != 0 && !seen.insert(id).inserted { return }
            let part = doc.text(doc.get(node, "/T"))
            let name = [prefix, part ?? ""].filter { !$0.isEmpty }.joined(separator: ".")
            let kids = doc.get(node, "/Kids")
            let namedKids = (0..<doc.count(kids)).map { doc.item(kids, $0) }.filter { doc.has($0, "/T") }
            if !namedKids.isEmpty {
                for kid in namedKids { walk(kid, name, depth: depth + 1) }
                return
            }
            guard part != nil else { return }
            let value = doc.get(node, "/V")
            var text = doc.text(value) ?? ""
            if text.isEmpty, doc.isStream(value), let bytes = doc.streamBytes(value) { text = String(decoding: bytes, as: UTF8.self) }
            form.fields.append((name, text))
        }
        let fields = doc.get(acro, "/Fields")
        for i in 0..<doc.count(fields) { walk(doc.item(fields, i), "", depth: 0) }
        form.flattened = form.fields.isEmpty && form.layout != nil
        return form
    }
}
