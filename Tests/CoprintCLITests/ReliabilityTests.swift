import CoprintCore
import CoprintLayout
import Foundation
import Testing
import TestSupport

/// The command line under faults and hostile input: full or closed output streams, signals,
/// malformed environment, links and files that would be overwritten. Every case ends with a plain
/// message and an exit code, never a crash, and leaves nothing half-written or out of place.
@Suite("Reliability of the command line")
struct ReliabilityTests {
    /// A fresh folder with `files`, removed by the caller's `defer`.
    func folder(with files: [String: String] = [:]) throws -> URL {
        let folder = try Project.temporaryFolder()
        for (name, text) in files {
            let url = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return folder
    }

    /// Every file under `folder`, as relative paths, hidden ones included.
    func everything(in folder: URL) -> [String] {
        let e = FileManager.default.enumerator(atPath: folder.path)
        return (e?.allObjects as? [String] ?? []).sorted()
    }

    /// Runs `coprint` through the shell, so that redirections such as `> /dev/full` and `>&-`
    /// apply: COPRINT in `command` stands for the built program. Returns the exit status and what
    /// reached standard error (unless the command redirects it).
    func shell(_ command: String, in folder: URL) throws -> (status: Int32, stderr: String) {
        let quoted = "'" + Run.coprint.path.replacingOccurrences(of: "'", with: "'\\''") + "'"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command.replacingOccurrences(of: "COPRINT", with: quoted)]
        process.currentDirectoryURL = folder
        var env = ProcessInfo.processInfo.environment
        env["COPRINT_LAYOUTS"] = Project.layouts.path
        process.environment = env
        let scratch = try Project.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let errURL = scratch.appendingPathComponent("err")
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let err = try FileHandle(forWritingTo: errURL)
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try err.close()
        return (process.terminationStatus, try String(contentsOf: errURL, encoding: .utf8))
    }

    static let plan = "layout: top-tips\ntitle: Our tips\n"

    // MARK: Output streams

