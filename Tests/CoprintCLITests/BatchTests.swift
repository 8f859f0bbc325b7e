import CoprintCore
import CoprintLayout
import Foundation
import Testing
import TestSupport

/// `coprint batch`: personalised documents in bulk, with faults contained and nothing half-written.
@Suite("Batch")
struct BatchTests {
    /// A folder with the sample logos and the given files.
    func workspace(_ files: [String: String]) throws -> URL {
        let folder = try Project.temporaryFolder()
        let logos = folder.appendingPathComponent("logos")
        try FileManager.default.createDirectory(at: logos, withIntermediateDirectories: true)
        for name in ["riverside", "valleys", "harbour"] {
            try FileManager.default.copyItem(at: Project.root.appendingPathComponent("examples/batch/logos/\(name).png"),
                                             to: logos.appendingPathComponent("\(name).png"))
        }
        for (name, text) in files { try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return folder
    }

    func files(in folder: URL) throws -> [String] {
        guard FileManager.default.fileExists(atPath: folder.path) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    @Test("good jobs print, bad ones are reported with their number and reason, exit 1, no stray files")
    func goodAndBad() throws {
        let f = try workspace(["batch.yaml": """
        output: "{organisation}-{paper}.pdf"
        jobs:
          - layout: top-tips
            fields: { organisation: Riverside Carers, logo: logos/riverside.png }
          - layout: top-tips
            fields: { organisation: Broken Logo Group, logo: logos/missing.png }
          - layout: no-such-layout
            fields: { organisation: Lost Group }
          - layout: five-values
            fields: { organisation: Harbour Health, logo: logos/harbour.png }
          - layout: top-tips
            fields: { organisation: Typo Group, organsation: x }
        """])
        let r = try Run.coprint(["batch", "batch.yaml", "-o", "out"], in: f)
        #expect(r.status == 1)
        #expect(try files(in: f.appendingPathComponent("out")) == ["Harbour-Health-a4.pdf", "Riverside-Carers-a4.pdf"])
        #expect(r.stderr.contains("2 printed"))
        #expect(r.stderr.contains("3 failed"))
        #expect(r.stderr.contains("job 2: batch.yaml:6:54: there is no picture at 'logos/missing.png'"), "\(r.stderr)")
        #expect(r.stderr.contains("job 3: batch.yaml:7:13: there is no layout called 'no-such-layout'"))
        #expect(r.stderr.contains("job 5: batch.yaml:12:41: 'organsation' is not a field of layout 'top-tips'"))
        #expect(r.stderr.contains("did you mean 'organisation'?"))
        let text = try PDFCheck.text(f.appendingPathComponent("out/Riverside-Carers-a4.pdf"))
        #expect(text.contains("Riverside Carers"))
        #expect(text.contains("Start with an idea, not a plan"), "the shipped wording should still be there")
    }

    @Test("CSV mail merge: every row's values are in its own PDF")
    func csvMailMerge() throws {
        let f = try workspace([
            "members.csv": "organisation,logo,title\nRiverside Carers,logos/riverside.png,\nValleys Youth Forum,logos/valleys.png,Our own tips\n\"Llanfair Group, Gwynedd\",,10 awgrym da\n",
            "template.yaml": "layout: top-tips\noutput: \"{row}-{organisation}.pdf\"\n",
        ])
        let r = try Run.coprint(["batch", "members.csv", "--template", "template.yaml", "-o", "out", "-j", "2"], in: f)
        #expect(r.status == 0, "\(r.stderr)")
        let out = try files(in: f.appendingPathComponent("out"))
        #expect(out == ["1-Riverside-Carers.pdf", "2-Valleys-Youth-Forum.pdf", "3-Llanfair-Group-Gwynedd.pdf"])
        let rows = [["Riverside Carers"], ["Valleys Youth Forum", "Our own tips"], ["Llanfair Group, Gwynedd", "10 awgrym da"]]
        for (file, values) in zip(out, rows) {
            let text = try PDFCheck.text(f.appendingPathComponent("out/\(file)"))
            for v in values { #expect(text.contains(v), "\(file) lacks \(v)") }
        }
        #expect(try PDFCheck.text(f.appendingPathComponent("out/1-Riverside-Carers.pdf")).contains("10 top tips for co-production"))
    }

    @Test("a manifest with rows and a template works like --template")
    func manifestWithRows() throws {
        let f = try workspace([
            "members.csv": "organisation\nRiverside Carers\n",
            "batch.yaml": "rows: members.csv\ntemplate: { layout: key-steps, papers: [a3] }\noutput: \"{organisation}-{layout}-{paper}.pdf\"\n",
        ])
        let r = try Run.coprint(["batch", "batch.yaml", "-o", "out"], in: f)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try files(in: f.appendingPathComponent("out")) == ["Riverside-Carers-key-steps-a3.pdf"])
        #expect(try PDFCheck.info(f.appendingPathComponent("out/Riverside-Carers-key-steps-a3.pdf"))["Page size"]?.contains("A3") == true)
    }

    @Test("two jobs that would write the same file stop the run before anything is printed")
    func duplicateOutputs() throws {
        let f = try workspace(["batch.yaml": """
        output: "{layout}.pdf"
        jobs:
          - { layout: top-tips, fields: { organisation: One } }
          - { layout: top-tips, fields: { organisation: Two } }
        """])
        let r = try Run.coprint(["batch", "batch.yaml", "-o", "out"], in: f)
        #expect(r.status == 1)
        #expect(r.stderr.contains("job 2 and job 1 would both write out/top-tips.pdf"), "\(r.stderr)")
        #expect(try files(in: f.appendingPathComponent("out")).isEmpty)
    }

    @Test("paths that lead out of the manifest's folder are refused", arguments: [
        ("../outside.png", "leads out of this file's folder"),
        ("/etc/passwd", "is a full path"),
        ("logos/link.png", "is a link to a file outside this file's folder"),
    ])
    func pathEscapes(path: String, message: String) throws {
        let f = try workspace(["batch.yaml": "jobs:\n  - { layout: top-tips, fields: { organisation: X, logo: \"\(path)\" } }\n"])
        let outside = try Project.temporaryFolder().appendingPathComponent("secret.png")
        try FileManager.default.copyItem(at: f.appendingPathComponent("logos/riverside.png"), to: outside)
        try FileManager.default.createSymbolicLink(at: f.appendingPathComponent("logos/link.png"), withDestinationURL: outside)
        let r = try Run.coprint(["batch", "batch.yaml", "-o", "out"], in: f)
        #expect(r.status == 1)
        #expect(r.stderr.contains(message), "\(r.stderr)")
        #expect(try files(in: f.appendingPathComponent("out")).isEmpty)
    }

    @Test("corrupt, fake and oversized pictures fail their job with a clear reason")
    func badImages() throws {
        let f = try workspace(["batch.yaml": """
        output: "{organisation}.pdf"
        jobs:
          - { layout: top-tips, fields: { organisation: Corrupt, logo: logos/corrupt.png } }
          - { layout: top-tips, fields: { organisation: Fake, logo: logos/fake.png } }
          - { layout: top-tips, fields: { organisation: Huge, logo: logos/huge.png } }
          - { layout: top-tips, fields: { organisation: Jpeg, logo: logos/photo.png } }
          - { layout: top-tips, fields: { organisation: Fine, logo: logos/valleys.png } }
        """])
        var good = try Data(contentsOf: f.appendingPathComponent("logos/riverside.png"))
        good.replaceSubrange(40..<60, with: Data(repeating: 0x55, count: 20))
        try good.write(to: f.appendingPathComponent("logos/corrupt.png"))
        try Data("this is not a picture".utf8).write(to: f.appendingPathComponent("logos/fake.png"))
        var huge = try Data(contentsOf: f.appendingPathComponent("logos/riverside.png"))
        huge.replaceSubrange(16..<24, with: Data([0, 0, 0x4E, 0x20, 0, 0, 0x4E, 0x20]))
        try huge.write(to: f.appendingPathComponent("logos/huge.png"))
        try Data([0xFF, 0xD8, 0xFF, 0xE0] + [UInt8](repeating: 0, count: 40)).write(to: f.appendingPathComponent("logos/photo.png"))
        let r = try Run.coprint(["batch", "batch.yaml", "-o", "out"], in: f)
        #expect(r.status == 1)
        #expect(r.stderr.contains("job 1: the picture logos/corrupt.png could not be read"), "\(r.stderr)")
        #expect(r.stderr.contains("job 2: batch.yaml:4:61: logos/fake.png is not a PNG picture"))
        #expect(r.stderr.contains("job 3: batch.yaml:5:61: logos/huge.png is 20000 x 20000 pixels"))
        #expect(r.stderr.contains("job 4: batch.yaml:6:61: logos/photo.png is a JPEG"))
        #expect(try files(in: f.appendingPathComponent("out")) == ["Fine.pdf"])
    }

    static let forty: String = {
        var s = "output: \"{organisation}-{paper}.pdf\"\npapers: [a4, a3]\njobs:\n"
        for i in 1...20 { s += "  - { layout: \(i % 2 == 0 ? "top-tips" : "key-steps"), fields: { organisation: Member \(i), logo: logos/\(["riverside", "valleys", "harbour"][i % 3]).png } }\n" }
        return s
    }()

    @Test("parallel and serial runs write identical bytes")
    func parallelMatchesSerial() throws {
        let f = try workspace(["batch.yaml": Self.forty])
        let serial = try Run.coprint(["batch", "batch.yaml", "-o", "serial", "-j", "1", "-q"], in: f, environment: ["SOURCE_DATE_EPOCH": "1700000000"])
        let parallel = try Run.coprint(["batch", "batch.yaml", "-o", "parallel", "-j", "4", "-q"], in: f, environment: ["SOURCE_DATE_EPOCH": "1700000000"])
        #expect(serial.status == 0 && parallel.status == 0, "\(serial.stderr)\(parallel.stderr)")
        let names = try files(in: f.appendingPathComponent("serial"))
        #expect(names.count == 40)
        #expect(try files(in: f.appendingPathComponent("parallel")) == names)
        for name in names {
            let a = try Data(contentsOf: f.appendingPathComponent("serial/\(name)"))
            let b = try Data(contentsOf: f.appendingPathComponent("parallel/\(name)"))
            #expect(a == b, "\(name) differs between -j 1 and -j 4")
        }
    }

    @Test("--shard slices cover every job exactly once")
    func shards() throws {
        let f = try workspace(["batch.yaml": Self.forty])
        var seen: [String] = []
        for i in 1...3 {
            let r = try Run.coprint(["batch", "batch.yaml", "-o", "out", "--shard", "\(i)/3", "--json"], in: f)
            #expect(r.status == 0, "\(r.stderr)")
            for line in r.stdout.split(separator: "\n") {
                let job = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                seen += (job?["outputs"] as? [String]) ?? []
            }
        }
        #expect(seen.count == 40)
        #expect(Set(seen).count == 40)
        #expect(Set(seen) == Set(try files(in: f.appendingPathComponent("out")).map { "out/\($0)" }))
        #expect(try Run.coprint(["batch", "batch.yaml", "--shard", "4/3"], in: f).status == 2)
    }

    @Test("--resume skips what is done and newer than its inputs, and redoes what changed")
    func resume() throws {
        let f = try workspace(["batch.yaml": "output: \"{organisation}.pdf\"\njobs:\n  - { layout: top-tips, fields: { organisation: One } }\n  - { layout: top-tips, fields: { organisation: Two } }\n"])
        #expect(try Run.coprint(["batch", "batch.yaml", "-o", "out"], in: f).status == 0)
        try FileManager.default.removeItem(at: f.appendingPathComponent("out/Two.pdf"))
        let r = try Run.coprint(["batch", "batch.yaml", "-o", "out", "--resume", "--json"], in: f)
        let jobs = r.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(jobs.first { $0["job"] as? Int == 1 }?["skipped"] as? Bool == true)
        #expect(jobs.first { $0["job"] as? Int == 2 }?["skipped"] as? Bool == false)
        #expect(try files(in: f.appendingPathComponent("out")) == ["One.pdf", "Two.pdf"])
        #expect(r.stderr.contains("1 printed"))
        #expect(r.stderr.contains("1 skipped"))
    }

    @Test("--dry-run renders every job, reports failures, and writes nothing")
    func dryRun() throws {
        let f = try workspace(["batch.yaml": "output: \"{organisation}.pdf\"\njobs:\n  - { layout: top-tips, fields: { organisation: One } }\n  - { layout: top-tips, fields: { organisation: Two, logo: logos/none.png } }\n"])
        let r = try Run.coprint(["batch", "batch.yaml", "-o", "out", "--dry-run", "-q"], in: f)
        #expect(r.status == 1)
        #expect(r.stderr.contains("1 checked and nothing written"))
        #expect(!r.stderr.contains("printed"))
        #expect(!r.stdout.contains("wrote"))
        #expect(r.stderr.contains("there is no picture at 'logos/none.png'"))
        // With -q each failure is listed once, in the summary.
        #expect(r.stderr.components(separatedBy: "there is no picture at").count == 2)
        #expect(!FileManager.default.fileExists(atPath: f.appendingPathComponent("out").path))
    }

    @Test("--json prints one line per job with input, outputs, time, warnings and error")
    func jsonLines() throws {
        let f = try workspace(["batch.yaml": "jobs:\n  - { layout: top-tips }\n  - { layout: nope }\n"])
        let r = try Run.coprint(["batch", "batch.yaml", "-o", "out", "--json"], in: f)
        #expect(r.status == 1)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        for line in lines {
            let job = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            for key in ["job", "input", "outputs", "seconds", "warnings", "skipped"] { #expect(job[key] != nil, "\(key) missing") }
        }
        #expect(r.stdout.contains("\"error\":\"batch.yaml:3:15: there is no layout called 'nope'"))
    }

    @Test("from code: load a layout, fill it from a Codable value, get PDF bytes")
    func libraryUse() throws {
        struct Poster: Codable { var organisation: String; var title: String }
        let library = try LayoutLibrary(folders: [Project.layouts])
        let layout = try library.layout(named: "top-tips")
        let printer = try Printer.withBundledFonts(in: Project.fonts)
        let shipped = try Content.load(from: try #require(layout.contentFile), for: layout)
        let content = shipped.overlaid(with: try Content(filling: layout, with: Poster(organisation: "Riverside Carers", title: "Our tips")))
        let pdf = try printer.pdf(layout, content: content, paper: .a4)
        #expect(pdf.starts(with: Data("%PDF-".utf8)))
        let file = try Project.temporaryFolder().appendingPathComponent("code.pdf")
        try pdf.write(to: file)
        let text = try PDFCheck.text(file)
        #expect(text.contains("Our tips") && text.contains("Riverside Carers"))
        #expect(throws: CoprintError.self) { try Content(filling: layout, with: ["organsation": "typo"]) }
    }
}

@Suite("Batch interruption")
struct BatchInterruptTests {
    @Test("Ctrl-C stops cleanly: exit 130, finished files complete, nothing half-written, the rest resumable")
    func interrupt() throws {
        let f = try Project.temporaryFolder()
        var manifest = "output: \"{organisation}.pdf\"\njobs:\n"
        for i in 1...400 { manifest += "  - { layout: support-tips, fields: { organisation: Member \(i) } }\n" }
        try manifest.write(to: f.appendingPathComponent("batch.yaml"), atomically: true, encoding: .utf8)

        let process = Process()
        process.executableURL = Run.coprint
        process.arguments = ["batch", "batch.yaml", "-o", "out", "-j", "1", "-q"]
        process.currentDirectoryURL = f
        var env = ProcessInfo.processInfo.environment
        env["COPRINT_LAYOUTS"] = Project.layouts.path
        env["COPRINT_FONTS"] = Project.fonts.path
        process.environment = env
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // Wait until some files exist, then press Ctrl-C.
        let out = f.appendingPathComponent("out")
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if ((try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []).count >= 3 { break }
            Thread.sleep(forTimeInterval: 0.01)
        }
        process.interrupt()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 130, "\(message)")
        #expect(message.contains("not started (stopped)"))
        let left = try FileManager.default.contentsOfDirectory(atPath: out.path)
        #expect(left.allSatisfy { $0.hasSuffix(".pdf") && !$0.hasPrefix(".") }, "temporary files left: \(left.filter { !$0.hasSuffix(".pdf") })")
        #expect(left.count > 0 && left.count < 400)
        for name in left {
            #expect(try Run.tool("qpdf", ["--check", out.appendingPathComponent(name).path]).status == 0, "\(name) is damaged")
        }
        let resumed = try Run.coprint(["batch", "batch.yaml", "-o", "out", "--resume", "-q"], in: f)
        #expect(resumed.status == 0)
        #expect(resumed.stderr.contains("\(400 - left.count) printed"), "\(resumed.stderr)")
        #expect(resumed.stderr.contains("\(left.count) skipped"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).count == 400)
    }
}
