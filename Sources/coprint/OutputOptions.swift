import ArgumentParser
import CoprintCore
import CoprintLayout
import Foundation

/// Options for where and how output is written, shared by `blank` and `render`.
struct OutputOptions: ParsableArguments {
    @Option(help: "Paper size: a4, a3, all for both, or a2 or a1 for a wall poster.")
    var paper: PaperChoice = .a4

    @Option(help: "pdf to print, or png for a preview image of each page (default: from the -o file's ending, else pdf).")
    var format: OutputFormat?

    /// The format asked for, or the one the output file's name ends in, or PDF.
    var effectiveFormat: OutputFormat {
        if let format { return format }
        if let output, case .file(let url) = OutputTarget(path: output), let f = OutputFormat(rawValue: url.pathExtension.lowercased()) { return f }
        return .pdf
    }

    @Option(name: .shortAndLong, help: ArgumentHelp("Where to write: a .pdf or .png file, a folder, or - for standard output.", valueName: "path"))
    var output: String?

    @Option(help: "Resolution of PNG images, in dots per inch.")
    var dpi: Double = 150

    func validate() throws {
        // 600 dpi makes an A3 page a 300 MB image in memory; 1200 dpi would need over 1 GB.
        guard (10...600).contains(dpi) else { throw ValidationError("--dpi must be between 10 and 600") }
        if output == "-" {
            guard effectiveFormat == .pdf, paper != .all else {
                throw ValidationError("-o - (standard output) takes one PDF: use --format pdf with --paper a4 or a3")
            }
        } else if let format, let output, case .file(let url) = OutputTarget(path: output), url.pathExtension.lowercased() != format.rawValue {
            throw ValidationError("-o \(output) ends in .\(url.pathExtension) but --format is \(format.rawValue); make them match, or leave out --format")
        }
    }

    var target: OutputTarget { OutputTarget(path: output ?? "output") }
}

/// Removes temporary files left beside `files` by an earlier run that was killed mid-write.
func clearStaleTemporaryFiles(beside files: [URL]) {
    for folder in Set(files.map { $0.deletingLastPathComponent().standardizedFileURL }) {
        SafeFile.removeStaleTemporaryFiles(in: folder)
    }
}

/// Writes warnings to standard error, one per line.
func warn(_ warnings: [String]) {
    guard !warnings.isEmpty else { return }
    Output.message(warnings.map { "coprint: warning: \(TextSafety.forTerminal($0))\n" }.joined())
}

/// The `--language` option of `blank`, `render` and `batch`: which edition to print.
struct LanguageOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The language to print in: en, cy, or cy+en for Welsh and English together (Welsh first). Default: the plan's own 'language:', else the layout's language.", valueName: "language"))
    var language: String?

    /// The edition asked for, if any.
    func edition() throws -> Edition? {
        try language.map { try Edition(parsing: $0) }
    }

    func validate() throws {
        do { _ = try edition() } catch let error as CoprintError { throw ValidationError(error.problems.map(\.message).joined(separator: "; ")) }
    }
}
