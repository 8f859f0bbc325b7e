import Foundation

/// One canvas or poster, as described by a file in `layouts/`.
///
/// A layout says what is on each page and where: a grid of regions with headings, prompts and
/// writing space, its colours and text sizes (given for A4; A3 scales them up), and which named
/// fields a plan or content file may fill. The code knows no layout by name.
public struct Layout: Sendable {
    /// Whether a layout is a canvas to fill in or a poster to pin up.
    public enum Kind: String, Sendable, CaseIterable {
        /// A canvas with writing space, printed blank or filled from a team's plan.
        case canvas
        /// A poster whose words come from a content file.
        case poster
    }

    /// The name used on the command line: the file name without `.yaml`.
    public var name: String
    /// Canvas or poster.
    public var kind: Kind
    /// The title, shown in PDF readers and on the page.
    public var title: String
    /// One line saying what it is for, shown by `coprint list`.
    public var description: String
    /// Which way up every page is printed.
    public var orientation: Orientation
    /// The credit line printed at the foot of every page (a content file may replace it).
    public var credit: String?
    /// The content file a poster ships with, if any.
    public var contentFile: URL?
    /// Sizes, colours and fonts.
    public var style: Style
    /// How the page is divided.
    public var grid: Grid
    /// The pages, in order.
    public var pages: [PageSpec]
    /// The file this layout was read from.
    public var source: URL
    /// The language the layout file is written in (its `language:`, English when not given).
    public var language: String = "en"
    /// The edition its words are in: the layout's own language until ``inEdition(_:furniture:)``.
    public var edition: Edition = .english
    /// The page furniture ("Page 2 of 3") in the edition's main language.
    public var furniture: Furniture = .english
    /// The page furniture in the paired language of a bilingual edition.
    public var pairedFurniture: Furniture?
    /// A bilingual poster's shipped wording in the paired language, paired with ``contentFile``.
    public var pairedContentFile: URL?

    /// A furniture word in the edition's language, with the paired language under it in a
    /// bilingual edition, its `{placeholders}` filled from `values` (a value that is itself
    /// bilingual gives each language its own part).
    public func furnitureWords(_ word: (Furniture) -> String, _ values: [String: String] = [:]) -> String {
        func part(_ i: Int) -> [String: String] {
            values.mapValues { v in
                let parts = v.split(separator: Bilingual.separator, maxSplits: 1).map(String.init)
                return i < parts.count ? parts[i] : v
            }
        }
        let main = Furniture.fill(word(furniture), part(0))
        guard let paired = pairedFurniture else { return main }
        return Bilingual.pair(main, Furniture.fill(word(paired), part(1)))
    }

    /// Every field a plan or content file may fill, in reading order.
    public var fields: [Region] {
        pages.flatMap(\.regions).filter { $0.field != nil }
    }

    /// A region or cell as a person finds it on the page: the field with its heading, such as
    /// `purpose ("What needs to change, and why?")` or `values.strengths.individual (Strengths,
    /// Individual)`.
    public func displayName(ofRegion name: String) -> String {
        let parts = name.split(separator: ".").map(String.init)
        guard let field = parts.first, let region = fields.first(where: { $0.field == field }) else { return name }
        if case .matrix(let across, let down) = region.kind, parts.count == 3,
           let column = across.first(where: { $0.id == parts[1] }), let row = down.first(where: { $0.id == parts[2] }) {
            return "\(name) (\(Layout.oneLine(column.label)), \(Layout.oneLine(row.label)))"
        }
        guard let label = region.label, parts.count == 1 else { return name }
        return "\(name) (\"\(Layout.oneLine(label))\")"
    }
}

/// Text sizes (points, at A4), fonts and colours of a layout.
public struct Style: Sendable {
    /// The font family for all text, from `fonts/`.
    public var font: String
    /// Size of the words people write.
    public var textSize: Double
    /// The smallest size text may shrink to before it continues elsewhere.
    public var minTextSize: Double
    /// Size of guidance prompts.
    public var promptSize: Double
    /// Size of region headings.
    public var headingSize: Double
    /// Size of the page heading.
    public var titleSize: Double
    /// Size of the credit line.
    public var creditSize: Double
    /// Named colours.
    public var colours: Palette
    /// The least distance between lines, as a multiple of the size: 1 leaves each text's own
    /// spacing; a theme raises it (1.5 for dyslexia-friendly print).
    public var lineSpacing: Double = 1
    /// How heavy region headings are: semibold, or bold in large print.
    public var headingWeight: TextStyle.Weight = .semibold
    /// How much more room than usual padding inside boxes gets (1 as designed; large print more).
    public var spacing: Double = 1
    /// Whether the level labels of a matrix (INDIVIDUAL, GROUP) are printed in capitals.
    public var capitalLabels = true
}

