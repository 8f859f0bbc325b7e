import Foundation

/// Reads the fields of one map in a file, collecting a problem for each wrong or unknown field.
struct MapReader {
    let value: SourceValue
    let what: String
    private(set) var known: [String] = []
    private let entries: [(key: String, keyMark: SourceMark, value: SourceValue)]

    init(_ value: SourceValue, what: String, problems: inout ProblemList) {
        self.value = value
        self.what = what
        if let e = value.entries {
            entries = e
        } else {
            entries = []
            problems.add("\(what) should be a set of named fields, but it is \(value.shapeName)", at: value.mark)
        }
    }

    func raw(_ key: String) -> SourceValue? {
        entries.first(where: { $0.key == key })?.value
    }

    mutating func value(_ key: String) -> SourceValue? {
        known.append(key)
        guard let v = raw(key) else { return nil }
        if case .empty = v.body { return nil }
        return v
    }

    mutating func string(_ key: String, required: Bool = false, problems: inout ProblemList) -> String? {
        guard let v = value(key) else {
            if required { problems.add("\(what) needs '\(key)'", at: value.mark) }
            return nil
        }
        guard let s = v.text else {
            problems.add("'\(key)' should be a piece of text, but it is \(v.shapeName)", at: v.mark)
            return nil
        }
        return s
    }

    mutating func number(_ key: String, default d: Double, range: ClosedRange<Double>, problems: inout ProblemList) -> Double {
        guard let v = value(key) else { return d }
        guard let s = v.text, let n = Double(s.trimmingCharacters(in: .whitespaces)), n.isFinite else {
            problems.add("'\(key)' should be a number", at: v.mark)
            return d
        }
        guard range.contains(n) else {
            problems.add("'\(key)' is \(s); it must be between \(format(range.lowerBound)) and \(format(range.upperBound))", at: v.mark)
            return d
        }
        return n
    }

    mutating func integer(_ key: String, default d: Int, range: ClosedRange<Int>, problems: inout ProblemList) -> Int {
        guard let v = value(key) else { return d }
        guard let s = v.text, let n = Int(s.trimmingCharacters(in: .whitespaces)) else {
            problems.add("'\(key)' should be a whole number", at: v.mark)
            return d
        }
        guard range.contains(n) else {
            problems.add("'\(key)' is \(n); it must be between \(range.lowerBound) and \(range.upperBound)", at: v.mark)
            return d
        }
        return n
    }

    mutating func bool(_ key: String, default d: Bool, problems: inout ProblemList) -> Bool {
        guard let v = value(key) else { return d }
        switch v.text?.lowercased() {
        case "true", "yes": return true
        case "false", "no": return false
        default:
            problems.add("'\(key)' should be true or false", at: v.mark)
            return d
        }
    }

    mutating func length(_ key: String, default d: Length, range: ClosedRange<Double>, problems: inout ProblemList) -> Length {
        guard let v = value(key) else { return d }
        guard let s = v.text, let l = parseLength(s) else {
            problems.add("'\(key)' should be a length such as 10mm or 12pt", at: v.mark)
            return d
        }
        guard range.contains(l.millimetres) else {
            problems.add("'\(key)' is \(s); it must be between \(format(range.lowerBound))mm and \(format(range.upperBound))mm", at: v.mark)
            return d
        }
        return l
    }

    mutating func enumeration<E: RawRepresentable & CaseIterable>(_ key: String, default d: E, problems: inout ProblemList) -> E where E.RawValue == String {
        guard let v = value(key) else { return d }
        let names = E.allCases.map(\.rawValue)
        guard let s = v.text, let e = E(rawValue: s.trimmingCharacters(in: .whitespaces).lowercased()) else {
            problems.add("'\(key)' must be one of: \(names.joined(separator: ", "))", at: v.mark)
            return d
        }
        return e
    }

    /// Reports every field that was not asked for, suggesting the closest known name.
    func reportUnknown(problems: inout ProblemList) {
        for entry in entries where !known.contains(entry.key) {
            var message = "'\(entry.key)' is not a setting of \(what)"
            if let guess = closestMatch(to: entry.key, in: known) {
                message += "; did you mean '\(guess)'?"
            } else {
                message += "; the settings are: \(known.joined(separator: ", "))"
            }
            problems.add(message, at: entry.keyMark)
        }
    }
}

/// Reads "10mm", "12pt" or "1.5cm" as a length.
func parseLength(_ text: String) -> Length? {
    let s = text.trimmingCharacters(in: .whitespaces).lowercased()
    for (suffix, make) in [("mm", Length.mm), ("cm", { Length.mm($0 * 10) }), ("pt", Length.pt)] as [(String, (Double) -> Length)] {
        if s.hasSuffix(suffix), let n = Double(s.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)), n.isFinite {
            return make(n)
        }
    }
    return nil
}

func format(_ d: Double) -> String {
    d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)
}
