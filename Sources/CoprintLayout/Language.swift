import Foundation

/// Which language or languages a document is printed in: `en`, `cy`, or a bilingual `cy+en`.
///
/// The first language is the document's own (its PDF `/Lang`) and comes first on the page; in a
/// bilingual edition the second is paired under it, line for line.
///
///     let edition = try Edition(parsing: "cy+en")   // Welsh first, English paired under it
public struct Edition: Sendable, Hashable, CustomStringConvertible {
    /// The language codes, first first: one for a single-language edition, two for a bilingual one.
    public var languages: [String]

    /// The edition in one language.
    public init(_ language: String) { languages = [language] }

    /// Reads `en`, `cy` or `cy+en` (a language code is lower-case letters, 2 or 3 of them).
    public init(parsing text: String) throws {
        let parts = text.trimmingCharacters(in: .whitespaces).lowercased().split(separator: "+", omittingEmptySubsequences: false).map(String.init)
        guard (1...2).contains(parts.count), parts.allSatisfy(Edition.isCode), Set(parts).count == parts.count else {
            throw CoprintError("'\(TextSafety.forTerminal(String(text.prefix(40))))' is not a language; use a language code such as en or cy, or two joined by '+' for a bilingual edition, such as cy+en (Welsh first)", kind: .usage)
        }
        languages = parts
    }

    /// The document's own language, printed first.
    public var main: String { languages[0] }
    /// The language paired under the main one in a bilingual edition.
    public var paired: String? { languages.count > 1 ? languages[1] : nil }
    /// `cy+en`, as written on the command line and in output names.
    public var description: String { languages.joined(separator: "+") }

    /// English: what every layout is written in unless it says otherwise.
    public static let english = Edition("en")

    /// Whether `code` looks like a language code: 2 or 3 lower-case ASCII letters.
    static func isCode(_ code: String) -> Bool {
        (2...3).contains(code.count) && code.unicodeScalars.allSatisfy { ("a"..."z").contains($0) }
    }
}

/// The words coprint prints around a layout's own ("Page 2 of 3", "continued from page 1"), in
/// one language, read from `languages/LANG.yaml` beside the layouts.
///
/// Each word may hold `{page}`, `{pages}`, `{title}`, `{heading}` or `{number}`, filled in when
/// printed. English is built in as well, for layout folders that have no `languages/en.yaml`.
public struct Furniture: Sendable, Hashable {
    /// The language code used in file names and on the command line (`cy`).
    public var code: String
    /// The BCP 47 tag written into the PDF and given to the text shaper (`cy`, `en-GB`).
    public var tag: String
    /// The language's name in itself, for `coprint list` (`Cymraeg`).
    public var name: String
    /// The page number in the footer: `Page {page} of {pages}`.
    public var pageOfPages: String
    /// The line over text carried on from an earlier page: `continued from page {page}`.
    public var continuedFrom: String
    /// The line at the foot of a box whose text goes on: `continues on page {page} →`.
    public var continuesOn: String
    /// The same, when the page is not yet known: `continues on a later page →`.
    public var continuesLater: String
    /// The heading of a page of carried-on text: `{title}, continued`.
    public var continuedTitle: String
    /// The heading over one carried-on item of a list: `{heading}, item {number}`.
    public var listItem: String
    /// The name on each sheet of a workshop pack's copies: `Table {number}` (optional in a file).
    public var sheetLabel = "Table {number}"
    /// The heading of a bilingual edition's key page, which says what a values grid's columns
    /// and rows mean: `{heading}: key` (optional in a file).
    public var keyTitle = "{heading}: key"

    /// The comments of a starter plan (`coprint init`), by part: `plan` (the guide at the top,
    /// with `{title}`), `poster`, `matrix`, `table` (with `{columns}`), `table-column` (with `{id}`
    /// and `{label}`) and `image`. A part a language file leaves out is in English.
    public var starter: [String: String] = Furniture.englishStarter

    /// The English starter-plan comments, used for any part a language file does not give.
    public static let englishStarter: [String: String] = [
        "plan": """
        A plan for the {title}.
        Fill in what you can. Anything left empty prints as space to write on.

        How to write it:
          - One line of text goes after the colon:      team: Riverside Carers Group
          - Put text in "quotes" if it has a colon followed by a space, or starts with
            # & * ! % @ ` or a quote mark:                title: "Review: young carers"
          - Several paragraphs: write | and then the text indented on the lines below.
            Lines next to each other join into one paragraph; leave a blank line between paragraphs.
          - A list: one item per line, each starting with "- " and indented under its name.
            (Avoid [a, b] lists: a comma there starts a new item, even in the middle of a sentence.)

        Print it with:  coprint render THIS-FILE --paper all
        """,
        "poster": "Your own wording for the {layout} poster: change the words, then print it with\n  coprint render THIS-FILE",
        "matrix": "One action per line, each starting with \"- \", under the level it belongs to.",
        "table": "One row per step; {columns}.",
        "table-column": "{id} is {label}",
        "image": "the path of a PNG picture, relative to this file",
    ]

