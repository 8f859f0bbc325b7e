import Foundation

/// A look for one group of readers (large print, high contrast, dyslexia-friendly), read from a
/// file in `layouts/themes/`, that every layout can be printed in.
///
/// A theme changes how a layout looks, never what is on it: text sizes, heading weight, line
/// spacing, padding and colours. Sizes are floors: a theme never makes a layout's text smaller.
/// Each theme also states the rules it promises to keep (its `rules:` block, such as "body text at
/// least 16 pt"), and coprint checks the theme, and every layout printed in it, against them:
///
///     let theme = try Theme.load(from: url)
///     let bigger = layout.themed(theme)
///     let problems = theme.problems(for: layout)   // empty when every rule holds
public struct Theme: Sendable {
    /// The name used on the command line: the file name without `.yaml`.
    public var name: String
    /// The name people see, such as "Large print".
    public var title: String
    /// One line on who it is for, shown by `coprint list`.
    public var description: String
    /// The rules it keeps: its floors for sizes, contrast and line spacing.
    public var rules: ThemeRules
    /// The text sizes it sets at A4 (each a floor over the layout's own), by style key.
    public var sizes: [SizeKey: Double]
    /// The colours it sets, by job; colours it does not set stay the layout's own.
    public var colours: [ColourKey: Colour]
    /// The least line spacing, as a multiple of the size.
    public var lineSpacing: Double?
    /// How heavy region headings are.
    public var headingWeight: TextStyle.Weight?
    /// How much more padding inside boxes than the layout's design.
    public var spacing: Double?
    /// Whether a canvas's pages are split in two, between rows of boxes, so larger text leaves
    /// room to write (large print).
    public var splitCanvasPages = false
    /// Whether labels the layout prints in capitals stay in capitals (false for dyslexia-friendly print).
    public var capitalLabels: Bool?
    /// The file it was read from.
    public var source: URL
    /// Where each setting is written, by its key in the file (`text-size`, `colours.ink`,
    /// `rules.text-contrast`), for messages that point at the line to change.
    public var marks: [String: SourceMark]

    /// The sizes a theme may set, by their names in layout and theme files.
    public enum SizeKey: String, Sendable, CaseIterable, Hashable {
        /// The words people write, and a poster's body text.
        case text = "text-size"
        /// The smallest size team text shrinks to before it continues on another page.
        case minText = "min-text-size"
        /// Guidance prompts.
        case prompt = "prompt-size"
        /// Region headings.
        case heading = "heading-size"
        /// Page headings and poster titles.
        case title = "title-size"
        /// The credit line and page numbers.
        case credit = "credit-size"
    }

    /// The colours a theme may set, by their names in layout and theme files.
    public enum ColourKey: String, Sendable, CaseIterable, Hashable {
        /// Main text.
        case ink
        /// Headings, numbers and banners.
        case accent
        /// Text on the accent colour.
        case onAccent = "on-accent"
        /// Heading strips and cards.
        case tint
        /// Guidance prompts.
        case prompt
        /// Box edges and writing lines.
        case rule
        /// The page itself.
        case paper
    }
}

/// What a theme promises: the floors every page printed in it keeps. A rule left out is not checked.
public struct ThemeRules: Sendable, Hashable {
    /// The least size of the words people write and of body text, at A4.
    public var textSize: Double?
    /// The least size of guidance prompts, at A4.
    public var promptSize: Double?
    /// The least size of anything printed (credits, page numbers), at A4.
    public var smallestSize: Double?
    /// The least contrast ratio of text against what it sits on (WCAG: 4.5 is AA, 7 is AAA).
    public var textContrast: Double?
    /// The least contrast ratio of lines and borders against the page (WCAG non-text: 3).
    public var lineContrast: Double?
    /// The least line spacing of text, as a multiple of its size.
    public var lineSpacing: Double?

    /// No rules.
    public init() {}
}

extension Style {
    /// The size this style gives for `key`.
    public func size(_ key: Theme.SizeKey) -> Double {
        switch key {
        case .text: return textSize
        case .minText: return minTextSize
        case .prompt: return promptSize
        case .heading: return headingSize
        case .title: return titleSize
        case .credit: return creditSize
        }
    }

    mutating func setSize(_ key: Theme.SizeKey, _ value: Double) {
        switch key {
        case .text: textSize = value
        case .minText: minTextSize = value
        case .prompt: promptSize = value
        case .heading: headingSize = value
        case .title: titleSize = value
        case .credit: creditSize = value
        }
    }
}

extension Palette {
    /// The colour this palette gives for `key`.
    public func colour(_ key: Theme.ColourKey) -> Colour {
        switch key {
        case .ink: return ink
        case .accent: return accent
        case .onAccent: return onAccent
        case .tint: return tint
        case .prompt: return prompt
        case .rule: return rule
        case .paper: return paper
        }
    }

    mutating func setColour(_ key: Theme.ColourKey, _ value: Colour) {
        switch key {
        case .ink: ink = value
        case .accent: accent = value
        case .onAccent: onAccent = value
        case .tint: tint = value
        case .prompt: prompt = value
        case .rule: rule = value
        case .paper: paper = value
        }
    }

    /// Every pair of a text colour and the colour it is printed on, as the layouts use them.
    public static let textPairs: [(text: Theme.ColourKey, on: Theme.ColourKey)] = [
        (.ink, .paper), (.ink, .tint), (.accent, .paper), (.accent, .tint),
        (.prompt, .paper), (.prompt, .tint), (.onAccent, .accent),
    ]

