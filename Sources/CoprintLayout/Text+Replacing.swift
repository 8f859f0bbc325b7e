/// Finding and replacing text without Foundation: on Linux, Foundation's `replacingOccurrences`
/// and `contains` go through NSString one call at a time, and a batch makes thousands of them
/// (page furniture, bullets, bilingual pairs), about 4% of its time. These match byte for byte in
/// UTF-8, left to right, which is what placeholders and separators need.
extension String {
    /// This text with every `target` replaced by `replacement`, left to right; an empty target
    /// changes nothing.
    public func replacingEvery(_ target: String, with replacement: String) -> String {
        let text = Array(utf8), find = Array(target.utf8)
        guard let first = find.first, text.count >= find.count else { return self }
        var out: [UInt8] = []
        var i = 0, copied = 0
        while i + find.count <= text.count {
            if text[i] == first, text[i..<(i + find.count)].elementsEqual(find) {
                if out.isEmpty { out.reserveCapacity(text.count + replacement.utf8.count) }
                out.append(contentsOf: text[copied..<i])
                out.append(contentsOf: replacement.utf8)
                i += find.count
                copied = i
            } else {
                i += 1
            }
        }
        guard copied > 0 else { return self }
        out.append(contentsOf: text[copied...])
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether this text holds `target` anywhere (an empty target is always held).
    public func includes(_ target: String) -> Bool {
        let find = Array(target.utf8)
        guard let first = find.first else { return true }
        let text = Array(utf8)
        var i = 0
        while i + find.count <= text.count {
            if text[i] == first, text[i..<(i + find.count)].elementsEqual(find) { return true }
            i += 1
        }
        return false
    }

    /// This text with each `{name}` whose name is in `values` replaced by its value, in one pass
    /// from the left: a value that itself holds `{name}` is printed as written, and a `{name}`
    /// with no value stays as it is.
    public func filling(_ values: [String: String]) -> String {
        guard utf8.contains(UInt8(ascii: "{")) else { return self }
        var out = ""
        var rest = self[...]
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            let afterOpen = rest.index(after: open)
            if let close = rest[afterOpen...].firstIndex(of: "}"), let value = values[String(rest[afterOpen..<close])] {
                out += value
                rest = rest[rest.index(after: close)...]
            } else {
                out += "{"
                rest = rest[afterOpen...]
            }
        }
        out += rest
        return out
    }
}
