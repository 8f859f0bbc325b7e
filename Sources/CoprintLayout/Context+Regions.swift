import Foundation

/// How each kind of region is laid out.
extension Context {
    func layOut(_ region: Region, in frame: Rect) -> [PageItem] {
        let value = region.field.flatMap { content.fields[$0] }
        if value == nil && region.hideWhenEmpty { return [] }
        switch region.kind {
        case .image: return image(region, value, frame)
        case .banner: return banner(region, value, frame)
        case .text(let writing): return textRegion(region, writing, value, frame)
        case .list(let numbered, let columns): return list(region, numbered, columns, value, frame)
        case .matrix(let across, let down): return matrix(region, across, down, value, frame)
        case .table(let headings, let blankRows): return table(region, headings, blankRows, value, frame)
        }
    }

    func name(_ region: Region) -> String { region.field ?? region.label ?? "region" }

    /// The heading repeated over a region's text when it continues on another page.
    func continuationHeading(_ region: Region) -> String {
        if let label = region.label { return label }
        // A field's name is English: other editions use the layout's title.
        guard let field = region.field, layout.edition == .english else { return layout.title }
        return field.split(separator: "-", omittingEmptySubsequences: false)
            .map { $0.prefix(1).uppercased() + $0.dropFirst().lowercased() }.joined(separator: " ")
    }

    /// Writes the lines of a field as one text: paragraphs separated by blank lines, bullets as
    /// hanging "•" lines.
    func body(_ value: FieldValue?, fallback: String?) -> (text: String, bullets: Bool)? {
        switch value {
        case .paragraphs(let p)?: return (p.joined(separator: "\n"), false)
        case .bullets(let b)?:
            // A bilingual line's second language keeps to the bullet's hanging indent.
            let sep = String(Bilingual.separator)
            return (b.map { "•\t" + $0.replacingEvery(sep, with: sep + "\t") }.joined(separator: "\n"), true)
        default: return fallback.map { ($0, false) }
        }
    }

    func bodyStyle(bullets: Bool, size: Double) -> TextStyle {
        var st = textStyle(size)
        st.paragraphSpace = 0.35 * size * s
        if bullets { st.hangingIndent = 0.9 * size * s }
        return st
    }

    /// The largest size from the layout's text size down to its minimum at which every block fits
    /// its height; records the result.
    func fit(_ region: String, blocks: [(text: String, width: Double, height: Double)],
             base: Double, floor: Double? = nil, makeStyle: (Double) -> TextStyle) -> (size: Double, fits: Bool) {
        fit(region, base: base, floor: floor, reported: { makeStyle($0).size }) { size in
            let st = makeStyle(size)
            return blocks.allSatisfy { $0.text.isEmpty || self.height($0.text, st, $0.width) <= $0.height + 0.01 }
        }
    }

    /// The largest size, from `base` down the type scale to `floor` (the layout's minimum when
    /// not given), for which `fits` holds. Records the size used (as `reported` gives it, on this
    /// paper).
    func fit(_ region: String, base: Double, floor: Double? = nil, reported: (Double) -> Double, fits: (Double) -> Bool) -> (size: Double, fits: Bool) {
        let minimum = min(floor ?? minimumSize, base)
        func record(_ size: Double, continued: Bool) -> (size: Double, fits: Bool) {
            log.records.append(FitRecord(region: region, page: log.page, size: reported(size), continued: continued))
            return (size, !continued)
        }
        if let forced = log.forcedSize[region], forced < base {
            // The page's boxes shrink together to one size (see layOutPage).
            return record(max(forced, minimum), continued: !fits(max(forced, minimum)))
        }
        if fits(base) { return record(base, continued: false) }
        // Binary search over the type scale's sizes between the base and the minimum: text takes
        // more room at larger sizes, so the largest size that fits is found in a few measurements.
        var candidates = Metrics.typeScale.reversed().filter { $0 < base - 0.001 && $0 > minimum + 0.001 }
        candidates.append(minimum)
        var low = 0, high = candidates.count - 1
        var best: Int?
        while low <= high {
            let mid = (low + high) / 2
            if fits(candidates[mid]) { best = mid; high = mid - 1 } else { low = mid + 1 }
        }
        if let best { return record(candidates[best], continued: false) }
        return record(minimum, continued: true)
    }

