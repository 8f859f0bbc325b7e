// CoprintRender turns laid-out pages into PDF and PNG bytes with Cairo and Pango; it is the only
// part of coprint that touches C.
internal import CCairoPango
import CoprintLayout
import Foundation

/// Details written into a PDF's document information.
public struct PDFMetadata: Sendable {
    /// Document title.
    public var title: String
    /// Document subject.
    public var subject: String
    /// The program that made it.
    public var creator: String = "coprint"
    /// The creation date written into the file: from `SOURCE_DATE_EPOCH` when set, so that the same
    /// input gives the same bytes.
    public var created: Date

    /// The document's main language, as a BCP 47 tag, for the PDF's `/Lang`.
    public var language: String = "en-GB"
    /// In a bilingual edition, the paired language, given to each `Span` structure element.
    public var pairedLanguage: String?

    /// Makes metadata.
    public init(title: String, subject: String, created: Date, language: String = "en-GB") {
        self.title = title; self.subject = subject; self.created = created; self.language = language
    }

    /// The creation date to use now: `SOURCE_DATE_EPOCH` if it is set and valid, else the
    /// current time. Commands check the variable first with ``sourceDateEpoch(environment:)``, so
    /// that a malformed value is an error rather than ignored.
    public static func creationDate(environment: [String: String] = ProcessInfo.processInfo.environment) -> Date {
        (try? sourceDateEpoch(environment: environment)) ?? Date()
    }

    /// The latest date a PDF date can hold: 9999-12-31 23:59:59 UTC, in seconds since 1970.
    public static let latestEpoch = 253_402_300_799

    /// `SOURCE_DATE_EPOCH` read as the reproducible-builds specification says: nil when it is not
    /// set; a date when it is ASCII digits only (seconds since 1970, UTC) up to the end of year
    /// 9999; otherwise a plain error (empty, signs, decimals, exponents, spaces, too large).
    public static func sourceDateEpoch(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Date? {
        guard let s = environment["SOURCE_DATE_EPOCH"] else { return nil }
        let shown = TextSafety.forTerminal(String(s.prefix(40)))
        guard !s.isEmpty, s.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
            throw CoprintError("SOURCE_DATE_EPOCH is '\(shown)', but it must be a whole number of seconds since 1 January 1970 (digits only, such as 1700000000). Correct it, or unset it to use the current time.")
        }
        guard s.count <= 12, let seconds = Int(s), seconds <= latestEpoch else {
            throw CoprintError("SOURCE_DATE_EPOCH is \(shown), a date after the year 9999, which a PDF cannot hold. Use a number up to \(latestEpoch).")
        }
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }
}

/// A warning about something that was printed but may not look as the user meant.
public struct RenderWarning: Sendable, Hashable, CustomStringConvertible {
    /// The field or part of the layout it is about.
    public var source: String
    /// What is wrong.
    public var message: String
    /// The characters no bundled font can draw, if that is the problem.
    public var missingCharacters: [String]
    public var description: String { "\(source): \(message)" }
}

/// Draws laid-out documents with Cairo and Pango.
///
/// A renderer owns its own Pango objects and is not shared between threads: make one per thread,
/// all from the same ``FontLibrary``.
public final class Renderer {
    let shaper: TextShaper
    /// Warnings gathered by the last call to ``pdf(_:metadata:)`` or ``png(_:dpi:)``.
    public private(set) var warnings: [RenderWarning] = []

    /// Makes a renderer over the bundled fonts.
    public init(fonts: FontLibrary) throws {
        shaper = try TextShaper(fonts: fonts)
    }

    /// Ends a document that was laid out but will not be drawn: its text layouts stay for the
    /// next document, within the shaper's bound.
    public func discardMeasurements() { shaper.endDocument() }

    /// The measurer layout uses, so measuring and drawing agree.
    public var measurer: any TextMeasurer { shaper }

