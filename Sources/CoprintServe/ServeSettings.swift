// CoprintServe: the web page and HTTP API behind `coprint serve`. It turns requests into calls to
// CoprintCore and its answers into HTTP responses. Layout and render code never see it.
import CoprintCore
import CoprintLayout
import CoprintRender
import Foundation

/// Everything `coprint serve` needs to know: where to listen, what it may serve, and its limits.
public struct ServeSettings: Sendable {
    /// The address to listen on. Loopback by default, so only this computer can reach it.
    public var host = "127.0.0.1"
    /// The port to listen on (0 picks a free one).
    public var port = 8080
    /// Folders of layout files, first first.
    public var layoutFolders: [URL] = [LayoutLibrary.builtInFolder()]
    /// The fonts folder (nil: the bundled `fonts/`).
    public var fontsFolder: URL?
    /// The folder holding the page's own files (`web/`).
    public var webFolder: URL = ProjectFolder.find("web")
    /// The largest request body accepted, in bytes; more gets 413.
    public var maximumBodySize = PlanFile.maximumSize
    /// How many documents are rendered at once (one renderer each).
    public var workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
    /// How many renders may wait for a worker; more gets 503 with Retry-After.
    public var queueLimit = 32
    /// The longest a request waits for its document, in seconds; longer gets 503.
    public var renderTimeLimit: Double = 20
    /// The most pages one document may have, continuation pages included; more gets 422.
    public var pageLimit = 20
    /// Resolution of preview images.
    public var previewDPI: Double = 96
    /// What opens a filled fillable PDF; until that exists, answers 501.
    public var importer: any PlanImporter = NoPlanImporter()
    /// Languages offered on the page and accepted by the API, as codes and names. The first is
    /// the default, used when a plan names none.
    public var languages: [ServeLanguage] = [ServeLanguage(code: "en", name: "English")]
    /// Gives the edition of a layout in a language from ``languages`` (the first needs no change).
    /// The Welsh-language work plugs in here; until then every language is the layout as written.
    public var edition: @Sendable (_ layout: Layout, _ language: String) throws -> Layout = { layout, _ in layout }

    /// The defaults: loopback, port 8080, the project's layouts, fonts and page.
    public init() {}
}

/// A language the page offers.
public struct ServeLanguage: Sendable, Codable, Equatable {
    /// The code used in the API, such as `en` or `cy`.
    public var code: String
    /// Its name, in itself.
    public var name: String
    /// Makes a language.
    public init(code: String, name: String) { self.code = code; self.name = name }
}

/// Turns a filled fillable PDF back into a plan. `coprint serve` is given one; the fillable-PDF
/// work plugs its importer in here.
public protocol PlanImporter: Sendable {
    /// The plan (YAML or JSON text) held by the filled PDF `pdf`, or a ``CoprintError`` saying
    /// plainly why it cannot be read.
    func plan(fromFilledPDF pdf: Data) throws -> String
}

/// Reads a fillable canvas filled in any PDF reader back into a plan, as `coprint import` does.
public struct FormPlanImporter: PlanImporter {
    /// The layouts the forms were made from.
    public let library: LayoutLibrary
    /// Makes one over `library`.
    public init(library: LayoutLibrary) { self.library = library }
    /// The plan as YAML; a ``CoprintError`` for a PDF that is not a filled coprint form.
    public func plan(fromFilledPDF pdf: Data) throws -> String {
        let found = try FormImport.read(pdf, name: "the PDF", library: library)
        try found.check()
        return found.yaml
    }
}

/// The importer used until reading filled PDFs exists: it says so.
public struct NoPlanImporter: PlanImporter {
    /// Makes one.
    public init() {}
    /// Always fails with ``ImportNotAvailable``.
    public func plan(fromFilledPDF pdf: Data) throws -> String { throw ImportNotAvailable() }
}

/// Thrown by an importer that cannot read filled PDFs yet; the API answers 501.
public struct ImportNotAvailable: Error, Sendable {
    /// Makes one.
    public init() {}
    /// What the person is told.
    public let message = "Opening a filled PDF is not available in this version of coprint yet. Open the plan file (YAML or JSON) you downloaded instead."
}