    @Test("a full or closed standard output or error ends with exit 1 and a message, never a crash",
          arguments: [
              ("COPRINT blank top-tips -o - > /dev/full", "could not write to standard output"),
              ("COPRINT blank top-tips -o - >&-", "could not write to standard output: it is closed"),
              ("COPRINT render plan.yaml -o - > /dev/full", "could not write to standard output"),
              ("COPRINT validate plan.yaml > /dev/full", "could not write to standard output"),
              ("COPRINT list > /dev/full", "could not write to standard output"),
              ("COPRINT batch batch.yaml -o out --json > /dev/full", "could not write to standard output"),
              ("COPRINT validate missing.yaml 2>/dev/full", ""),
              ("COPRINT validate plan.yaml >&- 2>&-", ""),
          ])
    func fullOrClosedStreams(command: String, message: String) throws {
        let f = try folder(with: ["plan.yaml": Self.plan,
                                  "batch.yaml": "jobs:\n  - layout: top-tips\n    fields: { organisation: Riverside }\n"])
        defer { try? FileManager.default.removeItem(at: f) }
        let r = try shell(command, in: f)
        #expect(r.status == 1, "\(command): exit \(r.status), \(r.stderr)")
        #expect(!r.stderr.contains("Fatal error") && !r.stderr.contains("try!"), "\(r.stderr)")
        if !message.isEmpty { #expect(r.stderr.contains(message), "\(command): \(r.stderr)") }
        #expect(!everything(in: f).contains { $0.hasSuffix(".tmp") })
    }

    // MARK: Unprintable text and hostile sizes

    @Test("validate and render refuse the same unprintable text with the same located message, writing nothing",
          arguments: ["\\0", "\\uFFFE", "\\uFFFF", "\\uFDD0", "\\U0010FFFF", "\\e"])
    func sameRuleForValidateAndRender(escape: String) throws {
        let f = try folder(with: ["plan.yaml": "layout: top-tips\ntips:\n  - heading: Start\n    text: \"before\(escape)after\"\n"])
        defer { try? FileManager.default.removeItem(at: f) }
        let v = try Run.coprint(["validate", "plan.yaml"], in: f)
        let r = try Run.coprint(["render", "plan.yaml"], in: f)
        #expect(v.status == 1 && r.status == 1)
        #expect(v.stderr.hasPrefix("coprint: plan.yaml:4:11: 'tips.1.text' contains"), "\(v.stderr)")
        #expect(v.stderr == r.stderr)
        #expect(everything(in: f) == ["plan.yaml"])
    }

    @Test("the issue's slow inputs end quickly with a located error: a 19,999-character word, 200,000 characters in 11 items")
    func hostileSizesFailFast() throws {
        let word = "layout: top-tips\ntitle: " + String(repeating: "x", count: 19_999) + "\n"
        let chunk = String(repeating: "y", count: 200_000 / 11)
        let list = "layout: top-tips\ntips:\n" + String(repeating: "  - \(chunk)\n", count: 11)
        let spaced = "layout: top-tips\ntips:\n" + String(repeating: "  - \(String(repeating: "words ", count: 3_030))\n", count: 11)
        let f = try folder(with: ["word.yaml": word, "list.yaml": list, "spaced.yaml": spaced])
        defer { try? FileManager.default.removeItem(at: f) }
        for (name, message) in [("word.yaml", "word.yaml:2:8: 'title' has a word of 19999 characters"),
                                ("list.yaml", "list.yaml:3:5: 'tips.1' has a word of 18181 characters"),
                                ("spaced.yaml", "spaced.yaml:1:1: this document holds")] {
            let start = Date()
            let r = try Run.coprint(["render", name, "--paper", "all"], in: f)
            #expect(r.status == 1)
            #expect(r.stderr.hasPrefix("coprint: \(message)"), "\(r.stderr)")
            #expect(Date().timeIntervalSince(start) < 5)
        }
        #expect(!everything(in: f).contains("output"))
    }

    // MARK: SOURCE_DATE_EPOCH

    @Test("a malformed or too large SOURCE_DATE_EPOCH is a plain error and nothing is written",
          arguments: ["abc", "-5", "", "1e9", " 12", "12.5", "9223372036854775807", "99999999999999999999999", "253402300800"])
    func badSourceDateEpoch(value: String) throws {
        let f = try folder(with: ["plan.yaml": Self.plan, "batch.yaml": "jobs:\n  - layout: top-tips\n"])
        defer { try? FileManager.default.removeItem(at: f) }
        for command in [["blank", "top-tips"], ["render", "plan.yaml"], ["batch", "batch.yaml"]] {
            let r = try Run.coprint(command, in: f, environment: ["SOURCE_DATE_EPOCH": value])
            #expect(r.status == 1, "\(command) with '\(value)': exit \(r.status) \(r.stderr)")
            #expect(r.stderr.contains("SOURCE_DATE_EPOCH"), "\(r.stderr)")
        }
        #expect(everything(in: f) == ["batch.yaml", "plan.yaml"])
    }

    @Test("the last second of year 9999 is the latest SOURCE_DATE_EPOCH, written as a valid date")
    func latestSourceDateEpoch() throws {
        let f = try folder()
        defer { try? FileManager.default.removeItem(at: f) }
        let r = try Run.coprint(["blank", "top-tips", "-o", "t.pdf"], in: f, environment: ["SOURCE_DATE_EPOCH": "253402300799"])
        #expect(r.status == 0, "\(r.stderr)")
        let info = try PDFCheck.info(f.appendingPathComponent("t.pdf"))
        #expect(info["CreationDate"]?.contains("9999") == true, "\(info)")
        #expect(try Run.tool("qpdf", ["--check", f.appendingPathComponent("t.pdf").path]).status == 0)
    }

    // MARK: --report

    @Test("--report may not name an input or an output of the same run")
    func reportCannotOverwrite() throws {
        let f = try folder(with: ["plan.yaml": Self.plan])
        defer { try? FileManager.default.removeItem(at: f) }
        for report in ["plan.yaml", "./plan.yaml", "out.pdf", "output/plan-a4.pdf", "output"] {
            _ = try? FileManager.default.createDirectory(at: f.appendingPathComponent("output"), withIntermediateDirectories: true)
            let r = try Run.coprint(["render", "plan.yaml", "-o", report == "out.pdf" ? "out.pdf" : "output", "--report", report], in: f)
            #expect(r.status != 0, "--report \(report) was accepted")
            #expect(r.stderr.contains("--report"), "\(r.stderr)")
        }
        #expect(try String(contentsOf: f.appendingPathComponent("plan.yaml"), encoding: .utf8) == Self.plan)
        let ok = try Run.coprint(["render", "plan.yaml", "--report", "fit.json"], in: f)
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(try Data(contentsOf: f.appendingPathComponent("fit.json")).starts(with: Array("{".utf8)))
    }

    @Test("an output may not replace an input of the same run: a plan's picture, a batch job's logo")
    func outputCannotReplaceInput() throws {
        let f = try folder(with: ["p.yaml": "layout: top-tips\norganisation: X\nlogo: logos/riverside.png\n",
                                  "m.yaml": "output: \"logos/riverside.png\"\nformats: [png]\njobs:\n  - layout: top-tips\n    fields: { organisation: X, logo: logos/riverside.png }\n"])
        defer { try? FileManager.default.removeItem(at: f) }
        let logo = f.appendingPathComponent("logos/riverside.png")
        try FileManager.default.createDirectory(at: logo.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Project.root.appendingPathComponent("examples/batch/logos/riverside.png"), to: logo)
        let before = try Data(contentsOf: logo)
        let r = try Run.coprint(["render", "p.yaml", "--format", "png", "-o", "logos/riverside.png"], in: f)
        #expect(r.status != 0)
        #expect(r.stderr.contains("an input of this run"), "\(r.stderr)")
        let b = try Run.coprint(["batch", "m.yaml", "-o", "."], in: f)
        #expect(b.status == 1)
        #expect(b.stderr.contains("is also an input of this job"), "\(b.stderr)")
        #expect(try Data(contentsOf: logo) == before)
    }

    // MARK: Names and terminal text

    @Test("render takes escape, newline and direction-override characters out of output names and messages")
    func unsafeNames() throws {
        let name = "pl\u{1B}[31man\u{202E}fdp.exe\nx.yaml"
        let f = try folder(with: [name: Self.plan + "valeus\u{202E}: x\n"])
        defer { try? FileManager.default.removeItem(at: f) }
        let bad = try Run.coprint(["validate", name], in: f)
        #expect(bad.status == 1)
        #expect(!bad.stderr.contains("\u{1B}") && !bad.stderr.contains("\u{202E}"), "\(bad.stderr.debugDescription)")
        #expect(bad.stderr.contains("\\u{202E}"), "\(bad.stderr.debugDescription)")
        try Self.plan.write(to: f.appendingPathComponent(name), atomically: true, encoding: .utf8)
        let r = try Run.coprint(["render", name, "-o", "out"], in: f)
        #expect(r.status == 0, "\(r.stderr)")
        let written = try FileManager.default.contentsOfDirectory(atPath: f.appendingPathComponent("out").path)
        #expect(written == ["pl-[31man-fdp.exe-x-a4.pdf"])
        #expect(!r.stdout.contains("\u{1B}") && !r.stdout.contains("\n\n"))
    }

    // MARK: Output folders

    @Test("a batch output pattern through a link inside the output folder that leads out is refused")
    func linkOutOfOutputFolder() throws {
        let f = try folder(with: ["batch.yaml": """
            output: "sub/{organisation}-{paper}.pdf"
            jobs:
              - layout: top-tips
                fields: { organisation: Riverside }
            """])
        defer { try? FileManager.default.removeItem(at: f) }
        let out = f.appendingPathComponent("out"), elsewhere = f.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: out.appendingPathComponent("sub").path, withDestinationPath: elsewhere.path)
        let r = try Run.coprint(["batch", "batch.yaml", "-o", "out"], in: f)
        #expect(r.status == 1)
        #expect(r.stderr.contains("outside the output folder"), "\(r.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path).isEmpty)
        // A link that stays inside the folder is fine.
        try FileManager.default.removeItem(at: out.appendingPathComponent("sub"))
        try FileManager.default.createDirectory(at: out.appendingPathComponent("real"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: out.appendingPathComponent("sub").path, withDestinationPath: "real")
        let ok = try Run.coprint(["batch", "batch.yaml", "-o", "out"], in: f)
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("real/Riverside-a4.pdf").path))
    }

    @Test("a -o path too deep to create leaves no empty folders behind")
    func deepOutputPath() throws {
        let f = try folder()
        defer { try? FileManager.default.removeItem(at: f) }
        let deep = String(repeating: "abcdefgh/", count: 600) + "x.pdf"
        let r = try Run.coprint(["blank", "top-tips", "-o", deep], in: f)
        #expect(r.status == 1)
        #expect(r.stderr.contains("no folder was left behind"), "\(r.stderr.prefix(400))")
        #expect(everything(in: f).isEmpty)
    }

    @Test("--paper all that fails after A4 says the A4 file was written and is complete")
    func partialPaperAll() throws {
        let f = try folder()
        defer { try? FileManager.default.removeItem(at: f) }
        // The A3 name is taken by a folder, so writing it fails after A4 is done.
        try FileManager.default.createDirectory(at: f.appendingPathComponent("t-a3.pdf"), withIntermediateDirectories: true)
        let r = try Run.coprint(["blank", "top-tips", "--paper", "all", "-o", "t.pdf"], in: f)
        #expect(r.status == 1)
        #expect(r.stderr.contains("could not write t-a3.pdf"), "\(r.stderr)")
        #expect(r.stderr.contains("t-a4.pdf was written before this and is complete"), "\(r.stderr)")
        #expect(SafeFile.isComplete(f.appendingPathComponent("t-a4.pdf")))
    }

    // MARK: --resume

    @Test("--resume prints again an empty or cut-short file and removes stale temporary files")
    func resumeTrustsOnlyCompleteFiles() throws {
        let f = try folder(with: ["batch.yaml": """
            output: "{organisation}-{paper}.pdf"
            jobs:
              - layout: top-tips
                fields: { organisation: Riverside }
              - layout: top-tips
                fields: { organisation: Valleys }
              - layout: top-tips
                fields: { organisation: Harbour }
            """])
        defer { try? FileManager.default.removeItem(at: f) }
        let first = try Run.coprint(["batch", "batch.yaml", "-o", "out", "-q"], in: f)
        #expect(first.status == 0, "\(first.stderr)")
        let out = f.appendingPathComponent("out")
        let complete = try Data(contentsOf: out.appendingPathComponent("Harbour-a4.pdf"))
        try Data().write(to: out.appendingPathComponent("Riverside-a4.pdf"))
        try complete.prefix(complete.count / 2).write(to: out.appendingPathComponent("Valleys-a4.pdf"))
        // Left by a run killed with kill -9: process 999999 does not exist.
        let stale = out.appendingPathComponent(".Valleys-a4.pdf.999999-ABCDEF12.tmp")
        try Data("half".utf8).write(to: stale)
        let again = try Run.coprint(["batch", "batch.yaml", "-o", "out", "--resume"], in: f)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("2 printed") && again.stderr.contains("1 skipped"), "\(again.stderr)")
        for name in ["Riverside", "Valleys", "Harbour"] {
            let pdf = out.appendingPathComponent("\(name)-a4.pdf")
            #expect(SafeFile.isComplete(pdf), "\(name)")
            #expect(try Run.tool("qpdf", ["--check", pdf.path]).status == 0)
        }
        #expect(!FileManager.default.fileExists(atPath: stale.path))
    }

    // MARK: Signals

    @Test("SIGTERM and SIGHUP stop a batch like Ctrl-C: summary, exit 143 or 129, no temporary file",
          arguments: [(SIGTERM, Int32(143)), (SIGHUP, Int32(129)), (SIGINT, Int32(130))])
    func signalsStopABatch(signal: Int32, code: Int32) throws {
        var manifest = "output: \"{organisation}-{paper}.pdf\"\njobs:\n"
        for i in 0..<3000 { manifest += "  - layout: top-tips\n    fields: { organisation: Group \(i) }\n" }
        let f = try folder(with: ["batch.yaml": manifest])
        defer { try? FileManager.default.removeItem(at: f) }
        let process = Process()
        process.executableURL = Run.coprint
        process.arguments = ["batch", "batch.yaml", "-o", "out", "-j", "1"]
        process.currentDirectoryURL = f
        var env = ProcessInfo.processInfo.environment
        env["COPRINT_LAYOUTS"] = Project.layouts.path
        process.environment = env
        let errURL = f.appendingPathComponent("err.txt"), outURL = f.appendingPathComponent("out.txt")
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: errURL)
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        try process.run()
        // Wait until some documents are written, then send the signal.
        let start = Date()
        while (FileInfo(outURL.path)?.size ?? 0) < 200, Date().timeIntervalSince(start) < 20 { usleep(20_000) }
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        let err = try String(contentsOf: errURL, encoding: .utf8)
        #expect(process.terminationReason == .exit, "ended by a signal")
        #expect(process.terminationStatus == code, "\(err)")
        #expect(err.contains("not started (stopped)"), "\(err)")
        let left = everything(in: f.appendingPathComponent("out"))
        #expect(!left.isEmpty && left.count < 3000)
        #expect(!left.contains { $0.hasSuffix(".tmp") })
    }

    // MARK: Command-line conventions

    @Test("--version prints the version; help texts keep sentences whole and give the -j default once")
    func conventions() throws {
        let v = try Run.coprint(["--version"])
        #expect(v.status == 0)
        #expect(v.stdout.range(of: #"^\d+\.\d+\.\d+\n$"#, options: .regularExpression) != nil, "\(v.stdout)")
        let top = try Run.coprint(["--help"])
        #expect(!top.stdout.contains("has a\nproblem"), "\(top.stdout)")
        let batch = try Run.coprint(["batch", "--help"])
        let jobs = try #require(batch.stdout.range(of: "-j, --jobs <n>")?.lowerBound)
        let jobsHelp = batch.stdout[jobs...].split(separator: "--resume")[0]
        #expect(jobsHelp.components(separatedBy: "default").count - 1 == 1, "\(jobsHelp)")
        #expect(!batch.stdout.contains("core). (default"), "\(batch.stdout)")
        #expect(!batch.stdout.contains("half-written\nfile"), "\(batch.stdout)")
        for command in ["", "list", "blank", "render", "init", "validate", "batch", "bench"] {
            let help = try Run.coprint(command.isEmpty ? ["--help"] : [command, "--help"])
            // A hand-wrapped line re-wrapped by the parser leaves a short line in mid-sentence.
            let lines = help.stdout.split(separator: "\n", omittingEmptySubsequences: false)
            for (i, line) in lines.enumerated() where i + 1 < lines.count && line.count < 40 && !line.isEmpty {
                let next = lines[i + 1]
                let midSentence = !line.hasSuffix(".") && !line.hasSuffix(":") && next.first?.isLowercase == true
                #expect(!midSentence || line.hasPrefix(" "), "\(command) --help breaks a sentence: '\(line)' / '\(next)'")
            }
        }
    }
}

