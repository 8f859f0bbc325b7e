import CoprintLayout
import Foundation

/// A spreadsheet saved as CSV, read the way people's spreadsheets are actually saved: a UTF-8
/// byte-order mark, Windows line endings, commas or (from European spreadsheets) semicolons, quoted
/// cells over several lines, blank rows and a header. Every cell keeps the line and column where
/// it starts, so a message can point at it.
///
/// Reading follows RFC 4180 strictly where a slip would lose words: a quote mark that opens a cell
/// and is never closed is an error (it would swallow every row after it), and so is text after a
/// cell's closing quote. A quote mark inside a cell that does not start with one is kept as typed.
struct CSVTable {
    /// One cell as written.
    struct Cell {
        var text: String
        var line: Int
        var column: Int
    }

    /// One row: its cells, and the line it starts on.
    struct Row {
        var cells: [Cell]
        var line: Int
        /// Whether every cell is empty (a blank row, such as a spreadsheet's last line).
        var isBlank: Bool { cells.allSatisfy { $0.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty } }
    }

    /// The header: the first row that is not blank.
    var header: Row
    /// Every row after the header, blank ones included.
    var rows: [Row]
    /// The cell separator found: "," or ";".
    var separator: Character

    /// The most a CSV file may be: far beyond a network's membership list.
    static let maximumSize = 16 * 1024 * 1024

    /// Reads `data` as CSV, naming `file` in messages.
    init(_ data: Data, file: String) throws {
        if data.starts(with: [0x50, 0x4B, 0x03, 0x04]) || data.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            throw CoprintError("this is a spreadsheet file (Excel or LibreOffice), not CSV. In your spreadsheet choose Save as (or File > Download) and pick \"CSV UTF-8\", then use that file.", at: SourceMark(file: file))
        }
        guard data.count <= CSVTable.maximumSize else {
            throw CoprintError("the CSV file is over coprint's limit of \(CSVTable.maximumSize / 1024 / 1024) MB; split it into several files", at: SourceMark(file: file))
        }
        let body = data.starts(with: [0xEF, 0xBB, 0xBF]) ? Data(data.dropFirst(3)) : data
        guard let text = String(validating: body, as: UTF8.self) else {
            let offset = TextSafety.firstInvalidUTF8Offset(body)
            let at = TextSafety.lineAndColumn(ofByte: offset, in: body)
            throw CoprintError("the CSV file is not UTF-8 text. Save it as \"CSV UTF-8\" from your spreadsheet and try again.", at: SourceMark(file: file, line: at.line, column: at.column))
        }
        separator = CSVTable.guessSeparator(text)
        var all = try CSVTable.parse(text, separator: separator, file: file)
        guard let first = all.firstIndex(where: { !$0.isBlank }) else {
            throw CoprintError("the CSV file is empty: it needs a header row naming the fields, then one row per document", at: SourceMark(file: file))
        }
        header = all[first]
        all.removeFirst(first + 1)
        rows = all
    }

    /// Commas, unless the first line has semicolons and no commas (as spreadsheets set to a
    /// European language save CSV).
    static func guessSeparator(_ text: String) -> Character {
        let firstLine = text.prefix { $0 != "\n" && $0 != "\r\n" }
        return !firstLine.contains(",") && firstLine.contains(";") ? ";" : ","
    }

    private static func parse(_ text: String, separator: Character, file: String) throws -> [Row] {
        var rows: [Row] = []
        var cells: [Cell] = []
        var cell = ""
        var cellLine = 1, cellColumn = 1
        var rowLine = 1
        var line = 1, column = 1
        var quoted = false
        var afterQuote = false
        var atCellStart = true
        var openedAt = (line: 1, column: 1)

        func endCell() {
            cells.append(Cell(text: cell, line: cellLine, column: cellColumn))
            cell = ""; quoted = false; afterQuote = false; atCellStart = true
        }
        func endRow() {
            endCell()
            rows.append(Row(cells: cells, line: rowLine))
            cells = []
        }

        var iterator = text.makeIterator()
        var pending: Character? = nil
        while let ch = pending ?? iterator.next() {
            pending = nil
            if atCellStart { cellLine = line; cellColumn = column; if cells.isEmpty { rowLine = line } }
            defer {
                if ch == "\n" || ch == "\r\n" || ch == "\r" { line += 1; column = 1 } else { column += 1 }
            }
            if quoted {
                if ch == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { cell.append("\""); column += 1; continue }
                        quoted = false; afterQuote = true
                        pending = next
                    } else {
                        quoted = false; afterQuote = true
                    }
                } else {
                    cell.append(ch == "\r\n" ? "\n" : ch)
                }
                continue
            }
            if ch == separator { endCell(); continue }
            if ch == "\n" || ch == "\r\n" || ch == "\r" { endRow(); continue }
            if afterQuote {
                if ch == " " || ch == "\t" { continue }
                throw CoprintError("a cell that starts with a quote mark must end with one, but text follows the closing quote here. To put quote marks inside a cell, write each as two (\"\"), and put the whole cell in quotes.", at: SourceMark(file: file, line: line, column: column))
            }
            if ch == "\"" && atCellStart {
                quoted = true
                atCellStart = false
                openedAt = (line, column)
                continue
            }
            atCellStart = false
            cell.append(ch)
        }
        if quoted {
            throw CoprintError("a quote mark opens a cell here but is never closed, so every row after it would run together. Close the quote, or remove it.", at: SourceMark(file: file, line: openedAt.line, column: openedAt.column))
        }
        if !cell.isEmpty || !cells.isEmpty || afterQuote { endRow() }
        return rows
    }
}

