// CoprintLayout turns layout files and the words that fill them into pages of positioned items
// (boxes, rules and fitted text), measured through a TextMeasurer, without knowing how they are drawn.
import Foundation

/// Lays out one layout, filled with some content, on one paper size.
///
///     let pages = try LayoutEngine(layout: layout, content: .blank(for: layout),
///                                  paper: .a4, measurer: measurer).run()
public struct LayoutEngine {
    /// The layout to print.
    public var layout: Layout
    /// What fills it.
    public var content: Content
    /// The paper.
    public var paper: Paper
    /// Measures text.
    public var measurer: any TextMeasurer
    /// A name printed on every sheet, such as "Table 3" in a workshop pack.
    public var sheetLabel: String?

    /// Makes an engine.
    public init(layout: Layout, content: Content, paper: Paper, measurer: any TextMeasurer) {
        self.layout = layout; self.content = content; self.paper = paper; self.measurer = measurer
    }

    /// Lays out every page, then any continuation pages for text that did not fit.
    public func run() -> LaidOutDocument {
        // The page count is printed on every page, and continuation pages add to it; so lay out
        // once to learn how many there are, and again if that changes the count.
        // The same holds for "continues on page N" under a box whose text goes on: the page is
        // known only once the continuation pages are laid out, so the previous run's pages are used.
        var total = layout.pages.count
        var continuesOn: [String: Int] = [:]
        var result: LaidOutDocument?
        for _ in 0..<4 {
            var context = Context(layout: layout, content: content, paper: paper, measurer: measurer, continuesOn: continuesOn)
            context.sheetLabel = sheetLabel
            var pages: [Page] = []
            for (index, spec) in layout.pages.enumerated() {
                pages.append(context.layOutPage(spec, number: index + 1, of: total))
            }
            pages += context.continuationPages(firstNumber: pages.count + 1, of: total)
            pages = pages.map { $0.onPaper(layout.style.colours.paper) }
            result = LaidOutDocument(title: documentTitle, subject: Layout.oneLine(layout.description), pages: pages, fits: context.fits)
            result?.language = layout.furniture.tag
            result?.pairedLanguage = layout.pairedFurniture?.tag
            if pages.count == total && context.log.continuesOn == continuesOn { break }
            total = pages.count
            continuesOn = context.log.continuesOn
        }
        return result!
    }

    /// The PDF title: the layout's, with the plan's own title and team when it has them.
    var documentTitle: String {
        var title = Layout.oneLine(layout.title)
        if case .paragraphs(let p)? = content.fields["title"], let first = p.first, first != layout.title {
            title = "\(title): \(first)"
        }
        if case .paragraphs(let p)? = content.fields["team"], let first = p.first { title += " (\(first))" }
        return title
    }
}

/// The working state of one layout run.
struct Context {
    let layout: Layout
    let content: Content
    let paper: Paper
    let measurer: any TextMeasurer
    /// Fit results, shared by the helpers below (which are not mutating so closures may use self).
    let log = FitLog()
    var fits: [FitRecord] { log.records }

    /// Where each piece of continued text went on the previous run, by `Overflow.key`.
    let knownContinuations: [String: Int]

    /// A name printed on every sheet, such as "Table 3" in a workshop pack.
    var sheetLabel: String?

    /// The text size (at A4) below which a team's words never shrink: the layout's minimum, but
    /// never smaller than the grey guidance printed around them, nor than `Metrics.floor`.
    var minimumSize: Double {
        // Every language prints as large as the layout's own: a Welsh edition in smaller type
        // than the English would treat Welsh less favourably, so longer words continue on
        // another page instead. A bilingual edition prints every text twice and keeps each
        // Welsh text and its English on the same page, so it may go down to the readability
        // floor first (never below the prompts): carried on, a short paragraph would leave its
        // Welsh on one page and its English on the next.
        guard layout.edition.paired != nil else { return max(style.minTextSize, style.promptSize, Metrics.floor) }
        return max(style.promptSize, Metrics.floor)
    }

    /// The layout's sizes and gaps on this paper.
    var metrics: Metrics { Metrics(style: style, scale: s) }

    init(layout: Layout, content: Content, paper: Paper, measurer: any TextMeasurer, continuesOn: [String: Int] = [:]) {
        self.layout = layout; self.content = content; self.paper = paper; self.measurer = measurer
        self.knownContinuations = continuesOn
    }