    /// A poster's banner: its title, and its subtitle (the region's prompt) under it, on the
    /// accent colour. The whole title always stays in the banner: it may get smaller down to the
    /// layout's title size, then the subtitle steps down to the poster's smallest text size, and
    /// a banner that still has too little room has been given more by the page (``bannerHeight``).
    func banner(_ region: Region, _ value: FieldValue?, _ frame: Rect) -> [PageItem] {
        var items: [PageItem] = [.box(frame, fill: colours.accent, stroke: nil, lineWidth: 0, radius: radius)]
        let inner = frame.inset(by: pad * 1.2)
        let title = bannerTitle(region, value)
        let subSize = bannerSubtitleSizes.first { size in
            height(title, bannerTitleStyle(style.titleSize), inner.width) <= bannerTitleRoom(region, subtitleSize: size, in: inner) + 0.01
        } ?? bannerSubtitleSizes.last!
        let subStyle = bannerSubtitleStyle(subSize)
        let subH = region.prompt.map { height($0, subStyle, inner.width) } ?? 0
        let titleRoom = bannerTitleRoom(region, subtitleSize: subSize, in: inner)
        // One title size for the whole series at each paper size; only a title too long for its
        // banner at that size gets smaller, and never below the layout's title size.
        log.titles.insert(name(region))
        let (size, _) = fit(name(region), blocks: [(title, inner.width, titleRoom)], base: metrics.bannerTitleSize, floor: style.titleSize) {
            self.bannerTitleStyle($0)
        }
        let st = bannerTitleStyle(size)
        // A title on two lines is balanced, so no word stands alone on the last line.
        let titleW = balancedWidth(title, st, inner.width)
        let titleH = min(titleRoom, height(title, st, titleW))
        let total = titleH + (subH > 0 ? subH + pad : 0)
        let top = inner.y + max(0, (inner.height - total) / 2)
        if let placed = place(title, style: st, in: Rect(x: inner.x, y: top, width: titleW, height: titleH),
                              tag: .heading1, source: name(region), heading: continuationHeading(region)) {
            items.append(placed)
        }
        if let prompt = region.prompt {
            items.append(.tagged(.paragraph, [.text(TextBlock(frame: Rect(x: inner.x, y: top + titleH + pad, width: inner.width, height: subH),
                                                             text: prompt, style: subStyle, source: name(region)))]))
        }
        return items
    }

    /// The words of a banner's title: the content's, or the layout's own.
    func bannerTitle(_ region: Region, _ value: FieldValue?) -> String {
        body(value, fallback: region.text ?? region.label)?.text ?? ""
    }

    func bannerTitleStyle(_ size: Double) -> TextStyle {
        textStyle(size, .bold, colours.onAccent, lineSpacing: 1.08)
    }

    func bannerSubtitleStyle(_ size: Double) -> TextStyle {
        textStyle(size, .medium, colours.onAccent, lineSpacing: 1.2)
    }

    /// The subtitle's sizes, largest first: the heading size, then one step down to the poster's
    /// smallest text size (never under the prompts' size), for a title that needs the room.
    var bannerSubtitleSizes: [Double] {
        let smaller = max(style.promptSize, style.minTextSize, Metrics.floor)
        return smaller < style.headingSize ? [style.headingSize, smaller] : [style.headingSize]
    }

    /// The height left for the title in a banner's `inner` box, under a subtitle of `subtitleSize`.
    func bannerTitleRoom(_ region: Region, subtitleSize: Double, in inner: Rect) -> Double {
        let subH = region.prompt.map { height($0, bannerSubtitleStyle(subtitleSize), inner.width) } ?? 0
        return inner.height - (subH > 0 ? subH + pad : 0)
    }

    /// The least height a banner of `width` needs to hold its whole title at the layout's title
    /// size and its subtitle at the smaller step: the page gives a banner at least this much.
    func bannerHeight(_ region: Region, width: Double) -> Double {
        let inner = width - 2 * pad * 1.2
        let title = bannerTitle(region, region.field.flatMap { content.fields[$0] })
        let titleH = height(title, bannerTitleStyle(style.titleSize), inner)
        let subH = region.prompt.map { height($0, bannerSubtitleStyle(bannerSubtitleSizes.last!), inner) } ?? 0
        return titleH + (subH > 0 ? subH + pad : 0) + 2 * pad * 1.2
    }

    /// A card's heading strip: the label and prompt on a tinted band. Returns the items and the
    /// height the band takes.
    func headingStrip(label: String?, prompt: String?, width: Double, at origin: Point, source: String) -> (items: [PageItem], height: Double) {
        let inner = width - 2 * pad
        let labelStyle = textStyle(style.headingSize, .semibold, colours.accent, lineSpacing: 1.15)
        let promptStyle = textStyle(style.promptSize, .regular, colours.prompt, lineSpacing: 1.2)
        let lh = label.map { height($0, labelStyle, inner) } ?? 0
        let ph = prompt.map { height($0, promptStyle, inner) } ?? 0
        let between = (lh > 0 && ph > 0) ? pad * 0.4 : 0
        // No heading and no prompt: no strip at all, so a small box (an organisation's name) keeps its room.
        let h = (lh + ph == 0) ? 0 : lh + ph + between + 2 * pad * 0.8
        var items: [PageItem] = []
        if let label {
            items.append(.tagged(.heading2, [.text(TextBlock(frame: Rect(x: origin.x + pad, y: origin.y + pad * 0.8, width: inner, height: lh),
                                                            text: label, style: labelStyle, source: source))]))
        }
        if let prompt {
            items.append(.tagged(.paragraph, [.text(TextBlock(frame: Rect(x: origin.x + pad, y: origin.y + pad * 0.8 + lh + between, width: inner, height: ph),
                                                             text: prompt, style: promptStyle, source: source))]))
        }
        return (items, h)
    }

