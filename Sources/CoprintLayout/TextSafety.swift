import Foundation

/// The one rule for characters that are valid Unicode but cannot be printed, applied the same way
/// by `validate`, `render`, `blank` and `batch`, and the helpers that keep names and messages safe.
///
/// Text in layouts, plans, content files and manifests may not contain:
/// - control characters other than tab, line feed and carriage return (U+0000 to U+001F,
///   U+007F to U+009F), NUL included, however they are written (raw, `\0`, `\u0000`);
/// - noncharacters (U+FDD0 to U+FDEF, and U+FFFE and U+FFFF in every plane, up to U+10FFFF).
///
/// Such text is refused with its file, line, column and field, so no word is silently cut.
/// Right-to-left marks and overrides, zero-width joiners and combining marks are real text in
/// some languages and print as they are; they are only made visible in file names and in
/// messages to the terminal (see ``forTerminal(_:)`` and ``safeFileName(_:)``).
public enum TextSafety {
    /// Whether `scalar` is one coprint refuses in text (see the type's summary).
    public static func isRefused(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x20 { return v != 0x09 && v != 0x0A && v != 0x0D }
        if (0x7F...0x9F).contains(v) { return true }
        return isNoncharacter(v)
    }

    /// Whether `value` is a Unicode noncharacter.
    public static func isNoncharacter(_ value: UInt32) -> Bool {
        (0xFDD0...0xFDEF).contains(value) || value & 0xFFFE == 0xFFFE
    }

    /// The first refused character in `text` and its position (counted in characters from 1), if any.
    public static func firstRefused(in text: String) -> (scalar: Unicode.Scalar, position: Int)? {
        guard text.unicodeScalars.contains(where: isRefused) else { return nil }
        var position = 0
        for ch in text {
            position += 1
            if let s = ch.unicodeScalars.first(where: isRefused) { return (s, position) }
        }
        return nil
    }

    /// A plain name for a refused character: "a NUL character (U+0000)".
    public static func describe(_ scalar: Unicode.Scalar) -> String {
        let code = "U+" + String(format: "%04X", scalar.value)
        switch scalar.value {
        case 0: return "a NUL character (\(code), often written \\0 or \\u0000)"
        case 0x1B: return "an escape character (\(code))"
        case let v where isNoncharacter(v): return "a noncharacter (\(code))"
        default: return "an invisible control character (\(code))"
        }
    }

    /// The message for refused text: what it is, where in the text, and what to do.
    public static func message(_ scalar: Unicode.Scalar, position: Int, field: String?) -> String {
        let place = field.map { "'\($0)'" } ?? "this text"
        return "\(place) contains \(describe(scalar)) at character \(position), which cannot be printed; delete it (coprint refuses such characters rather than cut the text there)"
    }

    /// The most characters one word (a run with no space) may have. Far longer than any real
    /// word (Welsh place names reach 58) or most web addresses; a longer one is broken letter by
    /// letter across many lines, which takes the text library time that grows with the square
    /// of the word's length (a 20,000-character word took 23 seconds).
    public static let maximumWordLength = 200

    /// The most lines (line breaks) one piece of text may have: 6,000 took a minute to lay out.
    public static let maximumLines = 1_000

    /// The most entries one list in a document may have (people, tips, table rows, the lines of
    /// one cell): 3,000 table rows took over a minute to lay out.
    public static let maximumListLength = 200

    /// The most characters of text one document (a plan, a content file, a batch job) may hold,
    /// all fields together: about 25 pages of continued text, five times the longest real plan.
    /// It keeps every document's printing time to a few seconds.
    public static let maximumDocumentText = 50_000

    /// The first word in `text` longer than ``maximumWordLength``: its length and where it starts
    /// (in characters, from 1).
    public static func firstOverlongWord(in text: String) -> (length: Int, position: Int)? {
        guard text.unicodeScalars.count > maximumWordLength else { return nil }
        var run = 0
        var start = 1
        var position = 0
        for ch in text {
            position += 1
            if isBreakOpportunity(ch) {
                if run > maximumWordLength { return (run, start) }
                run = 0
                start = position + 1
            } else {
                run += 1
            }
        }
        return run > maximumWordLength ? (run, start) : nil
    }