    /// Every pair of a line colour and the colour it is drawn on.
    public static let linePairs: [(line: Theme.ColourKey, on: Theme.ColourKey)] = [(.rule, .paper), (.accent, .paper)]
}

extension Colour {
    /// The relative luminance, as WCAG 2 defines it: 0 for black, 1 for white.
    public var luminance: Double {
        func channel(_ c: Double) -> Double { c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4) }
        return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)
    }

    /// The WCAG 2 contrast ratio between two colours: 1 (none) to 21 (black on white).
    public func contrast(with other: Colour) -> Double {
        let (a, b) = (luminance, other.luminance)
        return (max(a, b) + 0.05) / (min(a, b) + 0.05)
    }

    /// `#rrggbb`.
    public var hex: String {
        String(format: "#%02x%02x%02x", Int((red * 255).rounded()), Int((green * 255).rounded()), Int((blue * 255).rounded()))
    }
}

extension Layout {
    /// This layout in `theme`: the theme's sizes where they are larger, its colours, weights,
    /// line spacing and padding. What is on each page stays the same.
    public func themed(_ theme: Theme?) -> Layout {
        guard let theme else { return self }
        var copy = self
        copy.style = theme.applied(to: style)
        // Team text starts no smaller than the size it may shrink to.
        copy.style.textSize = max(copy.style.textSize, copy.style.minTextSize)
        if theme.splitCanvasPages && kind == .canvas { copy.pages = pages.flatMap { $0.split(gridRows: grid.rows) } }
        return copy
    }
}

extension PageSpec {
    /// This page as two pages, split between two rows of the grid that no box crosses, as near
    /// the middle as there is such a place; each half's boxes grow to fill its page. A page no
    /// such place divides (the values grid) stays whole.
    func split(gridRows: Int) -> [PageSpec] {
        let rows = gridRows
        let cuts = (1..<max(1, rows)).filter { cut in regions.allSatisfy { $0.rows.upperBound <= cut || $0.rows.lowerBound > cut } }
        guard let cut = cuts.min(by: { abs(Double($0) - Double(rows) / 2) < abs(Double($1) - Double(rows) / 2) }) else { return [self] }
        var top = self, bottom = self
        top.regions = regions.filter { $0.rows.upperBound <= cut }
        top.gridRows = cut
        bottom.regions = regions.filter { $0.rows.lowerBound > cut }.map { region in
            var moved = region
            moved.rows = (region.rows.lowerBound - cut)...(region.rows.upperBound - cut)
            return moved
        }
        bottom.gridRows = rows - cut
        // The guidance under the heading is said once, on the first half.
        bottom.intro = nil
        return [top, bottom]
    }
}

extension Theme {
    /// Everything about `layout` printed in this theme that breaks the theme's own rules: a
    /// size under its floor, a colour pair under its contrast ratio. Each problem points at the
    /// theme's line when the theme set the value, else at the layout file.
    public func problems(for layout: Layout) -> [Problem] {
        let style = layout.themed(self).style
        let layoutMark = SourceMark(file: displayPath(layout.source))
        return check(style, where: { key in marks[key] ?? layoutMark }, about: "layout '\(layout.name)' in theme '\(name)'")
    }

    /// Checks `style` against the rules; `where` gives the place to point at for a style key.
    func check(_ style: Style, where mark: (String) -> SourceMark, about: String) -> [Problem] {
        var problems: [Problem] = []
        func floor(_ key: SizeKey, _ least: Double?, _ rule: String) {
            guard let least, style.size(key) < least - 0.001 else { return }
            if style.size(key) == 0 {
                problems.append(Problem("\(about): it does not set '\(key.rawValue)' under 'style', but its rule '\(rule): \(format(least))' needs it; set it to at least \(format(least))", at: mark(key.rawValue)))
                return
            }
            problems.append(Problem("\(about): '\(key.rawValue)' is \(format(style.size(key))) pt, under this theme's rule '\(rule): \(format(least))'; make it at least \(format(least))", at: mark(key.rawValue)))
        }
        floor(.text, rules.textSize, "text-size")
        floor(.minText, rules.textSize, "text-size")
        floor(.prompt, rules.promptSize, "prompt-size")
        for key in SizeKey.allCases { floor(key, rules.smallestSize, "smallest-size") }
        let c = style.colours
        func ratio(_ a: ColourKey, _ b: ColourKey, _ least: Double?, _ rule: String, _ what: String) {
            guard let least else { return }
            let r = c.colour(a).contrast(with: c.colour(b))
            guard r < least - 0.005 else { return }
            // Point at the colour the theme set, if it set one of the two.
            let key = marks["colours.\(a.rawValue)"] != nil ? a : (marks["colours.\(b.rawValue)"] != nil ? b : a)
            problems.append(Problem("\(about): \(what) '\(a.rawValue)' (\(c.colour(a).hex)) on '\(b.rawValue)' (\(c.colour(b).hex)) has a contrast of \(String(format: "%.2f", r)):1, under this theme's rule '\(rule): \(format(least))'; choose a darker or lighter colour", at: mark("colours.\(key.rawValue)")))
        }
        for (text, on) in Palette.textPairs { ratio(text, on, rules.textContrast, "text-contrast", "text in") }
        for (line, on) in Palette.linePairs { ratio(line, on, rules.lineContrast, "line-contrast", "lines in") }
        if let least = rules.lineSpacing, style.lineSpacing < least - 0.001 {
            problems.append(Problem("\(about): 'line-spacing' is \(format(style.lineSpacing)), under this theme's rule 'line-spacing: \(format(least))'", at: mark("line-spacing")))
        }
        return problems
    }
}