    func textRegion(_ region: Region, _ writing: Writing, _ value: FieldValue?, _ frame: Rect) -> [PageItem] {
        let source = name(region)
        if writing == .line {
            // A label with one line to write on: for a name or a date. A bilingual label shares
            // its line ("Prosiect / Project"), so the answer keeps its room.
            var items: [PageItem] = []
            var labelStyle = textStyle(style.headingSize, .semibold, colours.accent, lineSpacing: 1.15)
            labelStyle.pairsInline = true
            let promptStyle = textStyle(style.promptSize, .regular, colours.prompt)
            let lh = region.label.map { height($0, labelStyle, frame.width) } ?? 0
            if let label = region.label {
                items.append(.tagged(.heading2, [.text(TextBlock(frame: Rect(x: frame.x, y: frame.y, width: frame.width, height: lh),
                                                                text: label, style: labelStyle, source: source))]))
            }
            var y = frame.y + lh
            let answer = body(value, fallback: nil)
            if answer != nil {
                // Filled in: the team's words take the prompt's place, so a long team name has
                // two lines, and every field in the row starts on the same line.
                y += pad * 0.3
            } else if let prompt = region.prompt, lh + pad * 1.3 + height(prompt, promptStyle, frame.width) <= frame.height {
                // The prompt only when a line to write on still fits under it (a bilingual
                // label and prompt can outgrow a one-row box: the label then says enough).
                let ph = height(prompt, promptStyle, frame.width)
                items.append(.tagged(.paragraph, [.text(TextBlock(frame: Rect(x: frame.x, y: y + pad * 0.3, width: frame.width, height: ph),
                                                                 text: prompt, style: promptStyle, source: source))]))
                y += ph + pad * 0.3
            } else {
                // No prompt: keep its line empty, so the answers of a row of fields (project,
                // team, date) share one baseline.
                y += height("Ag", promptStyle, frame.width) + pad * 0.3
            }
            let room = Rect(x: frame.x, y: y + pad * 0.5, width: frame.width, height: max(0, frame.maxY - y - pad * 0.5))
            if let field = region.field { log.fields.append(FieldArea(path: field, frame: room, multiline: false, label: region.label, prompt: region.prompt)) }
            if let (text, bullets) = body(value, fallback: region.text) {
                // A name on a line is set close, so a long team name takes two lines on it.
                func lineStyle(_ size: Double) -> TextStyle {
                    var st = self.bodyStyle(bullets: bullets, size: size)
                    st.lineSpacing = max(1.05, self.style.lineSpacing)
                    return st
                }
                let (size, _) = fit(source, blocks: [(text, room.width, room.height)], base: style.textSize) { lineStyle($0) }
                let st = lineStyle(size)
                if let placed = place(text, style: st, in: room, tag: bullets ? .list : .paragraph, source: source, heading: continuationHeading(region)) {
                    items.append(placed)
                }
            }
            items.append(.rule(from: Point(x: frame.x, y: frame.maxY), to: Point(x: frame.maxX, y: frame.maxY),
                               colour: colours.rule, width: hairline * 1.2))
            return items
        }

        var items: [PageItem] = []
        if writing != .none || region.label != nil {
            items.append(.box(frame, fill: nil, stroke: colours.rule, lineWidth: hairline, radius: radius))
        }
        let strip = headingStrip(label: region.label, prompt: region.prompt, width: frame.width, at: Point(x: frame.x, y: frame.y), source: source)
        if strip.height > 0 {
            items.insert(.box(Rect(x: frame.x, y: frame.y, width: frame.width, height: strip.height), fill: colours.tint, stroke: nil, lineWidth: 0, radius: radius), at: 0)
        }
        items.append(contentsOf: strip.items)
        let room = Rect(x: frame.x + pad, y: frame.y + strip.height + pad, width: frame.width - 2 * pad,
                        height: max(0, frame.height - strip.height - 2 * pad))
        if writing != .none, let field = region.field { log.fields.append(FieldArea(path: field, frame: room, multiline: true, label: region.label, prompt: region.prompt, ruleSpacing: writing == .lines ? Length.mm(8).points * s : nil)) }
        if let (text, bullets) = body(value, fallback: region.text) {
            let (size, _) = fit(source, blocks: [(text, room.width, room.height)], base: style.textSize) {
                self.bodyStyle(bullets: bullets, size: $0)
            }
            if let placed = place(text, style: bodyStyle(bullets: bullets, size: size), in: room,
                                  tag: bullets ? .list : .paragraph, source: source, heading: continuationHeading(region)) {
                items.append(placed)
            }
        } else if writing == .lines {
            items.append(contentsOf: ruledLines(in: room))
        }
        return items
    }

    /// Writing lines, 8 mm apart at A4.
    func ruledLines(in room: Rect) -> [PageItem] {
        let spacing = metrics.lineSpacing
        var items: [PageItem] = []
        var y = room.y + spacing
        while y <= room.maxY + 0.01 {
            items.append(.rule(from: Point(x: room.x, y: y), to: Point(x: room.maxX, y: y), colour: colours.rule, width: metrics.writingRule))
            y += spacing
        }
        return items
    }

