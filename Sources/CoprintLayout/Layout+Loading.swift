import Foundation

extension Layout {
    /// Reads and checks the layout file at `url`, reporting every problem at once with its line
    /// and column.
    public static func load(from url: URL) throws -> Layout {
        let tree = try SourceReader.read(url, displayName: displayPath(url))
        return try Layout(tree: tree, source: url)
    }

    /// Builds a layout from an already-read tree.
    init(tree: SourceValue, source: URL) throws {
        var problems = ProblemList()
        var top = MapReader(tree, what: "a layout", problems: &problems)
        try problems.throwIfAny()

        name = source.deletingPathExtension().lastPathComponent
        self.source = source
        kind = top.enumeration("kind", default: Kind.canvas, problems: &problems)
        title = top.string("title", required: true, problems: &problems) ?? name
        description = top.string("description", required: true, problems: &problems) ?? ""
        orientation = top.enumeration("orientation", default: Orientation.portrait, problems: &problems)
        credit = top.string("credit", problems: &problems)
        if let code = top.string("language", problems: &problems) {
            if Edition.isCode(code) { language = code; edition = Edition(code) } else {
                problems.add("'language' should be a language code such as en or cy, not '\(code)'", at: top.raw("language")?.mark ?? tree.mark)
            }
        }
        if let c = top.string("content", problems: &problems) {
            // Confined to the layouts folder, as a logo is to its manifest's folder.
            do {
                contentFile = try SafePath.resolve(c, in: source.deletingLastPathComponent(), what: "the content file", example: "content/\(name).yaml")
            } catch let error as ImageError {
                problems.add(error.message, at: top.raw("content")?.mark ?? tree.mark)
                contentFile = nil
            }
        } else {
            contentFile = nil
        }

        style = Layout.readStyle(top.value("style"), problems: &problems)
        grid = Layout.readGrid(top.value("grid"), problems: &problems)

        var pages: [PageSpec] = []
        if let list = top.value("pages") {
            if let items = list.items, !items.isEmpty {
                for page in items { pages.append(Layout.readPage(page, grid: grid, problems: &problems)) }
            } else {
                problems.add("'pages' should be a list with at least one page", at: list.mark)
            }
        } else {
            problems.add("a layout needs 'pages'", at: tree.mark)
        }
        self.pages = pages
        top.reportUnknown(problems: &problems)

        var seen: [String: SourceMark] = [:]
        for region in pages.flatMap(\.regions) {
            guard let field = region.field else { continue }
            if let first = seen[field] {
                problems.add("the field '\(field)' is used twice (first at line \(first.line)); give each region its own field name", at: region.mark)
            }
            seen[field] = region.mark
        }
        Layout.checkGeometry(grid: grid, orientation: orientation, pages: pages, mark: top.raw("grid")?.mark ?? tree.mark, problems: &problems)
        if style.minTextSize > style.textSize {
            problems.add("'min-text-size' (\(format(style.minTextSize))) is larger than 'text-size' (\(format(style.textSize)))", at: tree.mark)
        }
        try problems.throwIfAny()
    }

    /// The look of a layout that sets no style of its own.
    static let defaultStyle = Style(
        font: "Inter", textSize: 11, minTextSize: 8, promptSize: 9, headingSize: 12, titleSize: 20,
            creditSize: 7,
            colours: Palette(
                ink: Colour(hex: "#1d2630")!, accent: Colour(hex: "#0f6e63")!, onAccent: .white,
                tint: Colour(hex: "#e7f2f0")!, prompt: Colour(hex: "#56636e")!, rule: Colour(hex: "#aebdc4")!))

    private static func readStyle(_ value: SourceValue?, problems: inout ProblemList) -> Style {
        let defaults = defaultStyle
        guard let value else { return defaults }
        var r = MapReader(value, what: "'style'", problems: &problems)
        var s = defaults
        s.font = r.string("font", problems: &problems) ?? s.font
        // The smallest sizes allowed keep the A4 print readable: 9 pt for text, 7 pt for credits.
        s.textSize = r.number("text-size", default: s.textSize, range: 9...72, problems: &problems)
        s.minTextSize = r.number("min-text-size", default: s.minTextSize, range: 7...72, problems: &problems)
        s.promptSize = r.number("prompt-size", default: s.promptSize, range: 9...72, problems: &problems)
        s.headingSize = r.number("heading-size", default: s.headingSize, range: 9...96, problems: &problems)
        s.titleSize = r.number("title-size", default: s.titleSize, range: 9...144, problems: &problems)
        s.creditSize = r.number("credit-size", default: s.creditSize, range: 7...24, problems: &problems)
        if let c = r.value("colours") {
            var cr = MapReader(c, what: "'colours'", problems: &problems)
            func colour(_ key: String, _ d: Colour) -> Colour {
                guard let v = cr.value(key) else { return d }
                guard let t = v.text, let col = Colour(hex: t) else {
                    problems.add("'\(key)' should be a colour written like \"#0f6e63\" (in quotes)", at: v.mark)
                    return d
                }
                return col
            }
            s.colours.ink = colour("ink", s.colours.ink)
            s.colours.accent = colour("accent", s.colours.accent)
            s.colours.onAccent = colour("on-accent", s.colours.onAccent)
            s.colours.tint = colour("tint", s.colours.tint)
            s.colours.prompt = colour("prompt", s.colours.prompt)
            s.colours.rule = colour("rule", s.colours.rule)
            cr.reportUnknown(problems: &problems)
        }
        r.reportUnknown(problems: &problems)
        return s
    }

