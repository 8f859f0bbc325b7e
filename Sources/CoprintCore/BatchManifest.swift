import CoprintLayout
import Foundation

/// One document (on one or more papers, in one or more formats) that a batch will print.
public struct BatchJob: Sendable {
    /// Position in the manifest, from 0.
    public var index: Int
    /// How a person finds it in the manifest: "job 3" or "row 3".
    public var label: String
    /// The layout.
    public var layout: Layout
    /// The words, with the job's own fields written over the base content.
    public var content: Content
    /// What to write: one file per paper and format (PNG: one per page, numbered when needed).
    public var outputs: [BatchOutput]
    /// Every file the job's result depends on, for `--resume`.
    public var inputs: [URL]
    /// Whether its PDFs are forms to type into (the manifest's `fillable: true`).
    public var fillable = false
    /// The theme it is printed in (the job's `theme:`, else its content file's, else the manifest's).
    public var theme: Theme?

    /// Makes a job from parts already in hand (for batches built in code).
    public init(index: Int, label: String, layout: Layout, content: Content, outputs: [BatchOutput], inputs: [URL] = []) {
        self.index = index; self.label = label; self.layout = layout; self.content = content
        self.outputs = outputs; self.inputs = inputs
    }
}

/// One paper-and-format output of a job.
public struct BatchOutput: Sendable, Hashable {
    /// The paper.
    public var paper: Paper
    /// The format.
    public var format: OutputFormat
    /// The file to write.
    public var url: URL

    /// Makes an output.
    public init(paper: Paper, format: OutputFormat, url: URL) { self.paper = paper; self.format = format; self.url = url }
}

/// A job that could not even be prepared: its number and why.
public struct BatchJobProblem: Error, Sendable {
    /// Position in the manifest, from 0.
    public var index: Int
    /// "job 3" or "row 3".
    public var label: String
    /// What is wrong.
    public var message: String
}

/// A batch manifest, read and checked: the jobs ready to print and the ones that cannot be.
///
/// A manifest is YAML or JSON:
///
///     output: "{organisation}-{layout}-{paper}.pdf"
///     papers: [a4, a3]
///     jobs:
///       - layout: top-tips
///         fields: { organisation: Riverside Carers, logo: logos/riverside.png }
///
/// or a CSV file for mail merge, one row per document and a column per field, with a template
/// job saying which layout or content the rows fill (in the manifest as `rows:` and `template:`,
/// or given to the command as `--template`).
public struct BatchManifest: Sendable {
    /// How many jobs the manifest has in all.
    public let count: Int
    /// Builds job `i` (from 0): the job, or why it cannot print. Jobs are built when they are
    /// printed, on the worker that prints them, so memory does not grow with the manifest.
    public let job: @Sendable (Int) -> Result<BatchJob, BatchJobProblem>
    /// Things to tell the person once, before printing: which spreadsheet column fed which field,
    /// columns left out, blank rows skipped, short rows.
    public internal(set) var notes: [String] = []

    static let jobKeys = ["layout", "content", "papers", "formats", "output", "fields", "language", "theme"]

    /// A batch built in code from ready jobs.
    public init(jobs: [BatchJob]) {
        count = jobs.count
        job = { .success(jobs[$0]) }
    }

    /// A batch of `count` jobs made on demand by `make`.
    public init(count: Int, make: @escaping @Sendable (Int) -> Result<BatchJob, BatchJobProblem>) {
        self.count = count
        job = make
    }

