import ArgumentParser
import CoprintCore
import CoprintLayout
import Foundation

/// `coprint pack`: everything for a workshop in one PDF, in print order.
struct Pack: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pack",
        abstract: "Print a workshop pack: canvases for every table and the posters, in one PDF.",
        discussion: """
        Each canvas is printed once per table, its sheets labelled Table 1, Table 2 and so on (or with the names given by --labels); each poster is printed once. Everything is in one PDF, in the order given, ready to send to a printer.

        Examples:
          coprint pack action-plan top-tips five-values --copies 4 --paper a3
          coprint pack action-plan --labels "Red,Blue,Green" -o workshop.pdf
        """)

    @Argument(help: ArgumentHelp("The canvases and posters, in the order to print them. See 'coprint list'.", valueName: "layout"))
    var layouts: [String] = []

    @OptionGroup var copies: CopiesOptions

    @Option(help: "Paper size: a4, a3, or all for one pack of each.")
    var paper: PaperChoice = .a4

    @Option(name: .shortAndLong, help: ArgumentHelp("The PDF to write (default: output/pack-PAPER.pdf).", valueName: "file.pdf"))
    var output: String?

    @OptionGroup var languages: LanguageOptions
    @OptionGroup var printing: EditionOptions
    @OptionGroup var setup: SetupOptions

    func validate() throws {
        if layouts.isEmpty { throw ValidationError("say which canvases and posters go in the pack, such as: coprint pack action-plan top-tips --copies 4") }
        if let output, !output.lowercased().hasSuffix(".pdf") { throw ValidationError("-o for a pack is a .pdf file, such as workshop.pdf") }
    }

    func run() throws {
        let library = try setup.library(only: Set(layouts))
        let edition = try languages.edition()
        let documents = try layouts.map { name -> (layout: Layout, content: Content) in
            let layout = try library.layout(named: name, edition: edition)
            return (layout, try Content.shipped(for: layout))
        }
        let numbered = { (n: Int) in documents[0].layout.furnitureWords(\.sheetLabel, ["number": "\(n)"]) }
        let labels = try WorkshopPack.labels(copies: copies.copies, given: copies.labels, numbered: numbered) ?? [numbered(1)]
        let printer = try setup.printer()
        printer.printEdition = try printing.printEdition(folders: setup.folders)
        try writePack(documents, labels: labels, papers: paper.papers, file: output, name: "pack", printer: printer)
    }
}

/// `--copies` and `--labels`, shared by `blank` and `pack`.
struct CopiesOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Print this many copies of each canvas into one PDF, labelled Table 1, Table 2 ...", valueName: "n"))
    var copies: Int?

    @Option(help: ArgumentHelp("Names for the copies instead of Table 1, Table 2 ..., separated by commas.", valueName: "names"))
    var labels: String?
}

/// Writes one pack PDF per paper, saying what it holds. `file` names the PDF (with the paper
/// added before `.pdf` when there are two papers); without it, `folder/NAME-PAPER.pdf`.
func writePack(_ documents: [(layout: Layout, content: Content)], labels: [String], papers: [Paper], file: String?,
               folder: String = "output", name: String, printer: Printer) throws {
    for paper in papers {
        let parts = WorkshopPack.parts(documents, paper: paper, labels: labels)
        let title = "Workshop pack: " + documents.map(\.layout.title).joined(separator: ", ")
        let data = try printer.combinedPDF(parts, title: title, subject: "\(parts.count) documents, \(labels.count == 1 ? "one table" : "\(labels.count) tables")")
        warn(printer.warnings.map(\.description))
        let url: URL
        if let file {
            let base = URL(fileURLWithPath: file).deletingPathExtension().path
            url = URL(fileURLWithPath: papers.count > 1 ? "\(base)-\(paper.rawValue).pdf" : file)
        } else {
            url = URL(fileURLWithPath: folder).appendingPathComponent("\(name)-\(paper.rawValue).pdf")
        }
        try SafeFile.write(data, to: url)
        let contents = parts.map { part in part.label.map { "\(part.layout.name) for \(Layout.oneLine($0))" } ?? part.layout.name }
        Output.line("wrote \(displayPath(url)): \(printer.pageCount) pages (\(contents.joined(separator: ", ")))")
    }
}