    func list(_ region: Region, _ numbered: Bool, _ columns: Int, _ value: FieldValue?, _ frame: Rect) -> [PageItem] {
        let source = name(region)
        var entries: [ListItem]
        switch value {
        case .items(let i)?: entries = i
        case .bullets(let b)?: entries = b.map { ListItem(text: $0) }
        case .paragraphs(let p)?: entries = p.map { ListItem(text: $0) }
        default: entries = region.items ?? region.text.map { [ListItem(text: $0)] } ?? []
        }
        var items: [PageItem] = []
        var area = frame
        if let label = region.label {
            let st = textStyle(style.headingSize * 1.25, .bold, colours.accent, lineSpacing: 1.1)
            let h = height(label, st, frame.width)
            items.append(.tagged(.heading2, [.text(TextBlock(frame: Rect(x: frame.x, y: frame.y, width: frame.width, height: h), text: label, style: st, source: source))]))
            area = frame.sliceTop(h, gap: pad).rest
        }
        guard !entries.isEmpty else {
            items.append(.box(area, fill: nil, stroke: colours.rule, lineWidth: hairline, radius: radius))
            if let field = region.field { log.fields.append(FieldArea(path: field, frame: area.inset(by: pad), multiline: true, label: region.label, prompt: region.prompt, ruleSpacing: Length.mm(8).points * s)) }
            items.append(contentsOf: ruledLines(in: area.inset(by: pad)))
            return items
        }
        var perColumn = Int((Double(entries.count) / Double(columns)).rounded(.up))
        // When the items do not all fit at the smallest size allowed (large print), fewer rows go
        // on this page and the rest follow as cards on continuation pages, rather than each
        // item's words being split from its heading.
        if entries.count > columns, !cardsFit(entries, numbered, columns, rows: perColumn, at: minimumSize, in: area) {
            let marker = continuesMarker(Overflow.key(source: source, heading: continuationHeading(region)), in: area)
            items.append(marker.item)
            area.height -= marker.height
            let rows = stride(from: perColumn - 1, through: 1, by: -1).first { cardsFit(entries, numbered, columns, rows: $0, at: self.minimumSize, in: area) } ?? 1
            let shown = rows * columns
            if shown < entries.count {
                log.overflow.append(Overflow(heading: continuationHeading(region), text: "", style: textStyle(minimumSize), tag: .list, source: source,
                                             fromPage: log.page, list: ListRest(region: region, numbered: numbered, columns: columns, entries: Array(entries[shown...]),
                                                                                firstNumber: shown + 1, rows: rows,
                                                                                cardHeight: cardGeometry(numbered, columns, rows: rows, in: area).height)))
                entries = Array(entries[..<shown])
                perColumn = rows
            }
        }
        items += cards(region, numbered, columns, entries, firstNumber: 1, rows: perColumn, in: area)
        return items
    }

    /// The card geometry of a list: card width and height, the number's circle or the bullet's
    /// size, and where the text starts in a card and how wide it runs.
    func cardGeometry(_ numbered: Bool, _ columns: Int, rows perColumn: Int, in area: Rect) -> (width: Double, height: Double, badge: Double, textX: Double, textW: Double) {
        let gap = pad * 1.2
        let cardW = (area.width - Double(columns - 1) * gap) / Double(columns)
        let cardH = (area.height - Double(perColumn - 1) * gap) / Double(perColumn)
        let inset = pad * 1.3
        let badge = numbered ? min(cardH - 2 * pad, style.headingSize * 2.2 * s) : style.textSize * s * 0.42
        let textX = inset + (numbered ? badge + inset : badge + pad)
        return (cardW, cardH, badge, textX, cardW - textX - inset)
    }

    /// Whether every entry fits a card when `rows` cards stand in each column, at `size`.
    func cardsFit(_ entries: [ListItem], _ numbered: Bool, _ columns: Int, rows: Int, at size: Double, in area: Rect) -> Bool {
        let g = cardGeometry(numbered, columns, rows: rows, in: area)
        return entries.allSatisfy { itemHeight($0, size: size, width: g.textW) <= g.height - 2 * pad + 0.01 }
    }

    /// A list's cards in `area`, `rows` to a column, numbered from `firstNumber`.
    func cards(_ region: Region, _ numbered: Bool, _ columns: Int, _ entries: [ListItem], firstNumber: Int, rows perColumn: Int, in area: Rect) -> [PageItem] {
        let source = name(region)
        var items: [PageItem] = []
        let gap = pad * 1.2
        // A number sits in a circle; a bullet is a dot in proportion to the text it leads.
        let (cardW, cardH, badge, textX, textW) = cardGeometry(numbered, columns, rows: perColumn, in: area)
        let inset = pad * 1.3

        // One size for every item, so the poster reads evenly.
        let room = cardH - 2 * pad
        let (size, _) = fit(source, base: style.textSize, reported: { $0 * self.s }) { size in
            entries.allSatisfy { self.itemHeight($0, size: size, width: textW) <= room + 0.01 }
        }
        var listItems: [PageItem] = []
        for (i, entry) in entries.enumerated() {
            // Read across, then down: 1 2 / 3 4, as a reader's eye goes.
            let col = i % columns, row = i / columns
            let card = Rect(x: area.x + Double(col) * (cardW + gap), y: area.y + Double(row) * (cardH + gap), width: cardW, height: cardH)
            items.append(.box(card, fill: colours.tint, stroke: nil, lineWidth: 0, radius: radius))
            // Every card starts at the same distance from its top, so the cards of a row share
            // their top line and heading line.
            let top = card.y + pad
            let firstLine = (entry.heading?.isEmpty == false ? itemHeadingStyle(size) : itemStyle(size))
            let firstLineH = firstLine.size * firstLine.lineSpacing
            let badgeY = numbered ? top + min(0, (firstLineH - badge) / 2) : top + (firstLineH - badge) / 2
            let badgeRect = Rect(x: card.x + inset, y: max(card.y + pad * 0.5, badgeY), width: badge, height: badge)
            items.append(.box(badgeRect, fill: colours.accent, stroke: nil, lineWidth: 0, radius: badge / 2))
            let numberText = numbered ? "\(firstNumber + i)" : ""
            // At least 1 pt: a long list makes the cards, and so the badge, very small (Pango refuses a negative size).
            let numberStyle = textStyle(max(1 / s, style.headingSize * 1.3 * min(1, badge / (style.headingSize * 2.2 * s))), .bold, colours.onAccent, alignment: .centre, lineSpacing: 1)
            let nh = height(numberText, numberStyle, badge)
            var y = top
            let bottom = card.maxY - pad
            var body: [PageItem] = []
            let itemHeading = layout.furnitureWords(\.listItem, ["heading": continuationHeading(region), "number": "\(firstNumber + i)"])
            if let heading = entry.heading, !heading.isEmpty {
                let hs = itemHeadingStyle(size)
                let w = balancedWidth(heading, hs, textW)
                let room = Rect(x: card.x + textX, y: y, width: w, height: max(0, bottom - y))
                let hh = min(room.height, height(heading, hs, w))
                if let placed = place(heading, style: hs, in: room, tag: .paragraph, source: source, heading: itemHeading) {
                    body.append(placed)
                }
                y += hh + (entry.text.isEmpty ? 0 : size * s * metrics.headingSpaceAfter)
            }
            if !entry.text.isEmpty {
                let bs = itemStyle(size)
                let w = balancedWidth(entry.text, bs, textW)
                let room = Rect(x: card.x + textX, y: y, width: w, height: max(0, bottom - y))
                if let placed = place(entry.text, style: bs, in: room, tag: .paragraph, source: source, heading: itemHeading) {
                    body.append(placed)
                }
            }
            var parts: [PageItem] = []
            if numbered {
                parts.append(.tagged(.label, [.text(TextBlock(frame: Rect(x: badgeRect.x, y: badgeRect.y + (badge - nh) / 2, width: badge, height: nh),
                                                               text: numberText, style: numberStyle, source: source))]))
            }
            parts.append(.tagged(.listBody, body))
            listItems.append(.tagged(.listItem, parts))
        }
        items.append(.tagged(.list, listItems))
        return items
    }