    /// Reads a manifest (YAML, JSON, or CSV with `template`) and prepares every job, writing
    /// outputs under `outputFolder`. A problem with the manifest as a whole is thrown; a problem
    /// with one job is kept in ``problems`` so the others can still print.
    ///
    /// `language` is the edition every job prints in unless the manifest, the job or a CSV row's
    /// `language` column says otherwise.
    public static func load(_ url: URL, template: URL? = nil, layout layoutName: String? = nil, outputFolder: URL, library: LayoutLibrary,
                            language: Edition? = nil) throws -> BatchManifest {
        let name = displayPath(url)
        let folder = url.deletingLastPathComponent()
        let ext = url.pathExtension.lowercased()
        if ["xlsx", "xls", "xlsm", "ods", "numbers"].contains(ext) {
            throw CoprintError("this is a spreadsheet file, not CSV. In your spreadsheet choose Save as (or File > Download) and pick \"CSV UTF-8\", then run coprint on that .csv file.", at: SourceMark(file: name))
        }
        if ext == "csv" || ext == "tsv" || ext == "txt" {
            if let layoutName {
                guard template == nil else { throw CoprintError("give --layout or --template, not both", kind: .usage) }
                let mark = SourceMark(file: "--layout")
                let t = SourceValue(.map([("layout", mark, SourceValue(.text(layoutName), at: mark))]), at: mark)
                var defaults = Defaults()
                defaults.language = language ?? defaults.language
                return try fromCSV(url, template: t, templateFolder: folder, defaults: defaults, outputFolder: outputFolder,
                                   library: library, extraInputs: [])
            }
            guard let template else {
                throw CoprintError("a CSV file needs to know which layout its rows fill: add --layout NAME (such as --layout top-tips), or --template TEMPLATE.yaml for more settings", kind: .usage)
            }
            let t = try SourceReader.read(template, displayName: displayPath(template))
            var defaults = try Defaults(t, folder: template.deletingLastPathComponent(), problemsIn: displayPath(template))
            defaults.language = defaults.language ?? language
            return try fromCSV(url, template: t, templateFolder: template.deletingLastPathComponent(), defaults: defaults,
                               outputFolder: outputFolder, library: library, extraInputs: [template])
        }
        let tree = try SourceReader.read(url, displayName: name)
        guard let entries = tree.entries else {
            throw CoprintError("a batch manifest should be a set of named fields (jobs, or rows and template), but it is \(tree.shapeName)", at: tree.mark)
        }
        var problems = ProblemList()
        let known = ["output", "papers", "formats", "jobs", "rows", "template", "fillable", "language", "theme"]
        for e in entries where !known.contains(e.key) {
            var message = "'\(e.key)' is not a setting of a batch manifest"
            if let guess = closestMatch(to: e.key, in: known) { message += "; did you mean '\(guess)'?" } else { message += "; use: \(known.joined(separator: ", "))" }
            problems.add(message, at: e.keyMark)
        }
        try problems.throwIfAny()
        var defaults = try Defaults(tree, folder: folder, problemsIn: name)
        defaults.language = defaults.language ?? language
        if let rows = tree["rows"] {
            guard let csvPath = rows.text else { throw CoprintError("'rows' should be the path of a CSV file", at: rows.mark) }
            guard let t = tree["template"] else { throw CoprintError("'rows' needs a 'template' job saying which layout or content the rows fill", at: rows.mark) }
            let csvURL: URL
            do { csvURL = try safePath(csvPath, in: folder) } catch let e as ImageError { throw CoprintError(e.message, at: rows.mark) }
            return try fromCSV(csvURL, template: t, templateFolder: folder, defaults: defaults, outputFolder: outputFolder, library: library, extraInputs: [url])
        }
        guard let jobsValue = tree["jobs"], let list = jobsValue.items else {
            throw CoprintError("a batch manifest needs 'jobs' (a list) or 'rows' (a CSV file) with a 'template'", at: tree["jobs"]?.mark ?? tree.mark)
        }
        let specs = list.enumerated().map { i, job in
            JobSpec(index: i, label: "job \(i + 1)", job: job, overrides: nil, inputs: [url], problem: nil)
        }
        return try Builder(library: library, outputFolder: outputFolder, folder: folder, defaults: defaults, specs: specs).manifest()
    }

