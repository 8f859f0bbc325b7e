import Foundation

/// The paper sizes coprint prints on.
public enum Paper: String, Sendable, CaseIterable, Hashable {
    /// ISO A4, 210 x 297 mm: the size every layout is designed at.
    case a4
    /// ISO A3, 297 x 420 mm: the A4 design scaled up by the square root of two.
    case a3
    /// ISO A2, 420 x 594 mm: a wall poster, the A4 design at twice the size.
    case a2
    /// ISO A1, 594 x 841 mm: a large wall poster, the A4 design at 2.83 times the size.
    case a1

    /// Width and height in portrait.
    public var portraitSize: (width: Length, height: Length) {
        switch self {
        case .a4: return (.mm(210), .mm(297))
        case .a3: return (.mm(297), .mm(420))
        case .a2: return (.mm(420), .mm(594))
        case .a1: return (.mm(594), .mm(841))
        }
    }

    /// How much bigger than A4 text, gaps and rules are drawn on this paper: each ISO size up
    /// is the square root of two larger, so the print keeps the A4 proportions and readability
    /// rules (a 9 pt floor at A4 is 18 pt at A2).
    public var scale: Double {
        switch self {
        case .a4: return 1
        case .a3: return 2.0.squareRoot()
        case .a2: return 2
        case .a1: return 2 * 2.0.squareRoot()
        }
    }

    /// The page size in the given orientation.
    public func size(_ orientation: Orientation) -> Size {
        let (w, h) = portraitSize
        switch orientation {
        case .portrait: return Size(width: w.points, height: h.points)
        case .landscape: return Size(width: h.points, height: w.points)
        }
    }

    /// The name people use for it: "A4".
    public var displayName: String { rawValue.uppercased() }
}

/// Which way up the page is.
public enum Orientation: String, Sendable, CaseIterable, Hashable {
    /// Taller than wide.
    case portrait
    /// Wider than tall.
    case landscape
}