    var s: Double { paper.scale }
    var style: Style { layout.style }
    var colours: Palette { layout.style.colours }
    var pad: Double { metrics.pad }
    var radius: Double { Length.mm(2).points * s }
    var hairline: Double { 0.75 * s }

    func textStyle(_ size: Double, _ weight: TextStyle.Weight = .regular, _ colour: Colour? = nil,
                   alignment: TextStyle.Alignment = .leading, lineSpacing: Double = 1.25) -> TextStyle {
        // A theme may ask for bold headings and more open lines than the design's own.
        let weight = weight == .semibold ? style.headingWeight : weight
        var st = TextStyle(font: style.font, weight: weight, size: size * s, colour: colour ?? colours.ink,
                           alignment: alignment, lineSpacing: max(lineSpacing, style.lineSpacing))
        st.language = layout.furniture.tag
        st.pairedLanguage = layout.pairedFurniture?.tag
        return st
    }

    func height(_ text: String, _ style: TextStyle, _ width: Double) -> Double {
        text.isEmpty ? 0 : measurer.measure(text, style: style, width: width).height
    }

    /// The height one line of `style` takes as printed (the font's own line height times the
    /// spacing, which is more than the size times the spacing).
    func lineHeight(_ style: TextStyle, _ width: Double) -> Double {
        measurer.measure("Ag", style: style, width: max(width, 1000)).height
    }

    // MARK: Pages

    /// The regions to draw: those hidden because their field is empty are left out, and a region
    /// directly above the space they leave grows down into it, so a poster printed without an
    /// organisation's name has no empty band at the foot.
    func grownIntoHiddenSpace(_ regions: [Region]) -> [Region] {
        let hidden = regions.filter { r in r.hideWhenEmpty && (r.field.flatMap { content.fields[$0] } == nil) }
        guard !hidden.isEmpty else { return regions }
        var free = Set<[Int]>()
        for r in hidden { for c in r.columns { for row in r.rows { free.insert([c, row]) } } }
        var visible = regions.filter { r in !hidden.contains { $0.mark == r.mark } }
        for r in visible { for c in r.columns { for row in r.rows { free.remove([c, row]) } } }
        for i in visible.indices {
            var bottom = visible[i].rows.upperBound
            while visible[i].columns.allSatisfy({ free.contains([$0, bottom + 1]) }) {
                bottom += 1
                for c in visible[i].columns { free.remove([c, bottom]) }
            }
            visible[i].rows = visible[i].rows.lowerBound...bottom
        }
        return visible
    }

    /// The footer at the bottom of `area`: the credit on the left, "Page 2 of 3" on the right.
    /// Returns its items and its height.
    func footerItems(in area: Rect, number: Int, of count: Int, label: String? = nil) -> ([PageItem], Double) {
        let gap = layout.grid.gap.points * s
        let creditText = content.credit ?? layout.credit
        let footStyle = textStyle(style.creditSize, .regular, colours.prompt, lineSpacing: 1.15)
        let pageLabel = [label, count > 1 ? layout.furnitureWords(\.pageOfPages, ["page": "\(number)", "pages": "\(count)"]) : nil].compactMap { $0 }.joined(separator: "   ")
        let labelWidth = pageLabel.isEmpty ? 0 : measurer.measure(pageLabel, style: footStyle, width: area.width).width + 2
        let creditWidth = area.width - labelWidth - (pageLabel.isEmpty ? 0 : gap)
        var footH = max(height(creditText ?? "", footStyle, creditWidth), height(pageLabel, footStyle, area.width))
        guard footH > 0 else { return ([], 0) }
        footH = ceil(footH)
        let footTop = area.maxY - footH
        var items: [PageItem] = []
        if let creditText {
            items.append(.text(TextBlock(frame: Rect(x: area.x, y: footTop, width: creditWidth, height: footH),
                                         text: creditText, style: footStyle, source: "credit")))
        }
        if !pageLabel.isEmpty {
            items.append(.text(TextBlock(frame: Rect(x: area.maxX - labelWidth, y: footTop, width: labelWidth, height: footH),
                                         text: pageLabel, style: footStyle, source: "page number")))
        }
        return ([.tagged(.paragraph, items)], footH)
    }

