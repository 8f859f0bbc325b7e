import Foundation

/// Text that did not fit its region, waiting to continue on a later page.
struct Overflow {
    /// The region's heading, repeated on the continuation page.
    var heading: String
    /// What is left to print.
    var text: String
    /// The style it was printed in (its size is kept, so the text reads the same).
    var style: TextStyle
    /// Its structure tag.
    var tag: StructureTag
    /// Which field it came from.
    var source: String
    /// The page it started on.
    var fromPage: Int
    /// For a table: its column heads and the rows still to print (then `text` is empty).
    var table: (headings: [MatrixItem], rows: [[String: String]])? = nil
    /// For a list: the items still to print as cards (then `text` is empty).
    var list: ListRest? = nil

    /// Names one piece of continued text across layout runs.
    static func key(source: String, heading: String) -> String { "\(source)|\(heading)" }
    var key: String { Overflow.key(source: source, heading: heading) }
}

/// The items of a list that did not fit its page, to follow as cards on continuation pages.
struct ListRest {
    /// The list's region.
    var region: Region
    /// Whether the items are numbered.
    var numbered: Bool
    /// How many columns of cards.
    var columns: Int
    /// The items still to print.
    var entries: [ListItem]
    /// The number of the first of them.
    var firstNumber: Int
    /// How many cards stand in each column on its first page.
    var rows: Int
    /// How tall each card was on its first page: continued cards keep it.
    var cardHeight: Double
}

