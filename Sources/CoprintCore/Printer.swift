import CoprintFinish
import CoprintLayout
import CoprintRender
import Foundation

/// Prints layouts, blank or filled: the work behind `coprint blank` and `coprint render`, usable
/// from code.
///
/// Fonts are loaded once and shared; a printer owns one renderer (its own Cairo and Pango
/// objects), so use one printer per thread.
///
///     let printer = try Printer.withBundledFonts()
///     let layout = try LayoutLibrary(folders: [LayoutLibrary.builtInFolder()]).layout(named: "top-tips")
///     let pdf = try printer.pdf(layout, content: .blank(for: layout), paper: .a4)
public final class Printer {
    /// The fonts.
    public let fonts: FontLibrary
    private let renderer: Renderer
    /// Warnings from the most recent document.
    public private(set) var warnings: [RenderWarning] = []
    /// How the most recent document's text was fitted.
    public private(set) var fits: [FitRecord] = []
    /// How many pages the most recent document had, continuation pages included.
    public private(set) var pageCount = 0
    /// The PDF creation date to write.
    public var created: Date
    /// Whether PDFs are fillable forms: the blank canvas with a text field over every writing
    /// area, pre-filled with the plan's words.
    public var fillable = false
    /// The edition to print: a theme for readers, bleed and crop marks for a print shop, or
    /// tiling across smaller sheets.
    public var printEdition = PrintEdition()

    /// Makes a printer over the bundled fonts.
    public init(fonts: FontLibrary, created: Date = PDFMetadata.creationDate()) throws {
        self.fonts = fonts
        self.renderer = try Renderer(fonts: fonts)
        self.created = created
    }

    /// A printer over the bundled fonts in `fontsFolder` (default: the project's `fonts/`), with
    /// font problems reported as plain errors.
    public static func withBundledFonts(in fontsFolder: URL? = nil) throws -> Printer {
        do {
            return try Printer(fonts: try FontLibrary(folder: fontsFolder ?? FontLibrary.defaultFolder()))
        } catch let error as CoprintRenderError {
            throw CoprintError(error.message)
        }
    }

    /// Lays out `layout` filled with `content` on `paper`.
    public func layOut(_ layout: Layout, content: Content, paper: Paper) -> LaidOutDocument {
        defer { renderer.discardMeasurements() }
        return lay(layout, content: content, paper: paper)
    }

    /// Lays out, keeping the measured text ready for drawing.
    private func lay(_ layout: Layout, content: Content, paper: Paper, label: String? = nil, theme: Theme? = nil) -> LaidOutDocument {
        var engine = LayoutEngine(layout: layout.themed(printEdition.theme ?? theme), content: content, paper: paper, measurer: renderer.measurer)
        engine.sheetLabel = label
        return printEdition.sheets(engine.run(), paper: paper)
    }

    /// One PDF holding several documents one after another, in order: a workshop pack (each
    /// canvas labelled "Table 1", "Table 2" ...), or a whole batch for a print shop.
    public func combinedPDF(_ parts: [PackPart], title: String, subject: String) throws -> Data {
        guard !parts.isEmpty else { throw CoprintError("there is nothing to put in the combined PDF") }
        for part in parts {
            try ThemeLibrary.check(part.layout, in: printEdition.theme ?? part.theme)
            if let problem = printEdition.problem(printing: part.paper) { throw problem }
        }
        var pages: [Page] = []
        var fits: [FitRecord] = []
        for part in parts {
            let doc = lay(part.layout, content: part.content, paper: part.paper, label: part.label, theme: part.theme)
            pages += doc.pages
            fits += doc.fits
        }
        var doc = LaidOutDocument(title: title, subject: subject, pages: pages, fits: fits)
        doc.language = parts[0].layout.furniture.tag
        doc.pairedLanguage = parts[0].layout.pairedFurniture?.tag
        let metadata = doc.metadata(created: created)
        let data = try finished(try rendering { try renderer.pdf(doc, metadata: metadata) }, metadata, doc: doc)
        record(doc, renderer.warnings)
        return data
    }

    /// The size `text` takes in `style` wrapped to `width`, as it will print.
    public func measure(_ text: String, style: TextStyle, width: Double) -> Size {
        renderer.measurer.measure(text, style: style, width: width)
    }

    /// The PDF of `layout` filled with `content`, as bytes.
    public func pdf(_ layout: Layout, content: Content, paper: Paper) throws -> Data {
        if fillable { return try fillablePDF(layout, content: content, paper: paper) }
        let doc = lay(layout, content: content, paper: paper)
        let metadata = doc.metadata(created: created)
        let data = try finished(try rendering { try renderer.pdf(doc, metadata: metadata) }, metadata, doc: doc)
        record(doc, renderer.warnings)
        return data
    }

