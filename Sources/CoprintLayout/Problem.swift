import Foundation

/// Where something was written: a file, and a line and column in it when known.
public struct SourceMark: Sendable, Hashable, CustomStringConvertible {
    /// The file as the user named it (or `-` for standard input).
    public var file: String
    /// Line, counted from 1; 0 when not known.
    public var line: Int
    /// Column, counted from 1; 0 when not known.
    public var column: Int

    /// Makes a mark.
    public init(file: String, line: Int = 0, column: Int = 0) {
        self.file = file; self.line = line; self.column = column
    }

    /// `file:line:col`, or just the file when the position is not known.
    public var description: String {
        line > 0 ? "\(file):\(line):\(column)" : file
    }
}

/// One thing wrong with what the user gave us, said so they can fix it.
public struct Problem: Sendable, Hashable, CustomStringConvertible {
    /// Where it is, if it is in a file.
    public var mark: SourceMark?
    /// What is wrong and what to change, in plain English.
    public var message: String

    /// Makes a problem.
    public init(_ message: String, at mark: SourceMark? = nil) {
        self.message = message; self.mark = mark
    }

    /// `file:line:col: message`.
    public var description: String {
        if let mark { return "\(mark): \(message)" }
        return message
    }
}

/// A failure coprint reports to a person: one or more problems, and whether it was the input or
/// the way the command was used.
public struct CoprintError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure, which decides the exit code.
    public enum Kind: Sendable {
        /// A layout, plan or content file is wrong, or output could not be written (exit 1).
        case badInput
        /// The command was used wrongly: unknown option value, missing argument (exit 2).
        case usage
    }

    /// The kind of failure.
    public var kind: Kind
    /// Everything that is wrong, in file order.
    public var problems: [Problem]

    /// Makes an error from several problems.
    public init(_ problems: [Problem], kind: Kind = .badInput) {
        self.problems = problems; self.kind = kind
    }

    /// Makes an error from one message.
    public init(_ message: String, at mark: SourceMark? = nil, kind: Kind = .badInput) {
        self.init([Problem(message, at: mark)], kind: kind)
    }

    /// The exit code a command should end with: 1 for bad input, 2 for wrong usage.
    public var exitCode: Int32 { kind == .usage ? 2 : 1 }

    /// Every problem, one per line.
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

/// Collects problems while a file is checked, so that all of them are reported at once.
public struct ProblemList: Sendable {
    /// The problems so far, in the order found.
    public private(set) var problems: [Problem] = []

    /// An empty list.
    public init() {}

    /// Adds a problem.
    public mutating func add(_ message: String, at mark: SourceMark?) {
        problems.append(Problem(message, at: mark))
    }

    /// Throws the collected problems, if any.
    public func throwIfAny() throws {
        if !problems.isEmpty { throw CoprintError(problems) }
    }
}

/// Suggests the closest of `candidates` to a misspelt `word`, if one is close enough to be a typo.
public func closestMatch(to word: String, in candidates: [String]) -> String? {
    func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            previous = current
        }
        return previous[b.count]
    }
    let w = Array(word.lowercased())
    let scored = candidates.map { ($0, distance(w, Array($0.lowercased()))) }
    guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
    let allowed = max(1, min(3, w.count / 3))
    return best.1 <= allowed ? best.0 : nil
}
