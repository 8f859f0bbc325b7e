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
        if let file = layout.contentFile, let text = try? String(contentsOf: file, encoding: .utf8) {
            return "# Your own wording for the \(layout.name) poster: change the words, then print it with\n#   coprint render THIS-FILE\n" + text
        }
        var out = """
        # A plan for the \(layout.title.lowercased()).
        # Fill in what you can. Anything left empty prints as space to write on.
        #
        # How to write it:
        #   - One line of text goes after the colon:      team: Riverside Carers Group
        #   - Put text in "quotes" if it has a colon followed by a space, or starts with
        #     # & * ! % @ ` or a quote mark:                title: "Review: young carers"
        #   - Several paragraphs: write | and then the text indented on the lines below.
        #     Lines next to each other join into one paragraph; leave a blank line between paragraphs.
        #   - A list: one item per line, each starting with "- " and indented under its name.
        #     (Avoid [a, b] lists: a comma there starts a new item, even in the middle of a sentence.)
        #
        # Print it with:  coprint render THIS-FILE --paper all
        layout: \(layout.name)

        """
        for region in layout.fields {
            guard let field = region.field else { continue }
            let about = [region.label, region.prompt].compactMap { $0 }.map { $0.hasSuffix("?") || $0.hasSuffix(".") ? $0 : $0 + "." }
            if !about.isEmpty { out += "# " + about.joined(separator: " ") + "\n" }
            switch region.kind {
            case .matrix(let across, let down):
                out += "# One action per line, each starting with \"- \", under the level it belongs to.\n"
                out += "\(field):\n"
                for column in across {
                    out += "  \(column.id):" + (column.detail.map { "  # \(column.label): \($0)" } ?? "  # \(column.label)") + "\n"
                    for row in down {
                        out += "    \(row.id):" + (row.prompt.map { "  # \(row.label): \($0)" } ?? "  # \(row.label)") + "\n"
                    }
                }
            case .table(let headings, _):
                out += "# One row per step; " + headings.map { "\($0.id) is \($0.label.lowercased())" }.joined(separator: ", ") + ".\n"
                out += "\(field):\n  - " + headings.enumerated().map { i, h in (i == 0 ? "" : "    ") + "\(h.id): \"\"" }.joined(separator: "\n") + "\n"
            case .list:
                out += "\(field):\n  - heading: \"\"\n    text: \"\"\n"
            case .image:
                out += "\(field): \"\"  # the path of a PNG picture, relative to this file\n"
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