    static func fromCSV(_ csvURL: URL, template: SourceValue, templateFolder: URL, defaults: Defaults, outputFolder: URL,
                        library: LayoutLibrary, extraInputs: [URL]) throws -> BatchManifest {
        let name = displayPath(csvURL)
        if let size = FileInfo(csvURL.path)?.size, size > CSVTable.maximumSize {
            throw CoprintError("the CSV file is over coprint's limit of \(CSVTable.maximumSize / 1024 / 1024) MB; split it into several files", at: SourceMark(file: name))
        }
        let data: Data
        do { data = try Data(contentsOf: csvURL) } catch { throw CoprintError("cannot read the CSV file: \(error.localizedDescription)", at: SourceMark(file: name)) }
        let table = try CSVTable(data, file: name)
        guard let key = Builder.baseKey(template) else {
            throw CoprintError("the template job needs 'layout' (a layout name) or 'content' (a content file)", at: template.mark)
        }
        let (layout, _) = try Builder.loadBase(key, language: nil, library: library, folder: templateFolder)
        let columns = try CSVColumns(headings: table.header.cells, fields: layout.fields.compactMap(\.field), file: name)
        let headings = table.header.cells.map { $0.text.trimmingCharacters(in: .whitespaces) }
        // A 'language' (or Welsh 'iaith') column asks each row's edition: en, cy or cy+en.
        let languageColumn = headings.indices.first { ["language", "iaith"].contains(CSVColumns.normalise(headings[$0])) && columns.fieldOf[$0] == nil }
        // Without an output name of its own, each row's files are numbered, and named after the
        // organisation when there is such a column: top-tips-3-Valleys-Youth-Forum-a4.pdf.
        var defaults = defaults
        if template["output"] == nil && !defaults.outputGiven {
            defaults.output = columns.fieldOf.values.contains("organisation")
                ? "{layout}-{row}-{organisation}-{paper}.{format}" : "{layout}-{row}-{paper}.{format}"
        }
        let placeholders = Set(BatchManifest.placeholders(in: template["output"]?.text ?? defaults.output))
        // A column that is not a field may still name the output: {Contact} or {contact}.
        func placeholder(for heading: String) -> String? {
            if placeholders.contains(heading) { return heading }
            return placeholders.first { CSVColumns.normalise($0) == CSVColumns.normalise(heading) && !CSVColumns.normalise($0).isEmpty }
        }
        var notes: [String] = columns.loose.map { "the column '\($0.heading)' fills the field '\($0.field)'" }
        let unused = columns.others.filter { placeholder(for: headings[$0]) == nil && $0 != languageColumn }.map { "'\(headings[$0])'" }
        if !unused.isEmpty {
            notes.append("\(unused.count == 1 ? "the column" : "the columns") \(unused.joined(separator: ", ")) \(unused.count == 1 ? "is" : "are") not \(unused.count == 1 ? "a field" : "fields") of layout '\(layout.name)' and not used in the output name, so \(unused.count == 1 ? "it is" : "they are") left out (its fields are: \(layout.fields.compactMap(\.field).joined(separator: ", ")))")
        }
        var specs: [JobSpec] = []
        var blank = 0
        for row in table.rows {
            if row.isBlank { blank += 1; continue }
            let i = specs.count
            let mark = SourceMark(file: name, line: row.line, column: 1)
            let label = "row \(i + 1)"
            if row.cells.count > headings.count {
                let extra = row.cells[headings.count...].map { "'\($0.text)'" }.joined(separator: ", ")
                specs.append(JobSpec(index: i, label: label, job: template, overrides: nil, inputs: [],
                                     problem: "\(mark): this row has \(row.cells.count) cells but the header has \(headings.count) columns (the extra: \(extra)); a comma inside a cell needs the whole cell in quotes"))
                continue
            }
            if row.cells.count < headings.count {
                let missing = headings[row.cells.count...].filter { !$0.isEmpty }.map { "'\($0)'" }
                notes.append("\(mark): \(label) has no cells for \(missing.joined(separator: ", ")), so \(missing.count == 1 ? "that is" : "those are") left empty")
            }
            var entries: [(key: String, keyMark: SourceMark, value: SourceValue)] = []
            var problem: String?
            for (c, cell) in row.cells.enumerated() {
                let cellMark = SourceMark(file: name, line: cell.line, column: cell.column)
                let key: String
                if c == languageColumn { key = "language" } else if let f = columns.fieldOf[c] { key = f } else if let p = placeholder(for: headings[c]) { key = p } else { continue }
                if let bad = TextSafety.problem(in: cell.text, field: "\(headings[c])") {
                    problem = problem ?? "\(cellMark): \(bad)"
                    continue
                }
                let trimmed = cell.text.trimmingCharacters(in: .whitespacesAndNewlines)
                entries.append((key, cellMark, SourceValue(trimmed.isEmpty ? .empty : .text(cell.text), at: cellMark)))
            }
            specs.append(JobSpec(index: i, label: label, job: template, overrides: problem == nil ? SourceValue(.map(entries), at: mark) : nil,
                                 inputs: extraInputs + [csvURL], problem: problem))
        }
        if blank > 0 { notes.append("skipped \(blank) blank \(blank == 1 ? "row" : "rows") in \(name)") }
        if specs.isEmpty { throw CoprintError("the CSV file has a header but no rows to print", at: SourceMark(file: name, line: table.header.line, column: 1)) }
        var manifest = try Builder(library: library, outputFolder: outputFolder, folder: templateFolder, defaults: defaults, specs: specs).manifest()
        manifest.notes = notes
        return manifest
    }

