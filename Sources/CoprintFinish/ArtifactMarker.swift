/// Marks page content drawn outside any structure tag as an artifact: Cairo draws boxes, rules and
/// tints outside the structure tree, and an accessibility checker wants each piece of content to
/// be either tagged or an artifact.
///
/// The content stream is split into operations (operands followed by their operator); each run of
/// operations outside marked content is wrapped in `/Artifact BMC ... EMC`. Tagged sequences are
/// copied unchanged.
enum ArtifactMarker {
    /// One operation: its bytes and what kind of operator ends it.
    struct Operation {
        var range: Range<Int>
        var op: Kind
    }

    /// The operators that matter here; every other one is drawing or state.
    enum Kind { case beginMarked, endMarked, other }

    /// The marked content stream, or nil when the stream could not be read with confidence (then
    /// the caller keeps the original).
    static func mark(_ bytes: [UInt8]) -> [UInt8]? {
        guard let ops = operations(bytes) else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 256)
        var depth = 0
        var inArtifact = false
        for op in ops {
            switch op.op {
            case .beginMarked:
                if depth == 0 && inArtifact { out += Array("EMC\n".utf8); inArtifact = false }
                depth += 1
            case .endMarked:
                depth -= 1
                if depth < 0 { return nil }
            case .other:
                if depth == 0 && !inArtifact { out += Array("/Artifact BMC\n".utf8); inArtifact = true }
            }
            out += bytes[op.range]
            out.append(0x0A)
        }
        if inArtifact { out += Array("EMC\n".utf8) }
        return depth == 0 ? out : nil
    }

    static func isWhite(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 || b == 0x0C || b == 0x00 }
    static func isDelimiter(_ b: UInt8) -> Bool { "()<>[]{}/%".utf8.contains(b) }

    /// The operations of a content stream, or nil when it cannot be read.
    static func operations(_ b: [UInt8]) -> [Operation]? {
        var ops: [Operation] = []
        var i = 0
        var start: Int? = nil
        var nesting = 0  // arrays and dictionaries
        let n = b.count
        while i < n {
            let c = b[i]
            if isWhite(c) { i += 1; continue }
            if c == UInt8(ascii: "%") {
                while i < n, b[i] != 0x0A, b[i] != 0x0D { i += 1 }
                continue
            }
            if start == nil { start = i }
            switch c {
            case UInt8(ascii: "("):
                var level = 0
                while i < n {
                    if b[i] == UInt8(ascii: "\\") { i += 2; continue }
                    if b[i] == UInt8(ascii: "(") { level += 1 }
                    if b[i] == UInt8(ascii: ")") { level -= 1; if level == 0 { i += 1; break } }
                    i += 1
                }
                if level != 0 { return nil }
            case UInt8(ascii: "<"):
                if i + 1 < n, b[i + 1] == UInt8(ascii: "<") { nesting += 1; i += 2 }
                else {
                    while i < n, b[i] != UInt8(ascii: ">") { i += 1 }
                    guard i < n else { return nil }
                    i += 1
                }
            case UInt8(ascii: ">"):
                guard i + 1 < n, b[i + 1] == UInt8(ascii: ">") else { return nil }
                nesting -= 1; i += 2
            case UInt8(ascii: "["): nesting += 1; i += 1
            case UInt8(ascii: "]"): nesting -= 1; i += 1
            case UInt8(ascii: "/"):
                i += 1
                while i < n, !isWhite(b[i]), !isDelimiter(b[i]) { i += 1 }
            case UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: ")"):
                return nil
            default:
                let t = i
                while i < n, !isWhite(b[i]), !isDelimiter(b[i]) { i += 1 }
                // Numbers and operands inside arrays and dictionaries are not operators.
                if nesting > 0 || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || c == UInt8(ascii: "-") || c == UInt8(ascii: "+") || c == UInt8(ascii: ".") { continue }
                // Compared as bytes: making a string of every operator was most of the cost.
                let length = i - t
                func isWord(_ w: StaticString) -> Bool {
                    guard w.utf8CodeUnitCount == length else { return false }
                    return w.withUTF8Buffer { buf in buf.indices.allSatisfy { buf[$0] == b[t + $0] } }
                }
                if isWord("true") || isWord("false") || isWord("null") { continue }
                let kind: Kind = isWord("BDC") || isWord("BMC") ? .beginMarked : isWord("EMC") ? .endMarked : .other
                if isWord("BI") {
                    // An inline image: its data runs to whitespace, "EI", whitespace.
                    guard let id = findID(b, from: i) else { return nil }
                    var j = id + 3
                    var end: Int? = nil
                    while j + 2 <= n {
                        if b[j] == UInt8(ascii: "E"), b[j + 1] == UInt8(ascii: "I"), isWhite(b[j - 1]), j + 2 == n || isWhite(b[j + 2]) { end = j + 2; break }
                        j += 1
                    }
                    guard let end else { return nil }
                    i = end
                }
                ops.append(Operation(range: start! ..< i, op: kind))
                start = nil
            }
            if nesting < 0 { return nil }
        }
        return start == nil && nesting == 0 ? ops : nil
    }

    /// Where the `ID` operator of an inline image starts (white space, `ID`, one white-space byte).
    static func findID(_ b: [UInt8], from: Int) -> Int? {
        var i = max(from, 1)
        while i + 2 < b.count {
            if b[i] == UInt8(ascii: "I"), b[i + 1] == UInt8(ascii: "D"), isWhite(b[i - 1]), isWhite(b[i + 2]) { return i }
            i += 1
        }
        return nil
    }
}

