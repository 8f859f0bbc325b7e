import Foundation

/// A large page (A3, A2, A1) printed across several smaller sheets (A4) to cut and glue together,
/// for groups that only have a home printer.
///
/// Each sheet shows one part of the page, slightly scaled down so that nothing falls in the
/// edge a home printer cannot print. Neighbouring parts overlap by a glue margin: a sheet that
/// has a neighbour to its left or above is cut along its marks on that side and glued over its
/// neighbour, the overlapping drawing lining up. A label at the foot says which sheet it is
/// ("Sheet 2 of 4") and what to do with it.
///
///     let sheets = Tiling(sheet: .a4).sheets(for: page, label: "A3 page 1 of 2")
public struct Tiling: Sendable, Hashable {
    /// The paper the sheets are printed on.
    public var sheet: Paper

    /// The edge of a sheet a home printer may not print: nothing is drawn there.
    public static let unprintable = Length.mm(5)
    /// The band inside that edge holding the cut marks and the sheet's label.
    public static let markBand = Length.mm(5)
    /// How much neighbouring parts overlap, to glue one over the other.
    public static let glue = Length.mm(8)
    /// The fewest sheets are used whose scale is at least this; below it, another row or column.
    public static let smallestScale = 0.85
    /// How far the sheet's label sits in from the edge and how large it is printed.
    static let labelSize = 7.0

    /// Makes a tiling onto sheets of `sheet` paper.
    public init(sheet: Paper) { self.sheet = sheet }

    /// How a page is cut into parts: the sheet's size, how many columns and rows of sheets, and
    /// the scale the page is drawn at.
    public struct Plan: Sendable, Hashable {
        /// The sheet size, in the orientation used.
        public var sheetSize: Size
        /// Sheets across.
        public var columns: Int
        /// Sheets down.
        public var rows: Int
        /// How much smaller than the page the drawing is (1 = full size).
        public var scale: Double
        /// The part of each sheet the drawing shows, in points from the sheet's corner.
        public var window: Rect
        /// Sheets in all.
        public var count: Int { columns * rows }
    }

    /// The plan for a page of `size`: the fewest sheets that keep the scale at least
    /// ``smallestScale``, and among those, the largest scale.
    public func plan(for size: Size) -> Plan {
        let edge = (Tiling.unprintable + Tiling.markBand).points
        let glue = Tiling.glue.points
        var best: Plan?
        for orientation in Orientation.allCases {
            let s = sheet.size(orientation)
            let window = Rect(x: edge, y: edge, width: s.width - 2 * edge, height: s.height - 2 * edge)
            for columns in 1...8 {
                for rows in 1...8 {
                    let across = Double(columns) * window.width - Double(columns - 1) * glue
                    let down = Double(rows) * window.height - Double(rows - 1) * glue
                    let scale = min(1, across / size.width, down / size.height)
                    let candidate = Plan(sheetSize: s, columns: columns, rows: rows, scale: scale, window: window)
                    guard let current = best else { best = candidate; continue }
                    let good = scale >= Tiling.smallestScale, currentGood = current.scale >= Tiling.smallestScale
                    if good && !currentGood
                        || good == currentGood && (good ? (candidate.count < current.count || candidate.count == current.count && scale > current.scale + 1e-9)
                                                        : scale > current.scale + 1e-9) {
                        best = candidate
                    }
                }
            }
        }
        return best!
    }

    /// The sheets that together make `page`, in reading order (across, then down), each with
    /// its part of the drawing, cut marks, glue marks and a label naming it and `label`.
    public func sheets(for page: Page, label: String) -> [Page] {
        let plan = plan(for: page.size)
        let s = plan.scale, glue = Tiling.glue.points, w = plan.window
        // The assembled drawing is centred on the sheets' combined windows.
        let across = Double(plan.columns) * w.width - Double(plan.columns - 1) * glue
        let down = Double(plan.rows) * w.height - Double(plan.rows - 1) * glue
        let offsetX = (across - page.size.width * s) / 2, offsetY = (down - page.size.height * s) / 2
        var sheets: [Page] = []
        for row in 0..<plan.rows {
            for column in 0..<plan.columns {
                let number = row * plan.columns + column + 1
                // Where this window's left-top corner falls in the assembled (scaled) drawing.
                let startX = Double(column) * (w.width - glue) - offsetX
                let startY = Double(row) * (w.height - glue) - offsetY
                let move = Transform(dx: w.x - startX, dy: w.y - startY, scale: s)
                var items: [PageItem] = [.group(move, clip: w, page.items)]
                items += marks(plan, column: column, row: row)
                items.append(sheetLabel(plan, number: number, column: column, row: row, label: label))
                var sheetPage = Page(size: plan.sheetSize, items: items, contentBox: w, regionFrames: [])
                sheetPage.fieldAreas = []
                sheets.append(sheetPage)
            }
        }
        return sheets
    }

