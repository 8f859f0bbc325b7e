import Foundation

/// How a piece of text looks.
public struct TextStyle: Sendable, Hashable {
    /// How heavy the letters are.
    public enum Weight: Int, Sendable, Hashable {
        /// Body text.
        case regular = 400
        /// Slightly heavier, for labels.
        case medium = 500
        /// Between medium and bold, for headings.
        case semibold = 600
        /// Bold, for titles and numbers.
        case bold = 700
    }

    /// Where lines sit across the box.
    public enum Alignment: Sendable, Hashable {
        /// Lines start at the leading edge (the right edge for Arabic and Urdu).
        case leading
        /// Lines are centred.
        case centre
        /// Lines end at the trailing edge (the right edge for left-to-right text).
        case trailing
        /// Lines start at the left edge whatever the text's direction: for table cells, which
        /// line up with their column heads.
        case left
    }

    /// Font family.
    public var font: String
    /// Weight.
    public var weight: Weight
    /// Size in points, as printed on this paper.
    public var size: Double
    /// Colour.
    public var colour: Colour
    /// Alignment.
    public var alignment: Alignment = .leading
    /// Distance between baselines as a multiple of the size.
    public var lineSpacing: Double = 1.25
    /// For bulleted text: how far wrapped lines are indented, in points, so they hang under the
    /// text rather than the bullet.
    public var hangingIndent: Double = 0
    /// Space after each paragraph, in points.
    public var paragraphSpace: Double = 0
    /// The language of the text, as a BCP 47 tag (`cy`, `en-GB`), so line breaking and shaping
    /// follow it; nil when not known.
    public var language: String?
    /// In a bilingual edition, the language of the part of each line after a
    /// ``Bilingual/separator``: the paired language, printed under the main one.
    public var pairedLanguage: String?
    /// Whether a bilingual text sets its two languages on one line, "Welsh / English", rather than
    /// one under the other: for short labels in boxes with room for one line.
    public var pairsInline = false

    /// Makes a style.
    public init(font: String, weight: Weight, size: Double, colour: Colour,
                alignment: Alignment = .leading, lineSpacing: Double = 1.25) {
        self.font = font; self.weight = weight; self.size = size; self.colour = colour
        self.alignment = alignment; self.lineSpacing = lineSpacing
    }

    /// The same style at another size (indents and spacing scale with it).
    public func sized(_ newSize: Double) -> TextStyle {
        var s = self
        let k = newSize / size
        s.size = newSize
        s.hangingIndent *= k
        s.paragraphSpace *= k
        return s
    }
}

/// The part a piece of the page plays in the document's structure, for tagged PDF (screen readers
/// and reflow read it in this order).
public enum StructureTag: String, Sendable, Hashable {
    /// A page or poster title.
    case heading1 = "H1"
    /// A region heading.
    case heading2 = "H2"
    /// A heading inside a region: a column or row of a matrix.
    case heading3 = "H3"
    /// A paragraph.
    case paragraph = "P"
    /// A list.
    case list = "L"
    /// One item of a list.
    case listItem = "LI"
    /// An item's number or bullet.
    case label = "Lbl"
    /// An item's text.
    case listBody = "LBody"
    /// A section grouping related content.
    case section = "Sect"
    /// A table (the values grid).
    case table = "Table"
    /// A row of a table.
    case tableRow = "TR"
    /// A table's column or row heading.
    case tableHeader = "TH"
    /// A table's data cell.
    case tableCell = "TD"
}

/// A block of text placed on the page, already fitted to its box.
public struct TextBlock: Sendable, Hashable {
    /// The box the text is laid out in: its width wraps the lines, its top is the first line's top.
    public var frame: Rect
    /// The text exactly as the user wrote it (never read as markup).
    public var text: String
    /// How it looks.
    public var style: TextStyle
    /// Which field or part of the layout it shows, for warnings.
    public var source: String
    /// Set on its side, reading from bottom to top (a row heading in a narrow strip): the lines
    /// wrap to the frame's height, and the first line's top lies along the frame's left edge.
    public var onItsSide: Bool

