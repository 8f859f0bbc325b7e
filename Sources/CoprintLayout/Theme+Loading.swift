import Foundation

extension Theme {
    /// The weights a theme may give region headings.
    enum HeadingWeight: String, CaseIterable { case semibold, bold }

    /// Reads and checks the theme file at `url`: every setting, and the theme's own settings
    /// against its own rules, reporting every problem at once with its line and column.
    public static func load(from url: URL) throws -> Theme {
        let tree = try SourceReader.read(url, displayName: displayPath(url))
        var problems = ProblemList()
        var top = MapReader(tree, what: "a theme", problems: &problems)
        try problems.throwIfAny()
        let name = url.deletingPathExtension().lastPathComponent
        var marks: [String: SourceMark] = [:]
        let title = top.string("title", required: true, problems: &problems) ?? name
        let description = top.string("description", required: true, problems: &problems) ?? ""

        var rules = ThemeRules()
        if let v = top.value("rules") {
            var r = MapReader(v, what: "'rules'", problems: &problems)
            func rule(_ key: String, _ range: ClosedRange<Double>) -> Double? {
                guard let raw = r.raw(key) else { _ = r.value(key); return nil }
                marks["rules.\(key)"] = raw.mark
                return r.number(key, default: .nan, range: range, problems: &problems).nonNaN
            }
            rules.textSize = rule("text-size", 7...72)
            rules.promptSize = rule("prompt-size", 7...72)
            rules.smallestSize = rule("smallest-size", 7...72)
            rules.textContrast = rule("text-contrast", 1...21)
            rules.lineContrast = rule("line-contrast", 1...21)
            rules.lineSpacing = rule("line-spacing", 1...3)
            r.reportUnknown(problems: &problems)
        }

        var sizes: [SizeKey: Double] = [:]
        var colours: [ColourKey: Colour] = [:]
        var lineSpacing: Double?, spacing: Double?
        var weight: TextStyle.Weight?
        var split = false
        var capitals: Bool?
        if let v = top.value("style") {
            var r = MapReader(v, what: "'style'", problems: &problems)
            for key in SizeKey.allCases {
                guard let raw = r.raw(key.rawValue) else { _ = r.value(key.rawValue); continue }
                marks[key.rawValue] = raw.mark
                // The same limits as a layout's style: nothing under 7 pt.
                if let n = r.number(key.rawValue, default: .nan, range: 7...144, problems: &problems).nonNaN { sizes[key] = n }
            }
            if let raw = r.raw("line-spacing") { marks["line-spacing"] = raw.mark }
            lineSpacing = r.number("line-spacing", default: .nan, range: 1...3, problems: &problems).nonNaN
            if let raw = r.raw("spacing") { marks["spacing"] = raw.mark }
            spacing = r.number("spacing", default: .nan, range: 0.5...3, problems: &problems).nonNaN
            split = r.bool("split-canvas-pages", default: false, problems: &problems)
            if r.raw("capital-letters") != nil { capitals = r.bool("capital-letters", default: true, problems: &problems) } else { _ = r.value("capital-letters") }
            if r.raw("heading-weight") != nil {
                weight = r.enumeration("heading-weight", default: HeadingWeight.semibold, problems: &problems) == .bold ? .bold : .semibold
            } else {
                _ = r.value("heading-weight")
            }
            if let c = r.value("colours") {
                var cr = MapReader(c, what: "'colours'", problems: &problems)
                for key in ColourKey.allCases {
                    guard let v = cr.value(key.rawValue) else { continue }
                    marks["colours.\(key.rawValue)"] = v.mark
                    guard let t = v.text, let col = Colour(hex: t) else {
                        problems.add("'\(key.rawValue)' should be a colour written like \"#0f6e63\" (in quotes)", at: v.mark)
                        continue
                    }
                    colours[key] = col
                }
                cr.reportUnknown(problems: &problems)
            }
            r.reportUnknown(problems: &problems)
        }
        top.reportUnknown(problems: &problems)
        try problems.throwIfAny()

        let theme = Theme(name: name, title: title, description: description, rules: rules, sizes: sizes, colours: colours,
                          lineSpacing: lineSpacing, headingWeight: weight, spacing: spacing, splitCanvasPages: split, capitalLabels: capitals, source: url, marks: marks)
        // The theme over coprint's own default look must keep its own rules; each layout is
        // checked again when it is printed in the theme (see `problems(for:)`).
        let fileMark = SourceMark(file: displayPath(url))
        var base = Layout.defaultStyle
        base.textSize = 0; base.minTextSize = 0; base.promptSize = 0; base.headingSize = 0; base.titleSize = 0; base.creditSize = 0
        let own = theme.check(theme.applied(to: base), where: { marks[$0] ?? fileMark }, about: "theme '\(name)'")
        if !own.isEmpty { throw CoprintError(own) }
        return theme
    }

    /// `style` with this theme's settings over it.
    func applied(to style: Style) -> Style {
        var copy = style
        for (key, size) in sizes { copy.setSize(key, max(style.size(key), size)) }
        for (key, colour) in colours { copy.colours.setColour(key, colour) }
        if let l = lineSpacing { copy.lineSpacing = max(style.lineSpacing, l) }
        if let w = headingWeight { copy.headingWeight = w }
        if let s = spacing { copy.spacing = s }
        if let c = capitalLabels { copy.capitalLabels = c }
        return copy
    }
}

private extension Double {
    var nonNaN: Double? { isNaN ? nil : self }
}
