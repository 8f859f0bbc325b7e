@testable import CoprintCore
import CoprintLayout
import Foundation
import Testing
import TestSupport

/// Safe writing: complete files only, stale temporary files cleared, no folder left behind.
@Suite("Safe files")
struct SafeFileTests {
    @Test("a temporary file being written (locked) is kept; one left by a killed run is removed")
    func staleTemporaryFiles() throws {
        let folder = try Project.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let busy = folder.appendingPathComponent(".a-a4.pdf.12345-ABCDEF12.tmp")
        let stale = folder.appendingPathComponent(".b-a4.pdf.\(ProcessInfo.processInfo.processIdentifier + 1)-0123ABCD.tmp")
        let other = folder.appendingPathComponent(".notes.tmp")
        for url in [busy, stale, other] { try Data("x".utf8).write(to: url) }
        let fd = open(busy.path, O_RDONLY)
        try #require(fd >= 0)
        #expect(flock(fd, LOCK_EX | LOCK_NB) == 0)
        #expect(SafeFile.removeStaleTemporaryFiles(in: folder) == 1)
        #expect(FileManager.default.fileExists(atPath: busy.path), "a file being written was removed")
        #expect(!FileManager.default.fileExists(atPath: stale.path))
        #expect(FileManager.default.fileExists(atPath: other.path), "a file that is not coprint's was removed")
        close(fd)
        #expect(SafeFile.removeStaleTemporaryFiles(in: folder) == 1)
        #expect(!FileManager.default.fileExists(atPath: busy.path))
    }

    @Test("only a PDF with its header and %%EOF trailer, or a PNG with its IEND chunk, counts as complete")
    func completeFiles() throws {
        let folder = try Project.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let printer = try Printer.withBundledFonts(in: Project.fonts)
        let layout = try LayoutLibrary(folders: [Project.layouts]).layout(named: "top-tips")
        let pdf = try printer.pdf(layout, content: .blank(for: layout), paper: .a4)
        let png = try printer.pngs(layout, content: .blank(for: layout), paper: .a4, dpi: 20)[0]
        let cases: [(String, Data, Bool)] = [
            ("whole.pdf", pdf, true), ("empty.pdf", Data(), false), ("half.pdf", pdf.prefix(pdf.count / 2), false),
            ("no-header.pdf", pdf.dropFirst(5), false), ("whole.png", png, true), ("half.png", png.prefix(png.count - 5), false),
        ]
        for (name, data, complete) in cases {
            let url = folder.appendingPathComponent(name)
            try data.write(to: url)
            #expect(SafeFile.isComplete(url) == complete, "\(name)")
        }
        #expect(!SafeFile.isComplete(folder.appendingPathComponent("missing.pdf")))
    }

    @Test("a write that fails removes the folders it created, and only those")
    func foldersRemoved() throws {
        let folder = try Project.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let keep = folder.appendingPathComponent("kept")
        try FileManager.default.createDirectory(at: keep, withIntermediateDirectories: true)
        // The file name is too long to create, after three new folders.
        let target = keep.appendingPathComponent("a/b/c/" + String(repeating: "x", count: 300) + ".pdf")
        #expect(throws: CoprintError.self) { try SafeFile.write(Data("x".utf8), to: target) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: keep.path).isEmpty)
    }
}
