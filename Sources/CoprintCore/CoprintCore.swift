// CoprintCore turns what a person asks for (a layout name, a paper size, a format, an output
// path) into finished PDF and PNG files, loading layouts and fonts and writing files safely.
import CoprintLayout
import CoprintRender
import Foundation

/// Every layout coprint knows: the built-in ones in `layouts/` and any in extra folders.
public struct LayoutLibrary: Sendable {
    /// The layouts, by name, in the order listed.
    public let layouts: [Layout]
    /// The folders searched, first first.
    public let folders: [URL]

    /// Reads every `*.yaml` layout in `folders`. A layout in an earlier folder hides one of the same
    /// name in a later one. A broken layout file stops the load with its file, line and column.
    public init(folders: [URL]) throws {
        var byName: [String: Layout] = [:]
        var order: [String] = []
        var problems: [Problem] = []
        for folder in folders {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDir), isDir.boolValue else {
                throw CoprintError("the layouts folder \(displayPath(folder)) does not exist", kind: .usage)
            }
            let files = (try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? []
            for file in files.sorted(by: { $0.lastPathComponent < $1.lastPathComponent })
            where ["yaml", "yml"].contains(file.pathExtension) {
                let name = file.deletingPathExtension().lastPathComponent
                guard byName[name] == nil else { continue }
                do {
                    byName[name] = try Layout.load(from: file)
                    order.append(name)
                } catch let error as CoprintError {
                    problems += error.problems
                }
            }
        }
        if !problems.isEmpty { throw CoprintError(problems) }
        layouts = order.map { byName[$0]! }
        self.folders = folders
    }

    /// The built-in layouts folder: `COPRINT_LAYOUTS`, else `layouts/` of the project.
    public static func builtInFolder() -> URL {
        if let env = ProcessInfo.processInfo.environment["COPRINT_LAYOUTS"], !env.isEmpty {
            return URL(fileURLWithPath: env)
        }
        return ProjectFolder.find("layouts")
    }

    /// The layout called `name`, or an error listing the known ones.
    public func layout(named name: String) throws -> Layout {
        if let found = layouts.first(where: { $0.name == name }) { return found }
        var message = "there is no layout called '\(name)'."
        if let guess = closestMatch(to: name, in: layouts.map(\.name)) { message += " Did you mean '\(guess)'?" }
        message += " The layouts are: \(layouts.map(\.name).joined(separator: ", ")). Run 'coprint list' to see what each one is."
        throw CoprintError(message, kind: .badInput)
    }
}

/// File formats coprint writes.
public enum OutputFormat: String, Sendable, CaseIterable {
    /// A PDF to print (every page in one file).
    case pdf
    /// PNG images to preview (one file per page).
    case png
}

/// Which paper sizes to print.
public enum PaperChoice: String, Sendable, CaseIterable {
    /// A4 only.
    case a4
    /// A3 only.
    case a3
    /// Both A4 and A3.
    case all

    /// The paper sizes this choice means.
    public var papers: [Paper] {
        switch self {
        case .a4: return [.a4]
        case .a3: return [.a3]
        case .all: return [.a4, .a3]
        }
    }
}

/// Where output goes: a file (if the path ends in `.pdf` or `.png`) or a folder.
public enum OutputTarget: Sendable, Equatable {
    /// One named file. With several papers or pages, the paper and page are added before the extension.
    case file(URL)
    /// A folder; files are named `LAYOUT-PAPER.EXT`.
    case folder(URL)

    /// Reads an `-o` value.
    public init(path: String) {
        let url = URL(fileURLWithPath: path)
        if ["pdf", "png"].contains(url.pathExtension.lowercased()) { self = .file(url) } else { self = .folder(url) }
    }
}

/// Prints layouts: the work behind `coprint blank`, usable from code.
///
/// Fonts and layouts are loaded once; a printer owns one renderer, so use one printer per thread.
public final class Printer {
    /// The fonts.
    public let fonts: FontLibrary
    private let renderer: Renderer
    /// Warnings from the most recent document.
    public private(set) var warnings: [RenderWarning] = []
    /// How the most recent document's text was fitted.
    public private(set) var fits: [FitRecord] = []
    /// The PDF creation date to write.
    public var created: Date

    /// Makes a printer over the bundled fonts.
    public init(fonts: FontLibrary, created: Date = PDFMetadata.creationDate()) throws {
        self.fonts = fonts
        self.renderer = try Renderer(fonts: fonts)
        self.created = created
    }

    /// Lays out `layout` filled with `content` on `paper`.
    public func layOut(_ layout: Layout, content: Content, paper: Paper) -> LaidOutDocument {
        LayoutEngine(layout: layout, content: content, paper: paper, measurer: renderer.measurer).run()
    }

