import Foundation

/// One text field to add to a page: where it is, what it is called, and what it holds.
public struct FormField: Sendable, Hashable {
    /// The fully qualified name, parts joined by periods: `values.strengths.individual`.
    public var name: String
    /// The page it is on, from 0.
    public var page: Int
    /// Its box in points, measured from the page's top-left corner.
    public var x: Double, y: Double, width: Double, height: Double
    /// Whether it takes several lines.
    public var multiline: Bool
    /// What a screen reader says for it: the label and prompt.
    public var tooltip: String
    /// The text it starts with ("" for none).
    public var value: String
    /// The distance between the ruled lines printed in it (the first this far below its top), so
    /// pre-filled words sit on them; nil for an open box.
    public var ruleSpacing: Double?

    /// Makes a field.
    public init(name: String, page: Int, x: Double, y: Double, width: Double, height: Double,
                multiline: Bool, tooltip: String, value: String = "", ruleSpacing: Double? = nil) {
        self.name = name; self.page = page; self.x = x; self.y = y; self.width = width; self.height = height
        self.multiline = multiline; self.tooltip = tooltip; self.value = value; self.ruleSpacing = ruleSpacing
    }
}

/// The form to add to a PDF: its fields, and the TrueType font people type in.
public struct Form: Sendable {
    /// The fields, in reading order (which is also the tab order).
    public var fields: [FormField]
    /// A TrueType font file (`.ttf`), embedded whole so any character it has can be typed.
    public var font: Data
    /// The size typed text is shown at, in points.
    public var fontSize: Double
    /// The text colour, red, green and blue from 0 to 1.
    public var colour: (Double, Double, Double)

    /// Makes a form.
    public init(fields: [FormField], font: Data, fontSize: Double = 10, colour: (Double, Double, Double) = (0.11, 0.15, 0.19)) {
        self.fields = fields; self.font = font; self.fontSize = fontSize; self.colour = colour
    }
}

