import Foundation
import Yams

/// A value read from a YAML or JSON file, remembering where each part was written.
///
/// Layout files, plans and content files are all read into this first, so that every later check
/// can point at the exact line and column of what it complains about.
public struct SourceValue: Sendable {
    /// The shape of a value.
    public enum Body: Sendable {
        /// A piece of text (numbers and dates arrive as their text too).
        case text(String)
        /// An explicit empty value (`~`, `null` or nothing after the colon).
        case empty
        /// A list of values.
        case list([SourceValue])
        /// Named values, in the order written.
        case map([(key: String, keyMark: SourceMark, value: SourceValue)])
    }

    /// The value.
    public var body: Body
    /// Where it starts in its file.
    public var mark: SourceMark
    /// For a whole file: places where YAML reads a line differently from how it looks (see
    /// `YAMLTraps`), to show as warnings.
    public var warnings: [Problem] = []

    /// Makes a value.
    public init(_ body: Body, at mark: SourceMark) { self.body = body; self.mark = mark }

    /// The text, if this is text.
    public var text: String? {
        if case .text(let s) = body { return s }
        return nil
    }

    /// The entries, if this is a map.
    public var entries: [(key: String, keyMark: SourceMark, value: SourceValue)]? {
        if case .map(let e) = body { return e }
        return nil
    }

    /// The items, if this is a list.
    public var items: [SourceValue]? {
        if case .list(let l) = body { return l }
        return nil
    }

    /// The value under `key`, if this is a map that has it.
    public subscript(key: String) -> SourceValue? {
        entries?.first(where: { $0.key == key })?.value
    }

    /// A word for the shape, for error messages: "a list", "some text".
    public var shapeName: String {
        switch body {
        case .text: return "a piece of text"
        case .empty: return "nothing"
        case .list: return "a list"
        case .map: return "a set of named fields"
        }
    }
}

/// Reads YAML (or JSON, which is YAML too) files into ``SourceValue`` trees, with limits and
/// clear errors.
public enum SourceReader {
    /// The largest file coprint reads, in bytes. Real plans are a few kilobytes; this stops a
    /// wrong file (a video, a database dump) from hanging the run.
    public static let maximumFileSize = 2 * 1024 * 1024

    /// Reads and parses the file at `url`.
    public static func read(_ url: URL, displayName: String? = nil) throws -> SourceValue {
        let name = displayName ?? url.path
        let data: Data
        do {
            if let info = FileInfo(url.path), !info.isFolder, !info.isRegularFile {
                throw CoprintError("this is not an ordinary file (it is a device or a pipe); coprint reads only files", at: SourceMark(file: name))
            }
            if let size = FileInfo(url.path)?.size, size > maximumFileSize {
                throw CoprintError(
                    "the file is \(size / 1024) KB, over coprint's limit of \(maximumFileSize / 1024 / 1024) MB for one file. Split it into smaller files.",
                    at: SourceMark(file: name))
            }
            data = try Data(contentsOf: url)
        } catch let error as CoprintError {
            throw error
        } catch {
            throw CoprintError("cannot read this file: \(error.localizedDescription)", at: SourceMark(file: name))
        }
        return try parse(data, file: name)
    }