    /// A width no wider than `width` at which `text` does not end on a single word alone on its
    /// last line, when a slightly narrower measure (at most a quarter less, never more lines)
    /// can avoid it.
    func balancedWidth(_ text: String, _ st: TextStyle, _ width: Double) -> Double {
        let lineH = lineHeight(st, width)
        let full = height(text, st, width)
        guard full > lineH * 1.5, !text.utf8.contains(UInt8(ascii: "\n")) else { return width }
        func lastLineIsOneWord(_ w: Double) -> Bool {
            let (_, last) = splitText(text, style: st, width: w, height: height(text, st, w) - lineH * 0.5)
            // One word: no space between its first and last letters (spaces at either end, of
            // any kind, do not count).
            let blank: (Character) -> Bool = { $0 == "\t" || $0.unicodeScalars.allSatisfy { $0.properties.generalCategory == .spaceSeparator } }
            guard let a = last.firstIndex(where: { !blank($0) }), let b = last.lastIndex(where: { !blank($0) }) else { return !last.isEmpty }
            return !last[a...b].contains(" ")
        }
        guard lastLineIsOneWord(width) else { return width }
        // Only a measure narrower than the widest line can break the text differently, and each
        // narrower measure has at least as many lines as a wider one: so the steps at or above the
        // widest line are skipped, and the first step that adds a line ends the search. The same
        // width comes out as trying every step, with far fewer texts shaped.
        let widest = measurer.measure(text, style: st, width: width).width
        var w = width * 0.97
        while w >= width * 0.75 {
            if w < widest {
                if height(text, st, w) > full + 0.01 { break }
                if !lastLineIsOneWord(w) { return w }
            }
            w -= width * 0.03
        }
        return width
    }

    /// The height of a list item: its heading in bold, space after it, then its text (each at the
    /// balanced width it is printed at).
    func itemHeight(_ entry: ListItem, size: Double, width: Double) -> Double {
        var h = 0.0
        if let heading = entry.heading, !heading.isEmpty {
            h += height(heading, itemHeadingStyle(size), width)
            if !entry.text.isEmpty { h += size * s * metrics.headingSpaceAfter }
        }
        return h + height(entry.text, itemStyle(size), width)
    }

    func itemHeadingStyle(_ size: Double) -> TextStyle {
        textStyle(size * metrics.headingRatio, .bold, colours.ink, lineSpacing: 1.15)
    }

    func itemStyle(_ size: Double) -> TextStyle {
        var st = textStyle(size, .regular, colours.ink, lineSpacing: 1.22)
        st.paragraphSpace = 0.3 * size * s
        return st
    }

