import CoprintCore
import CoprintLayout
import CoprintRender
import Foundation
import Hummingbird
import HTTPTypes
import Logging
import NIOCore

/// Builds the `coprint serve` application: the page's own files, the HTTP API and its limits.
public enum CoprintServer {
    /// The application for `settings`, ready to run. Layouts, fonts and the page's files are all
    /// read here, once: nothing a request says is ever used as a path on this computer.
    /// `onRunning` is told the address once the server listens.
    public static func application(_ settings: ServeSettings,
                                   onRunning: @escaping @Sendable (String) async -> Void = { _ in }) throws -> some ApplicationProtocol {
        let router = try router(settings)
        // Only warnings and errors: the start-up line printed by `onRunning` is what a person needs.
        var logger = Logger(label: "coprint serve")
        logger.logLevel = .warning
        return Application(
            router: router,
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: nil),
            onServerRunning: { channel in
                let address = channel.localAddress
                let host = address?.ipAddress ?? settings.host
                let shown = host.contains(":") ? "[\(host)]" : host
                await onRunning("http://\(shown):\(address?.port ?? settings.port)/")
            },
            logger: logger
        )
    }

    /// The router alone, for tests.
    public static func router(_ settings: ServeSettings) throws -> Router<BasicRequestContext> {
        let library = try LayoutLibrary(folders: settings.layoutFolders)
        let fonts: FontLibrary
        do { fonts = try FontLibrary(folder: settings.fontsFolder ?? FontLibrary.defaultFolder()) } catch let e as CoprintRenderError {
            throw CoprintError(e.message)
        }
        let pool = try RenderPool(workers: settings.workers, queueLimit: settings.queueLimit, fonts: fonts)
        let api = API(settings: settings, service: PlanService(library: library, languages: settings.languages, edition: settings.edition), pool: pool)
        let files = try WebFiles(folder: settings.webFolder)

        let router = Router()
        router.add(middleware: SafetyMiddleware(bodyLimit: settings.maximumBodySize))
        router.get("/") { _, _ in files.response(for: "index.html") }
        router.get("/:file") { _, context in files.response(for: context.parameters.get("file") ?? "") }
        router.get("/api/layouts") { request, _ in api.layouts(request) }
        router.post("/api/render") { request, _ in try await api.render(request) }
        router.post("/api/validate") { request, _ in try await api.validate(request) }
        router.post("/api/parse") { request, _ in try await api.parse(request) }
        router.post("/api/import") { request, _ in try await api.importPDF(request) }
        router.post("/api/posters") { request, _ in try await api.posters(request) }
        return router
    }
}

/// The page's own files, read once at start from the web folder. Requests pick one by name from
/// this set; the disk is never touched for them.
struct WebFiles: Sendable {
    let files: [String: (type: String, data: Data)]
    static let types = ["html": "text/html; charset=utf-8", "css": "text/css; charset=utf-8",
                        "js": "text/javascript; charset=utf-8", "png": "image/png", "svg": "image/svg+xml",
                        "ico": "image/x-icon", "txt": "text/plain; charset=utf-8"]

    init(folder: URL) throws {
        var files: [String: (String, Data)] = [:]
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for name in names where !name.hasPrefix(".") {
            guard let type = Self.types[(name as NSString).pathExtension.lowercased()] else { continue }
            files[name] = (type, try Data(contentsOf: folder.appendingPathComponent(name)))
        }
        guard files["index.html"] != nil else {
            throw CoprintError("the page's files were not found: there is no index.html in \(displayPath(folder))", kind: .usage)
        }
        self.files = files
    }

    func response(for name: String) -> Response {
        guard let file = files[name] else { return Reply.message(.notFound, "There is nothing called '\(name)' here.") }
        var headers: HTTPFields = [.contentType: file.type]
        headers[.cacheControl] = "no-cache"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: file.data)))
    }
}

/// Ready-made responses.
enum Reply {
    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()