    /// The keys of a language file, in the order they are written.
    static let keys = ["tag", "name", "page-of-pages", "continued-from", "continues-on", "continues-later", "continued-title", "list-item"]

    /// The built-in English words, the same as `layouts/languages/en.yaml`.
    public static let english = Furniture(
        code: "en", tag: "en-GB", name: "English", pageOfPages: "Page {page} of {pages}",
        continuedFrom: "continued from page {page}", continuesOn: "continues on page {page} \u{2192}",
        continuesLater: "continues on a later page \u{2192}", continuedTitle: "{title}, continued",
        listItem: "{heading}, item {number}")

    /// Reads a language file such as `languages/cy.yaml`, reporting every missing or unknown key
    /// with its line.
    public static func load(from url: URL) throws -> Furniture {
        let tree = try SourceReader.read(url, displayName: displayPath(url))
        var problems = ProblemList()
        var r = MapReader(tree, what: "a language file", problems: &problems)
        try problems.throwIfAny()
        let code = url.deletingPathExtension().lastPathComponent
        var words: [String: String] = [:]
        for key in keys { words[key] = r.string(key, required: true, problems: &problems) ?? "" }
        let sheet = r.string("sheet-label", problems: &problems)
        let keyTitle = r.string("key-title", problems: &problems)
        var starter = englishStarter
        if let given = r.value("plan-starter") {
            var sr = MapReader(given, what: "'plan-starter'", problems: &problems)
            for key in englishStarter.keys.sorted() {
                if let text = sr.string(key, problems: &problems) { starter[key] = text.trimmingCharacters(in: .whitespacesAndNewlines) }
            }
            sr.reportUnknown(problems: &problems)
        }
        r.reportUnknown(problems: &problems)
        if !Edition.isCode(code) {
            problems.add("a language file is named by its language code, such as cy.yaml; '\(code)' is not one", at: tree.mark)
        }
        try problems.throwIfAny()
        var result = Furniture(code: code, tag: words["tag"]!, name: words["name"]!, pageOfPages: words["page-of-pages"]!,
                               continuedFrom: words["continued-from"]!, continuesOn: words["continues-on"]!,
                               continuesLater: words["continues-later"]!, continuedTitle: words["continued-title"]!,
                               listItem: words["list-item"]!)
        result.starter = starter
        if let sheet { result.sheetLabel = sheet }
        if let keyTitle { result.keyTitle = keyTitle }
        return result
    }

    /// `pattern` with each `{name}` replaced by its value.
    public static func fill(_ pattern: String, _ values: [String: String]) -> String {
        pattern.filling(values)
    }
}

/// How a bilingual edition pairs its two languages inside one piece of text.
///
/// A fixed string of a `cy+en` edition is the Welsh, this separator, then the English: the text is
/// measured and drawn as two lines, and the renderer gives the part after the separator the paired
/// language (and, for headings, a lighter weight). U+2029 PARAGRAPH SEPARATOR is what Pango breaks
/// a paragraph on and draws nothing for, so the measured height is exactly what prints.
public enum Bilingual {
    /// The character between the main and the paired language.
    public static let separator: Character = "\u{2029}"

    /// `main` and `paired` as one bilingual text (just `main` when they are the same words).
    public static func pair(_ main: String, _ paired: String) -> String {
        main == paired ? main : main + String(separator) + paired
    }

    /// `a` and `b` joined by `join` language by language: for a bilingual `a` and `b`, the main
    /// parts joined, then the paired parts; a text in one language is used for both.
    public static func joined(_ a: String, _ b: String, _ join: (String, String) -> String) -> String {
        func parts(_ s: String) -> [String] { s.split(separator: separator, maxSplits: 1, omittingEmptySubsequences: false).map(String.init) }
        let (pa, pb) = (parts(a), parts(b))
        guard pa.count > 1 || pb.count > 1 else { return join(a, b) }
        return pair(join(pa[0], pb[0]), join(pa.last!, pb.last!))
    }
}