    func matrix(_ region: Region, _ across: [MatrixItem], _ down: [MatrixItem], _ value: FieldValue?, _ frame: Rect) -> [PageItem] {
        let source = name(region)
        let gap = metrics.cellGap
        let cols = Double(across.count), rows = Double(down.count)
        // A row's strip belongs to its cells: a narrow gap, not a full one.
        let stripGap = Length.mm(1).points * s
        // Level names sit in a narrow strip at the left of each row, set on their side, so every
        // cell is clear to write in (on A3 each takes a 76 mm sticky note). The levels' prompts
        // are the page's guidance and each fillable cell's tooltip.
        var rowLabelStyle = textStyle(style.promptSize, .bold, colours.onAccent, alignment: .centre, lineSpacing: 1.0)
        // A bilingual level name runs along its strip on one line ("UNIGOL / INDIVIDUAL"), so
        // the strip stays one line deep and the cells keep their width.
        rowLabelStyle.pairsInline = true
        let labelStyle = textStyle(style.headingSize, .bold, colours.onAccent, lineSpacing: 1.1)
        let detailStyle = textStyle(style.promptSize, .regular, colours.onAccent, lineSpacing: 1.1)
        // Capitals set the levels apart; a theme may ask for none (dyslexia-friendly print: words
        // in capitals are harder to read).
        func shown(_ label: String) -> String { style.capitalLabels ? label.uppercased() : label }
        // A bilingual edition prints the values' descriptions on a key page (Layout+Key.swift):
        // here the heads carry only the names, Welsh over English.
        func headDetail(_ item: MatrixItem) -> String? { region.detailsInKey ? nil : item.detail }
        func stripDepth(_ label: String, along length: Double) -> Double { height(shown(label), rowLabelStyle, max(1, length)) }
        var stripW = (down.map { stripDepth($0.label, along: frame.height) }.max() ?? 0) + pad * 0.2
        var cellW = 0.0, inner = 0.0, headerH = 0.0, top = 0.0, cellH = 0.0
        // Twice: a level name that must wrap along a short row widens the strip.
        for _ in 0..<2 {
            cellW = (frame.width - stripW - stripGap - (cols - 1) * gap) / cols
            inner = cellW - 2 * pad
            headerH = 0
            for item in across {
                var h = height(item.label, labelStyle, inner)
                if let d = headDetail(item) { h += height(d, detailStyle, inner) + pad * 0.4 }
                headerH = max(headerH, h + 2 * pad * 0.5)
            }
            top = frame.y + headerH + pad * 0.4
            cellH = (frame.maxY - top - (rows - 1) * gap) / rows
            stripW = (down.map { stripDepth($0.label, along: cellH - pad) }.max() ?? 0) + pad * 0.2
        }
        let x0 = frame.x + stripW + stripGap
        var items: [PageItem] = []

        // The heading row: an empty corner above the level strips, then the values.
        var headRow: [PageItem] = [.tagged(.tableCell, [])]
        for (i, item) in across.enumerated() {
            let x = x0 + Double(i) * (cellW + gap)
            items.append(.box(Rect(x: x, y: frame.y, width: cellW, height: headerH), fill: colours.accent, stroke: nil, lineWidth: 0, radius: radius))
            let lh = height(item.label, labelStyle, inner)
            var head: [PageItem] = [.text(TextBlock(frame: Rect(x: x + pad, y: frame.y + pad * 0.5, width: inner, height: lh), text: item.label, style: labelStyle, source: source))]
            if let d = headDetail(item) {
                head.append(.text(TextBlock(frame: Rect(x: x + pad, y: frame.y + pad * 0.5 + lh + pad * 0.4, width: inner, height: height(d, detailStyle, inner)), text: d, style: detailStyle, source: source)))
            }
            headRow.append(.tagged(.tableHeader, head))
        }
        var tableRows: [PageItem] = [.tagged(.tableRow, headRow)]

        var cells: [String: [String: [String]]] = [:]
        if case .matrix(let c)? = value { cells = c }
        var filled: [(text: String, room: Rect, key: String, heading: String, row: Int, column: Int)] = []
        for r in down.indices {
            let y = top + Double(r) * (cellH + gap)
            items.append(.box(Rect(x: frame.x, y: y, width: stripW, height: cellH), fill: colours.accent, stroke: nil, lineWidth: 0, radius: radius))
        }
        for (r, row) in down.enumerated() {
            for (c, column) in across.enumerated() {
                let cell = Rect(x: x0 + Double(c) * (cellW + gap), y: top + Double(r) * (cellH + gap), width: cellW, height: cellH)
                items.append(.box(cell, fill: nil, stroke: colours.rule, lineWidth: hairline, radius: radius))
                log.frames.append(("\(source).\(column.id).\(row.id)", cell))
                let room = Rect(x: cell.x + pad, y: cell.y + pad * 0.8, width: inner, height: cellH - pad * 1.6)
                // The tooltip says what the value means and what the level asks.
                let guidance = [column.detail, row.prompt].compactMap { $0 }
                log.fields.append(FieldArea(path: "\(source).\(column.id).\(row.id)", frame: room,
                                            multiline: true, label: "\(column.label), \(row.label)",
                                            prompt: guidance.isEmpty ? nil : guidance.map(Layout.oneLine).joined(separator: ". ")))
                if let lines = cells[column.id]?[row.id], !lines.isEmpty {
                    filled.append((lines.map { "•\t" + $0 }.joined(separator: "\n"), room, "\(column.id).\(row.id)",
                                   "\(column.label), \(row.label.lowercased())", r, c))
                }
            }
        }
        var placed: [Int: [Int: PageItem]] = [:]
        for cell in filled {
            let (size, _) = fit("\(source).\(cell.key)", blocks: [(cell.text, cell.room.width, cell.room.height)], base: style.textSize) {
                self.bodyStyle(bullets: true, size: $0)
            }
            if let item = place(cell.text, style: bodyStyle(bullets: true, size: size), in: cell.room, tag: .list,
                                source: "\(source).\(cell.key)", heading: cell.heading) {
                placed[cell.row, default: [:]][cell.column] = item
            }
        }
        for (r, row) in down.enumerated() {
            let y = top + Double(r) * (cellH + gap)
            let label = shown(row.label)
            let lh = stripDepth(row.label, along: cellH - pad)
            let side = TextBlock(frame: Rect(x: frame.x + (stripW - lh) / 2, y: y + pad / 2, width: lh, height: cellH - pad),
                                 text: label, style: rowLabelStyle, source: source, onItsSide: true)
            var cellsOfRow: [PageItem] = [.tagged(.tableHeader, [.text(side)])]
            for c in across.indices { cellsOfRow.append(.tagged(.tableCell, placed[r]?[c].map { [$0] } ?? [])) }
            tableRows.append(.tagged(.tableRow, cellsOfRow))
        }
        return items + [.tagged(.table, tableRows)]
    }

