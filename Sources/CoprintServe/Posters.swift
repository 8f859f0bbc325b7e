import CoprintCore
import CoprintLayout
import Foundation
import Hummingbird
import HTTPTypes
import NIOCore

/// Personalised posters: one poster's wording and a CSV list (one row per member organisation,
/// one column per field), printed into a zip of PDFs.
extension API {
    /// The most rows one request may print.
    static let maximumPosterRows = 200

    struct PosterRequest: Decodable {
        var plan: [String: AnyJSON]
        var csv: String
    }

    /// `POST /api/posters?paper=a4`: body `{"plan": {...}, "csv": "organisation,title\n..."}`.
    func posters(_ request: Request) async throws -> Response {
        guard let paper = Paper(rawValue: String(request.uri.queryParameters.get("paper") ?? "a4").lowercased()) else {
            return Reply.message(.badRequest, "'paper' should be one of: \(Paper.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        let body = try await body(request)
        guard let input = try? JSONDecoder().decode(PosterRequest.self, from: body) else {
            return Reply.message(.badRequest, "Send the poster's wording as 'plan' and the list as 'csv', in JSON.")
        }
        let table: Spreadsheet
        do { table = try Spreadsheet(Data(input.csv.utf8), file: "the list") } catch let error as CoprintError {
            return Reply.message(.unprocessableContent, "The CSV list could not be read: \(error.problems.map(\.description).joined(separator: "; "))")
        }
        guard !table.rows.isEmpty else {
            return Reply.message(.unprocessableContent, "The CSV list has no rows: its first line names the fields, and each line after it is one poster.")
        }
        guard table.rows.count <= Self.maximumPosterRows else {
            return Reply.message(.unprocessableContent, "The CSV list has \(table.rows.count) rows; this page prints up to \(Self.maximumPosterRows) at once. Use 'coprint batch' for more.")
        }
        // Check every row first, so one bad row is reported before anything is printed.
        var jobs: [(name: String, layout: Layout, content: Content)] = []
        var issues: [PlanService.Issue] = []
        for (i, entry) in table.rows.enumerated() {
            let row = entry.values
            var plan = input.plan
            for (key, value) in row where !value.trimmingCharacters(in: .whitespaces).isEmpty {
                plan[key.trimmingCharacters(in: .whitespaces)] = .text(value)
            }
            let data = try JSONEncoder().encode(plan)
            switch service.read(data) {
            case .problems(let found):
                issues += found.map { var p = $0; p.message = "Row \(entry.line) of the list: \(p.message)"; p.line = entry.line; p.column = 0; return p }
            case .plan(let layout, let content):
                if layout.kind != .poster {
                    return Reply.message(.unprocessableContent, "Personalised copies from a list are for posters; '\(layout.name)' is a canvas.")
                }
                let first = table.header.first.flatMap { row[$0] } ?? ""
                let name = String(format: "%03d", i + 1) + "-" + BatchManifest.safeFileName(first.isEmpty ? "poster" : first) + "-\(layout.name)-\(paper.rawValue).pdf"
                jobs.append((name, layout, content))
            }
        }
        if !issues.isEmpty { return Reply.problems(issues) }
        var zip = ZipWriter()
        for job in jobs {
            let pdf: Data
            do {
                pdf = try await pool.submit(timeLimit: settings.renderTimeLimit) { printer in
                    try printer.pdf(job.layout, content: job.content, paper: paper)
                }
            } catch RenderPool.Refusal.busy {
                return Reply.message(.serviceUnavailable, "coprint is busy printing other documents. Try again in a moment.", headers: [.retryAfter: "2"])
            } catch RenderPool.Refusal.tooSlow {
                return Reply.message(.serviceUnavailable, "A poster took too long to print. Try again in a moment.", headers: [.retryAfter: "5"])
            }
            zip.add(job.name, pdf)
        }
        var headers: HTTPFields = [.contentType: "application/zip", .cacheControl: "no-store"]
        headers[.contentDisposition] = "attachment; filename=\"posters-\(paper.rawValue).zip\""
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: zip.finish())))
    }
}


/// Writes a zip file of stored (uncompressed) entries: PDFs are compressed already.
struct ZipWriter {
    private var data = Data()
    private var directory = Data()
    private var count: UInt16 = 0

    private static let crcTable: [UInt32] = (0..<256).map { i -> UInt32 in
        var c = UInt32(i)
        for _ in 0..<8 { c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func crc32(_ bytes: Data) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in bytes { c = crcTable[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }

    private static func le(_ v: UInt32, _ n: Int) -> Data { Data((0..<n).map { UInt8((v >> (8 * UInt32($0))) & 0xFF) }) }

    /// Adds a file called `name` (UTF-8) holding `bytes`.
    mutating func add(_ name: String, _ bytes: Data) {
        let nameBytes = Data(name.utf8)
        let crc = Self.crc32(bytes)
        let offset = UInt32(data.count)
        // Version 2.0, flag bit 11 (UTF-8 names), stored, no date (1980-01-01).
        let common = Self.le(20, 2) + Self.le(0x0800, 2) + Self.le(0, 2) + Self.le(0, 2) + Self.le(0x21, 2)
            + Self.le(crc, 4) + Self.le(UInt32(bytes.count), 4) + Self.le(UInt32(bytes.count), 4)
            + Self.le(UInt32(nameBytes.count), 2) + Self.le(0, 2)
        data += Self.le(0x0403_4B50, 4) + common + nameBytes + bytes
        directory += Self.le(0x0201_4B50, 4) + Self.le(20, 2) + common + Self.le(0, 2) + Self.le(0, 2) + Self.le(0, 2)
            + Self.le(0, 4) + Self.le(offset, 4) + nameBytes
        count += 1
    }

    /// The finished zip.
    func finish() -> Data {
        let start = UInt32(data.count)
        return data + directory + Self.le(0x0605_4B50, 4) + Self.le(0, 2) + Self.le(0, 2)
            + Self.le(UInt32(count), 2) + Self.le(UInt32(count), 2) + Self.le(UInt32(directory.count), 4) + Self.le(start, 4) + Self.le(0, 2)
    }
}
