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
    func edition(folders: [URL]) throws -> Edition {
        var e = Edition()
        if let theme { e.theme = try ThemeLibrary(layoutFolders: folders).theme(named: theme) }
        e.bleed = bleed.flatMap { Length(text: $0) } ?? .zero
        e.marks = marks
        e.tile = tile
        return e
    }
}

extension Paper: ExpressibleByArgument {
    /// Paper names in any case: A4, a4.
    public init?(argument: String) { self.init(rawValue: argument.trimmingCharacters(in: .whitespaces).lowercased()) }
}
