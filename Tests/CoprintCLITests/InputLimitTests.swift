@testable import CoprintCore
import CoprintLayout
import Foundation
import Testing
import TestSupport

/// Standard input is read with the same limit as a file, and reading stops at the limit.
@Suite("Input limits")
struct InputLimitTests {
    @Test("standard input over the plan limit is refused after reading just past the limit")
    func standardInputLimit() throws {
        let folder = try Project.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let big = folder.appendingPathComponent("big")
        let size = PlanFile.maximumSize * 4
        try Data(repeating: 0x61, count: size).write(to: big)
        let fd = open(big.path, O_RDONLY)
        try #require(fd >= 0)
        defer { close(fd) }
        #expect {
            _ = try PlanFile.readStandardInput(limit: PlanFile.maximumSize, name: "standard input", from: fd)
        } throws: { e in
            (e as? CoprintError)?.description.hasPrefix("standard input: the input is over coprint's limit of 1024 KB for a plan; coprint stopped reading it there") == true
        }
        // It stopped reading a little past the limit, not at the end of the stream.
        let position = lseek(fd, 0, SEEK_CUR)
        #expect(position > PlanFile.maximumSize && position < PlanFile.maximumSize + 128 * 1024, "read \(position) bytes")
    }

    @Test("standard input within the limit is read whole")
    func standardInputWithin() throws {
        let folder = try Project.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("plan")
        let text = "layout: top-tips\ntitle: " + String(repeating: "gair ", count: 30_000) + "\n"
        try Data(text.utf8).write(to: file)
        let fd = open(file.path, O_RDONLY)
        try #require(fd >= 0)
        defer { close(fd) }
        let data = try PlanFile.readStandardInput(limit: PlanFile.maximumSize, name: "standard input", from: fd)
        #expect(data == Data(text.utf8))
    }

    @Test("validate - refuses an endless stream quickly")
    func endlessStream() throws {
        let start = Date()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        let quoted = "'" + Run.coprint.path + "'"
        process.arguments = ["-c", "yes 'title: words words words' | \(quoted) validate - 2>&1 >/dev/null | head -c 300"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(out.contains("over coprint's limit of 1024 KB"), "\(out)")
        #expect(Date().timeIntervalSince(start) < 10)
    }
}
