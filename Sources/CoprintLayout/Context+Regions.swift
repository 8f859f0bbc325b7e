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
        guard let field = region.field else { return layout.title }
        return field.replacingOccurrences(of: "-", with: " ").capitalized
    }

    /// Writes the lines of a field as one text: paragraphs separated by blank lines, bullets as
    /// hanging "•" lines.
    func body(_ value: FieldValue?, fallback: String?) -> (text: String, bullets: Bool)? {
        switch value {
        case .paragraphs(let p)?: return (p.joined(separator: "\n"), false)
        case .bullets(let b)?: return (b.map { "•\t" + $0 }.joined(separator: "\n"), true)
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
             base: Double, makeStyle: (Double) -> TextStyle) -> (size: Double, fits: Bool) {
        fit(region, base: base, reported: { makeStyle($0).size }) { size in
            let st = makeStyle(size)
            return blocks.allSatisfy { $0.text.isEmpty || self.height($0.text, st, $0.width) <= $0.height + 0.01 }
        }
    }

    /// The largest size, stepping down a quarter point at a time from `base` to the layout's
    /// minimum, for which `fits` holds. Records the size used (as `reported` gives it, on this paper).
    func fit(_ region: String, base: Double, reported: (Double) -> Double, fits: (Double) -> Bool) -> (size: Double, fits: Bool) {
        let minimum = min(style.minTextSize, base)
        func record(_ size: Double, continued: Bool) -> (size: Double, fits: Bool) {
            log.records.append(FitRecord(region: region, page: log.page, size: reported(size), continued: continued))
            return (size, !continued)
        }
        if fits(base) { return record(base, continued: false) }
        // Binary search over quarter-point steps down to the minimum: text takes more room at
        // larger sizes, so the largest size that fits is found in a few measurements.
        var candidates: [Double] = []
        var size = base - 0.25
        while size > minimum + 0.001 { candidates.append(size); size -= 0.25 }
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

    func banner(_ region: Region, _ value: FieldValue?, _ frame: Rect) -> [PageItem] {
        var items: [PageItem] = [.box(frame, fill: colours.accent, stroke: nil, lineWidth: 0, radius: radius)]
        let inner = frame.inset(by: pad * 1.6)
        let title = body(value, fallback: region.text ?? region.label)?.text ?? ""
        let subStyle = textStyle(style.headingSize, .medium, colours.onAccent, lineSpacing: 1.2)
        let subH = region.prompt.map { height($0, subStyle, inner.width) } ?? 0
        let titleRoom = inner.height - (subH > 0 ? subH + pad : 0)
        let (size, _) = fit(name(region), blocks: [(title, inner.width, titleRoom)], base: style.titleSize * 1.6) {
            self.textStyle($0, .bold, self.colours.onAccent, lineSpacing: 1.08)
        }
        let st = textStyle(size, .bold, colours.onAccent, lineSpacing: 1.08)
        let titleH = min(titleRoom, height(title, st, inner.width))
        let total = titleH + (subH > 0 ? subH + pad : 0)
        let top = inner.y + max(0, (inner.height - total) / 2)
        if let placed = place(title, style: st, in: Rect(x: inner.x, y: top, width: inner.width, height: titleH),
                              tag: .heading1, source: name(region), heading: continuationHeading(region)) {
            items.append(placed)
        }
        if let prompt = region.prompt {
            items.append(.tagged(.paragraph, [.text(TextBlock(frame: Rect(x: inner.x, y: top + titleH + pad, width: inner.width, height: subH),
                                                             text: prompt, style: subStyle, source: name(region)))]))
        }
        return items
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
        let h = lh + ph + between + 2 * pad * 0.8
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
            // A label with one line to write on: for a name or a date.
            var items: [PageItem] = []
            let labelStyle = textStyle(style.headingSize, .semibold, colours.accent, lineSpacing: 1.15)
            let promptStyle = textStyle(style.promptSize, .regular, colours.prompt)
            let lh = region.label.map { height($0, labelStyle, frame.width) } ?? 0
            if let label = region.label {
                items.append(.tagged(.heading2, [.text(TextBlock(frame: Rect(x: frame.x, y: frame.y, width: frame.width, height: lh),
                                                                text: label, style: labelStyle, source: source))]))
            }
            var y = frame.y + lh
            if let prompt = region.prompt {
                let ph = height(prompt, promptStyle, frame.width)
                items.append(.tagged(.paragraph, [.text(TextBlock(frame: Rect(x: frame.x, y: y + pad * 0.3, width: frame.width, height: ph),
                                                                 text: prompt, style: promptStyle, source: source))]))
                y += ph + pad * 0.3
            }
            let room = Rect(x: frame.x, y: y + pad * 0.5, width: frame.width, height: max(0, frame.maxY - y - pad * 0.5))
            if let field = region.field { log.fields.append(FieldArea(path: field, frame: room, multiline: false, label: region.label, prompt: region.prompt)) }
            if let (text, bullets) = body(value, fallback: region.text) {
                let (size, _) = fit(source, blocks: [(text, room.width, room.height)], base: style.textSize) {
                    self.bodyStyle(bullets: bullets, size: $0)
                }
                let st = bodyStyle(bullets: bullets, size: size)
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
        if strip.height > 2 * pad * 0.8 {
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
        let spacing = Length.mm(8).points * s
        var items: [PageItem] = []
        var y = room.y + spacing
        while y <= room.maxY + 0.01 {
            items.append(.rule(from: Point(x: room.x, y: y), to: Point(x: room.maxX, y: y), colour: colours.rule, width: hairline * 0.6))
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
        default: entries = region.text.map { [ListItem(text: $0)] } ?? []
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
        let gap = pad * 1.2
        let perColumn = Int((Double(entries.count) / Double(columns)).rounded(.up))
        let cardW = (area.width - Double(columns - 1) * gap) / Double(columns)
        let cardH = (area.height - Double(perColumn - 1) * gap) / Double(perColumn)
        let fullBadge = min(cardH - 2 * pad, style.headingSize * 2.2 * s)
        // A bullet is a small dot; a number needs a circle it can sit in.
        let badge = numbered ? fullBadge : fullBadge * 0.45
        let textX = pad * 1.3 + badge + pad * (numbered ? 1.3 : 1.6)
        let textW = cardW - textX - pad * 1.3

        // One size for every item, so the poster reads evenly.
        let room = cardH - 2 * pad
        let (size, _) = fit(source, base: style.textSize, reported: { $0 * self.s }) { size in
            entries.allSatisfy { self.itemHeight($0, size: size, width: textW) <= room + 0.01 }
        }
        var listItems: [PageItem] = []
        for (i, entry) in entries.enumerated() {
            let col = i / perColumn, row = i % perColumn
            let card = Rect(x: area.x + Double(col) * (cardW + gap), y: area.y + Double(row) * (cardH + gap), width: cardW, height: cardH)
            items.append(.box(card, fill: colours.tint, stroke: nil, lineWidth: 0, radius: radius))
            let badgeRect = Rect(x: card.x + pad * 1.3, y: card.y + (cardH - badge) / 2, width: badge, height: badge)
            items.append(.box(badgeRect, fill: colours.accent, stroke: nil, lineWidth: 0, radius: badge / 2))
            let numberText = numbered ? "\(i + 1)" : ""
            // At least 1 pt: a long list makes the cards, and so the badge, very small (Pango refuses a negative size).
            let numberStyle = textStyle(max(1 / s, style.headingSize * 1.3 * min(1, badge / (style.headingSize * 2.2 * s))), .bold, colours.onAccent, alignment: .centre, lineSpacing: 1)
            let nh = height(numberText, numberStyle, badge)
            var y = card.y + max(pad, (cardH - itemHeight(entry, size: size, width: textW)) / 2)
            let bottom = card.maxY - pad
            var body: [PageItem] = []
            let itemHeading = "\(continuationHeading(region)), item \(i + 1)"
            if let heading = entry.heading, !heading.isEmpty {
                let hs = itemHeadingStyle(size)
                let room = Rect(x: card.x + textX, y: y, width: textW, height: max(0, bottom - y))
                let hh = min(room.height, height(heading, hs, textW))
                if let placed = place(heading, style: hs, in: room, tag: .paragraph, source: source, heading: itemHeading) {
                    body.append(placed)
                }
                y += hh + (entry.text.isEmpty ? 0 : size * s * 0.3)
            }
            if !entry.text.isEmpty {
                let bs = itemStyle(size)
                let room = Rect(x: card.x + textX, y: y, width: textW, height: max(0, bottom - y))
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

    /// The height of a list item: its heading in bold, a small gap, then its text.
    func itemHeight(_ entry: ListItem, size: Double, width: Double) -> Double {
        var h = 0.0
        if let heading = entry.heading, !heading.isEmpty {
            h += height(heading, itemHeadingStyle(size), width)
            if !entry.text.isEmpty { h += size * s * 0.3 }
        }
        return h + height(entry.text, itemStyle(size), width)
    }

    func itemHeadingStyle(_ size: Double) -> TextStyle {
        textStyle(size * 1.08, .bold, colours.ink, lineSpacing: 1.15)
    }

    func itemStyle(_ size: Double) -> TextStyle {
        var st = textStyle(size, .regular, colours.ink, lineSpacing: 1.22)
        st.paragraphSpace = 0.3 * size * s
        return st
    }

    func matrix(_ region: Region, _ across: [MatrixItem], _ down: [MatrixItem], _ value: FieldValue?, _ frame: Rect) -> [PageItem] {
        let source = name(region)
        let gap = Length.mm(1.2).points * s
        let cols = Double(across.count), rows = Double(down.count)
        let cellW = (frame.width - (cols - 1) * gap) / cols
        var items: [PageItem] = []
        var texts: [PageItem] = []

        // Column headings on the accent colour.
        let labelStyle = textStyle(style.headingSize, .bold, colours.onAccent, lineSpacing: 1.1)
        let detailStyle = textStyle(style.promptSize, .regular, colours.onAccent, lineSpacing: 1.15)
        let inner = cellW - 2 * pad
        var headerH = 0.0
        for item in across {
            var h = height(item.label, labelStyle, inner)
            if let d = item.detail { h += height(d, detailStyle, inner) + pad * 0.4 }
            headerH = max(headerH, h + 2 * pad * 0.5)
        }
        for (i, item) in across.enumerated() {
            let x = frame.x + Double(i) * (cellW + gap)
            items.append(.box(Rect(x: x, y: frame.y, width: cellW, height: headerH), fill: colours.accent, stroke: nil, lineWidth: 0, radius: radius))
            let lh = height(item.label, labelStyle, inner)
            var head: [PageItem] = [.tagged(.heading3, [.text(TextBlock(frame: Rect(x: x + pad, y: frame.y + pad * 0.5, width: inner, height: lh), text: item.label, style: labelStyle, source: source))])]
            if let d = item.detail {
                head.append(.tagged(.paragraph, [.text(TextBlock(frame: Rect(x: x + pad, y: frame.y + pad * 0.5 + lh + pad * 0.4, width: inner, height: height(d, detailStyle, inner)), text: d, style: detailStyle, source: source))]))
            }
            texts.append(contentsOf: head)
        }

        // Cells: the row's label and prompt, then room to write or the team's words.
        let top = frame.y + headerH + gap
        let cellH = (frame.maxY - top - (rows - 1) * gap) / rows
        let rowLabelStyle = textStyle(style.promptSize, .bold, colours.accent, lineSpacing: 1.1)
        let promptStyle = textStyle(style.promptSize, .regular, colours.prompt, lineSpacing: 1.15)
        var cells: [String: [String: [String]]] = [:]
        if case .matrix(let c)? = value { cells = c }
        var filled: [(text: String, room: Rect, key: String, heading: String)] = []
        for (c, column) in across.enumerated() {
            for (r, row) in down.enumerated() {
                let cell = Rect(x: frame.x + Double(c) * (cellW + gap), y: top + Double(r) * (cellH + gap), width: cellW, height: cellH)
                items.append(.box(cell, fill: nil, stroke: colours.rule, lineWidth: hairline, radius: radius))
                log.frames.append(("\(source).\(column.id).\(row.id)", cell))
                let label = row.label.uppercased()
                let lh = height(label, rowLabelStyle, inner)
                texts.append(.tagged(.heading3, [.text(TextBlock(frame: Rect(x: cell.x + pad, y: cell.y + pad * 0.8, width: inner, height: lh), text: label, style: rowLabelStyle, source: source))]))
                var y = cell.y + pad * 0.8 + lh
                if let p = row.prompt {
                    let ph = height(p, promptStyle, inner)
                    texts.append(.tagged(.paragraph, [.text(TextBlock(frame: Rect(x: cell.x + pad, y: y + pad * 0.3, width: inner, height: ph), text: p, style: promptStyle, source: source))]))
                    y += ph + pad * 0.3
                }
                log.fields.append(FieldArea(path: "\(source).\(column.id).\(row.id)", frame: Rect(x: cell.x + pad, y: y + pad * 0.6, width: inner, height: max(0, cell.maxY - y - pad * 1.6)),
                                            multiline: true, label: "\(column.label), \(row.label)", prompt: row.prompt))
                if let lines = cells[column.id]?[row.id], !lines.isEmpty {
                    let text = lines.map { "•\t" + $0 }.joined(separator: "\n")
                    filled.append((text, Rect(x: cell.x + pad, y: y + pad * 0.6, width: inner, height: cell.maxY - y - pad * 1.6),
                                   "\(column.id).\(row.id)", "\(column.label), \(row.label.lowercased())"))
                }
            }
        }
        for cell in filled {
            let (size, _) = fit("\(source).\(cell.key)", blocks: [(cell.text, cell.room.width, cell.room.height)], base: style.textSize) {
                self.bodyStyle(bullets: true, size: $0)
            }
            if let placed = place(cell.text, style: bodyStyle(bullets: true, size: size), in: cell.room, tag: .list,
                                  source: "\(source).\(cell.key)", heading: cell.heading) {
                texts.append(placed)
            }
        }
        return items + [.tagged(.section, texts)]
    }

    func table(_ region: Region, _ headings: [MatrixItem], _ blankRows: Int, _ value: FieldValue?, _ frame: Rect) -> [PageItem] {
        let source = name(region)
        var items: [PageItem] = [.box(frame, fill: nil, stroke: colours.rule, lineWidth: hairline, radius: radius)]
        let strip = headingStrip(label: region.label, prompt: region.prompt, width: frame.width, at: Point(x: frame.x, y: frame.y), source: source)
        items.insert(.box(Rect(x: frame.x, y: frame.y, width: frame.width, height: strip.height), fill: colours.tint, stroke: nil, lineWidth: 0, radius: radius), at: 0)
        items.append(contentsOf: strip.items)

        // Column widths: the first column (the "what") twice the others.
        let weights = headings.indices.map { $0 == 0 ? 2.0 : 1.0 }
        let unit = (frame.width - 2 * pad) / weights.reduce(0, +)
        var xs: [Double] = []
        var x = frame.x + pad
        for w in weights { xs.append(x); x += w * unit }
        let headStyle = textStyle(style.promptSize, .semibold, colours.ink)
        var y = frame.y + strip.height + pad * 0.6
        let hh = headings.map { height($0.label, headStyle, unit - pad) }.max() ?? 0
        for (i, h) in headings.enumerated() {
            items.append(.tagged(.heading3, [.text(TextBlock(frame: Rect(x: xs[i], y: y, width: weights[i] * unit - pad, height: hh), text: h.label, style: headStyle, source: source))]))
        }
        y += hh + pad * 0.4
        items.append(.rule(from: Point(x: frame.x + pad, y: y), to: Point(x: frame.maxX - pad, y: y), colour: colours.accent, width: hairline))
        let bottom = frame.maxY - pad
        var rows: [[String: String]] = []
        if case .table(let r)? = value { rows = r }
        if rows.isEmpty {
            let rowH = (bottom - y) / Double(blankRows)
            for i in 0..<blankRows { for (c, h) in headings.enumerated() { log.fields.append(FieldArea(path: "\(source).\(i + 1).\(h.id)", frame: Rect(x: xs[c], y: y + Double(i) * rowH, width: weights[c] * unit - pad, height: rowH), multiline: false, label: "\(region.label ?? source), row \(i + 1), \(h.label)", prompt: region.prompt)) } }
            for i in 1...blankRows {
                let ry = y + Double(i) * rowH
                items.append(.rule(from: Point(x: frame.x + pad, y: ry), to: Point(x: frame.maxX - pad, y: ry), colour: colours.rule, width: hairline * 0.6))
            }
            for i in xs.dropFirst() {
                items.append(.rule(from: Point(x: i - pad / 2, y: y), to: Point(x: i - pad / 2, y: bottom), colour: colours.rule, width: hairline * 0.6))
            }
            return items
        }
        // Each row as tall as its tallest cell; one size for the whole table.
        let widths = headings.indices.map { weights[$0] * unit - pad }
        func rowHeight(_ row: [String: String], _ st: TextStyle) -> Double {
            headings.indices.map { height(row[headings[$0].id] ?? "", st, widths[$0]) }.max()! + pad * 0.6
        }
        let (size, _) = fit(source, base: style.textSize, reported: { $0 * self.s }) { size in
            let st = self.bodyStyle(bullets: false, size: size)
            return rows.map { rowHeight($0, st) }.reduce(0, +) <= bottom - y + 0.01
        }
        let st = bodyStyle(bullets: false, size: size)
        var rowItems: [PageItem] = []
        var ry = y
        var overflowing: [[String: String]] = []
        for row in rows {
            let h = rowHeight(row, st)
            if !overflowing.isEmpty || ry + h > bottom + 0.01 {
                overflowing.append(row)
                continue
            }
            var cellsOut: [PageItem] = []
            for (i, heading) in headings.enumerated() {
                guard let t = row[heading.id], !t.isEmpty else { continue }
                cellsOut.append(.text(TextBlock(frame: Rect(x: xs[i], y: ry + pad * 0.3, width: widths[i], height: h - pad * 0.6), text: t, style: st, source: source)))
            }
            rowItems.append(.tagged(.paragraph, cellsOut))
            ry += h
            items.append(.rule(from: Point(x: frame.x + pad, y: ry), to: Point(x: frame.maxX - pad, y: ry), colour: colours.rule, width: hairline * 0.6))
        }
        // Room left under the filled rows gets blank rows to write more by hand.
        let blankH = (bottom - y) / Double(blankRows)
        var by = ry + blankH
        while overflowing.isEmpty && by <= bottom + 0.01 {
            items.append(.rule(from: Point(x: frame.x + pad, y: by), to: Point(x: frame.maxX - pad, y: by), colour: colours.rule, width: hairline * 0.6))
            by += blankH
        }
        if !overflowing.isEmpty {
            // Rows that do not fit continue as lines, each cell named by its column.
            let text = overflowing.map { row in
                headings.compactMap { h in row[h.id].map { "\(h.label): \($0)" } }.joined(separator: " · ")
            }.joined(separator: "\n")
            log.overflow.append(Overflow(heading: continuationHeading(region), text: text, style: st, tag: .paragraph, source: source, fromPage: log.page))
            if let i = log.records.lastIndex(where: { $0.region == source }) { log.records[i].continued = true }
        }
        items.append(.tagged(.section, rowItems))
        return items
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
