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
        Writes output/LAYOUT-a4.pdf unless told otherwise. With -o, a path ending in .pdf or .png is the file to write; any other path is a folder to write into.
        """)

    @Argument(help: "The layout to print, such as action-plan or top-tips. See 'coprint list'.")
    var layout: String?

    @Flag(help: "Print every layout instead of one.")
    var all = false

    @Flag(help: "Make the PDF a form people can type into in any PDF reader; read it back with 'coprint import'.")
    var fillable = false

    @OptionGroup var copies: CopiesOptions
    @OptionGroup var out: OutputOptions
    @OptionGroup var languages: LanguageOptions
    @OptionGroup var printing: EditionOptions
    @OptionGroup var setup: SetupOptions

    func validate() throws {
        if all && layout != nil { throw ValidationError("give a layout name or --all, not both") }
        if !all && layout == nil { throw ValidationError("say which layout to print (see 'coprint list'), or use --all for every layout") }
        if all, let output = out.output, output == "-" || OutputTarget(path: output) != .folder(URL(fileURLWithPath: output)) {
            throw ValidationError("with --all, -o must be a folder, not \(output)")
        }
    }

    func run() throws {
        let library = try setup.library(only: layout.map { [$0] })
        let edition = try languages.edition()
        let chosen = try layout.map { [try library.layout(named: $0, edition: edition)] } ?? library.layouts.map { try library.inEdition($0, edition) }
        let contents = try chosen.map { try shippedContent(for: $0) }
        let printer = try setup.printer()
        printer.fillable = fillable
        printer.printEdition = try printing.printEdition(folders: setup.folders)
        if fillable && out.effectiveFormat != .pdf { throw CoprintError("--fillable makes a PDF form; a PNG picture cannot be typed into. Leave out --format png", kind: .usage) }
        let numbered = { (n: Int) in chosen[0].furnitureWords(\.sheetLabel, ["number": "\(n)"]) }
        if let labels = try WorkshopPack.labels(copies: copies.copies, given: copies.labels, numbered: numbered) {
            if fillable { throw CoprintError("--fillable makes one canvas to type into; print the copies for a workshop without --fillable", kind: .usage) }
            // Several labelled copies go into one PDF: a workshop pack of this layout.
            guard out.effectiveFormat == .pdf, out.output != "-" else {
                throw CoprintError("--copies and --labels make one PDF file; use -o NAME.pdf or a folder", kind: .usage)
            }
            let target = out.target
            var file: String?
            var folder = "output"
            switch target {
            case .file(let url): file = url.path
            case .folder(let url): folder = url.path
            }
            let name = chosen.count == 1 ? "\(chosen[0].name)-\(labels.count)-copies" : "pack"
            try writePack(zip(chosen, contents).map { (layout: $0.0, content: $0.1) }, labels: labels, papers: out.paper.papers,
                          file: file, folder: folder, name: name, printer: printer)
            return
        }
        for (layout, content) in zip(chosen, contents) {
            if out.output == "-" {
                let result = try printer.render(layout, content: content, papers: out.paper.papers, format: .pdf)
                warn(result.warnings)
                Output.data(result.documents[0].data)
                continue
            }
            let result = try printer.print(layout, content: content, papers: out.paper.papers, format: out.effectiveFormat, to: out.target,
                                           name: TextSafety.safeFileName(layout.name + (edition.map { "-\($0)" } ?? "")), dpi: out.dpi)
            warn(result.warnings)
            for file in result.files { Output.line("wrote \(displayPath(file))") }
            clearStaleTemporaryFiles(beside: result.files)
        }
    }

    /// A poster prints with the wording it ships with; a canvas prints blank.
    func shippedContent(for layout: Layout) throws -> Content {
        try Content.shipped(for: layout)
    }
}