    /// Places `text` in `room`. What does not fit is queued, in reading order, to continue on a
    /// later page under `heading`, and the box ends with "continues on page N"; nothing is ever
    /// cut off.
    func place(_ text: String, style st: TextStyle, in room: Rect, tag: StructureTag, source: String, heading: String) -> PageItem? {
        guard !text.isEmpty else { return nil }
        let h = height(text, st, room.width)
        if h <= room.height + 0.01 {
            return .tagged(tag, [.text(TextBlock(frame: room, text: text, style: st, source: source))])
        }
        let key = Overflow.key(source: source, heading: heading)
        let marker = continuesMarker(key, in: room)
        var (fitting, rest) = splitKeepingLinesTogether(text, style: st, width: room.width, height: max(0, room.height - marker.height))
        // A bullet split part-way continues lined up with its own text, not under the bullets.
        if st.hangingIndent > 0, !rest.isEmpty, !rest.hasPrefix("•"), !rest.hasPrefix("\t") { rest = "\t" + rest }
        log.overflow.append(Overflow(heading: heading, text: rest, style: st, tag: tag, source: source, fromPage: log.page))
        if let i = log.records.lastIndex(where: { $0.region == source }) { log.records[i].continued = true }
        var parts: [PageItem] = []
        if !fitting.isEmpty {
            parts.append(.tagged(tag, [.text(TextBlock(frame: room, text: fitting, style: st, source: source))]))
        }
        parts.append(marker.item)
        return parts.count == 1 ? parts[0] : .tagged(.section, parts)
    }

    /// The line at the foot of a box whose text goes on: "continues on page N", at the trailing
    /// edge of `room`. Returns it and the height it takes from the room.
    func continuesMarker(_ key: String, in room: Rect, page: Int? = nil) -> (item: PageItem, height: Double) {
        let st = textStyle(style.promptSize, .semibold, colours.accent, alignment: .trailing, lineSpacing: 1.15)
        let target = page ?? knownContinuations[key]
        let words = target.map { layout.furnitureWords(\.continuesOn, ["page": "\($0)"]) } ?? layout.furnitureWords(\.continuesLater)
        let h = height(words, st, room.width)
        let frame = Rect(x: room.x, y: room.maxY - h, width: room.width, height: h)
        return (.tagged(.paragraph, [.text(TextBlock(frame: frame, text: words, style: st, source: "continues"))]), h + metrics.pad * 0.4)
    }

    /// Splits `text` after the last whole line that fits in `height`.
    func splitText(_ text: String, style st: TextStyle, width: Double, height: Double) -> (String, String) {
        let bytes = measurer.fittingPrefix(text, style: st, width: width, height: height)
        let utf8 = text.utf8
        let cut = utf8.index(utf8.startIndex, offsetBy: min(max(0, bytes), utf8.count))
        var fitting = String(text[..<cut])
        var rest = String(text[cut...])
        while fitting.last?.isNewline == true { fitting.removeLast() }
        while rest.first?.isNewline == true { rest.removeFirst() }
        return (fitting, rest)
    }

    /// Splits like `splitText`, but as a typesetter would: a list item of a few lines moves whole
    /// rather than break, and a paragraph never leaves a single line behind on either side (no
    /// orphans or widows); it breaks between paragraphs instead where it can.
    func splitKeepingLinesTogether(_ text: String, style st: TextStyle, width: Double, height h: Double) -> (String, String) {
        let (fitting, rest) = splitText(text, style: st, width: width, height: h)
        guard !fitting.isEmpty, !rest.isEmpty else { return (fitting, rest) }
        // Did the break fall inside a paragraph?
        let cutIndex = text.utf8.index(text.utf8.startIndex, offsetBy: fitting.utf8.count)
        let atBoundary = cutIndex == text.endIndex || text[cutIndex...].first?.isNewline == true
        if atBoundary { return (fitting, rest) }
        let lineH = lineHeight(st, width)
        let lastOnPage = fitting.split(separator: "\n", omittingEmptySubsequences: false).last.map(String.init) ?? fitting
        let firstCarried = rest.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? rest
        let onPageLines = Int((height(lastOnPage, st, width) / lineH).rounded())
        let carriedLines = Int((height(firstCarried, st, width) / lineH).rounded())
        let paragraphStart = fitting.lastIndex(where: \.isNewline)
        let isItem = st.hangingIndent > 0
        // Move the whole paragraph (or item) over when too little of it would stay.
        if let start = paragraphStart, onPageLines < 2 || (isItem && onPageLines + carriedLines <= 4) || (carriedLines < 2 && onPageLines < 3) {
            var kept = String(fitting[..<start])
            while kept.last?.isNewline == true { kept.removeLast() }
            let moved = String(fitting[fitting.index(after: start)...]) + rest
            if !kept.isEmpty { return (kept, moved) }
        }
        // Carry at least two lines of the paragraph over, so no single line sits alone.
        if carriedLines < 2 && onPageLines >= 3 {
            let (shorter, more) = splitText(text, style: st, width: width, height: max(0, h - lineH * Double(2 - carriedLines)))
            if !shorter.isEmpty { return (shorter, more) }
        }
        return (fitting, rest)
    }

