import CoprintLayout
import Foundation

/// A plan or content file: which layout it fills, and the checked words.
public struct PlanFile: Sendable {
    /// The layout it fills.
    public var layout: Layout
    /// The words.
    public var content: Content
    /// The name to give output files: the input's file name without its extension (the layout's
    /// name for standard input).
    public var outputName: String

    /// The largest plan coprint reads: far more than any real plan, small enough to refuse a wrong
    /// file quickly.
    public static let maximumSize = 1024 * 1024

    /// Reads a plan from `path` (`-` for standard input), finds its layout in `folders` (reading
    /// only that layout file) and checks every field, reporting every problem at once.
    public static func load(_ path: String, folders: [URL], edition: Edition? = nil) throws -> PlanFile {
        try load(path, edition: edition) { try LayoutLibrary(folders: folders, only: [$0]) }
    }

    /// Reads a plan from `path` (`-` for standard input), finds its layout in `library` and checks
    /// every field, reporting every problem at once.
    public static func load(_ path: String, library: LayoutLibrary, edition: Edition? = nil) throws -> PlanFile {
        try load(path, edition: edition) { _ in library }
    }

    /// With `edition` nil, the plan's own `language:` chooses the edition, else the layout's language.
    static func load(_ path: String, edition asked: Edition? = nil, library makeLibrary: (String) throws -> LayoutLibrary) throws -> PlanFile {
        let name: String
        let data: Data
        if path == "-" {
            name = "standard input"
            data = try readStandardInput(limit: maximumSize, name: name)
        } else {
            let url = URL(fileURLWithPath: path)
            name = displayPath(url)
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) else {
                throw CoprintError("there is no file called \(name)")
            }
            guard !isDir.boolValue else { throw CoprintError("\(name) is a folder; give the plan file inside it") }
            guard FileInfo(url.path)?.isRegularFile == true else {
                throw CoprintError("\(name) is not an ordinary file (it is a device or a pipe); give a plan file, or - to read standard input")
            }
            if let size = FileInfo(url.path)?.size, size > maximumSize {
                throw CoprintError("the file is \(size / 1024) KB, over coprint's limit of \(maximumSize / 1024) KB for a plan. Split it into several plans.", at: SourceMark(file: name))
            }
            do { data = try Data(contentsOf: url) } catch {
                throw CoprintError("cannot read this file: \(error.localizedDescription)", at: SourceMark(file: name))
            }
        }
        guard data.count <= maximumSize else {
            throw CoprintError("the input is \(data.count / 1024) KB, over coprint's limit of \(maximumSize / 1024) KB for a plan. Split it into several plans.", at: SourceMark(file: name))
        }
        let tree = try SourceReader.parse(data, file: name)
        let layoutName = try Content.layoutName(in: tree)
        var edition = asked
        if edition == nil, let given = tree["language"], let text = given.text {
            do { edition = try Edition(parsing: text) } catch let error as CoprintError {
                throw CoprintError(error.problems.map { Problem($0.message, at: given.mark) })
            }
        }
        let layout: Layout
        do {
            layout = try makeLibrary(layoutName).layout(named: layoutName, edition: edition)
        } catch let error as CoprintError {
            throw CoprintError(error.problems.map { Problem($0.message, at: tree["layout"]?.mark) })
        }
        let folder = path == "-" ? URL(fileURLWithPath: FileManager.default.currentDirectoryPath) : URL(fileURLWithPath: path).deletingLastPathComponent()
        var content = try Content(tree: tree, layout: layout, source: name, baseFolder: folder)
        // A poster's own file need only give what it changes: the rest is the shipped wording.
        if layout.kind == .poster, layout.contentFile != nil {
            content = try Content.shipped(for: layout).overlaid(with: content)
        }
        let outputName = path == "-" ? layout.name : URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        return PlanFile(layout: layout, content: content, outputName: outputName)
    }

    /// Reads standard input up to `limit` bytes, stopping (with an error) as soon as there is
    /// more: an endless or huge stream is refused after reading just past the limit.
    static func readStandardInput(limit: Int, name: String, from fd: Int32 = STDIN_FILENO) throws -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while data.count <= limit {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw CoprintError("cannot read standard input: \(String(cString: strerror(errno)))", at: SourceMark(file: name))
            }
            if n == 0 { return data }
            data.append(contentsOf: buffer[0..<n])
        }
        throw CoprintError("the input is over coprint's limit of \(limit / 1024) KB for a plan; coprint stopped reading it there. Split it into several plans.", at: SourceMark(file: name))
    }

    /// A starter plan for `layout`: every field, each with a comment saying what goes there. A
    /// poster with shipped wording starts from that wording.
    public static func starter(for layout: Layout) throws -> String {
        // Comments in the edition's language (from its language file), field names as they are.
        let words = layout.furniture.starter
        func comment(_ key: String, _ values: [String: String] = [:]) -> String {
            Furniture.fill(words[key] ?? Furniture.englishStarter[key] ?? "", values)
                .split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.isEmpty ? "#" : "# " + $0 }.joined(separator: "\n") + "\n"
        }
        let one = Layout.oneLine
        // A plan for another edition says so, so that 'render' prints that edition.
        let languageLine = layout.edition == Edition(layout.language) ? "" : "language: \(layout.edition)\n"
        if let file = layout.contentFile, let text = try? String(contentsOf: file, encoding: .utf8) {
            let marked = text.replacingOccurrences(of: "\nlayout: \(layout.name)\n", with: "\nlayout: \(layout.name)\n" + languageLine)
            return comment("poster", ["layout": layout.name]) + marked
        }
        var out = comment("plan", ["title": one(layout.title).lowercased(), "layout": layout.name]) + "layout: \(layout.name)\n" + languageLine
        for region in layout.fields {
            guard let field = region.field else { continue }
            let about = [region.label, region.prompt].compactMap { $0 }.map(one).map { $0.hasSuffix("?") || $0.hasSuffix(".") ? $0 : $0 + "." }
            if !about.isEmpty { out += "# " + about.joined(separator: " ") + "\n" }
            switch region.kind {
            case .matrix(let across, let down):
                out += comment("matrix")
                out += "\(field):\n"
                for column in across {
                    out += "  \(column.id):" + (column.detail.map { "  # \(one(column.label)): \(one($0))" } ?? "  # \(one(column.label))") + "\n"
                    for row in down {
                        out += "    \(row.id):" + (row.prompt.map { "  # \(one(row.label)): \(one($0))" } ?? "  # \(one(row.label))") + "\n"
                    }
                }
            case .table(let headings, _):
                let columns = headings.map { Furniture.fill(words["table-column"] ?? "", ["id": $0.id, "label": one($0.label).lowercased()]) }
                out += comment("table", ["columns": columns.joined(separator: ", ")])
                out += "\(field):\n  - " + headings.enumerated().map { i, h in (i == 0 ? "" : "    ") + "\(h.id): \"\"" }.joined(separator: "\n") + "\n"
            case .list:
                out += "\(field):\n  - heading: \"\"\n    text: \"\"\n"
            case .image:
                out += "\(field): \"\"  " + comment("image")
            case .text(let writing) where writing != .line:
                out += "\(field): |\n  \n"
            case .text, .banner:
                out += "\(field): \"\"\n"
            }
            out += "\n"
        }
        return out
    }
}