    /// Renders every page into one PDF, returned as bytes.
    public func pdf(_ document: LaidOutDocument, metadata: PDFMetadata) throws -> Data {
        warnings = []
        defer { shaper.endDocument() }
        guard let first = document.pages.first else { throw CoprintRenderError("there are no pages to print") }
        let sink = ByteSink()
        let unmanaged = Unmanaged.passRetained(sink)
        defer { unmanaged.release() }
        guard let surface = cairo_pdf_surface_create_for_stream(ByteSink.write, unmanaged.toOpaque(), first.size.width, first.size.height) else {
            throw CoprintRenderError("could not start a PDF")
        }
        defer { cairo_surface_destroy(surface) }
        try check(cairo_surface_status(surface), "starting the PDF")
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, metadata.title)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_SUBJECT, metadata.subject)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, metadata.creator)
        let date = Renderer.pdfDate(metadata.created)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, date)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, date)

        guard let cr = cairo_create(surface) else { throw CoprintRenderError("could not start drawing") }
        defer { cairo_destroy(cr) }
        var tags = TagStack(cr: cr)
        for page in document.pages {
            cairo_pdf_surface_set_size(surface, page.size.width, page.size.height)
            // Each page is one part of the document; Cairo 1.16 loses a tag that spans pages.
            tags.push("Part")
            try draw(page, on: cr, tags: &tags)
            tags.pop("Part")
            cairo_show_page(cr)
            try check(cairo_status(cr), "drawing a page")
        }
        try tags.finish()
        try check(cairo_status(cr), "drawing")
        cairo_surface_finish(surface)
        try check(cairo_surface_status(surface), "finishing the PDF")
        if let failure = sink.failure { throw CoprintRenderError(failure) }
        return sink.data
    }

    /// Renders one page as a PNG image at `dpi` dots per inch.
    public func png(_ page: Page, dpi: Double) throws -> Data {
        warnings = []
        defer { shaper.endDocument() }
        guard dpi >= 10, dpi <= 1200 else { throw CoprintRenderError("the resolution must be between 10 and 1200 dpi") }
        let scale = dpi / 72
        let width = Int32((page.size.width * scale).rounded(.up)), height = Int32((page.size.height * scale).rounded(.up))
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height) else {
            throw CoprintRenderError("could not make an image")
        }
        defer { cairo_surface_destroy(surface) }
        try check(cairo_surface_status(surface), "making an image of \(width) x \(height) pixels")
        guard let cr = cairo_create(surface) else { throw CoprintRenderError("could not start drawing") }
        defer { cairo_destroy(cr) }
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_paint(cr)
        cairo_scale(cr, scale, scale)
        var tags = TagStack(cr: cr, enabled: false)
        try draw(page, on: cr, tags: &tags)
        try check(cairo_status(cr), "drawing the image")
        cairo_surface_flush(surface)
        let sink = ByteSink()
        let unmanaged = Unmanaged.passRetained(sink)
        defer { unmanaged.release() }
        try check(cairo_surface_write_to_png_stream(surface, ByteSink.write, unmanaged.toOpaque()), "writing the PNG")
        if let failure = sink.failure { throw CoprintRenderError(failure) }
        return sink.data
    }

    /// Draws one page: first every shape (Cairo may not paint inside a structure tag), then the
    /// text in reading order inside its tags.
    private func draw(_ page: Page, on cr: OpaquePointer, tags: inout TagStack) throws {
        imageFailure = nil
        for item in page.items { drawShapes(item, cr) }
        for item in page.items { drawText(item, cr, &tags) }
        if let imageFailure { throw CoprintRenderError(imageFailure) }
    }

    private func drawShapes(_ item: PageItem, _ cr: OpaquePointer) {
        switch item {
        case let .box(r, fill, stroke, lineWidth, radius):
            roundedRect(cr, r, radius)
            if let fill {
                cairo_set_source_rgb(cr, fill.red, fill.green, fill.blue)
                if stroke != nil { cairo_fill_preserve(cr) } else { cairo_fill(cr) }
            }
            if let stroke {
                cairo_set_source_rgb(cr, stroke.red, stroke.green, stroke.blue)
                cairo_set_line_width(cr, lineWidth)
                cairo_stroke(cr)
            }
        case let .rule(from, to, colour, width):
            cairo_set_source_rgb(cr, colour.red, colour.green, colour.blue)
            cairo_set_line_width(cr, width)
            cairo_move_to(cr, from.x, from.y)
            cairo_line_to(cr, to.x, to.y)
            cairo_stroke(cr)
        case let .image(r, picture):
            drawImage(picture, in: r, cr)
        case .text:
            break
        case .tagged(_, let items):
            for i in items { drawShapes(i, cr) }
        case let .group(t, clip, items):
            cairo_save(cr)
            enter(t, clip, cr)
            for i in items { drawShapes(i, cr) }
            cairo_restore(cr)
        }
    }

    /// Cuts drawing to `clip`, then moves and scales it by `t`.
    private func enter(_ t: Transform, _ clip: Rect?, _ cr: OpaquePointer) {
        if let clip {
            cairo_rectangle(cr, clip.x, clip.y, clip.width, clip.height)
            cairo_clip(cr)
        }
        cairo_translate(cr, t.dx, t.dy)
        cairo_scale(cr, t.scale, t.scale)
    }

    /// A picture problem found while drawing, reported once the page is done.
    private var imageFailure: String?

    private func drawImage(_ picture: ImageFile, in r: Rect, _ cr: OpaquePointer) {
        let reader = ByteReader(data: picture.data)
        let unmanaged = Unmanaged.passRetained(reader)
        defer { unmanaged.release() }
        guard let image = cairo_image_surface_create_from_png_stream(ByteReader.read, unmanaged.toOpaque()) else {
            imageFailure = "the picture \(picture.name) could not be read"
            return
        }
        defer { cairo_surface_destroy(image) }
        guard cairo_surface_status(image) == CAIRO_STATUS_SUCCESS else {
            imageFailure = "the picture \(picture.name) could not be read: it is damaged or not really a PNG. Save it again as PNG."
            return
        }
        let pw = Double(cairo_image_surface_get_width(image)), ph = Double(cairo_image_surface_get_height(image))
        guard pw > 0, ph > 0 else { return }
        cairo_save(cr)
        cairo_translate(cr, r.x, r.y)
        cairo_scale(cr, r.width / pw, r.height / ph)
        cairo_set_source_surface(cr, image, 0, 0)
        cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD)
        cairo_rectangle(cr, 0, 0, pw, ph)
        cairo_fill(cr)
        cairo_restore(cr)
    }

    private func drawText(_ item: PageItem, _ cr: OpaquePointer, _ tags: inout TagStack) {
        switch item {
        case .box, .rule, .image:
            break
        case .text(let block):
            guard !block.text.isEmpty else { return }
            let layout = shaper.sharedLayout(block.text, style: block.style, width: block.onItsSide ? block.frame.height : block.frame.width)
            if pango_layout_get_unknown_glyphs_count(layout) > 0 {
                let missing = shaper.missingCharacters(block.text, style: block.style)
                let names = missing.map { ch in "'\(ch)' (\(ch.unicodeScalars.map { String(format: "U+%04X", $0.value) }.joined(separator: " ")))" }
                warnings.append(RenderWarning(
                    source: block.source,
                    message: "no bundled font can draw \(names.joined(separator: ", ")) in \"\(block.text.prefix(60))\"; they print as boxes",
                    missingCharacters: missing.map(String.init)))
            }
            let c = block.style.colour
            cairo_set_source_rgb(cr, c.red, c.green, c.blue)
            if block.onItsSide {
                // A quarter turn anticlockwise about the frame's bottom-left corner.
                cairo_save(cr)
                cairo_translate(cr, block.frame.x, block.frame.maxY)
                cairo_rotate(cr, -Double.pi / 2)
                cairo_move_to(cr, 0, 0)
                pango_cairo_show_layout(cr, layout)
                cairo_restore(cr)
            } else if block.style.pairsInline, let paired = block.style.pairedLanguage, block.text.contains(Bilingual.separator) {
                drawInlinePair(layout, pairedLanguage: paired, at: block.frame, cr, &tags)
            } else if block.style.pairedLanguage != nil, block.text.contains(Bilingual.separator) {
                drawPairedLines(layout, at: block.frame, cr, &tags)
            } else {
                cairo_move_to(cr, block.frame.x, block.frame.y)
                pango_cairo_show_layout(cr, layout)
            }
        case .tagged(let tag, let items):
            tags.push(tag.rawValue)
            for i in items { drawText(i, cr, &tags) }
            tags.pop(tag.rawValue)
        case let .group(t, clip, items):
            cairo_save(cr)
            enter(t, clip, cr)
            for i in items { drawText(i, cr, &tags) }
            cairo_restore(cr)
        }
    }

    /// Draws a bilingual block line by line, each line of the paired language inside its own
    /// `Span` structure element, which the finishing step gives that language's `/Lang`.
    private func drawPairedLines(_ layout: OpaquePointer, at frame: Rect, _ cr: OpaquePointer, _ tags: inout TagStack) {
        let runs = TextShaper.pairedRuns(String(cString: pango_layout_get_text(layout)))
        forEachLine(of: layout, at: frame, cr) { line, x, baseline in
            let start = Int(line.pointee.start_index)
            let paired = line.pointee.length > 0 && runs.contains { $0.contains(start) }
            if paired { tags.push("Span") }
            cairo_move_to(cr, x, baseline)
            pango_cairo_show_layout_line(cr, line)
            if paired { tags.pop("Span") }
        }
    }

    /// Draws a bilingual block set on one line ("Prosiect / Project") run by run, each run in
    /// the paired language (Pango splits the line where the language changes) inside its own
    /// `Span` structure element, as `drawPairedLines` does for a pair on two lines.
    private func drawInlinePair(_ layout: OpaquePointer, pairedLanguage: String, at frame: Rect, _ cr: OpaquePointer, _ tags: inout TagStack) {
        let paired = pango_language_from_string(pairedLanguage)
        let text = pango_layout_get_text(layout)
        forEachLine(of: layout, at: frame, cr) { line, start, baseline in
            var x = start
            // The line's runs, in the order they are drawn from left to right.
            var node = line.pointee.runs
            while let n = node {
                defer { node = n.pointee.next }
                guard let run = n.pointee.data?.assumingMemoryBound(to: PangoGlyphItem.self) else { continue }
                let inPaired = run.pointee.item.pointee.analysis.language == paired
                if inPaired { tags.push("Span") }
                cairo_move_to(cr, x, baseline)
                pango_cairo_show_glyph_item(cr, text, run)
                if inPaired { tags.pop("Span") }
                x += Double(pango_glyph_string_get_width(run.pointee.glyphs)) / Double(PANGO_SCALE)
            }
        }
    }

    /// Calls `draw` for each line of `layout` placed at `frame`, with the line's left edge and
    /// baseline on the page; draws the whole layout at once if Pango gives no line iterator.
    private func forEachLine(of layout: OpaquePointer, at frame: Rect, _ cr: OpaquePointer,
                             _ draw: (UnsafeMutablePointer<PangoLayoutLine>, _ x: Double, _ baseline: Double) -> Void) {
        guard let iter = pango_layout_get_iter(layout) else {
            cairo_move_to(cr, frame.x, frame.y)
            pango_cairo_show_layout(cr, layout)
            return
        }
        defer { pango_layout_iter_free(iter) }
        repeat {
            guard let line = pango_layout_iter_get_line_readonly(iter) else { continue }
            var logical = PangoRectangle()
            pango_layout_iter_get_line_extents(iter, nil, &logical)
            draw(line, frame.x + Double(logical.x) / Double(PANGO_SCALE), frame.y + Double(pango_layout_iter_get_baseline(iter)) / Double(PANGO_SCALE))
        } while pango_layout_iter_next_line(iter) != 0
    }

    private func roundedRect(_ cr: OpaquePointer, _ r: Rect, _ radius: Double) {
        let rad = min(radius, r.width / 2, r.height / 2)
        guard rad > 0 else { cairo_rectangle(cr, r.x, r.y, r.width, r.height); return }
        cairo_new_sub_path(cr)
        cairo_arc(cr, r.maxX - rad, r.y + rad, rad, -Double.pi / 2, 0)
        cairo_arc(cr, r.maxX - rad, r.maxY - rad, rad, 0, Double.pi / 2)
        cairo_arc(cr, r.x + rad, r.maxY - rad, rad, Double.pi / 2, Double.pi)
        cairo_arc(cr, r.x + rad, r.y + rad, rad, Double.pi, 3 * Double.pi / 2)
        cairo_close_path(cr)
    }

    private func check(_ status: cairo_status_t, _ step: String) throws {
        guard status == CAIRO_STATUS_SUCCESS else {
            throw CoprintRenderError("\(step) failed: \(String(cString: cairo_status_to_string(status)))")
        }
    }

    /// `2024-01-01T00:00:00Z`: the form Cairo 1.16 writes correctly.
    static func pdfDate(_ date: Date) -> String {
        // Formatted by hand: a DateFormatter loads ICU's calendar data, a noticeable part of start-up.
        // Clamped to the years a PDF date can hold (0000 to 9999), so no date can overflow.
        let seconds = min(max(date.timeIntervalSince1970.rounded(.down), -62_167_219_200), Double(PDFMetadata.latestEpoch))
        var t = time_t(seconds.isNaN ? 0 : seconds)
        var parts = tm()
        gmtime_r(&t, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
                      Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    }
}