    private static func readGrid(_ value: SourceValue?, problems: inout ProblemList) -> Grid {
        var g = Grid(columns: 12, rows: 12, gap: .mm(4), margin: .mm(12))
        guard let value else { return g }
        var r = MapReader(value, what: "'grid'", problems: &problems)
        g.columns = r.integer("columns", default: g.columns, range: 1...48, problems: &problems)
        g.rows = r.integer("rows", default: g.rows, range: 1...48, problems: &problems)
        g.gap = r.length("gap", default: g.gap, range: 0...30, problems: &problems)
        // Home printers cannot print right to the edge: 10 mm is the least that is safe.
        g.margin = r.length("margin", default: g.margin, range: 10...50, problems: &problems)
        r.reportUnknown(problems: &problems)
        return g
    }

    private static func readPage(_ value: SourceValue, grid: Grid, problems: inout ProblemList) -> PageSpec {
        var r = MapReader(value, what: "a page", problems: &problems)
        let heading = r.string("heading", problems: &problems)
        let intro = r.string("intro", problems: &problems)
        var regions: [Region] = []
        if let list = r.value("regions") {
            if let items = list.items {
                for item in items {
                    if let region = readRegion(item, grid: grid, problems: &problems) { regions.append(region) }
                }
            } else {
                problems.add("'regions' should be a list", at: list.mark)
            }
        } else {
            problems.add("a page needs 'regions'", at: value.mark)
        }
        r.reportUnknown(problems: &problems)
        return PageSpec(heading: heading, intro: intro, regions: regions)
    }

    private static func readRegion(_ value: SourceValue, grid: Grid, problems: inout ProblemList) -> Region? {
        var r = MapReader(value, what: "a region", problems: &problems)
        guard value.entries != nil else { return nil }
        let field = r.string("field", problems: &problems)
        if let field, !isFieldName(field) {
            problems.add("the field name '\(field)' should be lower-case letters, digits and dashes, starting with a letter", at: r.raw("field")?.mark ?? value.mark)
        }
        let typeName = r.string("type", problems: &problems) ?? "text"
        let label = r.string("label", problems: &problems)
        let prompt = r.string("prompt", problems: &problems)
        let text = r.string("text", problems: &problems)
        let columns = readSpan("columns", &r, limit: grid.columns, problems: &problems)
        let rows = readSpan("rows", &r, limit: grid.rows, problems: &problems)

        let kind: RegionKind
        switch typeName {
        case "text":
            kind = .text(writing: r.enumeration("writing", default: Writing.lines, problems: &problems))
        case "banner":
            kind = .banner
        case "list":
            kind = .list(numbered: r.bool("numbered", default: true, problems: &problems),
                         itemColumns: r.integer("item-columns", default: 1, range: 1...4, problems: &problems))
        case "matrix":
            let across = readItems("across", &r, at: value.mark, problems: &problems)
            let down = readItems("down", &r, at: value.mark, problems: &problems)
            kind = .matrix(across: across, down: down)
        case "table":
            kind = .table(headings: readItems("headings", &r, at: value.mark, problems: &problems),
                          blankRows: r.integer("blank-rows", default: 4, range: 1...30, problems: &problems))
        case "image":
            kind = .image
        default:
            let types = ["text", "banner", "list", "matrix", "table", "image"]
            var message = "'\(typeName)' is not a type of region; use one of: \(types.joined(separator: ", "))"
            if let guess = closestMatch(to: typeName, in: types) { message += " (did you mean '\(guess)'?)" }
            problems.add(message, at: r.raw("type")?.mark ?? value.mark)
            kind = .text(writing: .lines)
        }
        if field == nil, text == nil, label == nil, case .text = kind {
            problems.add("this region has no 'field', 'label' or 'text', so it would be empty", at: value.mark)
        }
        if field == nil, case .image = kind {
            problems.add("an image region needs a 'field' that names the picture, such as 'field: logo'", at: value.mark)
        }
        let hide = r.bool("hide-when-empty", default: false, problems: &problems)
        r.reportUnknown(problems: &problems)
        var region = Region(field: field, kind: kind, label: label, prompt: prompt, text: text,
                            columns: columns, rows: rows, mark: value.mark)
        region.hideWhenEmpty = hide
        return region
    }

