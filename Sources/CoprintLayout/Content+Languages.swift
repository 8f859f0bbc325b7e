import Foundation

extension Content {
    /// The wording a poster ships with, in the layout's edition: its content file, and in a
    /// bilingual edition each piece of it paired with the same piece in the other language.
    /// Blank for a layout with no content file.
    public static func shipped(for layout: Layout) throws -> Content {
        guard let file = layout.contentFile else { return .blank(for: layout) }
        let main = try Content.load(from: file, for: layout)
        guard let pairedFile = layout.pairedContentFile else { return main }
        return try main.paired(with: try Content.load(from: pairedFile, for: layout))
    }

    /// This content with each piece of text followed by the same piece of `other` (the same field,
    /// paragraph, item or bullet), as a bilingual edition prints them. Fields only one side has are
    /// kept as they are; pieces that do not match up in number are an error naming both files.
    public func paired(with other: Content) throws -> Content {
        var result = self
        var problems = ProblemList()
        func mismatch(_ field: String, _ what: String, _ a: Int, _ b: Int) {
            problems.add("'\(field)' has \(a) \(what) here but \(b) in \(other.source); give both languages the same number, in the same order, so each can be printed beside its translation", at: SourceMark(file: source))
        }
        for (field, value) in fields {
            guard let second = other.fields[field] else { continue }
            switch (value, second) {
            case (.paragraphs(let a), .paragraphs(let b)):
                if a.count == b.count { result.fields[field] = .paragraphs(zip(a, b).map { Bilingual.pair($0, $1) }) } else {
                    // Paragraphs may be worded in more or fewer pieces: pair the whole text.
                    result.fields[field] = .paragraphs([Bilingual.pair(a.joined(separator: " "), b.joined(separator: " "))])
                }
            case (.bullets(let a), .bullets(let b)):
                if a.count == b.count { result.fields[field] = .bullets(zip(a, b).map { Bilingual.pair($0, $1) }) } else { mismatch(field, "lines", a.count, b.count) }
            case (.items(let a), .items(let b)):
                guard a.count == b.count else { mismatch(field, "items", a.count, b.count); continue }
                result.fields[field] = .items(zip(a, b).map { x, y in
                    ListItem(heading: x.heading.map { h in y.heading.map { Bilingual.pair(h, $0) } ?? h },
                             text: x.text.isEmpty ? y.text : (y.text.isEmpty ? x.text : Bilingual.pair(x.text, y.text)))
                })
            default:
                continue
            }
        }
        if let c = credit, let d = other.credit { result.credit = Bilingual.pair(c, d) }
        try problems.throwIfAny()
        return result
    }
}