/// How a spreadsheet's column headings are matched to a layout's fields: ignoring case, spaces and
/// punctuation ("Organisation", " organisation ", "ORGANISATION"), and a heading that names one
/// field among other words ("Organisation name") where no other column or field could be meant.
struct CSVColumns {
    /// The field each column fills, by column index (nil: not a field).
    var fieldOf: [Int: String] = [:]
    /// Columns matched loosely, to report: (heading, field).
    var loose: [(heading: String, field: String)] = []
    /// Columns that are not fields.
    var others: [Int] = []

    /// Letters and digits only, in lower case: the form headings and field names are compared in.
    static func normalise(_ s: String) -> String {
        String(s.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.map(Character.init))
    }

    /// Matches `headings` to `fields`; two columns that would fill the same field are an error.
    init(headings: [CSVTable.Cell], fields: [String], file: String) throws {
        let byNormal = Dictionary(fields.map { (CSVColumns.normalise($0), $0) }, uniquingKeysWith: { a, _ in a })
        var problems = ProblemList()
        var taken: [String: CSVTable.Cell] = [:]
        // Exact matches (ignoring case and punctuation) first, so they win over loose ones.
        for (i, h) in headings.enumerated() {
            let n = CSVColumns.normalise(h.text)
            if n.isEmpty { continue }
            if let f = byNormal[n] {
                if let other = taken[f] {
                    problems.add("the columns '\(other.text)' (column \(other.column)) and '\(h.text)' both fill the field '\(f)'; keep one", at: SourceMark(file: file, line: h.line, column: h.column))
                } else {
                    taken[f] = h
                    fieldOf[i] = f
                }
            }
        }
        for (i, h) in headings.enumerated() where fieldOf[i] == nil {
            let words = h.text.lowercased().split { !$0.isLetter && !$0.isNumber }.map { CSVColumns.normalise(String($0)) }
            let candidates = fields.filter { f in
                let fw = f.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
                return !fw.isEmpty && words.count > fw.count && Array(words.prefix(fw.count)) == fw
            }
            if candidates.count == 1, let f = candidates.first, taken[f] == nil,
               !headings.enumerated().contains(where: { $0.offset != i && fieldOf[$0.offset] == nil && CSVColumns.normalise($0.element.text).hasPrefix(CSVColumns.normalise(f)) }) {
                taken[f] = h
                fieldOf[i] = f
                loose.append((h.text, f))
            } else if !CSVColumns.normalise(h.text).isEmpty {
                others.append(i)
            }
        }
        try problems.throwIfAny()
    }
}

/// A spreadsheet saved as CSV, for code outside the batch runner (such as the web page's
/// personalised posters): its header and its non-blank rows, each with the line it starts on,
/// read with the same rules and messages as `coprint batch`.
public struct Spreadsheet: Sendable {
    /// The column headings, as written (trimmed).
    public var header: [String]
    /// Each row that is not blank: its line, and its cells by heading.
    public var rows: [(line: Int, values: [String: String])]

    /// Reads CSV text, naming `file` in any error.
    public init(_ data: Data, file: String) throws {
        let table = try CSVTable(data, file: file)
        header = table.header.cells.map { $0.text.trimmingCharacters(in: .whitespaces) }
        var rows: [(line: Int, values: [String: String])] = []
        for row in table.rows where !row.isBlank {
            if row.cells.count > header.count {
                throw CoprintError("this row has \(row.cells.count) cells but the header has \(header.count) columns; a comma inside a cell needs the whole cell in quotes",
                                   at: SourceMark(file: file, line: row.line, column: 1))
            }
            var values: [String: String] = [:]
            for (c, cell) in row.cells.enumerated() where !header[c].isEmpty { values[header[c]] = cell.text }
            rows.append((row.line, values))
        }
        self.rows = rows
    }
}