/// Keeps PDF structure tags properly nested (Cairo 1.16 does not check, and an unclosed tag
/// damages the file), and heading levels in sequence: PDF/UA fails a document whose headings skip
/// a level (an H1 followed by an H3), so each heading is written one level below the nearest
/// heading before it of a higher rank, and headings of the same rank stay siblings.
struct TagStack {
    let cr: OpaquePointer
    var enabled = true
    /// The tags open now: the name asked for, and the name written (they differ for a heading).
    private(set) var open: [(asked: String, written: String)] = []
    /// The headings that the next heading may sit under: the level each asked for and was given.
    private var headings: [(asked: Int, written: Int)] = []
    private var mismatch: String?

    init(cr: OpaquePointer, enabled: Bool = true) { self.cr = cr; self.enabled = enabled }

    mutating func push(_ name: String) {
        guard enabled else { return }
        let written = headingInSequence(name)
        open.append((name, written))
        cairo_tag_begin(cr, written, "")
    }

    mutating func pop(_ name: String) {
        guard enabled else { return }
        guard let last = open.last, last.asked == name else {
            mismatch = mismatch ?? "closing tag \(name) while \(open.last?.asked ?? "nothing") is open"
            return
        }
        open.removeLast()
        cairo_tag_end(cr, last.written)
    }

