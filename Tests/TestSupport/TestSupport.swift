// Shared helpers for coprint's tests: where the project's folders are, a simple text measurer for
// geometry tests, and running the built command and the PDF tools a reader would use.
import CoprintLayout
import Foundation

/// The project's folders, found from this file's location.
public enum Project {
    /// The repository root.
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// `layouts/`.
    public static let layouts = root.appendingPathComponent("layouts")
    /// `fonts/`.
    public static let fonts = root.appendingPathComponent("fonts")
    /// `Tests/References/`: reference images.
    public static let references = root.appendingPathComponent("Tests/References")

    /// Every shipped layout file's name, sorted.
    public static let layoutNames: [String] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: layouts.path)) ?? []
        return files.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }()

    /// A fresh empty folder for one test's files, inside this test run's own folder, which is
    /// removed when the run ends (and, if a run was killed, by the next run).
    public static func temporaryFolder() throws -> URL {
        let url = runFolder.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// `coprint-tests-PID` in the temporary folder: every test's files, removed at exit.
    public static let runFolder: URL = {
        let fm = FileManager.default
        let tmp = fm.temporaryDirectory
        // Folders of earlier runs whose process is gone (killed before it could clean up).
        for name in (try? fm.contentsOfDirectory(atPath: tmp.path)) ?? [] where name.hasPrefix("coprint-tests-") {
            if let pid = Int32(name.dropFirst("coprint-tests-".count)), kill(pid, 0) != 0 {
                try? fm.removeItem(at: tmp.appendingPathComponent(name))
            }
        }
        let url = tmp.appendingPathComponent("coprint-tests-\(getpid())")
        try? fm.createDirectory(at: url, withIntermediateDirectories: true)
        runFolderPath = url.path
        atexit { if let path = Project.runFolderPath { try? FileManager.default.removeItem(atPath: path) } }
        return url
    }()

    nonisolated(unsafe) static var runFolderPath: String?
}

/// Measures text as if every character were half its size wide: enough for geometry tests that
/// must not depend on fonts.
public struct FakeMeasurer: TextMeasurer {
    /// Makes one.
    public init() {}

    public func measure(_ text: String, style: TextStyle, width: Double) -> Size {
        let charWidth = style.size * 0.5
        var lines = 0
        var widest = 0.0
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let w = Double(paragraph.count) * charWidth
            lines += max(1, Int((w / max(width, 1)).rounded(.up)))
            widest = max(widest, min(w, width))
        }
        return Size(width: widest, height: Double(lines) * style.size * style.lineSpacing)
    }

    public func fittingPrefix(_ text: String, style: TextStyle, width: Double, height: Double) -> Int {
        let perLine = max(1, Int(width / (style.size * 0.5)))
        let lineHeight = style.size * style.lineSpacing
        var used = 0.0
        var bytes = 0
        let paragraphs = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (p, paragraph) in paragraphs.enumerated() {
            let chars = Array(paragraph)
            var start = 0
            repeat {
                if used + lineHeight > height + 0.01 { return bytes }
                let end = min(chars.count, start + perLine)
                bytes += String(chars[start..<end]).utf8.count
                used += lineHeight
                start = end
            } while start < chars.count
            if p < paragraphs.count - 1 { bytes += 1 }
        }
        return text.utf8.count
    }
}

/// The result of running a program.
public struct RunResult: Sendable {
    /// Exit status.
    public var status: Int32
    /// Standard output.
    public var stdout: String
    /// Standard error.
    public var stderr: String
    /// Standard output as bytes.
    public var stdoutData: Data
}

/// Runs programs the way a user or script would.
public enum Run {
    /// The built `coprint` executable, beside the test bundle.
    public static var coprint: URL {
        var dir = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("coprint")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return Project.root.appendingPathComponent(".build/debug/coprint")
    }

    /// Runs `coprint` with `arguments` in `folder`.
    public static func coprint(_ arguments: [String], in folder: URL? = nil, stdin: Data? = nil,
                               environment: [String: String] = [:]) throws -> RunResult {
        var env = ProcessInfo.processInfo.environment
        env["COPRINT_LAYOUTS"] = Project.layouts.path
        env["COPRINT_FONTS"] = Project.fonts.path
        for (k, v) in environment { env[k] = v }
        return try program(coprint.path, arguments, in: folder, stdin: stdin, environment: env)
    }