    /// Cut marks at the window's corners, in line with its edges, and glue marks where the
    /// overlap with the next sheet begins.
    func marks(_ plan: Plan, column: Int, row: Int) -> [PageItem] {
        let w = plan.window, band = Tiling.markBand.points * 0.8, glue = Tiling.glue.points
        let ink = Colour(red: 0, green: 0, blue: 0)
        let grey = Colour(red: 0.35, green: 0.35, blue: 0.35)
        var items: [PageItem] = []
        func tick(_ a: Point, _ b: Point, _ colour: Colour = ink) { items.append(.rule(from: a, to: b, colour: colour, width: 0.4)) }
        // Cut marks: short lines just outside each corner, in line with the window's edges.
        for x in [w.x, w.maxX] {
            for y in [w.y, w.maxY] {
                let sx: Double = x == w.x ? -1 : 1, sy: Double = y == w.y ? -1 : 1
                tick(Point(x: x + sx * 1, y: y), Point(x: x + sx * (1 + band), y: y))
                tick(Point(x: x, y: y + sy * 1), Point(x: x, y: y + sy * (1 + band)))
            }
        }
        // Glue marks: where the next sheet's edge is laid, a tick above and below (or either side).
        if column + 1 < plan.columns {
            let x = w.maxX - glue
            tick(Point(x: x, y: w.y - 1), Point(x: x, y: w.y - 1 - band), grey)
            tick(Point(x: x, y: w.maxY + 1), Point(x: x, y: w.maxY + 1 + band), grey)
        }
        if row + 1 < plan.rows {
            let y = w.maxY - glue
            tick(Point(x: w.x - 1, y: y), Point(x: w.x - 1 - band, y: y), grey)
            tick(Point(x: w.maxX + 1, y: y), Point(x: w.maxX + 1 + band, y: y), grey)
        }
        return items
    }

    /// "Sheet 2 of 4 (row 1, column 2), A2 page 1 of 1: cut along the left marks, then glue over
    /// sheet 1, lining up the drawing."
    func sheetLabel(_ plan: Plan, number: Int, column: Int, row: Int, label: String) -> PageItem {
        var words = "Sheet \(number) of \(plan.count)"
        if plan.rows > 1 && plan.columns > 1 { words += " (row \(row + 1), column \(column + 1))" }
        words += ", \(label)"
        var sides: [String] = []
        var under: [Int] = []
        if column > 0 { sides.append("left"); under.append(number - 1) }
        if row > 0 { sides.append("top"); under.append(number - plan.columns) }
        if sides.isEmpty {
            words += ": keep this sheet whole; the others are glued over its edges."
        } else {
            let sheets = under.count == 1 ? "sheet \(under[0])" : "sheets \(under.map(String.init).joined(separator: " and "))"
            words += ": cut along the \(sides.joined(separator: " and ")) marks, then glue over \(sheets), lining up the drawing."
        }
        let w = plan.window
        let style = TextStyle(font: "Inter", weight: .regular, size: Tiling.labelSize, colour: Colour(red: 0.2, green: 0.2, blue: 0.2), lineSpacing: 1)
        // One line in the band under the drawing, clear of the edge the printer cannot reach.
        let frame = Rect(x: w.x + Tiling.markBand.points + 2, y: w.maxY + 1.5, width: w.width - 2 * Tiling.markBand.points - 4, height: Tiling.labelSize * 1.25)
        return .tagged(.paragraph, [.text(TextBlock(frame: frame, text: words, style: style, source: "sheet label"))])
    }
}