    func finish() throws {
        if let mismatch { throw CoprintRenderError("the document structure is broken: \(mismatch)") }
        if !open.isEmpty { throw CoprintRenderError("the document structure is broken: \(open.map(\.asked).joined(separator: ", ")) left open") }
    }

    /// `name` unchanged, or for a heading tag (H1 to H6) the level it takes in sequence.
    private mutating func headingInSequence(_ name: String) -> String {
        guard name.utf8.count == 2, name.hasPrefix("H"), let level = Int(name.dropFirst()), (1...6).contains(level) else { return name }
        while let last = headings.last, last.asked >= level { headings.removeLast() }
        let written = min(6, (headings.last?.written ?? 0) + 1)
        headings.append((level, written))
        return "H\(written)"
    }
}

/// Collects the bytes Cairo writes, remembering the first failure.
final class ByteSink {
    var data = Data()
    var failure: String?
    /// The most a single document may grow to, so a runaway layout cannot fill the memory.
    static let limit = 512 * 1024 * 1024

    static let write: cairo_write_func_t = { closure, bytes, length in
        guard let closure, let bytes else { return CAIRO_STATUS_WRITE_ERROR }
        let sink = Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue()
        guard sink.data.count + Int(length) <= ByteSink.limit else {
            sink.failure = "the document grew past \(ByteSink.limit / 1024 / 1024) MB"
            return CAIRO_STATUS_WRITE_ERROR
        }
        sink.data.append(bytes, count: Int(length))
        return CAIRO_STATUS_SUCCESS
    }
}