    /// Settings shared by every job unless a job gives its own.
    /// One job as written: its settings, and a CSV row's fields.
    struct JobSpec: Sendable {
        var index: Int
        var label: String
        var job: SourceValue
        var overrides: SourceValue?
        var inputs: [URL]
        var problem: String?
    }

    struct Defaults: Sendable {
        var output = "{name}-{paper}.{format}"
        /// Whether the manifest gave its own output name pattern.
        var outputGiven = false
        var papers: [Paper] = [.a4]
        var formats: [OutputFormat] = [.pdf]
        var fillable = false
        /// The edition every job prints in unless it says otherwise (nil: each layout's own language).
        var language: Edition?
        /// The manifest's `theme:`, and where it is written.
        var theme: (name: String, mark: SourceMark)?

        init() {}

        init(_ tree: SourceValue, folder: URL, problemsIn file: String) throws {
            var problems = ProblemList()
            if let v = tree["output"] {
                if let t = v.text { output = t; outputGiven = true } else { problems.add("'output' should be a file name pattern such as \"{organisation}-{layout}-{paper}.pdf\"", at: v.mark) }
            }
            if let v = tree["papers"] { papers = BatchManifest.readChoices(v, "papers", problems: &problems) }
            if let v = tree["formats"] { formats = BatchManifest.readChoices(v, "formats", problems: &problems) }
            if let v = tree["language"] {
                do { language = try Edition(parsing: v.text ?? "") } catch let e as CoprintError { problems.add(e.problems[0].message, at: v.mark) }
            }
            if let v = tree["theme"] {
                if let t = v.text, !t.isEmpty { theme = (t, v.mark) } else { problems.add("'theme' should be the name of a theme, such as large-print", at: v.mark) }
            }
            if let v = tree["fillable"] {
                switch v.text?.lowercased() {
                case "true"?, "yes"?: fillable = true
                case "false"?, "no"?: fillable = false
                default: problems.add("'fillable' should be true or false", at: v.mark)
                }
            }
            try problems.throwIfAny()
        }
    }

    static func readChoices<E: RawRepresentable & CaseIterable>(_ v: SourceValue, _ key: String, problems: inout ProblemList) -> [E] where E.RawValue == String {
        let names = v.items?.compactMap(\.text) ?? v.text.map { [$0] } ?? []
        var result: [E] = []
        for n in names {
            if let e = E(rawValue: n.lowercased()) { result.append(e) } else {
                problems.add("'\(n)' is not one of the \(key): \(E.allCases.map(\.rawValue).joined(separator: ", "))", at: v.mark)
            }
        }
        if names.isEmpty { problems.add("'\(key)' should be a list such as [\(E.allCases.map(\.rawValue).joined(separator: ", "))]", at: v.mark) }
        return result
    }

    /// Resolves `path` inside `folder`, refusing anything that leads out of it.
    static func safePath(_ path: String, in folder: URL) throws -> URL {
        try SafePath.resolve(path, in: folder, what: "the file")
    }

    /// Builds jobs from their specs. Every job's output names are worked out once, up front, to
    /// catch two jobs writing the same file; the job itself (its checked content) is built when it
    /// is printed.
    struct Builder: Sendable {
        let library: LayoutLibrary
        let outputFolder: URL
        let folder: URL
        let defaults: Defaults
        let specs: [JobSpec]
        /// Base content of each content file and layout the jobs use, read once for the batch.
        let bases: [String: Result<(Layout, Content), CoprintError>]
        /// The themes beside the layouts, read once for the batch (or why they could not be).
        let themes: Result<ThemeLibrary, CoprintError>