    /// The PDF of `layout` filled with `content`, as bytes.
    public func pdf(_ layout: Layout, content: Content, paper: Paper) throws -> Data {
        let doc = layOut(layout, content: content, paper: paper)
        fits = doc.fits
        let metadata = PDFMetadata(title: doc.title, subject: doc.subject, created: created)
        let data = try renderer.pdf(doc, metadata: metadata)
        warnings = renderer.warnings
        return data
    }

    /// One PNG per page of `layout` filled with `content`, as bytes.
    public func pngs(_ layout: Layout, content: Content, paper: Paper, dpi: Double) throws -> [Data] {
        let doc = layOut(layout, content: content, paper: paper)
        fits = doc.fits
        var result: [Data] = []
        var all: [RenderWarning] = []
        for page in doc.pages {
            result.append(try renderer.png(page, dpi: dpi))
            all += renderer.warnings
        }
        warnings = all
        return result
    }

    /// Prints `layout` with `content` on each paper in `papers`, writing files to `target`, and
    /// returns the files written. Nothing is written under a final name unless it is complete.
    public func print(_ layout: Layout, content: Content, papers: [Paper], format: OutputFormat,
                      to target: OutputTarget, dpi: Double = 150) throws -> [URL] {
        // Render everything first, so that a failure part-way leaves no files at all.
        var outputs: [(URL, Data)] = []
        var allWarnings: [RenderWarning] = []
        var allFits: [FitRecord] = []
        for paper in papers {
            switch format {
            case .pdf:
                let data = try pdf(layout, content: content, paper: paper)
                outputs.append((outputURL(target, layout: layout.name, paper: paper, papers: papers.count, page: nil, format: format), data))
            case .png:
                let images = try pngs(layout, content: content, paper: paper, dpi: dpi)
                for (i, data) in images.enumerated() {
                    let page = images.count > 1 ? i + 1 : nil
                    outputs.append((outputURL(target, layout: layout.name, paper: paper, papers: papers.count, page: page, format: format), data))
                }
            }
            allWarnings += warnings
            allFits += fits
        }
        warnings = allWarnings
        fits = allFits
        for (url, data) in outputs { try SafeFile.write(data, to: url) }
        return outputs.map(\.0)
    }

    /// The file name for one output.
    func outputURL(_ target: OutputTarget, layout: String, paper: Paper, papers: Int, page: Int?, format: OutputFormat) -> URL {
        let pageSuffix = page.map { "-page\($0)" } ?? ""
        switch target {
        case .folder(let dir):
            return dir.appendingPathComponent("\(layout)-\(paper.rawValue)\(pageSuffix).\(format.rawValue)")
        case .file(let file):
            let base = file.deletingPathExtension()
            let paperSuffix = papers > 1 ? "-\(paper.rawValue)" : ""
            if paperSuffix.isEmpty && pageSuffix.isEmpty { return file.deletingPathExtension().appendingPathExtension(format.rawValue) }
            return URL(fileURLWithPath: base.path + paperSuffix + pageSuffix).appendingPathExtension(format.rawValue)
        }
    }
}

/// Writes files so that a file under its final name is always complete: write to a temporary
/// name in the same folder, check every write, then rename into place.
public enum SafeFile {
    /// Writes `data` to `url` atomically, creating the folder if needed.
    public static func write(_ data: Data, to url: URL) throws {
        let folder = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw CoprintError("cannot create the folder \(displayPath(folder)): \(reason(error))")
        }
        let temp = folder.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8)).tmp")
        let fd = open(temp.path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else {
            throw CoprintError("cannot write to \(displayPath(folder)): \(String(cString: strerror(errno))). Choose another output folder with -o.")
        }
        var failure: String?
        data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < buffer.count {
                let n = Foundation.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = String(cString: strerror(errno)); return
                }
                offset += n
            }
        }
        if failure == nil, fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
        if close(fd) != 0, failure == nil { failure = String(cString: strerror(errno)) }
        if failure == nil, rename(temp.path, url.path) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(temp.path)
            throw CoprintError("could not write \(displayPath(url)): \(failure). Nothing was saved under that name.")
        }
    }

    private static func reason(_ error: Error) -> String {
        (error as NSError).localizedFailureReason ?? error.localizedDescription
    }
}

extension Printer {
    /// A printer over the bundled fonts in `fontsFolder` (default: the project's `fonts/`), with
    /// font problems reported as plain errors.
    public static func withBundledFonts(in fontsFolder: URL? = nil) throws -> Printer {
        do {
            return try Printer(fonts: try FontLibrary(folder: fontsFolder ?? FontLibrary.defaultFolder()))
        } catch let error as CoprintRenderError {
            throw CoprintError(error.message)
        }
    }
}
