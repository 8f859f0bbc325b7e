internal import CCairoPango
import Foundation

/// The fonts coprint prints with: every font file in the project's `fonts/` folder, registered in
/// a private fontconfig configuration so that the system's own fonts are never used.
///
/// Make one per process, on the main thread, before any rendering starts; it is shared read-only
/// by every renderer after that.
public final class FontLibrary: @unchecked Sendable {
    // fontconfig configurations are reference-counted and safe to read from several threads;
    // this one is never changed after init.
    let config: OpaquePointer
    /// The font files that were registered.
    public let files: [URL]
    /// The family names the bundled fonts provide.
    public let families: [String]
    /// The folder they came from.
    public let folder: URL

    /// The fallback order after the layout's own font: fonts that cover Latin (with Welsh ŵ and ŷ),
    /// Greek and Cyrillic, then Arabic script (Arabic and Urdu), then symbols.
    public static let fallbacks = ["Noto Sans", "Amiri", "Noto Sans Symbols 2"]

    /// Registers every `.ttf` and `.otf` file under `folder`.
    ///
    /// The configuration is private and made current before Pango starts, so neither the
    /// system's fontconfig files nor its caches are ever read. The bundled folder's own cache is
    /// kept in the user's cache folder (`~/.cache/coprint/fontconfig`), so unchanged fonts are
    /// not parsed again on every start; where that folder cannot be written, the fonts are
    /// simply read each time.
    public init(folder: URL) throws {
        self.folder = folder
        let found = FontLibrary.fontFiles(in: folder)
        guard !found.isEmpty else {
            throw CoprintRenderError("no fonts were found in \(folder.path). coprint ships its fonts in the 'fonts' folder of the project; run it from there or pass --fonts FOLDER.")
        }
        guard let config = FcConfigCreate() else {
            throw CoprintRenderError("could not set up fonts (fontconfig did not start)")
        }
        func escaped(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        }
        let cache = FontLibrary.cacheFolder().map { "<cachedir>\(escaped($0.path))</cachedir>" } ?? ""
        let xml = "<?xml version=\"1.0\"?><fontconfig><dir>\(escaped(folder.standardizedFileURL.path))</dir>\(cache)</fontconfig>"
        var set = FcSetSystem
        if FcConfigParseAndLoadFromMemory(config, xml, 0) == 0 || FcConfigBuildFonts(config) == 0 || FontLibrary.fontCount(config, FcSetSystem) == 0 {
            // The folder could not be scanned as a whole: add the files one by one.
            set = FcSetApplication
            for file in found where FcConfigAppFontAddFile(config, file.path) == 0 {
                FcConfigDestroy(config)
                throw CoprintRenderError("the font file \(file.path) could not be read")
            }
        }
        // Current before Pango starts: Pango's own FcInit then finds a configuration and loads
        // nothing from the system.
        FcConfigSetCurrent(config)
        self.config = config
        self.files = found
        var names = Set<String>()
        if let fonts = FcConfigGetFonts(config, set) {
            for i in 0..<Int(fonts.pointee.nfont) {
                var value: UnsafeMutablePointer<FcChar8>?
                if let pattern = fonts.pointee.fonts[i], FcPatternGetString(pattern, FC_FAMILY, 0, &value) == FcResultMatch, let value {
                    names.insert(String(cString: value))
                }
            }
        }
        families = names.sorted()
    }

    /// How many fonts `set` of `config` holds.
    private static func fontCount(_ config: OpaquePointer, _ set: FcSetName) -> Int {
        FcConfigGetFonts(config, set).map { Int($0.pointee.nfont) } ?? 0
    }

    /// Where the bundled fonts' fontconfig cache lives: `$XDG_CACHE_HOME/coprint/fontconfig`, else
    /// `~/.cache/coprint/fontconfig`; nil when there is no home folder.
    static func cacheFolder() -> URL? {
        let env = ProcessInfo.processInfo.environment
        if let xdg = env["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
            return URL(fileURLWithPath: xdg).appendingPathComponent("coprint/fontconfig")
        }
        guard let home = env["HOME"], home.hasPrefix("/") else { return nil }
        return URL(fileURLWithPath: home).appendingPathComponent(".cache/coprint/fontconfig")
    }

    deinit { FcConfigDestroy(config) }

    /// Finds the bundled fonts folder: `COPRINT_FONTS`, else `fonts/` beside the current folder or
    /// beside the executable's package.
    public static func defaultFolder() -> URL {
        if let env = ProcessInfo.processInfo.environment["COPRINT_FONTS"], !env.isEmpty {
            return URL(fileURLWithPath: env)
        }
        return ProjectFolder.find("fonts")
    }

    private static func fontFiles(in folder: URL) -> [URL] {
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { return [] }
        var result: [URL] = []
        for case let url as URL in walker where ["ttf", "otf"].contains(url.pathExtension.lowercased()) {
            result.append(url)
        }
        return result.sorted { $0.path < $1.path }
    }
}

/// Finds coprint's own folders (`fonts`, `layouts`, `examples`) wherever coprint runs: from an
/// install prefix, a copied binary, a `swift build` folder, or a program that uses the library.
/// The current folder is never searched, so a user's own `layouts/` folder cannot hide them.
public enum ProjectFolder {
    /// The package folder this library was built from (where `Package.swift` is).
    public static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The folders searched for `name`, first first: `share/coprint/NAME` of an install prefix
    /// (`PREFIX/bin/coprint`), `NAME` beside the executable or up to five folders above it (a
    /// `.build/release` binary inside the package), then the package this library was built from.
    public static func candidates(_ name: String) -> [URL] {
        var result: [URL] = []
        let exe = URL(fileURLWithPath: executablePath()).resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        result.append(dir.deletingLastPathComponent().appendingPathComponent("share/coprint/\(name)"))
        for _ in 0..<6 {
            result.append(dir.appendingPathComponent(name))
            dir = dir.deletingLastPathComponent()
        }
        result.append(packageRoot.appendingPathComponent(name))
        return result
    }

    /// The first of ``candidates(_:)`` that is a folder (the last candidate if none is, so the
    /// message about it names a real place).
    public static func find(_ name: String) -> URL {
        let found = candidates(name).first { url in
            var isDir: ObjCBool = false
            return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) && isDir.boolValue
        }
        return found ?? packageRoot.appendingPathComponent(name)
    }

    /// This process's executable, from /proc on Linux (the command line's first word may be a
    /// bare name found on the PATH).
    static func executablePath() -> String {
        #if os(Linux)
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        #endif
        return Bundle.main.executablePath ?? CommandLine.arguments.first ?? ""
    }
}

/// A failure inside the drawing libraries or the font set-up, said plainly.
public struct CoprintRenderError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public var message: String
    /// Makes an error.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