        init(library: LayoutLibrary, outputFolder: URL, folder: URL, defaults: Defaults, specs: [JobSpec]) {
            self.library = library; self.outputFolder = outputFolder; self.folder = folder
            self.defaults = defaults; self.specs = specs
            do { themes = .success(try ThemeLibrary(layoutFolders: library.folders)) } catch let e as CoprintError { themes = .failure(e) } catch {
                themes = .failure(CoprintError("the themes could not be read: \(error)"))
            }
            var bases: [String: Result<(Layout, Content), CoprintError>] = [:]
            for spec in specs {
                guard let key = Builder.baseKey(spec.job) else { continue }
                let language = Builder.language(spec.job, spec.overrides, defaults)
                let full = key + "|" + (language ?? "")
                guard bases[full] == nil else { continue }
                bases[full] = Result {
                    try Builder.loadBase(key, language: try language.map { try Edition(parsing: $0) }, library: library, folder: folder)
                }.mapError { $0 as? CoprintError ?? CoprintError("\($0)") }
            }
            self.bases = bases
        }

        static func baseKey(_ job: SourceValue) -> String? {
            if let c = job["content"]?.text { return "content:" + c }
            if let l = job["layout"]?.text { return "layout:" + l }
            return nil
        }

        /// The edition a job asks for, as written: its CSV row's `language`, else its own, else
        /// the manifest's (nil: each layout's own language, or a plan file's `language:`).
        static func language(_ job: SourceValue, _ row: SourceValue?, _ defaults: Defaults) -> String? {
            if let t = row?["language"]?.text, !t.trimmingCharacters(in: .whitespaces).isEmpty { return t }
            if let t = job["language"]?.text { return t }
            return defaults.language?.description
        }

        static func loadBase(_ key: String, language: Edition?, library: LayoutLibrary, folder: URL) throws -> (Layout, Content) {
            if key.hasPrefix("content:") {
                let url: URL
                do { url = try BatchManifest.safePath(String(key.dropFirst(8)), in: folder) } catch let e as ImageError { throw CoprintError(e.message) }
                let plan = try PlanFile.load(url.path, library: library, edition: language)
                return (plan.layout, plan.content)
            }
            let layout = try library.layout(named: String(key.dropFirst(7)), edition: language)
            return (layout, try Content.shipped(for: layout))
        }

        /// The manifest: output names checked now, jobs built later.
        func manifest() throws -> BatchManifest {
            var seen: [URL: String] = [:]
            var clashes: [Problem] = []
            for spec in specs where spec.problem == nil {
                guard let outputs = try? build(spec, contentToo: false).outputs else { continue }
                for out in outputs {
                    if let other = seen[out.url] {
                        clashes.append(Problem("\(spec.label) and \(other) would both write \(displayPath(out.url)); put a field that differs between them (such as {organisation}, {language} or {row}) in the output name"))
                    } else {
                        seen[out.url] = spec.label
                    }
                }
            }
            // Two jobs writing the same file would silently lose one: refuse before printing anything.
            if !clashes.isEmpty { throw CoprintError(Array(clashes.prefix(20))) }
            let builder = self
            return BatchManifest(count: specs.count) { i in
                let spec = builder.specs[i]
                if let problem = spec.problem { return .failure(BatchJobProblem(index: spec.index, label: spec.label, message: problem)) }
                do {
                    return .success(try builder.build(spec, contentToo: true))
                } catch let error as CoprintError {
                    return .failure(BatchJobProblem(index: spec.index, label: spec.label, message: error.problems.map(\.description).joined(separator: "; ")))
                } catch let error as ImageError {
                    return .failure(BatchJobProblem(index: spec.index, label: spec.label, message: error.message))
                } catch {
                    return .failure(BatchJobProblem(index: spec.index, label: spec.label, message: "\(error)"))
                }
            }
        }

        func build(_ spec: JobSpec, contentToo: Bool) throws -> BatchJob {
            try build(index: spec.index, label: spec.label, job: spec.job, overrides: spec.overrides, inputs: spec.inputs, contentToo: contentToo)
        }

