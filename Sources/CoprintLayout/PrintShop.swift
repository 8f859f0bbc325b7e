import Foundation

/// How a page is made ready for a print shop, which prints on larger sheets and cuts them down:
/// backgrounds run past the cut (the bleed), so a cut a little off leaves no white edge, and
/// thin crop marks outside the page show where to cut.
///
/// The sheet is the page with, on every side, the bleed and then (with marks) room for the
/// marks. ``Page/trimBox`` is the finished page and ``Page/bleedBox`` the page and its bleed,
/// which the finishing step writes into the PDF as TrimBox and BleedBox for the shop's preflight.
public struct PrintShopSheet: Sendable, Hashable {
    /// How far backgrounds run past the cut.
    public var bleed: Length
    /// Whether to draw crop marks.
    public var marks: Bool

    /// The gap between the cut and the start of a crop mark: never inside the bleed, and at
    /// least 3 mm, so a mark is never printed on the finished page.
    public var markOffset: Length { max(bleed, .mm(3)) }
    /// How long each crop mark is.
    public static let markLength = Length.mm(5)
    /// How thick each crop mark is: a hairline, as print shops expect.
    public static let markWidth = Length.pt(0.25)
    /// Crop marks are drawn in black, which prints on every plate.
    public static let markColour = Colour(red: 0, green: 0, blue: 0)

    /// Makes a print-shop sheet setting.
    public init(bleed: Length, marks: Bool) { self.bleed = bleed; self.marks = marks }

    /// The room added on each side of the page.
    public var margin: Length { marks ? markOffset + PrintShopSheet.markLength + .mm(1) : bleed }

    /// `page` on a print shop's sheet: moved in by ``margin``, its edge-to-edge backgrounds run
    /// into the bleed, crop marks at the corners, and its trim and bleed boxes set.
    public func sheet(for page: Page) -> Page {
        let m = margin.points, b = bleed.points
        let w = page.size.width, h = page.size.height
        let move = Transform(dx: m, dy: m)
        var sheet = page
        sheet.size = Size(width: w + 2 * m, height: h + 2 * m)
        let inner = page.items.map { extendingToBleed($0, pageSize: page.size, bleed: b) }
        sheet.items = [.group(move, clip: nil, inner)]
        if marks { sheet.items += cropMarks(trim: Rect(x: m, y: m, width: w, height: h)) }
        sheet.contentBox = move.apply(page.contentBox)
        sheet.regionFrames = page.regionFrames.map { ($0.name, move.apply($0.frame)) }
        sheet.cellFrames = page.cellFrames.map { ($0.name, move.apply($0.frame)) }
        sheet.fieldAreas = page.fieldAreas.map { var f = $0; f.frame = move.apply(f.frame); return f }
        sheet.trimBox = Rect(x: m, y: m, width: w, height: h)
        sheet.bleedBox = Rect(x: m - b, y: m - b, width: w + 2 * b, height: h + 2 * b)
        return sheet
    }

    /// A filled box that reaches an edge of the page is stretched past that edge by the bleed.
    func extendingToBleed(_ item: PageItem, pageSize: Size, bleed b: Double) -> PageItem {
        let near = 0.5
        switch item {
        case let .box(r, fill?, stroke, lineWidth, radius):
            var e = r
            if abs(r.x) < near { e.x -= b; e.width += b }
            if abs(r.y) < near { e.y -= b; e.height += b }
            if abs(r.maxX - pageSize.width) < near { e.width += b }
            if abs(r.maxY - pageSize.height) < near { e.height += b }
            return .box(e, fill: fill, stroke: stroke, lineWidth: lineWidth, radius: e == r ? radius : 0)
        case let .tagged(tag, items):
            return .tagged(tag, items.map { extendingToBleed($0, pageSize: pageSize, bleed: b) })
        default:
            return item
        }
    }

    /// Two short lines at each corner of `trim`, in line with its edges, starting outside the bleed.
    func cropMarks(trim: Rect) -> [PageItem] {
        let o = markOffset.points, l = PrintShopSheet.markLength.points
        let colour = PrintShopSheet.markColour, width = PrintShopSheet.markWidth.points
        var items: [PageItem] = []
        for x in [trim.x, trim.maxX] {
            for y in [trim.y, trim.maxY] {
                let sx: Double = x == trim.x ? -1 : 1, sy: Double = y == trim.y ? -1 : 1
                // Horizontal, level with the top or bottom edge, out to the side.
                items.append(.rule(from: Point(x: x + sx * o, y: y), to: Point(x: x + sx * (o + l), y: y), colour: colour, width: width))
                // Vertical, in line with the left or right edge, out above or below.
                items.append(.rule(from: Point(x: x, y: y + sy * o), to: Point(x: x, y: y + sy * (o + l)), colour: colour, width: width))
            }
        }
        return items
    }
}