    func layOutPage(_ spec: PageSpec, number: Int, of count: Int) -> Page {
        let records = log.records.count, overflow = log.overflow.count
        let first = layOutPageOnce(spec, number: number, of: count)
        let shrunk = log.records[records...].filter { !log.titles.contains($0.region) && $0.size < style.textSize * s - 0.01 }
        let sizes = Set(shrunk.map(\.size))
        guard sizes.count > 1, let smallest = sizes.min() else { return first }
        for r in shrunk { log.forcedSize[r.region] = smallest / s }
        log.records.removeSubrange(records...)
        log.overflow.removeSubrange(overflow...)
        return layOutPageOnce(spec, number: number, of: count)
    }

    func layOutPageOnce(_ spec: PageSpec, number: Int, of count: Int) -> Page {
        log.page = number
        let size = paper.size(layout.orientation)
        let margin = layout.grid.margin.points
        let content = Rect(x: 0, y: 0, width: size.width, height: size.height).inset(by: margin)
        var items: [PageItem] = []
        var area = content
        let gap = layout.grid.gap.points * s

        var labelInFooter = sheetLabel
        if let heading = spec.heading {
            var st = textStyle(style.titleSize, .bold, colours.accent, lineSpacing: 1.0)
            // A bilingual heading shares one line ("Welsh / English") when it fits on one,
            // leaving the page's height to the boxes (not beside guidance, which it would squeeze).
            var inline = st
            inline.pairsInline = true
            if spec.intro == nil, heading.contains(Bilingual.separator),
               height(heading, inline, area.width) <= lineHeight(inline, area.width) * 1.2 { st = inline }
            let h = height(heading, st, area.width)
            var bandHeight = h
            var introItems: [PageItem] = []
            var bandArea = area
            if let label = sheetLabel {
                // The sheet's name in a tab at the top right, on the heading's line.
                var ls = textStyle(style.headingSize, .bold, colours.onAccent, alignment: .centre, lineSpacing: 1.0)
                ls.pairsInline = true
                let lw = measurer.measure(label, style: ls, width: area.width).width + 4 * pad
                let lh = height(label, ls, lw) + pad
                let tab = Rect(x: area.maxX - lw, y: area.y + max(0, (h - lh) / 2), width: lw, height: lh)
                items.append(.box(tab, fill: colours.accent, stroke: nil, lineWidth: 0, radius: radius))
                items.append(.tagged(.paragraph, [.text(TextBlock(frame: Rect(x: tab.x, y: tab.y + pad / 2, width: lw, height: lh - pad), text: label, style: ls, source: "sheet label"))]))
                bandArea.width -= lw + gap
                labelInFooter = nil
            }
            if let intro = spec.intro {
                // Guidance sits beside the heading when there is room, so it costs the grid
                // (and the A3 sticky-note cells) almost no height; otherwise under it.
                let ist = textStyle(style.promptSize, .regular, colours.ink, lineSpacing: 1.0)
                let headingWidth = measurer.measure(heading, style: st, width: area.width).width
                let besideWidth = bandArea.width - headingWidth - 2 * gap
                if besideWidth >= area.width * 0.35, h > 0 {
                    let ih = height(intro, ist, besideWidth)
                    bandHeight = max(h, ih)
                    let frame = Rect(x: bandArea.maxX - besideWidth, y: area.y + max(0, (h - ih) / 2), width: besideWidth, height: ih)
                    introItems = [.tagged(.paragraph, [.text(TextBlock(frame: frame, text: intro, style: ist, source: "page guidance"))])]
                } else {
                    let ih = height(intro, ist, area.width)
                    let frame = Rect(x: area.x, y: area.y + h + gap * 0.4, width: area.width, height: ih)
                    introItems = [.tagged(.paragraph, [.text(TextBlock(frame: frame, text: intro, style: ist, source: "page guidance"))])]
                    bandHeight = h + gap * 0.4 + ih
                }
            }
            let (_, rest) = area.sliceTop(bandHeight, gap: gap * 0.4)
            items.append(.tagged(.heading1, [.text(TextBlock(frame: Rect(x: area.x, y: area.y, width: area.width, height: h), text: heading, style: st, source: "page heading"))]))
            items += introItems
            area = rest
        }

        let (footer, footH) = footerItems(in: area, number: number, of: count, label: labelInFooter)
        if footH > 0 { area.height -= footH + gap * 0.3 }

        let grid = layout.grid
        let colW = (area.width - Double(grid.columns - 1) * gap) / Double(grid.columns)
        let rows = spec.gridRows ?? grid.rows
        let regions = grownIntoHiddenSpace(spec.regions)
        let rowHeights = self.rowHeights(rows, in: area.height, gap: gap, regions: regions, columnWidth: colW)
        var frames: [(String, Rect)] = []
        log.frames = []
        log.fields = []
        var regionItems: [PageItem] = []
        for region in regions {
            let frame = Rect(
                x: area.x + Double(region.columns.lowerBound - 1) * (colW + gap),
                y: area.y + rowHeights[..<(region.rows.lowerBound - 1)].reduce(0, +) + Double(region.rows.lowerBound - 1) * gap,
                width: Double(region.columns.count) * colW + Double(region.columns.count - 1) * gap,
                height: rowHeights[(region.rows.lowerBound - 1)..<region.rows.upperBound].reduce(0, +) + Double(region.rows.count - 1) * gap)
            frames.append((region.field ?? region.label ?? "region", frame))
            regionItems.append(contentsOf: layOut(region, in: frame))
        }
        // Reading order: heading, regions, then the footer.
        var page = Page(size: size, items: items + regionItems + footer, contentBox: content, regionFrames: frames, cellFrames: log.frames)
        page.fieldAreas = log.fields
        return page
    }
}