    /// The blank canvas of `layout` with a form field over every writing area, each holding
    /// `content`'s words for it.
    public func fillablePDF(_ layout: Layout, content: Content, paper: Paper) throws -> Data {
        let doc = lay(layout, content: .blank(for: layout), paper: paper)
        let metadata = doc.metadata(created: created)
        let fields = FormLayout.fields(doc, values: FormLayout.values(content, layout))
        let form = Form(fields: fields, font: try FormLayout.font(in: fonts.folder), fontSize: (10 * paper.scale).rounded())
        let data = try finished(try rendering { try renderer.pdf(doc, metadata: metadata) }, metadata, layout: layout, form: form, doc: doc)
        record(doc, renderer.warnings)
        return data
    }

    /// Cairo's PDF before finishing, with its metadata: for measuring the finishing step alone.
    func unfinishedPDF(_ layout: Layout, content: Content, paper: Paper) throws -> (Data, PDFMetadata) {
        let doc = lay(layout, content: content, paper: paper)
        let metadata = doc.metadata(created: created)
        return (try rendering { try renderer.pdf(doc, metadata: metadata) }, metadata)
    }

    /// Every PDF coprint writes passes through here: language, XMP, tab order, a content-derived
    /// ID, and a print shop's TrimBox and BleedBox for the pages of `doc` that have them.
    func finished(_ pdf: Data, _ m: PDFMetadata, layout: Layout? = nil, form: Form? = nil, doc: LaidOutDocument? = nil) throws -> Data {
        let facts = DocumentFacts(title: m.title, description: m.subject, created: m.created, language: m.language, pairedLanguage: m.pairedLanguage,
                                  layout: layout?.name, layoutVersion: layout.map(FormLayout.version), edition: layout?.edition.description)
        let boxes = (doc?.pages ?? []).map { page -> PrintBoxes? in
            guard let t = page.trimBox, let b = page.bleedBox else { return nil }
            return PrintBoxes(pageHeight: page.size.height, trim: (t.x, t.y, t.width, t.height), bleed: (b.x, b.y, b.width, b.height))
        }
        do { return try PDFFinisher.finish(pdf, facts: facts, form: form, boxes: boxes) } catch let e as FinishError { throw CoprintError(e.message) }
    }

    /// One PNG per page of `layout` filled with `content`, as bytes.
    public func pngs(_ layout: Layout, content: Content, paper: Paper, dpi: Double) throws -> [Data] {
        let doc = lay(layout, content: content, paper: paper)
        var result: [Data] = []
        var all: [RenderWarning] = []
        for page in doc.pages {
            result.append(try rendering { try renderer.png(page, dpi: dpi) })
            all += renderer.warnings
        }
        record(doc, all)
        return result
    }

    private func record(_ doc: LaidOutDocument, _ found: [RenderWarning]) {
        pageCount = doc.pages.count
        warnings = Array(Set(found)).sorted { ($0.source, $0.message) < ($1.source, $1.message) }
        fits = doc.fits.map { fit in
            var f = fit
            f.missingCharacters = Array(Set(found.filter { $0.source == fit.region }.flatMap(\.missingCharacters))).sorted()
            return f
        }
    }

