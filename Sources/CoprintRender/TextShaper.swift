internal import CCairoPango
import CoprintLayout
import Foundation

/// Lays out text with Pango using the bundled fonts; measures it for layout and draws it for the
/// renderer, with exactly the same settings both times so what was measured is what is printed.
///
/// Each instance owns its own Pango font map and context: make one per thread.
final class TextShaper: TextMeasurer {
    private let fontMap: UnsafeMutablePointer<PangoFontMap>
    private let context: OpaquePointer
    private let fonts: FontLibrary
    private var cache: [CacheKey: Size] = [:]
    /// Layouts made while measuring, kept so drawing does not shape the text again, and kept
    /// across documents (up to ``keptLayouts``), so a batch printing the same wording many times
    /// shapes it once. A layout belongs to this shaper's Pango context, not to any one surface,
    /// so it draws the same into every document.
    private var layouts: [CacheKey: OpaquePointer] = [:]

    /// How many layouts are kept between documents: enough for every text of a few posters
    /// (about 60 each, most of them shared by every poster of a batch), and few enough that a
    /// 100-poster batch fills and releases them as a 10,000-poster one does, so memory stays flat
    /// however long the batch (at 1,000, the 10,000-poster batch peaked 21% higher).
    static let keptLayouts = 250

    private struct CacheKey: Hashable {
        let text: String
        let style: TextStyle
        let width: Double
    }