    func table(_ region: Region, _ headings: [MatrixItem], _ blankRows: Int, _ value: FieldValue?, _ frame: Rect) -> [PageItem] {
        let source = name(region)
        var items: [PageItem] = [.box(frame, fill: nil, stroke: colours.rule, lineWidth: hairline, radius: radius)]
        let strip = headingStrip(label: region.label, prompt: region.prompt, width: frame.width, at: Point(x: frame.x, y: frame.y), source: source)
        items.insert(.box(Rect(x: frame.x, y: frame.y, width: frame.width, height: strip.height), fill: colours.tint, stroke: nil, lineWidth: 0, radius: radius), at: 0)
        items.append(contentsOf: strip.items)
        let room = Rect(x: frame.x + pad, y: frame.y + strip.height + pad * 0.6, width: frame.width - 2 * pad,
                        height: frame.maxY - pad - (frame.y + strip.height + pad * 0.6))
        var rows: [[String: String]] = []
        if case .table(let r)? = value { rows = r }
        if rows.isEmpty {
            // Blank: rows tall enough to write in, the "what" column twice the others.
            let (head, top, xs) = tableHead(headings, rows: [], style: bodyStyle(bullets: false, size: style.textSize), in: room, source: source)
            items += head
            let rowH = (room.maxY - top) / Double(blankRows)
            for i in 0..<blankRows {
                for (c, h) in headings.enumerated() {
                    let right = c + 1 < xs.count ? xs[c + 1] : room.maxX + pad
                    log.fields.append(FieldArea(path: "\(source).\(i + 1).\(h.id)", frame: Rect(x: xs[c], y: top + Double(i) * rowH, width: right - xs[c] - pad, height: rowH), multiline: false, label: "\(region.label ?? source), row \(i + 1), \(h.label)", prompt: region.prompt))
                }
            }
            for i in 1...blankRows {
                let ry = top + Double(i) * rowH
                items.append(.rule(from: Point(x: room.x, y: ry), to: Point(x: room.maxX, y: ry), colour: colours.rule, width: metrics.writingRule))
            }
            for x in xs.dropFirst() {
                items.append(.rule(from: Point(x: x - pad / 2, y: top), to: Point(x: x - pad / 2, y: room.maxY), colour: colours.rule, width: metrics.writingRule))
            }
            return items
        }
        // One size for the whole table; rows that do not fit continue as a table elsewhere.
        let (size, _) = fit(source, base: style.textSize, reported: { $0 * self.s }) { size in
            self.tableRows(headings, rows, style: self.bodyStyle(bullets: false, size: size), in: room, marker: nil, source: source).left.isEmpty
        }
        let st = bodyStyle(bullets: false, size: size)
        let key = Overflow.key(source: source, heading: continuationHeading(region))
        let (placed, used, left) = tableRows(headings, rows, style: st, in: room, marker: { self.continuesMarker(key, in: $0) }, source: source,
                                             blankRowHeight: left(rows: rows, headings, st, room).isEmpty ? (room.height / Double(blankRows + 1)) : nil)
        _ = used
        items += placed
        if !left.isEmpty {
            log.overflow.append(Overflow(heading: continuationHeading(region), text: "", style: st, tag: .paragraph, source: source,
                                         fromPage: log.page, table: (headings, left)))
            if let i = log.records.lastIndex(where: { $0.region == source }) { log.records[i].continued = true }
        }
        return items
    }

    private func left(rows: [[String: String]], _ headings: [MatrixItem], _ st: TextStyle, _ room: Rect) -> [[String: String]] {
        tableRows(headings, rows, style: st, in: room, marker: nil, source: "").left
    }

    /// Column positions for a table in `room`: filled tables share the width by what the
    /// columns hold (an empty "who" does not take a quarter of the row), blank ones give the
    /// first column twice the others. Returns the head items, the top of the first row and the
    /// columns' left edges.
    func tableHead(_ headings: [MatrixItem], rows: [[String: String]], style st: TextStyle, in room: Rect, source: String) -> ([PageItem], Double, [Double]) {
        let widths = tableWidths(headings, rows: rows, style: st, width: room.width)
        var xs: [Double] = []
        var x = room.x
        for w in widths { xs.append(x); x += w }
        let headStyle = textStyle(style.promptSize, .semibold, colours.ink, alignment: .left)
        let hh = headings.indices.map { height(headings[$0].label, headStyle, widths[$0] - pad) }.max() ?? 0
        var items: [PageItem] = []
        for (i, h) in headings.enumerated() {
            items.append(.tagged(.heading3, [.text(TextBlock(frame: Rect(x: xs[i], y: room.y, width: widths[i] - pad, height: hh), text: h.label, style: headStyle, source: source))]))
        }
        let top = room.y + hh + pad * 0.4
        items.append(.rule(from: Point(x: room.x, y: top), to: Point(x: room.maxX, y: top), colour: colours.accent, width: hairline))
        return (items, top, xs)
    }