        /// The theme a job names: its own `theme:`, else its content file's, else the manifest's.
        func theme(of job: SourceValue, content: Content) -> (String, SourceMark)? {
            if let v = job["theme"], let t = v.text, !t.isEmpty { return (t, v.mark) }
            if let t = content.theme { return (t, content.themeMark ?? job.mark) }
            return defaults.theme.map { ($0.name, $0.mark) }
        }

        func build(index: Int, label: String, job: SourceValue, overrides rowFields: SourceValue?, inputs: [URL], contentToo: Bool) throws -> BatchJob {
            var problems = ProblemList()
            guard let entries = job.entries else { throw CoprintError("a job should be a set of named fields (layout or content, fields, papers...)", at: job.mark) }
            for e in entries where !BatchManifest.jobKeys.contains(e.key) {
                var message = "'\(e.key)' is not a setting of a job"
                if let guess = closestMatch(to: e.key, in: BatchManifest.jobKeys) { message += "; did you mean '\(guess)'?" } else {
                    message += "; a job has: \(BatchManifest.jobKeys.joined(separator: ", ")) (put the layout's own fields under 'fields')"
                }
                problems.add(message, at: e.keyMark)
            }
            try problems.throwIfAny()
            var inputs = inputs
            // The base: a content or plan file, or a layout's shipped content (posters) or nothing.
            let layout: Layout
            var content: Content
            var baseName: String
            guard let key = Builder.baseKey(job) else {
                if let bad = job["content"] ?? job["layout"] {
                    throw CoprintError("'\(job["content"] != nil ? "content" : "layout")' should be \(job["content"] != nil ? "the path of a content or plan file" : "a layout name")", at: bad.mark)
                }
                throw CoprintError("a job needs 'layout' (a layout name) or 'content' (a content or plan file)", at: job.mark)
            }
            let mark = (job["content"] ?? job["layout"])?.mark
            let languageText = Builder.language(job, rowFields, defaults)
            if let languageText, (try? Edition(parsing: languageText)) == nil {
                throw CoprintError("'\(languageText)' is not a language; use en, cy, or cy+en for Welsh and English", at: rowFields?["language"]?.mark ?? job["language"]?.mark)
            }
            switch bases[key + "|" + (languageText ?? "")] {
            case .success(let base)?: (layout, content) = base
            case .failure(let error)?: throw CoprintError(error.problems.map { Problem($0.message, at: $0.mark ?? mark) })
            case nil: throw CoprintError("this job's layout or content file could not be read", at: mark)
            }
            if key.hasPrefix("content:") {
                inputs.append(folder.appendingPathComponent(String(key.dropFirst(8))))
                baseName = URL(fileURLWithPath: String(key.dropFirst(8))).deletingPathExtension().lastPathComponent
            } else {
                baseName = layout.name
            }
            inputs.append(layout.source)
            inputs += [layout.contentFile, layout.pairedContentFile].compactMap { $0 }

            // The job's own fields, then the CSV row's, written over the base.
            var allFields: [(key: String, keyMark: SourceMark, value: SourceValue)] = []
            if let f = job["fields"] {
                guard let e = f.entries else { throw CoprintError("'fields' should be a set of named fields of the layout", at: f.mark) }
                allFields += e
            }
            if let rowFields, let e = rowFields.entries { allFields += e.filter { $0.key != "language" } }
            var patternValues: [String: String] = [:]
            for e in allFields {
                if let t = e.value.text { patternValues[e.key] = t } else if case .empty = e.value.body { patternValues[e.key] = "" }
            }
            let pattern = job["output"]?.text ?? defaults.output
            let layoutFields = Set(layout.fields.compactMap(\.field))
            let usedByPattern = Set(BatchManifest.placeholders(in: pattern))
            var fieldEntries: [(key: String, keyMark: SourceMark, value: SourceValue)] = []
            for e in allFields {
                if layoutFields.contains(e.key) {
                    fieldEntries.removeAll { $0.key == e.key }
                    fieldEntries.append(e)
                } else if !usedByPattern.contains(e.key) {
                    var message = "'\(e.key)' is not a field of layout '\(layout.name)' and is not used in the output name"
                    if let guess = closestMatch(to: e.key, in: Array(layoutFields)) { message += "; did you mean '\(guess)'?" }
                    problems.add(message, at: e.keyMark)
                }
            }
            try problems.throwIfAny()
            if contentToo && !fieldEntries.isEmpty {
                let tree = SourceValue(.map([("layout", job.mark, SourceValue(.text(layout.name), at: job.mark))] + fieldEntries), at: job.mark)
                let overrides = try Content(tree: tree, layout: layout, source: content.source, baseFolder: folder)
                content = content.overlaid(with: overrides)
                for e in fieldEntries {
                    if case .image = layout.fields.first(where: { $0.field == e.key })?.kind, let p = e.value.text {
                        inputs.append(folder.appendingPathComponent(p))
                    }
                }
            }

            var papers = defaults.papers, formats = defaults.formats
            if let v = job["papers"] { papers = BatchManifest.readChoices(v, "papers", problems: &problems) }
            if let v = job["formats"] { formats = BatchManifest.readChoices(v, "formats", problems: &problems) }
            try problems.throwIfAny()

            var outputs: [BatchOutput] = []
            for paper in papers {
                for format in formats {
                    var values = patternValues
                    values["layout"] = layout.name
                    values["paper"] = paper.rawValue
                    values["format"] = format.rawValue
                    values["name"] = baseName
                    values["row"] = String(index + 1)
                    values["job"] = String(index + 1)
                    values["language"] = layout.edition.description
                    let relative = try BatchManifest.fill(pattern, values: values, mark: job["output"]?.mark)
                    var file = relative
                    if !file.lowercased().hasSuffix("." + format.rawValue) { file += "." + format.rawValue }
                    outputs.append(BatchOutput(paper: paper, format: format, url: outputFolder.appendingPathComponent(file).standardizedFileURL))
                }
            }
            var built = BatchJob(index: index, label: label, layout: layout, content: content, outputs: outputs, inputs: inputs)
            built.fillable = defaults.fillable
            // The job's own theme, else its content file's, else the manifest's.
            let themeName = theme(of: job, content: content)
            if let (name, at) = themeName {
                do {
                    built.theme = try themes.get().theme(named: name)
                    try ThemeLibrary.check(layout, in: built.theme)
                } catch let error as CoprintError {
                    throw CoprintError(error.problems.map { Problem($0.message, at: $0.mark ?? at) })
                }
                if let t = built.theme { built.inputs.append(t.source) }
            }
            return built
        }

    }

