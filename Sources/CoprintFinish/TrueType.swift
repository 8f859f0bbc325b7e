import Foundation

/// What a form needs from a TrueType font file: which glyph draws each character, how wide each
/// glyph is, and the numbers a PDF font descriptor asks for.
struct TrueTypeFont {
    let data: [UInt8]
    let name: String
    let unitsPerEm: Double
    let ascent: Double, descent: Double
    let bbox: [Double]
    let capHeight: Double
    /// Advance width of each glyph, in font units.
    let advances: [Int]
    /// Glyph for each Unicode scalar.
    let glyphs: [UInt32: Int]

    init(_ bytes: Data) throws {
        let data = [UInt8](bytes)
        self.data = data
        func u16(_ o: Int) -> Int { o >= 0 && o + 1 < data.count ? Int(data[o]) << 8 | Int(data[o + 1]) : 0 }
        func i16(_ o: Int) -> Int { let v = u16(o); return v >= 0x8000 ? v - 0x10000 : v }
        func u32(_ o: Int) -> Int { u16(o) << 16 | u16(o + 2) }
        var tables: [String: Int] = [:]
        let count = u16(4)
        for i in 0..<count {
            let r = 12 + 16 * i
            guard r + 16 <= data.count else { break }
            tables[String(decoding: data[r..<r + 4], as: UTF8.self)] = u32(r + 8)
        }
        guard let head = tables["head"], let hhea = tables["hhea"], let hmtx = tables["hmtx"], let maxp = tables["maxp"],
              let cmap = tables["cmap"] else { throw FinishError("the form font is not a TrueType font coprint can read") }
        unitsPerEm = Double(max(1, u16(head + 18)))
        bbox = [i16(head + 36), i16(head + 38), i16(head + 40), i16(head + 42)].map(Double.init)
        ascent = Double(i16(hhea + 4)); descent = Double(i16(hhea + 6))
        capHeight = tables["OS/2"].map { Double(i16($0 + 88)) }.flatMap { $0 > 0 ? $0 : nil } ?? ascent
        let glyphCount = u16(maxp + 4), metrics = max(1, u16(hhea + 34))
        var adv: [Int] = []
        for g in 0..<glyphCount { adv.append(u16(hmtx + 4 * min(g, metrics - 1))) }
        advances = adv
        // The Windows Unicode subtable: format 12 (full Unicode) if there is one, else format 4.
        var map: [UInt32: Int] = [:]
        var best: (Int, Int)?
        for i in 0..<u16(cmap + 2) {
            let r = cmap + 4 + 8 * i
            let platform = u16(r), encoding = u16(r + 2), sub = cmap + u32(r + 4)
            let format = u16(sub)
            if platform == 3 && encoding == 10 && format == 12 { best = (12, sub) }
            if platform == 3 && encoding == 1 && format == 4 && best == nil { best = (4, sub) }
        }
        if let (format, sub) = best {
            if format == 12 {
                for g in 0..<u32(sub + 12) {
                    let r = sub + 16 + 12 * g
                    let start = u32(r), end = u32(r + 4), glyph = u32(r + 8)
                    guard end >= start, end - start < 0x110000 else { continue }
                    for c in start...end { map[UInt32(c)] = glyph + c - start }
                }
            } else {
                let segs = u16(sub + 6) / 2
                let ends = sub + 14, starts = ends + 2 * segs + 2, deltas = starts + 2 * segs, offsets = deltas + 2 * segs
                for s in 0..<segs {
                    let start = u16(starts + 2 * s), end = u16(ends + 2 * s), delta = u16(deltas + 2 * s), ro = u16(offsets + 2 * s)
                    guard start <= end, start != 0xFFFF else { continue }
                    for c in start...end {
                        var g: Int
                        if ro == 0 { g = (c + delta) & 0xFFFF } else {
                            g = u16(offsets + 2 * s + ro + 2 * (c - start))
                            if g != 0 { g = (g + delta) & 0xFFFF }
                        }
                        if g != 0 { map[UInt32(c)] = g }
                    }
                }
            }
        }
        glyphs = map
        var fontName = "CoprintFormFont"
        if let nameTable = tables["name"] {
            let n = u16(nameTable + 2), strings = nameTable + u16(nameTable + 4)
            for i in 0..<n {
                let r = nameTable + 6 + 12 * i
                if u16(r + 6) == 6 && u16(r) == 3 {
                    let len = u16(r + 8), off = strings + u16(r + 10)
                    guard off + len <= data.count else { break }
                    let units = stride(from: off, to: off + len, by: 2).map { UInt16(u16($0)) }
                    fontName = String(decoding: units, as: UTF16.self).filter { $0.isLetter || $0.isNumber || $0 == "-" }
                    break
                }
            }
        }
        name = fontName.isEmpty ? "CoprintFormFont" : fontName
    }

    /// Width of `text` at `size` points.
    func width(_ text: Substring, size: Double) -> Double {
        text.unicodeScalars.reduce(0) { $0 + Double(advances[safe: glyphs[$1.value] ?? 0] ?? 0) } * size / unitsPerEm
    }

    /// `text` as a PDF hex string of two-byte glyph numbers (Identity-H).
    func hex(_ text: Substring) -> String {
        "<" + text.unicodeScalars.map { String(format: "%04X", glyphs[$0.value] ?? 0) }.joined() + ">"
    }
}

extension Array {
    subscript(safe i: Int) -> Element? { indices.contains(i) ? self[i] : nil }
}