    /// Whether a line may break at or after `ch`: spaces, and the scripts
    /// written without spaces (Chinese, Japanese, Thai and their neighbours), which break between
    /// characters.
    static func isBreakOpportunity(_ ch: Character) -> Bool {
        if ch.isWhitespace || ch == "\u{200B}" { return true }
        guard let v = ch.unicodeScalars.first?.value else { return false }
        return (0x0E00...0x109F).contains(v) || (0x1780...0x17FF).contains(v) || (0x2E80...0x9FFF).contains(v)
            || (0xAC00...0xD7AF).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFF00...0xFFEF).contains(v)
            || (0x20000...0x3FFFF).contains(v)
    }

    /// The first problem with one piece of text under this rule, as a message naming `field`:
    /// a refused character, or a word over ``maximumWordLength``.
    public static func problem(in text: String, field: String?) -> String? {
        if let bad = firstRefused(in: text) { return message(bad.scalar, position: bad.position, field: field) }
        if let word = firstOverlongWord(in: text) {
            let place = field.map { "'\($0)'" } ?? "this text"
            return "\(place) has a word of \(word.length) characters with no space (starting at character \(word.position)), over coprint's limit of \(maximumWordLength) for one word; add spaces or shorten it"
        }
        let lines = lineBreaks(in: text)
        if lines > maximumLines {
            let place = field.map { "'\($0)'" } ?? "this text"
            return "\(place) has \(lines) line breaks, over coprint's limit of \(maximumLines) for one piece of text; join lines or split it into several fields"
        }
        return nil
    }

    /// How many line breaks `text` has (CR LF counts once).
    static func lineBreaks(in text: String) -> Int {
        text.reduce(0) { $1.isNewline ? $0 + 1 : $0 }
    }

    /// Checks a whole document: every piece of text (see ``check(_:field:problems:)``) and the
    /// total over ``maximumDocumentText``.
    public static func checkDocument(_ tree: SourceValue, problems: inout ProblemList) {
        check(tree, problems: &problems)
        let total = characters(in: tree)
        if total > maximumDocumentText {
            problems.add("this document holds \(total) characters of text, over coprint's limit of \(maximumDocumentText) for one document (about 25 pages); split it into several documents", at: tree.mark)
        }
    }

    /// How many characters of text `value` holds.
    static func characters(in value: SourceValue) -> Int {
        switch value.body {
        case .text(let t): return t.count
        case .list(let items): return items.reduce(0) { $0 + characters(in: $1) }
        case .map(let entries): return entries.reduce(0) { $0 + characters(in: $1.value) }
        case .empty: return 0
        }
    }

    /// Adds a problem for every piece of text in `value` that breaks this rule (see ``problem(in:field:)``).
    public static func check(_ value: SourceValue, field: String? = nil, problems: inout ProblemList) {
        switch value.body {
        case .text(let t):
            if let p = problem(in: t, field: field) { problems.add(p, at: value.mark) }
        case .list(let items):
            if items.count > maximumListLength {
                problems.add("\(field.map { "'\($0)'" } ?? "this list") has \(items.count) entries, over coprint's limit of \(maximumListLength) for one list; split it over several fields or documents", at: value.mark)
                return
            }
            for (i, item) in items.enumerated() { check(item, field: field.map { "\($0).\(i + 1)" }, problems: &problems) }
        case .map(let entries):
            for e in entries {
                if let p = problem(in: e.key, field: nil) { problems.add(p + " (in a field name)", at: e.keyMark) }
                check(e.value, field: field.map { "\($0).\(e.key)" } ?? e.key, problems: &problems)
            }
        case .empty:
            break
        }
    }

    /// Whether `scalar` would change how a terminal shows a message, or hide its order: controls,
    /// bidirectional overrides and isolates, and noncharacters.
    static func isUnsafeForTerminal(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x20 || (0x7F...0x9F).contains(v) { return true }
        if [0x061C, 0x200E, 0x200F, 0x2028, 0x2029].contains(v) { return true }
        if (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) { return true }
        return isNoncharacter(v)
    }

    /// `text` safe to print on one line of a terminal: every control character (newline and
    /// escape included), bidirectional control and noncharacter is shown as `\u{XXXX}`.
    public static func forTerminal(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isUnsafeForTerminal) else { return text }
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            if isUnsafeForTerminal(s) {
                out.append(contentsOf: "\\u{\(String(s.value, radix: 16, uppercase: true))}".unicodeScalars)
            } else {
                out.append(s)
            }
        }
        return String(out)
    }

    /// `name` safe as a file name: controls, bidirectional controls, other invisible format
    /// characters, noncharacters and `/` become `-`; leading dots and dashes are dropped so the
    /// file is not hidden (nor read as an option), and trailing dashes; at most 120 characters;
    /// "untitled" if nothing is left.
    public static func safeFileName(_ name: String) -> String {
        var out = String.UnicodeScalarView()
        for s in name.unicodeScalars {
            let unsafe = isUnsafeForTerminal(s) || s.properties.generalCategory == .format || s == "/"
            if unsafe {
                if out.last != "-" { out.append("-") }
            } else {
                out.append(s)
            }
        }
        var result = String(out)
        while result.hasPrefix(".") || result.hasPrefix("-") { result.removeFirst() }
        result = String(result.prefix(120))
        while result.hasSuffix("-") { result.removeLast() }
        return result.isEmpty ? "untitled" : result
    }

    /// Line and column (from 1, columns in characters) of byte `offset` in UTF-8 `data`; bytes
    /// that are not valid UTF-8 count as one column each.
    public static func lineAndColumn(ofByte offset: Int, in data: Data) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        var i = 0
        let end = min(offset, data.count)
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            while i < end {
                let b = bytes[i]
                if b == 0x0A {
                    line += 1; column = 1
                } else if b & 0xC0 != 0x80 {
                    column += 1
                }
                i += 1
            }
        }
        return (line, column)
    }

    /// The byte offset of the first byte that is not valid UTF-8 in `data`.
    public static func firstInvalidUTF8Offset(_ data: Data) -> Int {
        var iterator = data.makeIterator()
        var decoder = UTF8()
        var offset = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let s): offset += UTF8.width(s)
            case .emptyInput, .error: return offset
            }
        }
    }
}