    init(fonts: FontLibrary) throws {
        self.fonts = fonts
        guard let map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT) else {
            throw CoprintRenderError("could not start the text layout library (Pango)")
        }
        pango_fc_font_map_set_config(OpaquePointer(map), fonts.config)
        guard let ctx = pango_font_map_create_context(map) else {
            g_object_unref(map)
            throw CoprintRenderError("could not start the text layout library (Pango context)")
        }
        fontMap = map
        context = ctx
        // PDF user space is in points: 72 per inch, not the screen's 96.
        pango_cairo_context_set_resolution(ctxPointer, 72)
        // Print wants exact glyph positions and no hinting, so PDF and PNG lay out alike.
        pango_context_set_round_glyph_positions(ctxPointer, 0)
        if let options = cairo_font_options_create() {
            cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
            cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
            pango_cairo_context_set_font_options(ctxPointer, options)
            cairo_font_options_destroy(options)
        }
    }

    deinit {
        releaseLayouts()
        g_object_unref(UnsafeMutableRawPointer(context))
        g_object_unref(fontMap)
    }

    private var ctxPointer: OpaquePointer { context }

    /// A Pango layout for `text` in `style`, wrapped to `width`. The caller must release it with
    /// `g_object_unref`.
    func makeLayout(_ text: String, style: TextStyle, width: Double) -> OpaquePointer {
        let layout = pango_layout_new(ctxPointer)!
        let (shown, gaps) = TextShaper.withParagraphGaps(TextShaper.rightToLeftBullets(TextShaper.isolatingTrailingPunctuation(text)), style: style)
        // A bilingual text's second language, found before an inline pair's separator becomes
        // " / " (the same number of bytes, so every offset stays as measured).
        let pairs = TextShaper.pairedRuns(shown)
        let drawn = style.pairsInline ? shown.replacingEvery(String(Bilingual.separator), with: " / ") : shown
        // set_text, never set_markup: the user's '&' and '<' are printed as written.
        pango_layout_set_text(layout, drawn, -1)
        let desc = pango_font_description_new()
        // Arabic script is set in Amiri (Naskh). With nastaliqForUrdu on, each paragraph with
        // Urdu-only letters would put Noto Nastaliq Urdu first (an attribute, below).
        let families = ([style.font] + FontLibrary.fallbacks).joined(separator: ",")
        let urduFamilies = ([style.font] + FontLibrary.fallbacks.flatMap { $0 == "Amiri" ? ["Noto Nastaliq Urdu", $0] : [$0] }).joined(separator: ",")
        pango_font_description_set_family(desc, families)
        pango_font_description_set_weight(desc, PangoWeight(rawValue: UInt32(style.weight.rawValue)))
        pango_font_description_set_absolute_size(desc, style.size * Double(PANGO_SCALE))
        pango_layout_set_font_description(layout, desc)
        pango_font_description_free(desc)
        pango_layout_set_width(layout, Int32((width * Double(PANGO_SCALE)).rounded(.down)))
        // Character wrapping as a last resort, so a very long word never runs off the page.
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
        // Lines with Arabic script get an absolute line height (below) instead of a factor.
        let hasArabic = !TextShaper.arabicRuns(shown).isEmpty
        pango_layout_set_line_spacing(layout, hasArabic ? 0 : Float(style.lineSpacing))
        // Pango flips left and right for right-to-left paragraphs, so "leading" is PANGO_ALIGN_LEFT;
        // a fixed left edge (table cells under their heads) asks for the flip's opposite.
        let rtl = pango_find_base_dir(shown, -1) == PANGO_DIRECTION_RTL
        switch style.alignment {
        case .leading: pango_layout_set_alignment(layout, PANGO_ALIGN_LEFT)
        case .centre: pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER)
        case .trailing: pango_layout_set_alignment(layout, PANGO_ALIGN_RIGHT)
        case .left: pango_layout_set_alignment(layout, rtl ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT)
        }
        if style.hangingIndent > 0 {
            pango_layout_set_indent(layout, -Int32(style.hangingIndent * Double(PANGO_SCALE)))
            if let tabs = pango_tab_array_new(1, 0) {
                pango_tab_array_set_tab(tabs, 0, PANGO_TAB_LEFT, Int32(style.hangingIndent * Double(PANGO_SCALE)))
                pango_layout_set_tabs(layout, tabs)
                pango_tab_array_free(tabs)
            }
        }
        if let attrs = pango_attr_list_new() {
            // Never add hyphens of our own when a long word is broken: the words stay as written.
            if let noHyphens = pango_attr_insert_hyphens_new(0) { pango_attr_list_insert(attrs, noHyphens) }
            // The language of the text, so Pango breaks lines and shapes words as that language does.
            if let tag = style.language, let attr = pango_attr_language_new(pango_language_from_string(tag)) {
                pango_attr_list_insert(attrs, attr)
            }
            // A bilingual edition: on each line, what follows the separator is the paired language,
            // one weight lighter than a heading's, so the main language stays the more prominent.
            for range in pairs {
                if let tag = style.pairedLanguage, let attr = pango_attr_language_new(pango_language_from_string(tag)) {
                    attr.pointee.start_index = UInt32(range.lowerBound)
                    attr.pointee.end_index = UInt32(range.upperBound)
                    pango_attr_list_insert(attrs, attr)
                }
                if style.weight.rawValue > TextStyle.Weight.regular.rawValue,
                   let attr = pango_attr_weight_new(PangoWeight(rawValue: UInt32(TextStyle.Weight.regular.rawValue))) {
                    attr.pointee.start_index = UInt32(range.lowerBound)
                    attr.pointee.end_index = UInt32(range.upperBound)
                    pango_attr_list_insert(attrs, attr)
                }
            }
            // Arabic-script letters run small beside Latin at the same size: scale them up to
            // match Inter's x-height.
            for range in TextShaper.arabicRuns(shown) where !(TextShaper.nastaliqForUrdu && TextShaper.isUrdu(TextShaper.paragraph(of: range, in: shown))) {
                if let attr = pango_attr_scale_new(TextShaper.arabicScale) {
                    attr.pointee.start_index = UInt32(range.lowerBound)
                    attr.pointee.end_index = UInt32(range.upperBound)
                    pango_attr_list_insert(attrs, attr)
                }
            }
            // Arabic-script faces (Nastaliq most of all) have very tall ascents and descents;
            // lines containing them get a fixed, slightly taller line height instead, so a
            // mixed-language paragraph keeps an even rhythm. The blank lines between paragraphs
            // keep their own small height.
            var offset = 0
            for paragraph in shown.split(separator: "\n", omittingEmptySubsequences: false) {
                let n = paragraph.utf8.count
                if TextShaper.nastaliqForUrdu, TextShaper.isUrdu(String(paragraph)), let attr = pango_attr_family_new(urduFamilies) {
                    attr.pointee.start_index = UInt32(offset)
                    attr.pointee.end_index = UInt32(offset + n)
                    pango_attr_list_insert(attrs, attr)
                }
                offset += n + 1
            }
            if hasArabic {
                let lineHeight = style.size * style.lineSpacing * (TextShaper.nastaliqForUrdu && TextShaper.isUrdu(text) ? 1.45 : 1.2)
                var from = 0
                for end in gaps.map({ $0 - 1 }) + [shown.utf8.count] {
                    if end > from, let attr = pango_attr_line_height_new_absolute(Int32(lineHeight * Double(PANGO_SCALE))) {
                        attr.pointee.start_index = UInt32(from)
                        attr.pointee.end_index = UInt32(end)
                        pango_attr_list_insert(attrs, attr)
                    }
                    from = end + 2
                }
            }
            for offset in gaps {
                // The blank line between paragraphs is set small, giving a gap of paragraphSpace.
                let attr = pango_attr_size_new_absolute(Int32(style.paragraphSpace / style.lineSpacing * Double(PANGO_SCALE)))!
                attr.pointee.start_index = UInt32(offset)
                attr.pointee.end_index = UInt32(offset + 1)
                pango_attr_list_insert(attrs, attr)
            }
            pango_layout_set_attributes(layout, attrs)
            pango_attr_list_unref(attrs)
        }
        return layout
    }

    /// The byte ranges of `text` in a bilingual edition's paired language: on each line, from the
    /// ``Bilingual/separator`` to the line's end.
    static func pairedRuns(_ text: String) -> [Range<Int>] {
        guard text.contains(Bilingual.separator) else { return [] }
        var runs: [Range<Int>] = []
        var offset = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let n = line.utf8.count
            if let i = line.firstIndex(of: Bilingual.separator) {
                runs.append((offset + line[..<i].utf8.count)..<(offset + n))
            }
            offset += n + 1
        }
        return runs
    }

    /// How much larger Arabic-script runs are set than the Latin around them, so that their body
    /// matches Inter's x-height.
    static let arabicScale = 1.18

    /// Whether Urdu paragraphs are set in Noto Nastaliq Urdu (bundled) rather than Naskh.
    ///
    /// Off: measured here, `pdftotext` (poppler 22) splits Nastaliq's stacked letters apart
    /// ("ثلاثة" reads "ثلا ث ة"), so the words a team wrote could no longer be found or copied
    /// from the PDF. `/ActualText` around each word does not rescue it: poppler 22 reverses a
    /// right-to-left ActualText ("ةثالث"), which a reader following the PDF standard would not.
    static let nastaliqForUrdu = false

    /// Whether `text` is Urdu: it has letters Urdu uses and Arabic does not (ے ں ٹ ڈ ڑ ھ ۓ ہ ۃ ک گ پ چ ژ).
    static func isUrdu(_ text: String) -> Bool {
        text.unicodeScalars.contains { [0x06D2, 0x06BA, 0x0679, 0x0688, 0x0691, 0x06BE, 0x06D3, 0x06C1, 0x06C3, 0x06A9].contains($0.value) }
    }

    /// The paragraph of `text` holding the byte range `range`.
    static func paragraph(of range: Range<Int>, in text: String) -> String {
        var offset = 0
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let n = paragraph.utf8.count
            if range.lowerBound >= offset && range.lowerBound <= offset + n { return String(paragraph) }
            offset += n + 1
        }
        return text
    }

    /// The byte ranges of Arabic-script runs in `text` (spaces between Arabic words included).
    static func arabicRuns(_ text: String) -> [Range<Int>] {
        var runs: [Range<Int>] = []
        var offset = 0
        var start: Int?
        var lastArabicEnd = 0
        for scalar in text.unicodeScalars {
            let n = String(scalar).utf8.count
            let v = scalar.value
            let arabic = (0x0600...0x06FF).contains(v) || (0x0750...0x077F).contains(v) || (0xFB50...0xFDFF).contains(v) || (0xFE70...0xFEFF).contains(v)
            if arabic {
                if start == nil { start = offset }
                lastArabicEnd = offset + n
            } else if let s = start, scalar != " " {
                runs.append(s..<lastArabicEnd); start = nil
            }
            offset += n
        }
        if let s = start { runs.append(s..<lastArabicEnd) }
        return runs
    }

    /// In each paragraph, a last sentence in the other direction from the paragraph's keeps its
    /// closing punctuation: "ہر مہینے ملاقات / We meet every month." is set right to left with
    /// the full stop after "month", not before "We". Done by isolating that sentence (U+2068 ...
    /// U+2069), which draws nothing.
    static func isolatingTrailingPunctuation(_ text: String) -> String { isolatingWithOffsets(text).text }

    /// ``isolatingTrailingPunctuation(_:)``, with the byte offsets (in the result) of the marks it
    /// inserted, so split points can be mapped back to the text as written. A text may hold
    /// isolating marks of its own, which are not counted.
    static func isolatingWithOffsets(_ text: String) -> (text: String, inserted: [Int]) {
        guard text.unicodeScalars.contains(where: { (0x0590...0x08FF).contains($0.value) }) else { return (text, []) }
        var inserted: [Int] = []
        var offset = 0
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            defer { offset += 1 }  // the line break after each line
            let scalars = Array(line.unicodeScalars)
            func strong(_ u: Unicode.Scalar) -> Int {  // 1 = right-to-left, -1 = left-to-right, 0 = neutral
                if (0x0590...0x08FF).contains(u.value) || (0xFB1D...0xFEFC).contains(u.value) { return 1 }
                return u.properties.isAlphabetic ? -1 : 0
            }
            guard let firstStrong = scalars.first(where: { strong($0) != 0 }).map(strong),
                  let lastIndex = scalars.lastIndex(where: { strong($0) != 0 }),
                  strong(scalars[lastIndex]) != firstStrong, lastIndex + 1 < scalars.count,
                  // A closing bracket pairs with its opening one, which the bidi algorithm already handles.
                  !scalars[(lastIndex + 1)...].contains(where: { ")]}»›".unicodeScalars.contains($0) }) else {
                offset += line.utf8.count
                return String(line)
            }
            // The last run in the other direction: back to the last strong letter of the paragraph's own.
            var runStart = lastIndex
            while runStart > 0 && strong(scalars[runStart - 1]) != firstStrong { runStart -= 1 }
            while runStart < lastIndex && strong(scalars[runStart]) == 0 { runStart += 1 }
            var out = String.UnicodeScalarView()
            out.append(contentsOf: scalars[..<runStart])
            inserted.append(offset + String(out).utf8.count)
            out.append("\u{2068}")
            out.append(contentsOf: scalars[runStart...])
            inserted.append(offset + String(out).utf8.count)
            out.append("\u{2069}")
            let result = String(out)
            offset += result.utf8.count
            return result
        }
        return (lines.joined(separator: "\n"), inserted)
    }

    /// A bullet on a right-to-left item sits on its right, the reading side: Pango's tab stops
    /// measure from the left, so such items put a space after the bullet instead of a tab (the
    /// same length in bytes, so split points stay where they were).
    static func rightToLeftBullets(_ text: String) -> String {
        // Right-to-left letters first: a cheap scan, where Foundation's substring search is not.
        guard text.unicodeScalars.contains(where: { (0x0590...0x08FF).contains($0.value) }), text.includes("•\t") else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard line.hasPrefix("•\t"), pango_find_base_dir(String(line), -1) == PANGO_DIRECTION_RTL else { return String(line) }
            return "• " + line.dropFirst(2)
        }.joined(separator: "\n")
    }

    /// Inserts an extra line break between paragraphs when the style asks for paragraph space, and
    /// returns the byte offsets of those inserted breaks.
    static func withParagraphGaps(_ text: String, style: TextStyle) -> (String, [Int]) {
        guard style.paragraphSpace > 0, text.utf8.contains(UInt8(ascii: "\n")) else { return (text, []) }
        var result = ""
        var offsets: [Int] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (i, line) in lines.enumerated() {
            result += line
            if i < lines.count - 1 {
                result += "\n"
                offsets.append(result.utf8.count)
                result += "\n"
            }
        }
        return (result, offsets)
    }

    func measure(_ text: String, style: TextStyle, width: Double) -> Size {
        let key = CacheKey(text: text, style: style, width: width)
        if let hit = cache[key] { return hit }
        let layout = sharedLayout(text, style: style, width: width)
        var logical = PangoRectangle()
        pango_layout_get_extents(layout, nil, &logical)
        let size = Size(width: Double(logical.width) / Double(PANGO_SCALE), height: Double(logical.height) / Double(PANGO_SCALE))
        // Sizes are kept across documents (a batch prints the same wording many times), within a
        // bound so that memory stays flat however long the batch.
        if cache.count > 4_000 { cache.removeAll(keepingCapacity: true) }
        cache[key] = size
        return size
    }

    /// The layout for `text` in `style` at `width`, made once and shared by measuring and drawing
    /// (in this document and the ones after it). Owned by the shaper: do not release it.
    func sharedLayout(_ text: String, style: TextStyle, width: Double) -> OpaquePointer {
        let key = CacheKey(text: text, style: style, width: width)
        if let hit = layouts[key] { return hit }
        let layout = makeLayout(text, style: style, width: width)
        layouts[key] = layout
        return layout
    }

    /// Called between documents: keeps the layouts for the next document unless there are more
    /// than ``keptLayouts``, when all are released (never during a document, whose items may
    /// still be drawn from them).
    func endDocument() {
        if layouts.count > TextShaper.keptLayouts { releaseLayouts() }
    }

    /// Releases every kept layout.
    private func releaseLayouts() {
        for layout in layouts.values { g_object_unref(UnsafeMutableRawPointer(layout)) }
        layouts.removeAll(keepingCapacity: true)
    }

    func fittingPrefix(_ text: String, style: TextStyle, width: Double, height: Double) -> Int {
        // The layout measuring made: splitting text where it stops fitting shapes nothing again.
        let layout = sharedLayout(text, style: style, width: width)
        let isolated = TextShaper.isolatingWithOffsets(text)
        let (_, inserted) = TextShaper.withParagraphGaps(TextShaper.rightToLeftBullets(isolated.text), style: style)
        guard let iter = pango_layout_get_iter(layout) else { return 0 }
        defer { pango_layout_iter_free(iter) }
        let limit = Int32((height + 0.01) * Double(PANGO_SCALE))
        var end: Int32 = 0
        repeat {
            var logical = PangoRectangle()
            pango_layout_iter_get_line_extents(iter, nil, &logical)
            if logical.y + logical.height > limit { break }
            if let line = pango_layout_iter_get_line_readonly(iter) {
                end = line.pointee.start_index + line.pointee.length
            }
        } while pango_layout_iter_next_line(iter) != 0
        // Byte offsets in the laid-out text count the blank lines added between paragraphs.
        // So do the invisible isolating marks (3 bytes each) added around a sentence set the other way.
        let shown = Int(end)
        let withoutGaps = shown - inserted.filter { $0 < shown }.count
        return withoutGaps - 3 * isolated.inserted.filter { $0 < withoutGaps }.count
    }

    /// The characters of `text` that no bundled font can draw.
    func missingCharacters(_ text: String, style: TextStyle) -> [Character] {
        let layout = makeLayout(text, style: style, width: 10_000)
        let unknown = pango_layout_get_unknown_glyphs_count(layout)
        g_object_unref(UnsafeMutableRawPointer(layout))
        guard unknown > 0 else { return [] }
        var missing: [Character] = []
        for ch in Set(text) where !ch.isWhitespace {
            let single = makeLayout(String(ch), style: style, width: 10_000)
            if pango_layout_get_unknown_glyphs_count(single) > 0 { missing.append(ch) }
            g_object_unref(UnsafeMutableRawPointer(single))
        }
        return missing.sorted { String($0) < String($1) }
    }
}
