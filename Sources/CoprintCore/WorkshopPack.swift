import CoprintLayout
import Foundation

/// A workshop pack: what a facilitator prints before a workshop, in one PDF in print order. Each
/// canvas comes once per table, its sheets labelled ("Table 1" ... or names of your own); each
/// poster comes once, with its shipped wording.
public enum WorkshopPack {
    /// The most copies of a canvas in one pack.
    public static let maximumCopies = 200

    /// The sheet labels: `given` (from `--labels "Red,Blue,Green"`) if any, else "Table 1" to
    /// "Table N" (each made by `numbered`, in the edition's language); nil when neither copies
    /// nor labels were asked for.
    public static func labels(copies: Int?, given: String?, numbered: (Int) -> String = { "Table \($0)" }) throws -> [String]? {
        if let given {
            let names = given.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard !names.isEmpty else { throw CoprintError("--labels needs names separated by commas, such as --labels \"Red,Blue,Green\"", kind: .usage) }
            if let copies, copies != names.count {
                throw CoprintError("--copies \(copies) but --labels gives \(names.count) names; give one name per copy, or leave out --copies", kind: .usage)
            }
            for name in names {
                if let problem = TextSafety.problem(in: name, field: "--labels") { throw CoprintError(problem, kind: .usage) }
            }
            guard names.count <= maximumCopies else { throw CoprintError("a pack holds at most \(maximumCopies) copies", kind: .usage) }
            return names
        }
        guard let copies else { return nil }
        guard (1...maximumCopies).contains(copies) else {
            throw CoprintError("--copies must be between 1 and \(maximumCopies)", kind: .usage)
        }
        return (1...copies).map(numbered)
    }

    /// The documents of a pack, in order: each canvas once per label, each poster once.
    public static func parts(_ documents: [(layout: Layout, content: Content)], paper: Paper, labels: [String]) -> [PackPart] {
        documents.flatMap { doc -> [PackPart] in
            if doc.layout.kind == .canvas {
                return labels.map { PackPart(layout: doc.layout, content: doc.content, paper: paper, label: $0) }
            }
            return [PackPart(layout: doc.layout, content: doc.content, paper: paper)]
        }
    }
}
