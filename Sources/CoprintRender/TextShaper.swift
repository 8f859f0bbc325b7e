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
    /// Layouts made while measuring one document, kept so drawing does not shape the text again.
    private var layouts: [CacheKey: OpaquePointer] = [:]

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
        endDocument()
        g_object_unref(UnsafeMutableRawPointer(context))
        g_object_unref(fontMap)
    }

    private var ctxPointer: OpaquePointer { context }

    /// A Pango layout for `text` in `style`, wrapped to `width`. The caller must release it with
    /// `g_object_unref`.
    func makeLayout(_ text: String, style: TextStyle, width: Double) -> OpaquePointer {
        let layout = pango_layout_new(ctxPointer)!
        let (shown, gaps) = TextShaper.withParagraphGaps(text, style: style)
        // set_text, never set_markup: the user's '&' and '<' are printed as written.
        pango_layout_set_text(layout, shown, -1)
        let desc = pango_font_description_new()
        let families = ([style.font] + FontLibrary.fallbacks).joined(separator: ",")
        pango_font_description_set_family(desc, families)
        pango_font_description_set_weight(desc, PangoWeight(rawValue: UInt32(style.weight.rawValue)))
        pango_font_description_set_absolute_size(desc, style.size * Double(PANGO_SCALE))
        pango_layout_set_font_description(layout, desc)
        pango_font_description_free(desc)
        pango_layout_set_width(layout, Int32((width * Double(PANGO_SCALE)).rounded(.down)))
        // Character wrapping as a last resort, so a very long word never runs off the page.
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
        pango_layout_set_line_spacing(layout, Float(style.lineSpacing))
        pango_layout_set_alignment(layout, style.alignment == .centre ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT)
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

    /// Inserts an extra line break between paragraphs when the style asks for paragraph space, and
    /// returns the byte offsets of those inserted breaks.
    static func withParagraphGaps(_ text: String, style: TextStyle) -> (String, [Int]) {
        guard style.paragraphSpace > 0, text.contains("\n") else { return (text, []) }
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

    /// The layout for `text` in `style` at `width`, made once per document and shared by measuring
    /// and drawing. Owned by the shaper: do not release it.
    func sharedLayout(_ text: String, style: TextStyle, width: Double) -> OpaquePointer {
        let key = CacheKey(text: text, style: style, width: width)
        if let hit = layouts[key] { return hit }
        let layout = makeLayout(text, style: style, width: width)
        layouts[key] = layout
        return layout
    }

    /// Releases the layouts kept for the document just finished.
    func endDocument() {
        for layout in layouts.values { g_object_unref(UnsafeMutableRawPointer(layout)) }
        layouts.removeAll(keepingCapacity: true)
    }

    func fittingPrefix(_ text: String, style: TextStyle, width: Double, height: Double) -> Int {
        let layout = makeLayout(text, style: style, width: width)
        defer { g_object_unref(UnsafeMutableRawPointer(layout)) }
        let (_, inserted) = TextShaper.withParagraphGaps(text, style: style)
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
        let shown = Int(end)
        return shown - inserted.filter { $0 < shown }.count
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