    static func json(_ status: HTTPResponse.Status, _ value: some Encodable, headers extra: HTTPFields = [:]) -> Response {
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"]
        headers.append(contentsOf: extra)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func jsonObject(_ status: HTTPResponse.Status, _ value: Any) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])) ?? Data("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    struct Message: Encodable { var message: String }
    static func message(_ status: HTTPResponse.Status, _ text: String, headers: HTTPFields = [:]) -> Response {
        json(status, Message(message: text), headers: headers)
    }

    struct Problems: Encodable {
        var valid: Bool
        var message: String
        var problems: [PlanService.Issue]
    }
    static func problems(_ issues: [PlanService.Issue]) -> Response {
        let message = issues.count == 1 ? "The plan has 1 problem." : "The plan has \(issues.count) problems."
        return json(.unprocessableContent, Problems(valid: false, message: message, problems: issues))
    }
}

/// The API's work, one method per route.
struct API: Sendable {
    let settings: ServeSettings
    let service: PlanService
    let pool: RenderPool

    func body(_ request: Request) async throws -> Data {
        Data(buffer: try await request.body.collect(upTo: settings.maximumBodySize))
    }

    struct LayoutList: Encodable {
        var languages: [ServeLanguage]
        var papers: [String]
        var layouts: [LayoutSchema]
    }

    /// `?language=cy` gives every layout's words in that edition, for the page in that language.
    func layouts(_ request: Request) -> Response {
        let language = request.uri.queryParameters.get("language").map { String($0) }
        if let code = language, !settings.languages.contains(where: { $0.code == code }) {
            return Reply.message(.badRequest, "'language' should be one of: \(settings.languages.map(\.code).joined(separator: ", ")).")
        }
        return Reply.json(.ok, LayoutList(languages: settings.languages, papers: Paper.allCases.map(\.rawValue), layouts: service.schema(language: language)))
    }

    func validate(_ request: Request) async throws -> Response {
        switch service.read(try await body(request)) {
        case .problems(let issues): return Reply.problems(issues)
        case .plan: return Reply.json(.ok, Reply.Problems(valid: true, message: "The plan has no problems.", problems: []))
        }
    }

    func parse(_ request: Request) async throws -> Response {
        let data = try await body(request)
        do {
            let tree = try SourceReader.parse(data, file: PlanService.sourceName)
            guard tree.entries != nil else { throw CoprintError("a plan should be a set of named fields starting with 'layout: NAME'", at: tree.mark) }
            return Reply.jsonObject(.ok, ["plan": PlanService.json(tree)])
        } catch {
            return Reply.problems(service.issues(error, tree: nil))
        }
    }

    func importPDF(_ request: Request) async throws -> Response {
        let data = Data(buffer: try await request.body.collect(upTo: settings.maximumBodySize * 10))
        let text: String
        do { text = try settings.importer.plan(fromFilledPDF: data) } catch let e as ImportNotAvailable {
            return Reply.message(.notImplemented, e.message)
        } catch {
            return Reply.problems(service.issues(error, tree: nil))
        }
        do {
            let tree = try SourceReader.parse(Data(text.utf8), file: PlanService.sourceName)
            return Reply.jsonObject(.ok, ["plan": PlanService.json(tree)])
        } catch {
            return Reply.problems(service.issues(error, tree: nil))
        }
    }