    /// Makes a text block.
    public init(frame: Rect, text: String, style: TextStyle, source: String, onItsSide: Bool = false) {
        self.frame = frame; self.text = text; self.style = style; self.source = source; self.onItsSide = onItsSide
    }
}

/// One thing drawn on a page. Pages are lists of these; the renderer walks them in order.
public indirect enum PageItem: Sendable, Hashable {
    /// A rectangle, filled and/or outlined, with rounded corners of `radius`.
    case box(Rect, fill: Colour?, stroke: Colour?, lineWidth: Double, radius: Double)
    /// A straight line.
    case rule(from: Point, to: Point, colour: Colour, width: Double)
    /// Text.
    case text(TextBlock)
    /// A picture drawn to fill `frame` (the caller keeps its proportions).
    case image(Rect, ImageFile)
    /// Items that together play one part in the document's structure.
    case tagged(StructureTag, [PageItem])
    /// Items drawn moved and scaled by `transform`, and cut to `clip` (given in the page's own
    /// space, before the transform) if there is one: a page placed on a print shop's larger
    /// sheet, or one part of a big page on a tiled sheet.
    case group(Transform, clip: Rect?, [PageItem])
}

/// A move and an even scale: a point (x, y) inside is drawn at (dx + x * scale, dy + y * scale).
public struct Transform: Sendable, Hashable {
    /// How far right, in points.
    public var dx: Double
    /// How far down, in points.
    public var dy: Double
    /// How much larger (1 for the same size).
    public var scale: Double

    /// Makes a transform.
    public init(dx: Double, dy: Double, scale: Double = 1) { self.dx = dx; self.dy = dy; self.scale = scale }

    /// Where `p` inside lands on the page.
    public func apply(_ p: Point) -> Point { Point(x: dx + p.x * scale, y: dy + p.y * scale) }
    /// Where `r` inside lands on the page.
    public func apply(_ r: Rect) -> Rect { Rect(x: dx + r.x * scale, y: dy + r.y * scale, width: r.width * scale, height: r.height * scale) }
}

/// A place on the page where people write, named by the plan field it fills: what a fillable
/// canvas turns into a form field, and what `coprint import` reads back.
public struct FieldArea: Sendable, Hashable {
    /// The plan field path: `title`, `values.strengths.individual`, `next-steps.1.what`.
    public var path: String
    /// The writing space, in points from the page's top-left corner.
    public var frame: Rect
    /// Whether it takes several lines (a box or ruled lines) rather than one.
    public var multiline: Bool
    /// The heading people see over it, if any.
    public var label: String?
    /// The question under the heading, if any.
    public var prompt: String?
    /// The distance between the ruled lines drawn in it, the first one this far below its top;
    /// nil when it has none. Typed words sit on the lines.
    public var ruleSpacing: Double?

    /// Makes a field area.
    public init(path: String, frame: Rect, multiline: Bool, label: String?, prompt: String?, ruleSpacing: Double? = nil) {
        self.path = path; self.frame = frame; self.multiline = multiline; self.label = label; self.prompt = prompt
        self.ruleSpacing = ruleSpacing
    }
}

/// One laid-out page: its size and everything on it, in reading order.
public struct Page: Sendable, Hashable {
    /// Page size in points.
    public var size: Size
    /// What is drawn on it.
    public var items: [PageItem]
    /// The box inside the margins, in which everything is placed.
    public var contentBox: Rect
    /// Where each region was placed, by its field or label, for checking geometry.
    public var regionFrames: [(name: String, frame: Rect)]
    /// Boxes inside regions (the cells of a matrix, as `field.column.row`), for checking geometry.
    public var cellFrames: [(name: String, frame: Rect)] = []
    /// The writing areas, in reading order, each with the plan field it fills.
    public var fieldAreas: [FieldArea] = []
    /// For a print shop: the finished page, after cutting, on this (larger) sheet; nil when the
    /// sheet is the page.
    public var trimBox: Rect?
    /// For a print shop: the finished page and the bleed around it that is cut away.
    public var bleedBox: Rect?