/// The colours a layout uses, by job.
public struct Palette: Sendable {
    /// Main text.
    public var ink: Colour
    /// Headings, numbers and banners.
    public var accent: Colour
    /// Text on top of the accent colour.
    public var onAccent: Colour
    /// Light background of heading strips and cards.
    public var tint: Colour
    /// Guidance prompts.
    public var prompt: Colour
    /// Box edges and writing lines.
    public var rule: Colour
    /// The page itself: white, or an off-white a theme chooses (cream for dyslexia-friendly print).
    public var paper: Colour = .white
}

/// How a page is divided into columns and rows that regions are placed on.
public struct Grid: Sendable {
    /// Number of equal columns.
    public var columns: Int
    /// Number of equal rows.
    public var rows: Int
    /// Space between columns and rows, at A4.
    public var gap: Length
    /// Blank border around the page. Not scaled on A3: printers need the same edge on any paper.
    public var margin: Length
}

/// One page of a layout.
public struct PageSpec: Sendable {
    /// The heading printed across the top, if any.
    public var heading: String?
    /// A line of guidance printed under the heading, if any.
    public var intro: String?
    /// The regions, in reading order.
    public var regions: [Region]
    /// How many grid rows this page has, when not the layout's (a page split in two by a theme).
    public var gridRows: Int? = nil
}

/// A box on the page: where it sits on the grid and what goes in it.
public struct Region: Sendable {
    /// The name a plan or content file fills this region by, if it can be filled.
    public var field: String?
    /// What kind of region it is.
    public var kind: RegionKind
    /// The heading of the region.
    public var label: String?
    /// A light guidance line under the heading.
    public var prompt: String?
    /// Fixed text printed when no plan or content fills the field.
    public var text: String?
    /// Grid columns it spans, counted from 1.
    public var columns: ClosedRange<Int>
    /// Grid rows it spans, counted from 1.
    public var rows: ClosedRange<Int>
    /// Whether to draw nothing at all (not even the heading) when nothing fills the field.
    public var hideWhenEmpty: Bool = false
    /// Where the region is written in the layout file.
    public var mark: SourceMark
    /// Fixed cards a list prints when no content fills it: a bilingual edition's key to a
    /// values grid (each value's name over its description).
    public var items: [ListItem]? = nil
    /// Whether a matrix's column heads carry only the names, their descriptions being printed on
    /// a key page instead (a bilingual edition, where two languages would not leave the cells room).
    public var detailsInKey = false
}

/// The kinds of region, each with its own settings.
public enum RegionKind: Sendable {
    /// A large heading on the accent colour, such as a poster's title.
    case banner
    /// A heading, a prompt and room to write (or the filled-in words).
    case text(writing: Writing)
    /// A numbered or bulleted list of items, each a heading and some text, in one or more columns.
    case list(numbered: Bool, itemColumns: Int)
    /// A table of cells: one column per item `across`, one row per item `down`.
    case matrix(across: [MatrixItem], down: [MatrixItem])
    /// A table with column headings and blank rows to write in.
    case table(headings: [MatrixItem], blankRows: Int)
    /// A picture, such as an organisation's logo, fitted inside the box.
    case image

    /// The name used in layout files.
    public var name: String {
        switch self {
        case .banner: return "banner"
        case .text: return "text"
        case .list: return "list"
        case .matrix: return "matrix"
        case .table: return "table"
        case .image: return "image"
        }
    }
}

/// What a blank text region offers for handwriting.
public enum Writing: String, Sendable, CaseIterable {
    /// Ruled lines.
    case lines
    /// One line to write on, beside the heading (for a name or a date).
    case line
    /// An open box.
    case box
    /// No writing space: the region only shows text.
    case none
}

/// One column or row of a matrix, or one column of a table.
public struct MatrixItem: Sendable {
    /// The name used for it in plan files.
    public var id: String
    /// The heading printed for it.
    public var label: String
    /// A longer line under the heading.
    public var detail: String?
    /// A guidance prompt shown in its cells.
    public var prompt: String?
}
