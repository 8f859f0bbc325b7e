/// A distance on the page, stored in PDF points (1/72 inch).
///
/// Build one with ``mm(_:)`` or ``pt(_:)`` so that every length says which unit it came from:
///
///     let margin = Length.mm(10)   // 28.35 pt
public struct Length: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The length in PDF points.
    public var points: Double

    /// Makes a length from points.
    public init(points: Double) { self.points = points }

    /// A length given in millimetres.
    public static func mm(_ value: Double) -> Length { Length(points: value * 72.0 / 25.4) }
    /// A length given in points.
    public static func pt(_ value: Double) -> Length { Length(points: value) }
    /// No length at all.
    public static let zero = Length(points: 0)

    /// Reads a length written as `3mm`, `0.5cm` or `9pt`; nil if it is not one.
    public init?(text: String) {
        guard let l = parseLength(text) else { return nil }
        self = l
    }

    /// The length in millimetres.
    public var millimetres: Double { points * 25.4 / 72.0 }

    public static func < (a: Length, b: Length) -> Bool { a.points < b.points }
    public static func + (a: Length, b: Length) -> Length { Length(points: a.points + b.points) }
    public static func - (a: Length, b: Length) -> Length { Length(points: a.points - b.points) }
    public static func * (a: Length, k: Double) -> Length { Length(points: a.points * k) }
    public var description: String { String(format: "%.2fpt", points) }
}

/// A position on the page in points, measured from the top-left corner.
public struct Point: Sendable, Hashable {
    /// Points from the left edge.
    public var x: Double
    /// Points from the top edge.
    public var y: Double
    /// Makes a point.
    public init(x: Double, y: Double) { self.x = x; self.y = y }
}

/// A width and height in points.
public struct Size: Sendable, Hashable {
    /// Width in points.
    public var width: Double
    /// Height in points.
    public var height: Double
    /// Makes a size.
    public init(width: Double, height: Double) { self.width = width; self.height = height }
}

/// A rectangle on the page in points, origin at its top-left corner.
public struct Rect: Sendable, Hashable, CustomStringConvertible {
    /// Left edge.
    public var x: Double
    /// Top edge.
    public var y: Double
    /// Width.
    public var width: Double
    /// Height.
    public var height: Double

    /// Makes a rectangle.
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x; self.y = y; self.width = width; self.height = height
    }

    /// Right edge.
    public var maxX: Double { x + width }
    /// Bottom edge.
    public var maxY: Double { y + height }

    /// The rectangle shrunk by `d` on every side.
    public func inset(by d: Double) -> Rect {
        Rect(x: x + d, y: y + d, width: max(0, width - 2 * d), height: max(0, height - 2 * d))
    }

    /// Whether `other` lies wholly inside this rectangle (with a small tolerance for rounding).
    public func contains(_ other: Rect, tolerance: Double = 0.01) -> Bool {
        other.x >= x - tolerance && other.y >= y - tolerance
            && other.maxX <= maxX + tolerance && other.maxY <= maxY + tolerance
    }

    /// Whether the two rectangles share any area (touching edges do not count).
    public func overlaps(_ other: Rect, tolerance: Double = 0.01) -> Bool {
        x < other.maxX - tolerance && other.x < maxX - tolerance
            && y < other.maxY - tolerance && other.y < maxY - tolerance
    }

    /// Splits off the top `height` points, returning the top part and what is left below it.
    public func sliceTop(_ height: Double, gap: Double = 0) -> (top: Rect, rest: Rect) {
        let h = min(height, self.height)
        let top = Rect(x: x, y: y, width: width, height: h)
        let restY = min(maxY, y + h + gap)
        return (top, Rect(x: x, y: restY, width: width, height: maxY - restY))
    }

    public var description: String {
        String(format: "(%.1f, %.1f, %.1f x %.1f)", x, y, width, height)
    }
}

/// A colour as red, green and blue from 0 to 1.
public struct Colour: Sendable, Hashable {
    /// Red, 0...1.
    public var red: Double
    /// Green, 0...1.
    public var green: Double
    /// Blue, 0...1.
    public var blue: Double

    /// Makes a colour from components in 0...1.
    public init(red: Double, green: Double, blue: Double) {
        self.red = red; self.green = green; self.blue = blue
    }

    /// Reads a colour written as `#rrggbb` (or `#rgb`); nil if it is not one.
    public init?(hex: String) {
        var s = hex.trimmingCharacters(in: .whitespaces)
        guard s.hasPrefix("#") else { return nil }
        s.removeFirst()
        if s.count == 3 { s = s.map { "\($0)\($0)" }.joined() }
        guard s.count == 6, let v = UInt32(s, radix: 16) else { return nil }
        red = Double((v >> 16) & 0xFF) / 255
        green = Double((v >> 8) & 0xFF) / 255
        blue = Double(v & 0xFF) / 255
    }

    /// White paper.
    public static let white = Colour(red: 1, green: 1, blue: 1)
}

import Foundation

/// The design values of one layout on one paper: the type floor, gaps, line weights and writing
/// space, in points, built from the layout's style and the paper's scale. Layout code takes its
/// measures from here rather than from unnamed factors.
struct Metrics {
    /// No team text is printed smaller than this at A4 (A3 scales it to 12.7 pt): below it, text
    /// continues on another page instead of shrinking.
    static let floor = 9.0
    /// The text sizes (at A4) that fitting steps through, so that text which has to get smaller
    /// lands on a size a designer would choose rather than on what a shrink loop left over.
    static let typeScale: [Double] = [9, 10, 11, 12, 13, 14, 16, 18, 20, 22, 24, 28, 32, 36, 40, 44, 48, 56, 64, 72, 80, 96]
    /// The spacing of handwriting lines at A4.
    static let writingLine = Length.mm(8)
    /// The fewest handwriting lines a write-in box offers.
    static let fewestWritingLines = 3

    let style: Style
    /// How much larger than A4 the paper is (1 at A4, about 1.414 at A3).
    let scale: Double

    /// Padding inside boxes (a theme's `spacing` makes it more generous).
    var pad: Double { Length.mm(2.5).points * scale * style.spacing }
    /// The width of box borders.
    var border: Double { 0.75 * scale }
    /// The width of handwriting lines and table rules.
    var writingRule: Double { 0.6 * scale }
    /// The distance between handwriting lines.
    var lineSpacing: Double { Metrics.writingLine.points * scale }
    /// The space between the cells of a matrix: 3 mm at A3, so sticky notes in neighbouring
    /// cells do not touch.
    var cellGap: Double { Length.mm(3).points }
    /// The size of the "continues on page N" marker and "continued from page N" line.
    var markerSize: Double { style.promptSize * scale }
    /// One title size for every poster's banner in a series, at this paper.
    var bannerTitleSize: Double { style.titleSize * 1.2 }
    /// Space after a poster's card heading, as a share of the body size.
    var headingSpaceAfter: Double { 0.45 }
    /// A card heading's size over body text.
    var headingRatio: Double { 1.25 }
}
