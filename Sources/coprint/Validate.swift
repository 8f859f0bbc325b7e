import ArgumentParser
import CoprintCore
import CoprintLayout
import Foundation

/// `coprint validate`: checks a plan or content file and reports every problem at once, and
/// everything `render` would warn about, without writing anything.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a plan or content file against its layout, reporting every problem at once.",
        discussion: "Also prints the plan in memory and reports what 'coprint render' would warn about: text that continues on an extra page, characters no font can draw, and lines YAML reads differently from how they look. Nothing is written.")

    @Argument(help: ArgumentHelp("The plan or content file, or - for standard input.", valueName: "file"))
    var file: String

    @Option(help: "Paper size to check: a4, a3, or all for both.")
    var paper: PaperChoice = .a4

    @OptionGroup var languages: LanguageOptions

    @Option(help: ArgumentHelp("Check it printed in this theme (see 'coprint list').", valueName: "name"))
    var theme: String?

    @OptionGroup var setup: SetupOptions

    func run() throws {
        // A layout's translation (languages/LANG/LAYOUT.yaml) is checked against its layout.
        let url = URL(fileURLWithPath: file).standardizedFileURL
        let parts = url.pathComponents
        if parts.count >= 3, parts[parts.count - 3] == "languages", url.pathExtension == "yaml" {
            try validateTranslation(language: parts[parts.count - 2], layout: url.deletingPathExtension().lastPathComponent, url: url)
            return
        }
        // A file in a 'themes' folder is a theme: check it against its own rules and every layout.
        if file != "-", URL(fileURLWithPath: file).deletingLastPathComponent().lastPathComponent == "themes" {
            let theme = try Theme.load(from: URL(fileURLWithPath: file))
            let layouts = try setup.library().layouts
            let problems = layouts.flatMap { theme.problems(for: $0) }
            if !problems.isEmpty { throw CoprintError(problems) }
            Output.line("\(file) is a theme that keeps its own rules with every layout (\(layouts.map(\.name).joined(separator: ", "))).")
            return
        }
        let plan = try PlanFile.load(file, folders: setup.folders, edition: try languages.edition())
        let fields = plan.layout.fields.compactMap(\.field)
        let filled = fields.filter { plan.content.fields[$0] != nil }
        let name = file == "-" ? "standard input" : file
        let printer = try setup.printer()
        printer.printEdition.theme = try chosenTheme(theme, planTheme: plan.content.theme, at: plan.content.themeMark, folders: setup.folders)
        let result = try printer.render(plan.layout, content: plan.content, papers: paper.papers, format: .pdf)
        warn(result.warnings)
        let pages = result.papers.map { "\($0.pages) \($0.pages == 1 ? "page" : "pages") on \($0.paper.uppercased())" }.joined(separator: ", ")
        if result.warnings.isEmpty {
            Output.line("\(name) is ready to print with layout '\(plan.layout.name)': \(filled.count) of \(fields.count) fields filled, \(pages).")
        } else {
            let n = result.warnings.count
            Output.line("\(name) can be printed with layout '\(plan.layout.name)' (\(filled.count) of \(fields.count) fields filled, \(pages)), but read the \(n == 1 ? "warning" : "\(n) warnings") above first; 'render --strict' would refuse it.")
        }
    }

    /// Checks a translation file: every word of its layout there, nothing misspelt, and the
    /// poster's translated wording present.
    func validateTranslation(language: String, layout name: String, url: URL) throws {
        let layoutsFolder = url.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let library = try LayoutLibrary(folders: [layoutsFolder] + setup.folders, only: [name])
        let layout = try library.layout(named: name)
        let edition = Edition(language)
        let translated = try library.inEdition(layout, edition)
        _ = try Content.shipped(for: translated)
        Output.line("\(file) has every word of layout '\(name)' in '\(language)'; print it with: coprint blank \(name) --language \(language)")
    }
}