extension Context {
    /// Pages that carry on every region's text that did not fit, in reading order. Each part is a
    /// box like the canvas's own: its region's heading on the tinted band, "continued from page N"
    /// under it, and "continues on page N" at its foot if it goes on again; a table continues as a
    /// table under its column heads. Parts fill the page's columns (two on landscape pages) before
    /// a new page starts.
    func continuationPages(firstNumber: Int, of count: Int) -> [Page] {
        var queue = log.overflow
        guard !queue.isEmpty else { return [] }
        let size = paper.size(layout.orientation)
        let margin = layout.grid.margin.points
        let box = Rect(x: 0, y: 0, width: size.width, height: size.height).inset(by: margin)
        let gap = layout.grid.gap.points * s
        let columns = layout.orientation == .landscape ? 2 : 1
        var pages: [Page] = []

        // Continued text keeps the size it had in its box, so it reads as the same text and the
        // page holds as much as it can (the sizes are already at or above the floor).

        // A poster's banner prints its content's own title; a continuation page carries on
        // under the same words.
        let bannerTitle = layout.pages.flatMap(\.regions).contains { region in
            if case .banner = region.kind { return region.field == "title" }
            return false
        }
        let printedTitle: String
        if bannerTitle, case .paragraphs(let p)? = content.fields["title"], let first = p.first, !first.isEmpty { printedTitle = first } else { printedTitle = layout.title }
        while !queue.isEmpty {
            let number = firstNumber + pages.count
            log.page = number
            var items: [PageItem] = []
            var area = box
            let title = layout.furnitureWords(\.continuedTitle, ["title": printedTitle])
            let titleStyle = textStyle(style.titleSize, .bold, colours.accent, lineSpacing: 1.0)
            let th = height(title, titleStyle, area.width)
            items.append(.tagged(.heading1, [.text(TextBlock(frame: Rect(x: area.x, y: area.y, width: area.width, height: th), text: title, style: titleStyle, source: "page heading"))]))
            area = area.sliceTop(th, gap: gap).rest
            let (footer, footH) = footerItems(in: area, number: number, of: max(count, number))
            if footH > 0 { area.height -= footH + gap * 0.5 }

            let colW = (area.width - Double(columns - 1) * gap) / Double(columns)
            var column = 0
            var y = area.y
            var frames: [(String, Rect)] = []
            pageLoop: while !queue.isEmpty {
                var next = queue[0]
                if var rest = next.list {
                    // A list goes on as cards of the height they had on its first page, across the
                    // whole width, under whatever this page already holds.
                    if column > 0 { break pageLoop }
                    let fromWords = layout.furnitureWords(\.continuedFrom, ["page": "\(next.fromPage)"])
                    let st = textStyle(style.headingSize * 1.25, .bold, colours.accent, lineSpacing: 1.1)
                    let heading = Bilingual.joined(next.heading, fromWords) { "\($0) (\($1))" }
                    // A list with no heading of its own (a poster's tips) goes on under the
                    // page's "continued" title alone, rather than under the title a second time.
                    let headed = rest.region.label != nil
                    let h = headed ? height(heading, st, area.width) : 0
                    let cardGap = pad * 1.2
                    let room = area.maxY - (y + h + pad)
                    // As many rows as fit: cards no taller than on the first page, shorter when
                    // that lets more go on this page and their words still fit.
                    func cardsHeight(rows: Int) -> Double { min(room, Double(rows) * rest.cardHeight + Double(rows - 1) * cardGap) }
                    let most = Int((Double(rest.entries.count) / Double(rest.columns)).rounded(.up))
                    var rows = stride(from: most, through: 1, by: -1).first { r in
                        let probe = Rect(x: area.x, y: 0, width: area.width, height: cardsHeight(rows: r))
                        return probe.height > 0 && cardsFit(Array(rest.entries.prefix(r * rest.columns)), rest.numbered, rest.columns, rows: r, at: minimumSize, in: probe)
                    } ?? 0
                    if rows < 1 {
                        if y > area.y + 0.01 { break pageLoop }
                        rows = 1
                    }
                    let count = min(rest.entries.count, rows * rest.columns)
                    if headed {
                        items.append(.tagged(.heading2, [.text(TextBlock(frame: Rect(x: area.x, y: y, width: area.width, height: h), text: heading, style: st, source: next.source))]))
                    }
                    let block = cardsHeight(rows: rows)
                    let cardArea = Rect(x: area.x, y: y + (headed ? h + pad : 0), width: area.width, height: block)
                    let queued = log.overflow.count
                    items += cards(rest.region, rest.numbered, rest.columns, Array(rest.entries[..<count]), firstNumber: rest.firstNumber, rows: rows, in: cardArea)
                    // A card whose words still did not fit queued the rest: it goes on later.
                    queue += log.overflow[queued...]
                    frames.append((next.source, cardArea))
                    y = cardArea.maxY + gap
                    if log.continuesOn[next.key] == nil { log.continuesOn[next.key] = number }
                    if let r = log.records.firstIndex(where: { $0.region == next.source && $0.page == next.fromPage }), !log.records[r].continuedOn.contains(number) {
                        log.records[r].continuedOn.append(number)
                    }
                    rest.entries.removeFirst(count)
                    rest.firstNumber += count
                    if rest.entries.isEmpty { queue.removeFirst(); continue } else { next.list = rest; queue[0] = next; break pageLoop }
                }
                let x = area.x + Double(column) * (colW + gap)
                // The band: the box's heading, and "continued from page N" at its trailing end on
                // the same line (under it when the heading is too long to share the line).
                let fromWords = layout.furnitureWords(\.continuedFrom, ["page": "\(next.fromPage)"])
                let fromStyle = textStyle(style.promptSize, .regular, colours.prompt, alignment: .trailing, lineSpacing: 1.15)
                let fromW = measurer.measure(fromWords, style: fromStyle, width: colW).width + 2
                let labelW = colW - fromW - pad
                let labelStyle = textStyle(style.headingSize, .semibold, colours.accent, lineSpacing: 1.15)
                let sharesLine = measurer.measure(next.heading, style: labelStyle, width: 10_000).width <= labelW - 2 * pad
                var strip = headingStrip(label: next.heading, prompt: sharesLine ? nil : fromWords,
                                         width: sharesLine ? labelW : colW, at: Point(x: x, y: y), source: next.source)
                if sharesLine {
                    let lh = height(next.heading, labelStyle, labelW)
                    let fh = height(fromWords, fromStyle, fromW)
                    strip.items.append(.tagged(.paragraph, [.text(TextBlock(frame: Rect(x: x + colW - pad - fromW, y: y + pad * 0.8 + (lh - fh) * 0.75, width: fromW, height: fh),
                                                                           text: fromWords, style: fromStyle, source: next.source))]))
                }
                let lineH = lineHeight(next.style, colW)
                let atTop = y <= area.y + 0.01
                if !atTop && y + strip.height + pad * 2 + lineH * 2 > area.maxY {
                    // Not even the heading and two lines fit here: move on.
                    column += 1
                    y = area.y
                    if column == columns { break pageLoop }
                    continue
                }
                let nextPlace = column + 1 < columns ? number : number + 1
                let room = Rect(x: x + pad, y: y + strip.height + pad, width: colW - 2 * pad,
                                height: max(0, area.maxY - y - strip.height - 2 * pad))
                var body: [PageItem] = []
                var used = 0.0
                var goesOn = false
                if let table = next.table {
                    let (placed, h, left) = tableRows(table.headings, table.rows, style: next.style, in: room,
                                                      marker: { self.continuesMarker(next.key, in: $0, page: nextPlace) }, source: next.source)
                    body = placed; used = h
                    if left.isEmpty { queue.removeFirst() } else { next.table = (table.headings, left); queue[0] = next; goesOn = true }
                } else {
                    var text = next.text
                    var rest = ""
                    if height(text, next.style, room.width) > room.height + 0.01 {
                        let marker = continuesMarker(next.key, in: room, page: nextPlace)
                        (text, rest) = splitKeepingLinesTogether(text, style: next.style, width: room.width, height: room.height - marker.height)
                        if !atTop && height(text, next.style, room.width) < lineH * 1.9 {
                            // Only a line would fit under the heading here: start the part in the next column.
                            column += 1
                            y = area.y
                            if column == columns { break pageLoop }
                            continue
                        }
                        if text.isEmpty {
                            // A fresh column always takes at least one line, so the text always moves on.
                            (text, rest) = splitText(next.text, style: next.style, width: room.width, height: lineH * 1.05)
                            if text.isEmpty { text = next.text; rest = "" }
                        }
                        if !rest.isEmpty { body.append(marker.item) }
                    }
                    if next.style.hangingIndent > 0, !rest.isEmpty, !rest.hasPrefix("•"), !rest.hasPrefix("\t") { rest = "\t" + rest }
                    let h = height(text, next.style, room.width)
                    body.insert(.tagged(next.tag, [.text(TextBlock(frame: Rect(x: room.x, y: room.y, width: room.width, height: h), text: text, style: next.style, source: next.source))]), at: 0)
                    used = rest.isEmpty ? h : room.height
                    if rest.isEmpty { queue.removeFirst() } else { next.text = rest; queue[0] = next; goesOn = true }
                }
                let frame = Rect(x: x, y: y, width: colW, height: strip.height + pad * 2 + used)
                items.append(.box(Rect(x: x, y: y, width: colW, height: strip.height), fill: colours.tint, stroke: nil, lineWidth: 0, radius: radius))
                items.append(.box(frame, fill: nil, stroke: colours.rule, lineWidth: hairline, radius: radius))
                let headingParts = strip.items.enumerated().map { i, item -> PageItem in
                    // The band's heading is the region's, one level under the page title.
                    if i == 0, case .tagged(_, let inner) = item { return .tagged(.heading2, inner) }
                    return item
                }
                items.append(.tagged(.section, headingParts + body))
                frames.append((next.source, frame))
                y = frame.maxY + gap
                if log.continuesOn[next.key] == nil { log.continuesOn[next.key] = number }
                if let r = log.records.lastIndex(where: { $0.region == next.source }), !log.records[r].continuedOn.contains(number) {
                    log.records[r].continuedOn.append(number)
                }
                if goesOn {
                    column += 1
                    y = area.y
                    if column == columns { break pageLoop }
                }
            }
            pages.append(Page(size: size, items: items + footer, contentBox: box, regionFrames: frames))
        }
        return pages
    }
}
