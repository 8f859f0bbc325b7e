import CoprintLayout
import Foundation

/// Which edition of a document to print: the look (a theme for readers who need large print,
/// high contrast or dyslexia-friendly pages) and how the sheets are made (bleed and crop marks
/// for a print shop, or a large page tiled across smaller sheets for a home printer).
public struct PrintEdition: Sendable {
    /// The theme, or nil for the layout's own look.
    public var theme: Theme?
    /// How far backgrounds run past the trimmed edge, for a print shop to cut into; zero for none.
    public var bleed: Length = .zero
    /// Whether to draw crop marks outside the trimmed page, for a print shop to cut along.
    public var marks = false
    /// The sheet to tile each page across (such as A4 for an A3 canvas), or nil to print it whole.
    public var tile: Paper?

    /// The layout's own look, printed whole.
    public init() {}

    /// Whether the sheets are made for a print shop.
    public var isPrintShop: Bool { bleed > .zero || marks }

    /// `doc`'s pages, printed on `paper`, as the sheets to print: on a print shop's larger sheet
    /// with bleed and crop marks, or each across tiled sheets; unchanged otherwise.
    public func sheets(_ doc: LaidOutDocument, paper: Paper) -> LaidOutDocument {
        var result = doc
        if isPrintShop {
            let shop = PrintShopSheet(bleed: bleed, marks: marks)
            result.pages = doc.pages.map(shop.sheet(for:))
        } else if let tile, tile.scale < paper.scale {
            let tiling = Tiling(sheet: tile)
            result.pages = doc.pages.enumerated().flatMap { i, page in
                tiling.sheets(for: page, label: "\(paper.displayName) page \(i + 1) of \(doc.pages.count)")
            }
        }
        return result
    }

    /// A problem with printing `paper` in this edition, in plain words: tiling onto sheets no
    /// smaller than the page.
    public func problem(printing paper: Paper) -> CoprintError? {
        guard let tile, tile.scale >= paper.scale else { return nil }
        return CoprintError("--tile \(tile.rawValue) prints a larger page across \(tile.displayName) sheets, but the page is \(paper.displayName) already; use --paper a3 (or a2, a1) with --tile \(tile.rawValue)", kind: .usage)
    }
}