    /// Runs a tool found on the PATH (pdfinfo, pdftotext, pdffonts, qpdf).
    public static func tool(_ name: String, _ arguments: [String]) throws -> RunResult {
        try program("/usr/bin/env", [name] + arguments, in: nil, stdin: nil, environment: ProcessInfo.processInfo.environment)
    }

    /// Runs any program with exactly `environment`, in `folder`.
    public static func program(_ path: String, _ arguments: [String], in folder: URL?, stdin: Data? = nil, environment: [String: String]) throws -> RunResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = environment
        if let folder { process.currentDirectoryURL = folder }
        // Output goes to files, so a large output can never block the child.
        let scratch = try Project.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("out"), errURL = scratch.appendingPathComponent("err")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        try out.close(); try err.close()
        let outData = try Data(contentsOf: outURL), errData = try Data(contentsOf: errURL)
        return RunResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData, as: UTF8.self), stdoutData: outData)
    }
}

/// What PDF reader tools say about a file.
public enum PDFCheck {
    /// `pdfinfo` fields by name.
    public static func info(_ pdf: URL) throws -> [String: String] {
        let r = try Run.tool("pdfinfo", [pdf.path])
        var result: [String: String] = [:]
        for line in r.stdout.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            result[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return result
    }

    /// The text a reader extracts, in the order it was drawn (reading order), with runs of white
    /// space folded to single spaces.
    public static func text(_ pdf: URL) throws -> String {
        let r = try Run.tool("pdftotext", ["-raw", "-enc", "UTF-8", pdf.path, "-"])
        return fold(r.stdout)
    }

    /// `pdffonts` rows: name, type, embedded, subset.
    public static func fonts(_ pdf: URL) throws -> [(name: String, embedded: Bool, subset: Bool)] {
        let r = try Run.tool("pdffonts", [pdf.path])
        return r.stdout.split(separator: "\n").dropFirst(2).map { line in
            let cols = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            // name type [type2] encoding emb sub uni object ID
            let n = cols.count
            return (cols[0], cols[n - 5] == "yes", cols[n - 4] == "yes")
        }
    }

    /// Folds white space (including line breaks) to single spaces; a line break straight after a
    /// hyphen is a wrap inside a word ("co-" / "production") and is dropped.
    public static func fold(_ s: String) -> String {
        s.replacingOccurrences(of: "-\n", with: "-").split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}

extension PDFCheck {
    /// The text of a PDF with all white space and bidirectional control marks removed: the form in
    /// which "every word, in order" is checked, whatever the line breaks.
    public static func squashedText(_ pdf: URL, raw: Bool) throws -> String {
        let r = try Run.tool("pdftotext", (raw ? ["-raw"] : []) + ["-enc", "UTF-8", pdf.path, "-"])
        return squash(r.stdout)
    }

    /// `s` without white space or bidirectional control marks.
    public static func squash(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.filter {
            !$0.properties.isWhitespace && !(0x200E...0x200F).contains($0.value) && !(0x202A...0x202E).contains($0.value)
                && !(0x2066...0x2069).contains($0.value)
        }))
    }

    /// The words of `expected` that are missing from `text` (squashed), searching forward from the
    /// previous word when `inOrder` is set, so that each region's words must appear in order.
    public static func missingWords(_ expected: [String], in text: String, inOrder: Bool) -> [String] {
        var missing: [String] = []
        var cursor = text.startIndex
        for word in expected.flatMap({ $0.split(whereSeparator: { $0.isWhitespace }).map(String.init) }) {
            let w = squash(word)
            guard !w.isEmpty else { continue }
            if let found = text.range(of: w, range: (inOrder ? cursor : text.startIndex)..<text.endIndex) {
                if inOrder { cursor = found.upperBound }
            } else {
                missing.append(word)
            }
        }
        return missing
    }
}

/// A small seeded random number generator, so generated test plans are the same on every run.
public struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64
    /// Starts from `seed`.
    public init(seed: UInt64) { state = seed }
    /// SplitMix64.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
