import Foundation

/// Finds the places where YAML reads a line differently from what a person plainly typed: a comma
/// inside `[ ]` that splits one sentence into two items, a `#` that turns the rest of a line into a
/// comment, a leading `&` or `!` that YAML takes as a label, a colon that makes text look like a
/// field name. Each finding names the line and says how to write it so it reads as typed.
///
/// It reads the file's lines as written (YAML's parser does not keep comments or quoting), skipping
/// the insides of `|` and `>` blocks, which YAML keeps exactly as typed.
enum YAMLTraps {
    /// One line of the file, split into the part that names a field and the value after it.
    struct Line {
        /// 1-based line number.
        var number: Int
        /// The whole line as typed.
        var text: String
        /// What comes before the value: indentation, `- ` and `key: `.
        var lead: String
        /// The value as typed, without leading spaces (may be empty).
        var value: String
        /// Column (1-based) where the value starts.
        var column: Int
    }

    /// Warnings for a file that YAML read without error but differently from how it looks.
    static func warnings(in text: String, file: String) -> [Problem] {
        var problems: [Problem] = []
        let lines = valueLines(text)
        for (i, line) in lines.enumerated() {
            let v = line.value
            guard let first = v.first else { continue }
            let at = SourceMark(file: file, line: line.number, column: line.column)
            switch first {
            case "#" where looksLikeText(afterHash: v.dropFirst()):
                problems.append(Problem("the text after '#' is read as a comment, so nothing here is printed. If \"\(short(v))\" is your text, put it in quotes: \(suggest(line))", at: at))
            case "&", "!":
                let word = v.split(separator: " ", maxSplits: 1).first.map(String.init) ?? v
                let what = first == "&" ? "a label for repeating text" : "a type tag"
                problems.append(Problem("YAML reads '\(word)' at the start of this text as \(what) and leaves it out of what is printed. Put the whole text in quotes: \(suggest(line))", at: at))
            case "[":
                let flow = flowText(startingAt: i, in: lines)
                let items = flowItems(flow)
                let joined = zip(items, items.dropFirst()).filter { looksContinued($0.1) }
                if !joined.isEmpty {
                    let shown = items.map { "'\(short($0.text, 40))'" }.joined(separator: ", ")
                    let example = joined.first.map { "\"\($0.0.text), \($0.1.text)\"" } ?? ""
                    problems.append(Problem("a comma inside [ ] starts a new item, so this list was read as \(items.count) items: \(shown). If \(short(example, 90)) is one sentence, put it in quotes inside the brackets, or write the list one '- item' per line", at: at))
                }
            case "\"", "'", "[", "{", "|", ">", "#":
                break
            default:
                if let hash = v.range(of: " #"), looksLikeText(afterHash: v[hash.upperBound...]) {
                    let lost = String(v[hash.upperBound...]).trimmingCharacters(in: .whitespaces)
                    problems.append(Problem("the text after ' #' (\"\(short(lost))\") is read as a comment and is not printed. If it is part of your text, put the whole text in quotes: \(suggest(line))", at: at))
                }
            }
        }
        return problems
    }

    /// A plain-words explanation of a YAML syntax error reported at `line`, when the line (or the
    /// one before it) has text that needs quotes; nil when nothing recognisable is there.
    static func hint(forErrorAt line: Int, in text: String) -> String? {
        let lines = valueLines(text)
        for number in [line, line - 1] {
            guard let l = lines.first(where: { $0.number == number }), let first = l.value.first else { continue }
            let v = l.value
            if first == "\"" || first == "'" {
                if let end = closingQuote(in: v), !v[v.index(after: end)...].trimmingCharacters(in: .whitespaces).isEmpty {
                    return "line \(number) starts its text with a quote mark, so YAML expects that quote to end the text, but more follows it. Put the whole text in double quotes and write each quote mark inside it as \\\" : \(suggest(l))"
                }
                continue
            }
            if "@`*&!%-".contains(first) {
                return "text that starts with '\(first)' must be put in quotes. On line \(number) write: \(suggest(l))"
            }
            if !"[{|>#".contains(first), v.contains(": ") || v.hasSuffix(":") {
                return "a colon followed by a space inside text makes YAML read it as a new field name. Put the whole text in quotes. On line \(number) write: \(suggest(l))"
            }
        }
        return nil
    }

    /// A friendlier message when a text was read as a name and a value because of a colon, such as
    /// `- Keep sessions informal: food, games` in a list; nil if `v` is not that shape.
    static func colonSplit(_ v: SourceValue) -> String? {
        guard let entries = v.entries, entries.count == 1, let entry = entries.first else { return nil }
        let rest: String
        switch entry.value.body {
        case .text(let t): rest = t
        case .empty: rest = ""
        default: return nil
        }
        let whole = rest.isEmpty ? "\(entry.key):" : "\(entry.key): \(rest)"
        return "this was read as a field name and a value because of the colon followed by a space in \"\(short(whole, 70))\". Put the whole text in quotes: \"\(escape(whole))\""
    }

    // MARK: Reading lines