    /// Makes a page.
    public init(size: Size, items: [PageItem], contentBox: Rect, regionFrames: [(name: String, frame: Rect)], cellFrames: [(name: String, frame: Rect)] = []) {
        self.size = size; self.items = items; self.contentBox = contentBox
        self.regionFrames = regionFrames; self.cellFrames = cellFrames
    }

    /// The page printed on `colour`: a box over the whole page under everything else, unless the
    /// paper is white (the paper itself).
    public func onPaper(_ colour: Colour) -> Page {
        guard colour != .white else { return self }
        var page = self
        let whole = Rect(x: 0, y: 0, width: size.width, height: size.height)
        page.items.insert(.box(whole, fill: colour, stroke: nil, lineWidth: 0, radius: 0), at: 0)
        return page
    }

    public static func == (a: Page, b: Page) -> Bool {
        a.size == b.size && a.items == b.items && a.contentBox == b.contentBox
            && a.regionFrames.map(\.name) == b.regionFrames.map(\.name)
            && a.regionFrames.map(\.frame) == b.regionFrames.map(\.frame)
    }

    /// Every text block on the page, in reading order, placed where it is printed (inside a
    /// group, moved and scaled by the group's transform).
    public var textBlocks: [TextBlock] {
        func walk(_ items: [PageItem], _ t: Transform?) -> [TextBlock] {
            items.flatMap { item -> [TextBlock] in
                switch item {
                case .text(var block):
                    if let t {
                        block.frame = t.apply(block.frame)
                        block.style = block.style.sized(block.style.size * t.scale)
                    }
                    return [block]
                case .tagged(_, let inner): return walk(inner, t)
                case .group(let g, _, let inner):
                    let combined = t.map { Transform(dx: $0.dx + g.dx * $0.scale, dy: $0.dy + g.dy * $0.scale, scale: $0.scale * g.scale) } ?? g
                    return walk(inner, combined)
                default: return []
                }
            }
        }
        return walk(items, nil)
    }

    public func hash(into h: inout Hasher) { h.combine(size); h.combine(items) }
}

/// How one region's text was fitted.
public struct FitRecord: Sendable, Hashable, Codable {
    /// The region, by field name or heading.
    public var region: String
    /// The page it starts on, from 1.
    public var page: Int
    /// The text size used, in points on this paper.
    public var size: Double
    /// Whether its text is continued on a later page because it did not fit.
    public var continued: Bool
    /// The pages its text continues on.
    public var continuedOn: [Int] = []
    /// Characters no bundled font can draw, if any (filled in by the renderer).
    public var missingCharacters: [String] = []
}

/// A whole document laid out and ready to draw.
public struct LaidOutDocument: Sendable {
    /// Title for the PDF's metadata.
    public var title: String
    /// Subject for the PDF's metadata.
    public var subject: String
    /// The pages.
    public var pages: [Page]
    /// How each filled region was fitted.
    public var fits: [FitRecord]
    /// The document's main language, as a BCP 47 tag.
    public var language: String = "en-GB"
    /// In a bilingual edition, the paired language (its lines are `Span` structure elements).
    public var pairedLanguage: String?

    /// Makes a document from pages already laid out (for example several documents combined).
    public init(title: String, subject: String, pages: [Page], fits: [FitRecord]) {
        self.title = title; self.subject = subject; self.pages = pages; self.fits = fits
    }
}

/// Measures text as it will be printed, so that layout can fit it into boxes.
///
/// The renderer supplies one built on Pango; tests may use a simple stand-in for pure geometry.
public protocol TextMeasurer {
    /// The size `text` takes in `style` when wrapped to `width` points.
    func measure(_ text: String, style: TextStyle, width: Double) -> Size

    /// How many UTF-8 bytes of `text` make up the whole lines that fit within `height` when it is
    /// wrapped to `width`: where to split text that continues on another page. 0 if no line fits.
    func fittingPrefix(_ text: String, style: TextStyle, width: Double, height: Double) -> Int
}
