import ArgumentParser
import CoprintCore
import CoprintLayout
import Foundation

/// `coprint blank`: a blank canvas to write on, or a poster with its shipped wording.
struct Blank: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "blank",
        abstract: "Print a blank canvas to write on, or a poster with its own wording.",
        discussion: """
        Writes output/LAYOUT-a4.pdf unless told otherwise. With -o, a path ending in .pdf or
        .png is the file to write; any other path is a folder to write into.
        """)

    @Argument(help: "The layout to print, such as action-plan or top-tips. See 'coprint list'.")
    var layout: String?

    @Flag(help: "Print every layout instead of one.")
    var all = false

    @Option(help: "Paper size: a4, a3, or all for both.")
    var paper: PaperChoice = .a4

    @Option(help: "pdf to print, or png for a preview image of each page.")
    var format: OutputFormat = .pdf

    @Option(name: .shortAndLong, help: ArgumentHelp("Where to write: a .pdf or .png file, or a folder.", valueName: "path"))
    var output: String?

    @Option(help: "Resolution of PNG images, in dots per inch.")
    var dpi: Double = 150

    @OptionGroup var setup: SetupOptions

    func validate() throws {
        if all && layout != nil { throw ValidationError("give a layout name or --all, not both") }
        if !all && layout == nil { throw ValidationError("say which layout to print (see 'coprint list'), or use --all for every layout") }
        if all, let output, case .file = OutputTarget(path: output) {
            throw ValidationError("with --all, -o must be a folder, not the file \(output)")
        }
        guard (10...1200).contains(dpi) else { throw ValidationError("--dpi must be between 10 and 1200") }
        if let output, case .file(let url) = OutputTarget(path: output), url.pathExtension.lowercased() != format.rawValue {
            throw ValidationError("-o \(output) ends in .\(url.pathExtension) but --format is \(format.rawValue); make them match")
        }
    }

    func run() throws {
        let library = try setup.library()
        let chosen = try layout.map { [try library.layout(named: $0)] } ?? library.layouts
        let contents = try chosen.map { try shippedContent(for: $0) }
        let printer = try setup.printer()
        let target = OutputTarget(path: output ?? "output")
        for (layout, content) in zip(chosen, contents) {
            let files = try printer.print(layout, content: content, papers: paper.papers, format: format, to: target, dpi: dpi)
            for warning in printer.warnings {
                FileHandle.standardError.write(Data("coprint: warning: \(warning)\n".utf8))
            }
            for file in files { print("wrote \(displayPath(file))") }
        }
    }

    /// A poster prints with the wording it ships with; a canvas prints blank.
    func shippedContent(for layout: Layout) throws -> Content {
        guard let file = layout.contentFile else { return .blank(for: layout) }
        return try Content.load(from: file, for: layout)
    }
}