    /// The `{name}` placeholders in an output pattern.
    static func placeholders(in pattern: String) -> [String] {
        var result: [String] = []
        var rest = Substring(pattern)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            result.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return result
    }

    /// Fills an output pattern, making every value safe as part of a file name.
    static func fill(_ pattern: String, values: [String: String], mark: SourceMark?) throws -> String {
        var out = pattern
        for name in placeholders(in: pattern) {
            guard let value = values[name] else {
                throw CoprintError("the output name uses {\(name)}, but this job has no '\(name)'; give it under 'fields' or as a CSV column", at: mark)
            }
            out = out.replacingEvery("{\(name)}", with: safeFileName(value))
        }
        let parts = out.split(separator: "/")
        guard !out.hasPrefix("/"), !parts.contains(where: { $0 == ".." || $0 == "." }), !parts.isEmpty else {
            throw CoprintError("the output name '\(pattern)' must stay inside the output folder", at: mark)
        }
        return out
    }

    /// Makes `value` safe as part of a file name on any system: letters, digits, '.', '_' and '-'
    /// kept (in any script), spaces and everything else become '-', at most 80 characters.
    public static func safeFileName(_ value: String) -> String {
        var out = ""
        for ch in value.precomposedStringWithCanonicalMapping {
            if ch.isLetter || ch.isNumber || ch == "_" || ch == "." {
                out.append(ch)
            } else if out.last != "-" {
                out.append("-")
            }
        }
        out = String(out.trimmingCharacters(in: CharacterSet(charactersIn: "-.")).prefix(80))
        return out.isEmpty ? "untitled" : out
    }
}
