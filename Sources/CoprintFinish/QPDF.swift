internal import CQPDF
import Foundation

/// A PDF open in libqpdf: a thin owner of one `qpdf_data`, so every C call stays in this target.
final class QPDF {
    let q: qpdf_data
    typealias Handle = qpdf_oh

    /// Reads `data`; throws with libqpdf's own words when the file cannot be read.
    init(reading data: Data, description: String) throws {
        q = qpdf_init()
        qpdf_silence_errors(q)
        qpdf_set_suppress_warnings(q, 1)
        let code = data.withUnsafeBytes { raw in
            qpdf_read_memory(q, description, raw.bindMemory(to: CChar.self).baseAddress, UInt64(raw.count), "")
        }
        if code & 2 != 0 {
            if let e = qpdf_get_error(q), qpdf_get_error_code(q, e) == qpdf_e_password { throw FinishError("it is locked with a password", locked: true) }
            throw FinishError("it could not be read as a PDF (\(lastError()))")
        }
    }

    deinit {
        var data: qpdf_data? = q
        qpdf_cleanup(&data)
    }

    var isEncrypted: Bool { qpdf_is_encrypted(q) != 0 }

    func lastError() -> String {
        guard qpdf_has_error(q) != 0, let e = qpdf_get_error(q), let text = qpdf_get_error_message_detail(q, e) else { return "unknown problem" }
        return String(cString: text)
    }

    func failed() -> Bool { qpdf_has_error(q) != 0 }

    var root: Handle { qpdf_get_root(q) }
    var trailer: Handle { qpdf_get_trailer(q) }
    var pageCount: Int { Int(qpdf_get_num_pages(q)) }
    func page(_ i: Int) -> Handle { qpdf_get_page_n(q, i) }

    func parse(_ text: String) -> Handle { qpdf_oh_parse(q, text) }
    func name(_ n: String) -> Handle { qpdf_oh_new_name(q, n) }
    func string(_ s: String) -> Handle { qpdf_oh_new_unicode_string(q, s) }
    func real(_ d: Double) -> Handle { qpdf_oh_new_real_from_double(q, d, 3) }
    func integer(_ i: Int) -> Handle { qpdf_oh_new_integer(q, Int64(i)) }
    func bool(_ b: Bool) -> Handle { qpdf_oh_new_bool(q, b ? 1 : 0) }
    func array(_ items: [Handle] = []) -> Handle {
        let a = qpdf_oh_new_array(q)
        for i in items { qpdf_oh_append_item(q, a, i) }
        return a
    }
    func dictionary() -> Handle { qpdf_oh_new_dictionary(q) }
    func indirect(_ h: Handle) -> Handle { qpdf_make_indirect_object(q, h) }

    /// A new stream holding `bytes` as they are (no filter), its dictionary given as `dict` (PDF syntax).
    func stream(_ bytes: [UInt8], dict: [String: Handle] = [:]) -> Handle {
        let s = qpdf_oh_new_stream(q)
        bytes.withUnsafeBufferPointer { qpdf_oh_replace_stream_data(q, s, $0.baseAddress, $0.count, qpdf_oh_new_null(q), qpdf_oh_new_null(q)) }
        let d = qpdf_oh_get_dict(q, s)
        for (k, v) in dict { qpdf_oh_replace_key(q, d, k, v) }
        return s
    }

    /// A new stream holding `bytes` compressed by coprint (FlateDecode), written as they are;
    /// an uncompressed stream, left for qpdf to compress, if compressing fails.
    func compressedStream(_ bytes: [UInt8]) -> Handle {
        guard let packed = Deflate.compress(bytes) else { return stream(bytes) }
        let s = qpdf_oh_new_stream(q)
        packed.withUnsafeBufferPointer { qpdf_oh_replace_stream_data(q, s, $0.baseAddress, $0.count, qpdf_oh_new_name(q, "/FlateDecode"), qpdf_oh_new_null(q)) }
        return s
    }