extension Context {
    /// The height of each grid row: equal shares of `height`, except that a banner whose title
    /// and subtitle need more room than its rows give (two languages in large print) takes it
    /// from the other rows, so its title never continues on another page.
    func rowHeights(_ rows: Int, in height: Double, gap: Double, regions: [Region], columnWidth: Double) -> [Double] {
        let even = (height - Double(rows - 1) * gap) / Double(rows)
        var heights = Array(repeating: even, count: rows)
        for region in regions {
            guard case .banner = region.kind, region.rows.upperBound <= rows, region.rows.count < rows else { continue }
            let own = (region.rows.lowerBound - 1)..<region.rows.upperBound
            let width = Double(region.columns.count) * columnWidth + Double(region.columns.count - 1) * gap
            let have = heights[own].reduce(0, +) + Double(region.rows.count - 1) * gap
            let others = heights.indices.filter { !own.contains($0) }
            // The rest of the page keeps at least two thirds of its height.
            let extra = min(bannerHeight(region, width: width) - have, others.map { heights[$0] }.reduce(0, +) / 3)
            guard extra > 0.01 else { continue }
            for i in own { heights[i] += extra / Double(own.count) }
            for i in others { heights[i] -= extra / Double(others.count) }
        }
        return heights
    }
}

/// Where fit results are gathered while a document is laid out.
final class FitLog {
    var records: [FitRecord] = []
    /// Text that did not fit its region, in reading order, to continue on later pages.
    var overflow: [Overflow] = []
    var page = 1
    /// Boxes inside regions worth checking (matrix cells), for the current page.
    var frames: [(String, Rect)] = []
    /// Sizes (at A4) set for regions so that a page uses at most two text sizes.
    var forcedSize: [String: Double] = [:]
    /// Regions whose records are titles (banners), not answers.
    var titles: Set<String> = []
    /// The first page each piece of continued text was printed on, by `Overflow.key`.
    var continuesOn: [String: Int] = [:]
    /// Writing areas with the plan field each fills, for the current page.
    var fields: [FieldArea] = []
}
