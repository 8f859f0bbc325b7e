import ArgumentParser
import CoprintCore
import CoprintLayout
import Foundation

/// `coprint list`: every layout with its kind, orientation and description.
struct ListLayouts: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Show every canvas and poster coprint can print.")

    @OptionGroup var setup: SetupOptions

    func run() throws {
        let library = try setup.library()
        let width = library.layouts.map(\.name.count).max() ?? 10
        for layout in library.layouts {
            let name = layout.name.padding(toLength: width + 2, withPad: " ", startingAt: 0)
            let kind = layout.kind.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
            let orientation = layout.orientation.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)
            Output.line("\(name)\(kind)\(orientation)\(layout.description)")
            // Every language it has words in, and the bilingual editions those make.
            let codes = layout.availableLanguages
            let bilingual = codes.count > 1 ? codes.dropFirst().map { "\($0)+\(codes[0])" } : []
            let shown = codes.map { library.languageName($0) } + bilingual
            Output.line(String(repeating: " ", count: width + 2) + "languages: " + shown.joined(separator: ", "))
            if !library.isBuiltIn(layout.name) {
                let from = displayPath(layout.source)
                let note = library.replaced[layout.name] != nil ? "your own, from \(from), in place of the built-in one" : "your own, from \(from)"
                Output.line(String(repeating: " ", count: width + 2) + "(\(note))")
            }
        }
        if library.layouts.allSatisfy({ library.isBuiltIn($0.name) }) {
            // A blank line first: Output.line shows a line break inside its text as \u{A}.
            Output.line("")
            Output.line("All are built in. Add your own with --layouts FOLDER, or in a folder called layouts here.")
            Output.line("Print another language with --language, such as --language cy or --language cy+en.")
        }
        let themes = try ThemeLibrary(layoutFolders: setup.folders).themes
        guard !themes.isEmpty else { return }
        Output.line("")
        Output.line("Themes: print any layout in one with --theme NAME, such as 'coprint blank action-plan --theme large-print'.")
        let themeWidth = max(width, themes.map(\.name.count).max() ?? 10)
        for theme in themes {
            Output.line(theme.name.padding(toLength: themeWidth + 2, withPad: " ", startingAt: 0) + theme.description)
        }
    }
}