    private static func readSpan(_ key: String, _ r: inout MapReader, limit: Int, problems: inout ProblemList) -> ClosedRange<Int> {
        guard let v = r.value(key) else {
            problems.add("a region needs '\(key)', such as \(key): 1-\(limit) (the grid has \(limit) \(key))", at: r.value.mark)
            return 1...1
        }
        let s = (v.text ?? "").replacingOccurrences(of: " ", with: "")
        let parts = s.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        let range: ClosedRange<Int>?
        switch parts.count {
        case 1: range = parts[0].map { $0...$0 }
        case 2: if let a = parts[0], let b = parts[1], a <= b { range = a...b } else { range = nil }
        default: range = nil
        }
        guard let range else {
            problems.add("'\(key)' should be one number or a range like 1-6, not '\(s)'", at: v.mark)
            return 1...1
        }
        guard range.lowerBound >= 1, range.upperBound <= limit else {
            problems.add("'\(key): \(s)' goes outside the grid, which has \(limit) \(key) (1-\(limit))", at: v.mark)
            return 1...1
        }
        return range
    }

    private static func readItems(_ key: String, _ r: inout MapReader, at mark: SourceMark, problems: inout ProblemList) -> [MatrixItem] {
        guard let v = r.value(key) else {
            problems.add("this region needs '\(key)': a list of items, each with an 'id' and a 'label'", at: mark)
            return []
        }
        guard let items = v.items, !items.isEmpty else {
            problems.add("'\(key)' should be a list of items, each with an 'id' and a 'label'", at: v.mark)
            return []
        }
        var result: [MatrixItem] = []
        for item in items {
            var ir = MapReader(item, what: "an item of '\(key)'", problems: &problems)
            guard item.entries != nil else { continue }
            let id = ir.string("id", required: true, problems: &problems) ?? ""
            let label = ir.string("label", required: true, problems: &problems) ?? id
            let detail = ir.string("detail", problems: &problems)
            let prompt = ir.string("prompt", problems: &problems)
            ir.reportUnknown(problems: &problems)
            if result.contains(where: { $0.id == id }) {
                problems.add("the id '\(id)' is used twice in '\(key)'", at: item.mark)
            }
            result.append(MatrixItem(id: id, label: label, detail: detail, prompt: prompt))
        }
        return result
    }
}

extension Layout {
    /// The narrowest column and the shortest row a grid may have on A4, in millimetres: less
    /// leaves no room for a word, and a negative size would put boxes off the page.
    static let minimumCell = 3.0
    /// Room kept on each page for the page heading and footer when the rows are checked, in mm.
    static let headingAndFooterAllowance = 30.0

    /// Reports a grid whose columns or rows would be too narrow (or negative) on A4, and regions
    /// on the same page that share grid cells.
    static func checkGeometry(grid: Grid, orientation: Orientation, pages: [PageSpec], mark: SourceMark, problems: inout ProblemList) {
        let size = Paper.a4.size(orientation)
        let width = size.width / Length.mm(1).points - 2 * grid.margin.millimetres
        let height = size.height / Length.mm(1).points - 2 * grid.margin.millimetres - headingAndFooterAllowance
        let gap = grid.gap.millimetres
        let column = (width - Double(grid.columns - 1) * gap) / Double(grid.columns)
        let row = (height - Double(grid.rows - 1) * gap) / Double(grid.rows)
        if column < minimumCell {
            problems.add("with \(grid.columns) columns, a \(format(gap))mm gap and a \(format(grid.margin.millimetres))mm margin, each column would be \(String(format: "%.1f", column))mm wide on A4 \(orientation.rawValue); it must be at least \(format(minimumCell))mm. Use fewer columns, a smaller gap or a smaller margin", at: mark)
        }
        if row < minimumCell {
            problems.add("with \(grid.rows) rows, a \(format(gap))mm gap and a \(format(grid.margin.millimetres))mm margin, each row would be \(String(format: "%.1f", row))mm tall on A4 \(orientation.rawValue); it must be at least \(format(minimumCell))mm. Use fewer rows, a smaller gap or a smaller margin", at: mark)
        }
        for page in pages {
            for (i, a) in page.regions.enumerated() {
                for b in page.regions[..<i] where a.columns.overlaps(b.columns) && a.rows.overlaps(b.rows) {
                    problems.add("this region (columns \(span(a.columns)), rows \(span(a.rows))) overlaps the region at line \(b.mark.line) (columns \(span(b.columns)), rows \(span(b.rows))); regions on a page may not share grid cells", at: a.mark)
                    break
                }
            }
        }
    }

    private static func span(_ r: ClosedRange<Int>) -> String {
        r.lowerBound == r.upperBound ? "\(r.lowerBound)" : "\(r.lowerBound)-\(r.upperBound)"
    }
}

/// A path as a person would want to see it in a message: relative to the current folder when inside it.
public func displayPath(_ url: URL) -> String {
    let path = url.standardizedFileURL.path
    let cwd = FileManager.default.currentDirectoryPath
    if path.hasPrefix(cwd + "/") { return String(path.dropFirst(cwd.count + 1)) }
    return path
}

/// Whether `name` is a field name: lower-case letters, digits and dashes, starting with a letter.
/// (Checked by hand: a regular expression would load ICU, a noticeable part of start-up.)
func isFieldName(_ name: String) -> Bool {
    guard let first = name.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
    return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
}
