import ArgumentParser
import CoprintCore
import CoprintLayout
import Foundation

/// Options that choose the edition to print, shared by `blank`, `render` and `batch`: a theme
/// for readers, bleed and crop marks for a print shop, tiling for a small printer.
struct EditionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Print in a theme: large-print, high-contrast or dyslexia (see 'coprint list').", valueName: "name"))
    var theme: String?

    @Option(help: ArgumentHelp("For a print shop: run backgrounds this far past the page edge, such as 3mm.", valueName: "length"))
    var bleed: String?

    @Flag(help: "For a print shop: draw crop marks outside the page to cut along.")
    var marks = false

    @Option(help: ArgumentHelp("Print each page across sheets of this paper to glue together, such as a4 for an A3 canvas.", valueName: "paper"))
    var tile: Paper?

    func validate() throws {
        if let bleed {
            guard let l = Length(text: bleed), (0...10).contains(l.millimetres) else {
                throw ValidationError("--bleed should be a length from 0mm to 10mm, such as 3mm (print shops usually ask for 3mm)")
            }
        }
        if tile != nil && (bleed != nil || marks) {
            throw ValidationError("--tile is for printing at home and --bleed/--marks for a print shop; use one or the other")
        }
    }

    /// The edition asked for, with the theme read from the `themes` folders beside `folders`.
    /// `--theme` wins over a theme the plan file names (`planTheme`, written at `mark`).
    func printEdition(folders: [URL], planTheme: String? = nil, at mark: SourceMark? = nil) throws -> PrintEdition {
        var e = PrintEdition()
        e.theme = try chosenTheme(theme, planTheme: planTheme, at: mark, folders: folders)
        e.bleed = bleed.flatMap { Length(text: $0) } ?? .zero
        e.marks = marks
        e.tile = tile
        return e
    }
}

/// The theme to print in: the one named on the command line (`flag`), else the one a plan
/// file names (`planTheme`, written at `mark`, which a message about it points to), else none.
func chosenTheme(_ flag: String?, planTheme: String?, at mark: SourceMark?, folders: [URL]) throws -> Theme? {
    if let flag { return try ThemeLibrary(layoutFolders: folders).theme(named: flag) }
    guard let planTheme else { return nil }
    do { return try ThemeLibrary(layoutFolders: folders).theme(named: planTheme) } catch let error as CoprintError {
        throw CoprintError(error.problems.map { Problem($0.message, at: $0.mark ?? mark) })
    }
}

extension Paper: ExpressibleByArgument {
    /// Paper names in any case: A4, a4.
    public init?(argument: String) { self.init(rawValue: argument.trimmingCharacters(in: .whitespaces).lowercased()) }
}