    func set(_ h: Handle, _ key: String, _ value: Handle) { qpdf_oh_replace_key(q, h, key, value) }
    /// A page's content, all its content streams decoded and joined; nil if it cannot be read.
    func pageContent(_ page: Handle) -> [UInt8]? {
        var buffer: UnsafeMutablePointer<UInt8>?
        var length = 0
        guard qpdf_oh_get_page_content_data(q, page, &buffer, &length) & 2 == 0, let buffer else { return nil }
        defer { free(buffer) }
        return Array(UnsafeBufferPointer(start: buffer, count: length))
    }
    func get(_ h: Handle, _ key: String) -> Handle { qpdf_oh_get_key(q, h, key) }
    func has(_ h: Handle, _ key: String) -> Bool { qpdf_oh_has_key(q, h, key) != 0 }
    func append(_ array: Handle, _ item: Handle) { qpdf_oh_append_item(q, array, item) }
    func isDictionary(_ h: Handle) -> Bool { qpdf_oh_is_dictionary(q, h) != 0 }
    func isArray(_ h: Handle) -> Bool { qpdf_oh_is_array(q, h) != 0 }
    func isStream(_ h: Handle) -> Bool { qpdf_oh_is_stream(q, h) != 0 }
    func isString(_ h: Handle) -> Bool { qpdf_oh_is_string(q, h) != 0 }
    func isName(_ h: Handle, _ n: String) -> Bool { qpdf_oh_is_name_and_equals(q, h, n) != 0 }
    func count(_ array: Handle) -> Int { isArray(array) ? Int(qpdf_oh_get_array_n_items(q, array)) : 0 }
    func item(_ array: Handle, _ i: Int) -> Handle { qpdf_oh_get_array_item(q, array, Int32(i)) }
    func objectID(_ h: Handle) -> Int { Int(qpdf_oh_get_object_id(q, h)) }
    func number(_ h: Handle) -> Double? { qpdf_oh_is_number(q, h) != 0 ? qpdf_oh_get_numeric_value(q, h) : nil }
    func integerValue(_ h: Handle) -> Int? { qpdf_oh_is_integer(q, h) != 0 ? Int(qpdf_oh_get_int_value(q, h)) : nil }
    /// A string object's text, decoded from PDFDocEncoding or UTF-16.
    func text(_ h: Handle) -> String? {
        guard isString(h) else { return nil }
        var length = 0
        guard let p = qpdf_oh_get_binary_utf8_value(q, h, &length) else { return nil }
        return String(decoding: UnsafeRawBufferPointer(start: p, count: length), as: UTF8.self)
    }
    func keys(_ dict: Handle) -> [String] {
        guard isDictionary(dict) else { return [] }
        var result: [String] = []
        qpdf_oh_begin_dict_key_iter(q, dict)
        while qpdf_oh_dict_more_keys(q) != 0 {
            if let k = qpdf_oh_dict_next_key(q) { result.append(String(cString: k)) }
        }
        return result
    }
    /// A name object's name with its slash, such as "/H1"; nil for anything else.
    func nameValue(_ h: Handle) -> String? {
        guard qpdf_oh_is_name(q, h) != 0, let p = qpdf_oh_get_name(q, h) else { return nil }
        return String(cString: p)
    }
    func unparse(_ h: Handle) -> String { String(cString: qpdf_oh_unparse(q, h)) }
    func streamBytes(_ h: Handle) -> [UInt8]? {
        var buf: UnsafeMutablePointer<UInt8>?
        var len = 0
        guard qpdf_oh_get_stream_data(q, h, qpdf_dl_generalized, nil, &buf, &len) == 0, let buf else { return nil }
        defer { free(buf) }
        return Array(UnsafeBufferPointer(start: buf, count: len))
    }

    /// Writes the document to memory with a document ID computed from its content.
    func write() throws -> Data {
        guard qpdf_init_write_memory(q) & 2 == 0 else { throw FinishError("the finished PDF could not be written (\(lastError()))") }
        qpdf_set_deterministic_ID(q, 1)
        // Cairo's streams are already compressed: copy them as they are rather than inflate and
        // deflate each again (new streams, such as the form font, are still compressed).
        qpdf_set_decode_level(q, qpdf_dl_none)
        // Cairo writes every structure element, font dictionary and page as an uncompressed
        // object of its own with a 20-byte cross-reference entry: packed into compressed object
        // streams the top-tips poster takes 21.2 KB instead of 28.1 KB (as small as the plain C
        // program's, which has no structure tree), for about a third more work in this step.
        qpdf_set_object_stream_mode(q, qpdf_o_generate)
        guard qpdf_write(q) & 2 == 0 else { throw FinishError("the finished PDF could not be written (\(lastError()))") }
        let n = qpdf_get_buffer_length(q)
        guard let p = qpdf_get_buffer(q) else { throw FinishError("the finished PDF was empty") }
        return Data(bytes: p, count: n)
    }
}

/// A problem finishing or reading a PDF, in plain words.
public struct FinishError: Error, CustomStringConvertible, Sendable {
    /// What went wrong.
    public var message: String
    /// Whether the PDF is locked with a password.
    public var locked = false
    /// Makes an error.
    public init(_ message: String, locked: Bool = false) { self.message = message; self.locked = locked }
    /// The message.
    public var description: String { message }
}
