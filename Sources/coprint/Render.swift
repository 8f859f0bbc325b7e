import ArgumentParser
import CoprintCore
import CoprintLayout
import Foundation

/// `coprint render`: a canvas filled from a team's plan, or a poster from a content file.
struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Print a canvas filled in from a plan file, or a poster from a content file.",
        discussion: """
        The plan file (YAML or JSON) says which layout it fills on its first line, for example 'layout: action-plan'. Start one with 'coprint init action-plan'.

        Text that does not fit its box is made smaller, down to a readable size, and then carried on to an extra page at the end under the same heading. Nothing is cut off or left out.

        Examples:
          coprint render plan.yaml                      output/plan-a4.pdf
          coprint render plan.yaml --paper all          A4 and A3
          cat plan.json | coprint render - -o - > plan.pdf
        """)

    @Argument(help: ArgumentHelp("The plan or content file, or - to read it from standard input.", valueName: "file"))
    var file: String

    @OptionGroup var out: OutputOptions
    @OptionGroup var languages: LanguageOptions
    @OptionGroup var printing: EditionOptions

    @Option(help: ArgumentHelp("Also write a report (JSON) of how each box's text was fitted.", valueName: "path"))
    var report: String?

    @Flag(help: "Fail, writing nothing, if any text has to continue on an extra page or has characters no font can draw.")
    var strict = false

    @Flag(help: "Make the PDF a form people can type into in any PDF reader; read it back with 'coprint import'.")
    var fillable = false

    @OptionGroup var setup: SetupOptions

    func run() throws {
        let edition = try languages.edition()
        let plan = try PlanFile.load(file, folders: setup.folders, edition: edition)
        try checkReportPath(plan)
        try checkOutputPath(plan)
        let printer = try setup.printer()
        printer.fillable = fillable
        printer.printEdition = try printing.printEdition(folders: setup.folders, planTheme: plan.content.theme, at: plan.content.themeMark)
        if fillable && out.effectiveFormat != .pdf { throw CoprintError("--fillable makes a PDF form; a PNG picture cannot be typed into. Leave out --format png", kind: .usage) }
        // Render in memory, write the report (also when --strict then refuses: it says why), then
        // refuse or write the files.
        let rendered = try printer.render(plan.layout, content: plan.content, papers: out.paper.papers,
                                          format: out.output == "-" ? .pdf : out.effectiveFormat, dpi: out.dpi)
        try writeReport(rendered)
        if strict, let refused = Printer.strictProblems(rendered) {
            throw CoprintError(refused.problems + [Problem("nothing was written\(report.map { "; the fit report is in \($0)" } ?? "")")])
        }
        if out.output == "-" {
            warn(rendered.warnings)
            Output.data(rendered.documents[0].data)
            return
        }
        // The name comes from the plan's file name: controls, direction overrides and the like
        // are taken out, so the output name is what it looks like.
        let result = try printer.write(rendered, to: out.target, name: TextSafety.safeFileName(outputName(plan)),
                                       papers: out.paper.papers, format: out.effectiveFormat)
        warn(result.warnings)
        for file in result.files { Output.line("wrote \(displayPath(file))") }
        clearStaleTemporaryFiles(beside: result.files)
    }

    /// Refuses a `--report` path that would overwrite an input of this run (the plan, its layout,
    /// the poster's wording) or one of its outputs (a PDF or PNG, the output folder).
    func checkReportPath(_ plan: PlanFile) throws {
        guard let report else { return }
        let url = URL(fileURLWithPath: report).standardizedFileURL
        if ["pdf", "png"].contains(url.pathExtension.lowercased()) {
            throw CoprintError("--report \(report) would be a PDF or PNG file name; the report is JSON, so name it something like fit-report.json", kind: .usage)
        }
        if FileInfo(url.path)?.isFolder == true {
            throw CoprintError("--report \(report) is a folder; give a file name such as fit-report.json", kind: .usage)
        }
        var inputs = [plan.layout.source] + [plan.layout.contentFile, plan.layout.pairedContentFile].compactMap { $0 }
        if file != "-" { inputs.append(URL(fileURLWithPath: file)) }
        let same = inputs.first { SafeFile.sameFile(url, $0) }
        if let same {
            throw CoprintError("--report \(report) is \(displayPath(same)), an input of this run; writing the report there would replace it. Choose another name, such as fit-report.json", kind: .usage)
        }
        if case .file(let out) = out.target, out.path == url.path {
            throw CoprintError("--report \(report) is also the output file; choose another name, such as fit-report.json", kind: .usage)
        }
    }

    /// Refuses an output file (`-o FILE`) that is an input of this run: the plan, its layout,
    /// the poster's wording or a picture it uses.
    func checkOutputPath(_ plan: PlanFile) throws {
        var inputs = [plan.layout.source] + [plan.layout.contentFile, plan.layout.pairedContentFile].compactMap { $0 }
        if file != "-" {
            let planURL = URL(fileURLWithPath: file)
            inputs.append(planURL)
            for case .image(let image) in plan.content.fields.values {
                inputs.append(planURL.deletingLastPathComponent().appendingPathComponent(image.name))
            }
        }
        switch out.target {
        case .file(let target):
            if let same = inputs.first(where: { SafeFile.sameFile(target, $0) }) {
                throw CoprintError("-o \(out.output ?? "") is \(displayPath(same)), an input of this run; writing there would replace it. Choose another name", kind: .usage)
            }
        case .folder(let folder):
            // Files in the folder are named NAME-a4.pdf, NAME-a3-page2.png and so on.
            let name = TextSafety.safeFileName(outputName(plan))
            let same = inputs.first { input in
                SafeFile.sameFile(input.deletingLastPathComponent(), folder)
                    && input.lastPathComponent.hasPrefix(name + "-") && input.pathExtension.lowercased() == out.effectiveFormat.rawValue
            }
            if let same {
                throw CoprintError("writing into \(displayPath(folder)) could replace \(displayPath(same)), an input of this run. Choose another folder with -o", kind: .usage)
            }
        }
    }

    /// The output's name: the plan's, with the language added when `--language` asks for one.
    func outputName(_ plan: PlanFile) -> String {
        plan.outputName + (languages.language.map { _ in "-\(plan.layout.edition)" } ?? "")
    }

    func writeReport(_ result: PrintResult) throws {
        guard let report else { return }
        try SafeFile.write(try result.reportJSON(), to: URL(fileURLWithPath: report))
    }
}
