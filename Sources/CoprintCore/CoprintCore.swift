// CoprintCore turns what a person asks for (a layout name, a paper size, a format, an output
// path) into finished PDF and PNG files, loading layouts and fonts and writing files safely.
import CoprintLayout
import CoprintRender
import Foundation

/// Every layout coprint knows: the built-in ones and any in the user's own folders.
///
/// The user's folders add to the built-in layouts and never hide them: a file in a user's folder
/// with the name of a built-in layout replaces that one layout, and ``replaced`` says so.
public struct LayoutLibrary: Sendable {
    /// The layouts, by name, in the order listed.
    public let layouts: [Layout]
    /// The folders searched, first first.
    public let folders: [URL]
    /// Every layout name found, read or not.
    public let names: [String]
    /// Where each layout name was found.
    public let origins: [String: URL]
    /// Built-in layouts replaced by a user's layout of the same name: the name, and the user's file.
    public let replaced: [String: URL]

    /// Reads every `*.yaml` layout in `folders` (or, with `only`, just those names, which is
    /// quicker for one document). A layout in an earlier folder replaces one of the same name in a
    /// later one (the built-in folder is last). A broken layout file stops the load with its file,
    /// line and column.
    public init(folders: [URL], only: Set<String>? = nil) throws {
        var byName: [String: Layout] = [:]
        var order: [String] = []
        var allNames: [String] = []
        var origins: [String: URL] = [:]
        var replaced: [String: URL] = [:]
        var problems: [Problem] = []
        var seen = Set<String>()
        for folder in folders {
            let resolved = folder.resolvingSymlinksInPath().standardizedFileURL.path
            guard seen.insert(resolved).inserted else { continue }
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDir), isDir.boolValue else {
                throw CoprintError("the layouts folder \(displayPath(folder)) does not exist", kind: .usage)
            }
            let files = (try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? []
            for file in files.sorted(by: { $0.lastPathComponent < $1.lastPathComponent })
            where ["yaml", "yml"].contains(file.pathExtension) {
                let name = file.deletingPathExtension().lastPathComponent
                guard !allNames.contains(name) else {
                    if folder == folders.last, let mine = origins[name] { replaced[name] = mine.appendingPathComponent(name + ".yaml") }
                    continue
                }
                allNames.append(name)
                origins[name] = folder
                if let only, !only.contains(name) { continue }
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
        names = allNames.sorted()
        self.origins = origins
        self.replaced = replaced
    }

    /// The built-in layouts with, before them, the user's own folders: `extra` (from
    /// `--layouts`) and a `layouts` folder in `current` when there is one.
    public static func folders(extra: [URL], current: URL? = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) -> [URL] {
        var result = extra
        if let current {
            let local = current.appendingPathComponent("layouts")
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: local.path, isDirectory: &isDir), isDir.boolValue { result.append(local) }
        }
        return result + [builtInFolder()]
    }

    /// Whether `name` is a built-in layout (not one of the user's own).
    public func isBuiltIn(_ name: String) -> Bool {
        guard let origin = origins[name], let last = folders.last else { return false }
        return origin.resolvingSymlinksInPath().standardizedFileURL.path == last.resolvingSymlinksInPath().standardizedFileURL.path
    }

    /// The built-in layouts folder: `COPRINT_LAYOUTS`, else `layouts/` of the project.
    public static func builtInFolder() -> URL {
        if let env = ProcessInfo.processInfo.environment["COPRINT_LAYOUTS"], !env.isEmpty {
            return URL(fileURLWithPath: env)
        }
        return ProjectFolder.find("layouts")
    }

    /// The layout called `name` in `edition` (nil: the language it is written in), or an error
    /// listing the known ones, or every word its translation lacks.
    public func layout(named name: String, edition: Edition? = nil) throws -> Layout {
        if let found = layouts.first(where: { $0.name == name }) { return try inEdition(found, edition) }
        var message = "there is no layout called '\(name)'."
        if let guess = closestMatch(to: name, in: names) { message += " Did you mean '\(guess)'?" }
        message += " The layouts are: \(names.joined(separator: ", ")). Run 'coprint list' to see what each one is."
        throw CoprintError(message, kind: .badInput)
    }
}

extension LayoutLibrary {
    /// `layout` in `edition` (nil: the language it is written in), with its page furniture.
    public func inEdition(_ layout: Layout, _ edition: Edition?) throws -> Layout {
        try layout.inEdition(edition ?? Edition(layout.language)) { try furniture($0, for: layout) }
    }

    /// The page furniture words in language `code`: `languages/CODE.yaml` in the layout's own
    /// folder, else in the first of the library's folders that has one; English is built in.
    public func furniture(_ code: String, for layout: Layout? = nil) throws -> Furniture {
        let candidates = [layout?.source.deletingLastPathComponent()].compactMap { $0 } + folders
        for folder in candidates {
            let file = folder.appendingPathComponent("languages").appendingPathComponent(code + ".yaml")
            if FileManager.default.fileExists(atPath: file.path) { return try Furniture.load(from: file) }
        }
        if code == "en" { return .english }
        let file = (folders.last ?? URL(fileURLWithPath: "layouts")).appendingPathComponent("languages").appendingPathComponent(code + ".yaml")
        throw CoprintError("there are no page words (\"Page 1 of 2\" and the like) for the language '\(code)'; add \(displayPath(file)), a copy of languages/en.yaml with the words translated", kind: .badInput)
    }

    /// Every language some layout can be printed in, with its name in itself: `cy (Cymraeg)`.
    public func languageName(_ code: String) -> String {
        (try? furniture(code)).map { "\(code) (\($0.name))" } ?? code
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
    /// A2, for a wall poster.
    case a2
    /// A1, for a large wall poster.
    case a1
    /// Both A4 and A3.
    case all

    /// The paper sizes this choice means.
    public var papers: [Paper] {
        switch self {
        case .a4: return [.a4]
        case .a3: return [.a3]
        case .a2: return [.a2]
        case .a1: return [.a1]
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

/// The project's own folders, found from wherever coprint runs.
public enum CoprintFolders {
    /// The sample plans and batches: `examples/`.
    public static func examples() -> URL { ProjectFolder.find("examples") }
}