    func tableWidths(_ headings: [MatrixItem], rows: [[String: String]], style st: TextStyle, width: Double) -> [Double] {
        guard !rows.isEmpty else {
            let weights = headings.indices.map { $0 == 0 ? 2.0 : 1.0 }
            return weights.map { $0 / weights.reduce(0, +) * width }
        }
        // Each column wants its longest entry on one line, but no less than its head and a
        // sixth of the row, and no more than the row can give.
        let headStyle = textStyle(style.promptSize, .semibold, colours.ink)
        let wants = headings.map { h -> Double in
            let natural = rows.compactMap { $0[h.id] }.map { measurer.measure($0, style: st, width: 10_000).width }.max() ?? 0
            let head = measurer.measure(h.label, style: headStyle, width: 10_000).width
            return max(natural + 2, head + 2, width / 6) + pad
        }
        let total = wants.reduce(0, +)
        if total <= width { return wants.map { $0 + (width - total) * $0 / total } }
        // Too wide: shrink the wide columns first, keeping the narrow ones whole where they fit.
        var widths = wants
        var budget = width
        var open = Set(widths.indices)
        while !open.isEmpty {
            let share = budget / Double(open.count)
            let small = open.filter { widths[$0] <= share }
            if small.isEmpty { for i in open { widths[i] = share }; break }
            for i in small { budget -= widths[i]; open.remove(i) }
        }
        return widths
    }

    /// Draws a table's heads and as many of `rows` as fit in `room`, each row as tall as its
    /// tallest cell with its rule and column rules, and a "continues on page N" marker when rows
    /// are left over. Returns the items, the height used and the rows that did not fit.
    func tableRows(_ headings: [MatrixItem], _ rows: [[String: String]], style st: TextStyle, in room: Rect,
                   marker: ((Rect) -> (item: PageItem, height: Double))?, source: String,
                   blankRowHeight: Double? = nil) -> (items: [PageItem], height: Double, left: [[String: String]]) {
        let (head, top, xs) = tableHead(headings, rows: rows, style: st, in: room, source: source)
        let widths = xs.indices.map { ($0 + 1 < xs.count ? xs[$0 + 1] : room.maxX) - xs[$0] - pad }
        var cellStyle = st
        cellStyle.alignment = .left
        func rowHeight(_ row: [String: String]) -> Double {
            max(headings.indices.map { height(row[headings[$0].id] ?? "", cellStyle, widths[$0]) }.max() ?? 0,
                metrics.lineSpacing - pad * 0.6) + pad * 0.6
        }
        var items = head
        var rowItems: [PageItem] = []
        var ry = top
        var left: [[String: String]] = []
        let heights = rows.map(rowHeight)
        let allFit = top + heights.reduce(0, +) <= room.maxY + 0.01
        let markerH = allFit ? 0 : (marker?(room).height ?? 0)
        for (n, row) in rows.enumerated() {
            let h = heights[n]
            if !left.isEmpty || ry + h > room.maxY - markerH + 0.01 {
                left.append(row)
                continue
            }
            var cells: [PageItem] = []
            for (i, heading) in headings.enumerated() {
                guard let t = row[heading.id], !t.isEmpty else { continue }
                cells.append(.text(TextBlock(frame: Rect(x: xs[i], y: ry + pad * 0.3, width: widths[i], height: h - pad * 0.6), text: t, style: cellStyle, source: source)))
            }
            rowItems.append(.tagged(.paragraph, cells))
            ry += h
            items.append(.rule(from: Point(x: room.x, y: ry), to: Point(x: room.maxX, y: ry), colour: colours.rule, width: metrics.writingRule))
        }
        // Room left under the filled rows gets blank rows to write more by hand.
        if left.isEmpty, let blankH = blankRowHeight {
            var by = ry + blankH
            while by <= room.maxY + 0.01 {
                items.append(.rule(from: Point(x: room.x, y: by), to: Point(x: room.maxX, y: by), colour: colours.rule, width: metrics.writingRule))
                ry = by
                by += blankH
            }
        }
        for x in xs.dropFirst() {
            items.append(.rule(from: Point(x: x - pad / 2, y: top), to: Point(x: x - pad / 2, y: ry), colour: colours.rule, width: metrics.writingRule))
        }
        items.append(.tagged(.section, rowItems))
        if !left.isEmpty, let marker { items.append(marker(room).item) }
        return (items, left.isEmpty ? ry - room.y : room.height, left)
    }

    /// A picture fitted inside the box, keeping its proportions, centred; a light box to stick
    /// one on when there is none.
    func image(_ region: Region, _ value: FieldValue?, _ frame: Rect) -> [PageItem] {
        guard case .image(let picture)? = value else {
            return [.box(frame, fill: nil, stroke: colours.rule, lineWidth: hairline, radius: radius)]
        }
        let k = min(frame.width / Double(picture.pixelWidth), frame.height / Double(picture.pixelHeight))
        let w = Double(picture.pixelWidth) * k, h = Double(picture.pixelHeight) * k
        let placed = Rect(x: frame.x + (frame.width - w) / 2, y: frame.y + (frame.height - h) / 2, width: w, height: h)
        return [.image(placed, picture)]
    }
}