    /// Parses bytes already read, naming them `file` in any error.
    public static func parse(_ data: Data, file: String) throws -> SourceValue {
        guard data.count <= maximumFileSize else {
            throw CoprintError(
                "the input is \(data.count / 1024) KB, over coprint's limit of \(maximumFileSize / 1024 / 1024) MB for one file. Split it into smaller files.",
                at: SourceMark(file: file))
        }
        // A byte-order mark at the start (some Windows editors write one) is not part of the text.
        let data = data.starts(with: [0xEF, 0xBB, 0xBF]) ? Data(data.dropFirst(3)) : data
        if data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]) {
            throw CoprintError("the file is saved as UTF-16 text; save it as UTF-8 in your editor and try again",
                               at: SourceMark(file: file, line: 1, column: 1))
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            let offset = TextSafety.firstInvalidUTF8Offset(data)
            let at = TextSafety.lineAndColumn(ofByte: offset, in: data)
            throw CoprintError(
                "the file is not UTF-8 text (the first bad byte is here, byte \(offset + 1) of the file). Save it as UTF-8 in your editor and try again.",
                at: SourceMark(file: file, line: at.line, column: at.column))
        }
        if let bomb = YAMLLimits.aliasExpansionProblem(in: text, maximumValues: maximumValues, maximumBytes: maximumExpandedText) {
            throw CoprintError("the file holds \(bomb.what) once its aliases (*name) are expanded, over coprint's limit; write the text out in full, without aliases that repeat each other",
                               at: SourceMark(file: file, line: bomb.line, column: bomb.column))
        }
        let node: Node?
        do {
            // The basic resolver: coprint reads every scalar as text itself (nulls included, below),
            // so Yams' default resolver, whose regular expressions load the ICU regex engine on
            // every start, would do work nothing reads.
            node = try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            throw describe(error, file: file, data: data, text: text)
        } catch {
            throw CoprintError("could not read the file: \(error)", at: SourceMark(file: file))
        }
        guard let node else {
            throw CoprintError("the file is empty", at: SourceMark(file: file, line: 1, column: 1))
        }
        var budget = ExpansionBudget()
        var root = try convert(node, file: file, path: [], depth: 0, budget: &budget)
        root.warnings = YAMLTraps.warnings(in: text, file: file)
        return root
    }

    private static func mark(_ m: Mark?, _ file: String) -> SourceMark {
        SourceMark(file: file, line: m?.line ?? 0, column: m?.column ?? 0)
    }

    /// The deepest nesting of lists and named fields accepted. Real plans and layouts nest five
    /// or six levels; this keeps a hostile file from exhausting the stack.
    public static let maximumDepth = 64
    /// The most values (texts, lists, sets of fields) one file may hold once aliases (`*name`) are
    /// expanded. Real files hold a few thousand; this stops "billion laughs" alias bombs.
    public static let maximumValues = 200_000
    /// The most bytes of text one file may hold once aliases are expanded.
    public static let maximumExpandedText = 4 * 1024 * 1024

    /// Counts what a file expands to while it is converted, so alias bombs fail fast.
    struct ExpansionBudget {
        var values = 0
        var bytes = 0
    }

    private static func convert(_ node: Node, file: String, path: [String], depth: Int, budget: inout ExpansionBudget) throws -> SourceValue {
        let where_ = mark(node.mark, file)
        guard depth <= maximumDepth else {
            throw CoprintError("the lists and fields here are nested more than \(maximumDepth) levels deep; coprint's files need only a few levels", at: where_)
        }
        budget.values += 1
        guard budget.values <= maximumValues else {
            throw CoprintError("the file holds more than \(maximumValues) values once its aliases (*name) are expanded; write the text out in full, without aliases that repeat each other", at: where_)
        }
        switch node {
        case .scalar(let s):
            if s.style == .plain, ["", "~", "null", "Null", "NULL"].contains(s.string) {
                return SourceValue(.empty, at: where_)
            }
            budget.bytes += s.string.utf8.count
            guard budget.bytes <= maximumExpandedText else {
                throw CoprintError("the file holds more than \(maximumExpandedText / 1024 / 1024) MB of text once its aliases (*name) are expanded; write the text out in full, without aliases that repeat each other", at: where_)
            }
            if TextSafety.problem(in: s.string, field: nil) != nil {
                // Named by its path, such as 'tips.2.text', worked out only now that it is needed.
                let field = path.isEmpty ? nil : path.joined(separator: ".")
                throw CoprintError(TextSafety.problem(in: s.string, field: field) ?? "this text cannot be printed", at: where_)
            }
            return SourceValue(.text(s.string), at: where_)
        case .sequence(let seq):
            var items: [SourceValue] = []
            for (i, item) in seq.enumerated() {
                items.append(try convert(item, file: file, path: path + ["\(i + 1)"], depth: depth + 1, budget: &budget))
            }
            return SourceValue(.list(items), at: where_)
        case .mapping(let map):
            var entries: [(key: String, keyMark: SourceMark, value: SourceValue)] = []
            for (k, v) in map {
                guard let key = k.scalar?.string else {
                    throw CoprintError("a field name must be a plain word, not a list or a set of fields", at: mark(k.mark, file))
                }
                if let problem = TextSafety.problem(in: key, field: nil) {
                    throw CoprintError(problem + " (in a field name)", at: mark(k.mark, file))
                }
                entries.append((key, mark(k.mark, file), try convert(v, file: file, path: path + [key], depth: depth + 1, budget: &budget)))
            }
            return SourceValue(.map(entries), at: where_)
        case .alias:
            throw CoprintError("YAML aliases (*name) are not supported here; write the text out in full", at: where_)
        }
    }

    private static func describe(_ error: YamlError, file: String, data: Data, text: String) -> CoprintError {
        switch error {
        case let .scanner(_, problem, m, _), let .parser(_, problem, m, _), let .composer(_, problem, m, _):
            if problem.contains("nesting level") {
                return CoprintError("the lists and fields here are nested more than \(YAMLLimits.maximumNesting) levels deep; coprint's files need only a few levels",
                                    at: mark(m, file))
            }
            if let hint = YAMLTraps.hint(forErrorAt: m.line, in: text) {
                return CoprintError(hint, at: mark(m, file))
            }
            return CoprintError(
                "this is not valid YAML or JSON: \(problem). Check the indentation, colons and quotes on this line or the one before.",
                at: mark(m, file))
        case let .duplicatedKeysInMapping(duplicates, context):
            let names = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return CoprintError("\(names) is written more than once in the same place; keep one and delete the other",
                                at: mark(context.mark, file))
        case let .reader(problem, offset, value, _):
            var plain = problem
            if problem.contains("control characters") {
                let what = Unicode.Scalar(UInt32(max(0, value))).map { TextSafety.describe($0) } ?? "a control character"
                plain = "the file contains \(what) here, which cannot be in a YAML or JSON file; delete it"
            }
            guard let offset else { return CoprintError("could not read the text: \(plain)", at: SourceMark(file: file)) }
            let at = TextSafety.lineAndColumn(ofByte: offset, in: data)
            return CoprintError("could not read the text: \(plain)", at: SourceMark(file: file, line: at.line, column: at.column))
        default:
            return CoprintError("could not read the file: \(error)", at: SourceMark(file: file))
        }
    }
}