    func render(_ request: Request) async throws -> Response {
        let query = request.uri.queryParameters
        guard let paper = Paper(rawValue: String(query.get("paper") ?? "a4").lowercased()) else {
            return Reply.message(.badRequest, "'paper' should be one of: \(Paper.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        guard let format = OutputFormat(rawValue: String(query.get("format") ?? "pdf").lowercased()) else {
            return Reply.message(.badRequest, "'format' should be pdf or png.")
        }
        // A fillable PDF: the canvas with a text field over every writing area (PDF only).
        let fillable = ["1", "true", "yes"].contains(String(query.get("fillable") ?? "0").lowercased())
        if fillable && format != .pdf {
            return Reply.message(.badRequest, "'fillable' makes a PDF; use format=pdf.")
        }
        let pageText = query.get("page") ?? "1"
        guard let page = Int(pageText), page >= 1 else {
            return Reply.message(.badRequest, "'page' should be a page number: 1, 2, 3…")
        }
        let data = try await body(request)
        guard case .plan(let layout, let content) = service.read(data) else {
            if case .problems(let issues) = service.read(data) { return Reply.problems(issues) }
            return Reply.message(.unprocessableContent, "The plan could not be read.")
        }
        let dpi = settings.previewDPI
        let result: PrintResult
        do {
            result = try await pool.submit(timeLimit: settings.renderTimeLimit) { printer in
                printer.fillable = fillable
                defer { printer.fillable = false }
                return try printer.render(layout, content: content, papers: [paper], format: format, dpi: dpi)
            }
        } catch RenderPool.Refusal.busy {
            return Reply.message(.serviceUnavailable, "coprint is busy printing other documents. Try again in a moment.", headers: [.retryAfter: "2"])
        } catch RenderPool.Refusal.tooSlow {
            return Reply.message(.serviceUnavailable, "This document took too long to print. Try again in a moment, or shorten the plan.", headers: [.retryAfter: "5"])
        } catch {
            return Reply.problems(service.issues(error, tree: nil))
        }
        let pages = result.papers.first?.pages ?? 0
        guard pages <= settings.pageLimit else {
            return Reply.message(.unprocessableContent, "This plan would print on \(pages) pages, more than the \(settings.pageLimit) this server prints at once. Shorten it, or print it with the coprint command.")
        }
        var headers: HTTPFields = [.cacheControl: "no-store"]
        headers[HTTPField.Name("X-Coprint-Pages")!] = String(pages)
        let bytes: Data
        switch format {
        case .pdf:
            bytes = result.documents[0].data
            headers[.contentType] = "application/pdf"
            headers[.contentDisposition] = "attachment; filename=\"\(layout.name)-\(paper.rawValue).pdf\""
        case .png:
            guard page <= result.documents.count else {
                return Reply.message(.unprocessableContent, "There is no page \(page): this plan prints on \(pages) page\(pages == 1 ? "" : "s").")
            }
            bytes = result.documents[page - 1].data
            headers[.contentType] = "image/png"
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

/// Puts the security headers on every response, turns every error into a plain-words JSON answer,
/// and refuses an over-long body (413) before reading it.
struct SafetyMiddleware<Context: RequestContext>: RouterMiddleware {
    let bodyLimit: Int

    static var securityHeaders: HTTPFields {
        var h = HTTPFields()
        h[.contentSecurityPolicy] = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
        h[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        h[HTTPField.Name("X-Frame-Options")!] = "DENY"
        h[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        h[HTTPField.Name("Cross-Origin-Opener-Policy")!] = "same-origin"
        h[HTTPField.Name("Cross-Origin-Resource-Policy")!] = "same-origin"
        h[HTTPField.Name("Permissions-Policy")!] = "camera=(), microphone=(), geolocation=()"
        return h
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        let limitText = "The file sent is too big: coprint takes plans of up to \(bodyLimit / 1024) KB."
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > bodyLimit,
           !request.uri.path.hasPrefix("/api/import") {
            response = Reply.message(.contentTooLarge, limitText)
        } else {
            do {
                response = try await next(request, context)
            } catch is NIOTooManyBytesError {
                response = Reply.message(.contentTooLarge, limitText)
            } catch let error as HTTPError {
                let text = error.status == .notFound ? "There is nothing at this address." : (error.body ?? error.status.reasonPhrase)
                response = Reply.message(error.status, text)
            } catch let error as any HTTPResponseError {
                response = Reply.message(error.status, error.status.reasonPhrase)
            } catch {
                response = Reply.message(.internalServerError, "Something went wrong inside coprint: \(error)")
            }
        }
        for field in Self.securityHeaders { response.headers[field.name] = field.value }
        return response
    }
}
