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
}

extension Context {
    /// Pages that carry on every region's text that did not fit, in reading order, each part under
    /// its region's heading and "continued from page N". Landscape pages flow in two columns.
    func continuationPages(firstNumber: Int, of count: Int) -> [Page] {
        var queue = log.overflow
        guard !queue.isEmpty else { return [] }
        let size = paper.size(layout.orientation)
        let margin = layout.grid.margin.points
        let box = Rect(x: 0, y: 0, width: size.width, height: size.height).inset(by: margin)
        let gap = layout.grid.gap.points * s
        let columns = layout.orientation == .landscape ? 2 : 1
        var pages: [Page] = []
        let headingStyle = textStyle(style.headingSize, .semibold, colours.accent, lineSpacing: 1.15)

        // Continued text has a page to itself: print it at the layout's own text size again.
        let readable = style.textSize * s
        for i in queue.indices where queue[i].style.size < readable { queue[i].style = queue[i].style.sized(readable) }

        while !queue.isEmpty {
            let number = firstNumber + pages.count
            log.page = number
            var items: [PageItem] = []
            var area = box
            let title = "\(layout.title), continued"
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
                let x = area.x + Double(column) * (colW + gap)
                let heading = "\(next.heading) (continued from page \(next.fromPage))"
                let hh = height(heading, headingStyle, colW)
                let lineH = next.style.size * next.style.lineSpacing
                let atTop = y <= area.y + 0.01
                if !atTop && y + hh + pad * 0.5 + lineH > area.maxY {
                    // Not even a heading and one line fit here: move on.
                    column += 1
                    y = area.y
                    if column == columns { break pageLoop }
                    continue
                }
                let headingFrame = Rect(x: x, y: y, width: colW, height: hh)
                let textTop = y + hh + pad * 0.5
                let room = Rect(x: x, y: textTop, width: colW, height: max(0, area.maxY - textTop))
                var text = next.text
                var rest = ""
                if height(text, next.style, colW) > room.height + 0.01 {
                    (text, rest) = splitText(text, style: next.style, width: colW, height: room.height)
                    if text.isEmpty {
                        // A fresh column always takes at least one line, so the text always moves on.
                        (text, rest) = splitText(next.text, style: next.style, width: colW, height: lineH * 1.05)
                        if text.isEmpty { text = next.text; rest = "" }
                    }
                }
                if next.style.hangingIndent > 0, !rest.isEmpty, !rest.hasPrefix("•"), !rest.hasPrefix("\t") { rest = "\t" + rest }
                let th = height(text, next.style, colW)
                items.append(.tagged(.section, [
                    .tagged(.heading2, [.text(TextBlock(frame: headingFrame, text: heading, style: headingStyle, source: next.source))]),
                    .tagged(next.tag, [.text(TextBlock(frame: Rect(x: x, y: textTop, width: colW, height: th), text: text, style: next.style, source: next.source))]),
                ]))
                frames.append((next.source, Rect(x: x, y: y, width: colW, height: textTop + th - y)))
                y = textTop + th + gap
                if let r = log.records.lastIndex(where: { $0.region == next.source }), !log.records[r].continuedOn.contains(number) {
                    log.records[r].continuedOn.append(number)
                }
                if rest.isEmpty {
                    queue.removeFirst()
                } else {
                    next.text = rest
                    queue[0] = next
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