    /// Every line that carries a value, outside `|` and `>` blocks and whole-line comments.
    static func valueLines(_ text: String) -> [Line] {
        var result: [Line] = []
        var blockIndent: Int?
        let raw = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        for (index, sub) in raw.enumerated() {
            let line = String(sub)
            let indent = line.prefix { $0 == " " }.count
            let trimmed = line.dropFirst(indent)
            if let b = blockIndent {
                // The inside of a | or > block: kept exactly as typed, so never a trap.
                if trimmed.isEmpty || indent > b { continue }
                blockIndent = nil
            }
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix("---") || trimmed.hasPrefix("...") { continue }
            var lead = String(line.prefix(indent))
            var rest = Substring(trimmed)
            while rest.hasPrefix("- ") || rest == "-" {
                lead += "- "
                rest = rest.dropFirst(2).drop { $0 == " " }
            }
            // A plain key (not quoted, not a flow value) followed by ": " or a final ":".
            if let first = rest.first, !"\"'[{#|>".contains(first) {
                if let colon = rest.range(of: ": ") {
                    let key = rest[..<colon.lowerBound]
                    if !key.contains(" #") {
                        lead += String(rest[..<colon.upperBound])
                        rest = rest[colon.upperBound...]
                    }
                } else if rest.hasSuffix(":") {
                    lead += String(rest)
                    rest = ""
                }
            }
            let leadingSpaces = rest.prefix { $0 == " " }.count
            lead += String(rest.prefix(leadingSpaces))
            let value = String(rest.dropFirst(leadingSpaces))
            if value.hasPrefix("|") || value.hasPrefix(">") { blockIndent = indent }
            result.append(Line(number: index + 1, text: line, lead: lead, value: value, column: lead.count + 1))
        }
        return result
    }

    /// The text of a `[ ... ]` list that starts on `lines[start]`, joined across lines until its
    /// brackets balance.
    static func flowText(startingAt start: Int, in lines: [Line]) -> String {
        var text = lines[start].value
        var i = start
        while !balanced(text), i + 1 < lines.count, i - start < 40 {
            i += 1
            text += " " + lines[i].text.trimmingCharacters(in: .whitespaces)
        }
        return text
    }

    /// Whether what follows a `#` reads as someone's text ("#1 priority", "#together") rather
    /// than a comment, which by convention has a space after the `#`.
    static func looksLikeText(afterHash rest: Substring) -> Bool {
        guard let next = rest.first else { return false }
        return !next.isWhitespace && next != "#"
    }

    /// One item of a `[ ... ]` list as typed.
    struct FlowItem {
        var text: String
        var quoted: Bool
    }

    /// The top-level items of a `[ ... ]` list, split at commas outside quotes and brackets.
    static func flowItems(_ flow: String) -> [FlowItem] {
        guard flow.hasPrefix("[") else { return [] }
        var items: [FlowItem] = []
        var current = ""
        var depth = 0
        var quote: Character?
        var previous: Character = " "
        for ch in flow.dropFirst() {
            if let q = quote {
                current.append(ch)
                if ch == q && !(q == "\"" && previous == "\\") { quote = nil }
            } else if ch == "\"" || ch == "'", current.trimmingCharacters(in: .whitespaces).isEmpty {
                quote = ch
                current.append(ch)
            } else if ch == "[" || ch == "{" {
                depth += 1; current.append(ch)
            } else if ch == "]" || ch == "}" {
                if depth == 0 { break }
                depth -= 1; current.append(ch)
            } else if ch == "," && depth == 0 {
                items.append(item(current)); current = ""
            } else if ch == "#" && previous == " " {
                break
            } else {
                current.append(ch)
            }
            previous = ch
        }
        if !current.trimmingCharacters(in: .whitespaces).isEmpty { items.append(item(current)) }
        return items.filter { !$0.text.isEmpty }
    }

    private static func item(_ raw: String) -> FlowItem {
        let t = raw.trimmingCharacters(in: .whitespaces)
        return FlowItem(text: t, quoted: t.first == "\"" || t.first == "'")
    }

    /// Whether an unquoted item after a comma reads as the rest of the sentence before it: it
    /// starts with a small letter ("..., not only what they need").
    static func looksContinued(_ item: FlowItem) -> Bool {
        guard !item.quoted, let first = item.text.unicodeScalars.first else { return false }
        return first.properties.isLowercase
    }

    private static func balanced(_ s: String) -> Bool {
        var depth = 0
        var quote: Character?
        for ch in s {
            if let q = quote { if ch == q { quote = nil }; continue }
            switch ch {
            case "\"", "'": quote = ch
            case "[", "{": depth += 1
            case "]", "}": depth -= 1
            default: break
            }
        }
        return depth <= 0
    }

    private static func closingQuote(in v: String) -> String.Index? {
        guard let q = v.first else { return nil }
        var i = v.index(after: v.startIndex)
        while i < v.endIndex {
            if v[i] == "\\" && q == "\"" { i = v.index(after: i); if i < v.endIndex { i = v.index(after: i) }; continue }
            if v[i] == q {
                // In single quotes, '' is a quote mark inside the text.
                let next = v.index(after: i)
                if q == "'" && next < v.endIndex && v[next] == "'" { i = v.index(after: next); continue }
                return i
            }
            i = v.index(after: i)
        }
        return nil
    }

    /// The line rewritten with its value in double quotes.
    static func suggest(_ line: Line) -> String {
        var value = line.value
        if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
        let lead = line.lead.trimmingCharacters(in: .whitespaces)
        return "\(lead)\(lead.isEmpty || lead.hasSuffix(" ") ? "" : " ")\"\(escape(value))\""
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }

    private static func short(_ s: String, _ limit: Int = 50) -> String {
        s.count <= limit ? s : String(s.prefix(limit - 1)) + "…"
    }
}