    private func rendering<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as CoprintRenderError { throw CoprintError(error.message) }
    }

    /// Renders `layout` with `content` on each paper in `papers`, in memory, without writing.
    /// With `strict`, text that had to continue on another page, or characters no font can draw,
    /// are an error instead of a warning.
    public func render(_ layout: Layout, content: Content, papers: [Paper], format: OutputFormat,
                       dpi: Double = 150, strict: Bool = false) throws -> PrintResult {
        var result = PrintResult(layout: layout.name)
        try ThemeLibrary.check(layout, in: printEdition.theme)
        for paper in papers { if let problem = printEdition.problem(printing: paper) { throw problem } }
        if fillable && (printEdition.tile != nil || printEdition.isPrintShop) {
            throw CoprintError("--fillable makes a form to type into on screen; print it whole, without --tile, --bleed or --marks", kind: .usage)
        }
        // Lines YAML read differently from how they look come first: they are about the words.
        result.warnings = content.warnings.map(\.description)
        for paper in papers {
            var report = PaperReport(paper: paper.rawValue, pages: 0, regions: [])
            switch format {
            case .pdf:
                result.documents.append(RenderedDocument(paper: paper, page: nil, data: try pdf(layout, content: content, paper: paper)))
                report.pages = pageCount
            case .png:
                let images = try pngs(layout, content: content, paper: paper, dpi: dpi)
                for (i, data) in images.enumerated() {
                    result.documents.append(RenderedDocument(paper: paper, page: images.count > 1 ? i + 1 : nil, data: data))
                }
                report.pages = images.count
            }
            report.regions = fits
            result.papers.append(report)
            for w in warnings where !result.warnings.contains(w.description) { result.warnings.append(w.description) }
            for fit in fits where fit.continued {
                let pages = fit.continuedOn.map(String.init).joined(separator: ", ")
                let message = "\(layout.displayName(ofRegion: fit.region)): the text did not fit its box on page \(fit.page) even at \(format1(fit.size)) pt, so it continues on page \(pages) (\(paper.displayName))"
                result.warnings.append(message)
            }
        }
        if strict, let refused = Printer.strictProblems(result) { throw refused }
        return result
    }

    /// Prints `layout` with `content` on each paper in `papers`, writing files to `target`.
    /// Everything is rendered before anything is written, and each file is written under a
    /// temporary name and renamed when complete, so a failure leaves no partial output.
    public func print(_ layout: Layout, content: Content, papers: [Paper], format: OutputFormat,
                      to target: OutputTarget, name: String? = nil, dpi: Double = 150, strict: Bool = false) throws -> PrintResult {
        let result = try render(layout, content: content, papers: papers, format: format, dpi: dpi, strict: strict)
        return try write(result, to: target, name: name ?? layout.name, papers: papers, format: format)
    }

    /// The problems `--strict` refuses in `result`: every warning, as an error.
    public static func strictProblems(_ result: PrintResult) -> CoprintError? {
        result.warnings.isEmpty ? nil : CoprintError(result.warnings.map { Problem("\($0) (not allowed with --strict)") })
    }

    /// Writes the documents of a rendered `result` to `target`, each under a temporary name first.
    public func write(_ rendered: PrintResult, to target: OutputTarget, name base: String, papers: [Paper], format: OutputFormat) throws -> PrintResult {
        var result = rendered
        let urls = result.documents.map {
            outputURL(target, name: base, paper: $0.paper, papers: papers.count, page: $0.page, format: format)
        }
        if Set(urls).count != urls.count {
            throw CoprintError("two outputs would have the same file name; use a folder for -o", kind: .usage)
        }
        var written: [URL] = []
        for (url, doc) in zip(urls, result.documents) {
            do { try SafeFile.write(doc.data, to: url) } catch let error as CoprintError where !written.isEmpty {
                // Say what was finished before the failure (a disk that filled after A4): those files are complete.
                throw CoprintError(error.problems + written.map { Problem("\(displayPath($0)) was written before this and is complete") })
            }
            written.append(url)
        }
        result.files = urls
        return result
    }

    /// The file name for one output.
    func outputURL(_ target: OutputTarget, name: String, paper: Paper, papers: Int, page: Int?, format: OutputFormat) -> URL {
        let pageSuffix = page.map { "-page\($0)" } ?? ""
        switch target {
        case .folder(let dir):
            return dir.appendingPathComponent("\(name)-\(paper.rawValue)\(pageSuffix).\(format.rawValue)")
        case .file(let file):
            let base = file.deletingPathExtension()
            let paperSuffix = papers > 1 ? "-\(paper.rawValue)" : ""
            if paperSuffix.isEmpty && pageSuffix.isEmpty { return file }
            return URL(fileURLWithPath: base.path + paperSuffix + pageSuffix).appendingPathExtension(format.rawValue)
        }
    }
}

/// One document of a combined PDF: a layout, its words, the paper, and the name printed on its
/// sheets, if any.
public struct PackPart: Sendable {
    /// The layout.
    public var layout: Layout
    /// Its words (blank for a canvas to write on).
    public var content: Content
    /// The paper.
    public var paper: Paper
    /// The name on each sheet, such as "Table 3".
    public var label: String?
    /// The theme it is printed in, unless the printer's edition names one.
    public var theme: Theme?

    /// Makes a part.
    public init(layout: Layout, content: Content, paper: Paper, label: String? = nil) {
        self.layout = layout; self.content = content; self.paper = paper; self.label = label
    }
}

/// One rendered file, in memory.
public struct RenderedDocument: Sendable {
    /// The paper it was printed on.
    public var paper: Paper
    /// For PNG images of a multi-page document, the page number.
    public var page: Int?
    /// The bytes.
    public var data: Data
}

/// What printing produced: the files, and a report of how the text was fitted.
public struct PrintResult: Sendable, Encodable {
    /// The layout printed.
    public var layout: String
    /// The files written (empty until written).
    public var files: [URL] = []
    /// The rendered bytes, before writing.
    public var documents: [RenderedDocument] = []
    /// How each paper size came out.
    public var papers: [PaperReport] = []
    /// Warnings a person should see: text that continued, characters no font could draw.
    public var warnings: [String] = []

    init(layout: String) { self.layout = layout }

    enum CodingKeys: String, CodingKey { case layout, files, papers, warnings }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(layout, forKey: .layout)
        try c.encode(files.map { displayPath($0) }, forKey: .files)
        try c.encode(papers, forKey: .papers)
        try c.encode(warnings, forKey: .warnings)
    }

    /// The fit report as JSON, for `--report`.
    public func reportJSON() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self) + Data("\n".utf8)
    }
}

/// How one paper size came out: its pages and, for each region, the text size used and whether
/// its text continued on a later page.
public struct PaperReport: Sendable, Codable {
    /// `a4` or `a3`.
    public var paper: String
    /// Number of pages, counting continuation pages.
    public var pages: Int
    /// Each filled region.
    public var regions: [FitRecord]
}

extension LaidOutDocument {
    /// The PDF metadata for this document: its title, subject and languages.
    func metadata(created: Date) -> PDFMetadata {
        var m = PDFMetadata(title: title, subject: subject, created: created, language: language)
        m.pairedLanguage = pairedLanguage
        return m
    }
}

func format1(_ d: Double) -> String { String(format: "%.1f", d) }
