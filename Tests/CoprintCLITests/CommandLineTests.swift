import CoprintLayout
import Foundation
import Testing
import TestSupport

/// The `coprint` command as a person or script runs it: output, messages and exit codes.
@Suite("Command line")
struct CommandLineTests {
    @Test("list shows every layout with its kind, orientation and description")
    func list() throws {
        let r = try Run.coprint(["list"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n").filter { $0.contains("canvas") || $0.contains("poster") }
        #expect(lines.count == Project.layoutNames.count)
        #expect(r.stdout.contains("All are built in."))
        for name in Project.layoutNames { #expect(lines.contains { $0.hasPrefix(name) }, "\(name) is not listed") }
        #expect(r.stdout.contains("action-plan   canvas  landscape  Plan a project together"))
        #expect(r.stdout.contains("top-tips      poster  portrait"))
    }

    @Test("blank writes output/LAYOUT-a4.pdf by default, and both sizes with --paper all")
    func blankDefaults() throws {
        let folder = try Project.temporaryFolder()
        let r = try Run.coprint(["blank", "five-values"], in: folder)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "wrote output/five-values-a4.pdf\n")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("output/five-values-a4.pdf").path))

        let both = try Run.coprint(["blank", "top-tips", "--paper", "all", "-o", "posters"], in: folder)
        #expect(both.status == 0)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("posters").path).sorted()
        #expect(files == ["top-tips-a3.pdf", "top-tips-a4.pdf"])
        let info = try PDFCheck.info(folder.appendingPathComponent("posters/top-tips-a3.pdf"))
        #expect(info["Page size"] == "841.89 x 1190.55 pts (A3)")
    }

    @Test("-o ending in .pdf is a file; PNG writes one image per page")
    func outputFileAndPNG() throws {
        let folder = try Project.temporaryFolder()
        let r = try Run.coprint(["blank", "action-plan", "-o", "mine/plan.pdf"], in: folder)
        #expect(r.status == 0)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("mine/plan.pdf").path))

        let png = try Run.coprint(["blank", "action-plan", "--format", "png", "--dpi", "30", "-o", "previews"], in: folder)
        #expect(png.status == 0, "\(png.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("previews").path).sorted()
        #expect(files == ["action-plan-a4-page1.png", "action-plan-a4-page2.png"])
        let header = try Data(contentsOf: folder.appendingPathComponent("previews/action-plan-a4-page1.png")).prefix(8)
        #expect(header == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
    }

    @Test("--all prints every layout")
    func all() throws {
        let folder = try Project.temporaryFolder()
        let r = try Run.coprint(["blank", "--all", "-o", "."], in: folder)
        #expect(r.status == 0)
        let pdfs = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".pdf") }.sorted()
        #expect(pdfs == Project.layoutNames.map { "\($0)-a4.pdf" })
    }

    @Test("an unknown layout exits 1, lists the known ones, suggests the nearest, and writes nothing")
    func unknownLayout() throws {
        let folder = try Project.temporaryFolder()
        let r = try Run.coprint(["blank", "top-tip"], in: folder)
        #expect(r.status == 1)
        #expect(r.stderr.contains("there is no layout called 'top-tip'"))
        #expect(r.stderr.contains("Did you mean 'top-tips'?"))
        #expect(r.stderr.contains("action-plan, five-values, key-steps, support-tips, top-tips"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test("a wrong option exits 2 with a plain message")
    func usageError() throws {
        let r = try Run.coprint(["blank", "top-tips", "--paper", "a5"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("a5"))
        let clash = try Run.coprint(["blank", "top-tips", "--format", "png", "-o", "x.pdf"])
        #expect(clash.status == 2)
        #expect(clash.stderr.contains("make them match"))
    }

    @Test("a broken layout in --layouts gives file:line:col, exit 1, and no output")
    func brokenLayout() throws {
        let folder = try Project.temporaryFolder()
        let layouts = folder.appendingPathComponent("my-layouts")
        try FileManager.default.createDirectory(at: layouts, withIntermediateDirectories: true)
        try "kind: poster\ntitle: Mine\ndescription: x\npages:\n  - regions:\n      - field: title\n        type: banner\n        columns: 1-3\n        rows: 1\n        colour: red\n"
            .write(to: layouts.appendingPathComponent("mine.yaml"), atomically: true, encoding: .utf8)
        let r = try Run.coprint(["blank", "mine", "--layouts", "my-layouts"], in: folder)
        #expect(r.status == 1)
        #expect(r.stderr.contains("my-layouts/mine.yaml:10:9: 'colour' is not a setting of a region"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("output").path))
    }

    @Test("a new layout dropped into a folder prints with no rebuild")
    func newLayoutWorks() throws {
        let folder = try Project.temporaryFolder()
        let layouts = folder.appendingPathComponent("extra")
        try FileManager.default.createDirectory(at: layouts, withIntermediateDirectories: true)
        try """
        kind: canvas
        title: Our hopes and fears
        description: Two boxes for a first meeting.
        orientation: landscape
        pages:
          - heading: Our hopes and fears
            regions:
              - { field: hopes, label: Hopes, prompt: What do we hope for?, columns: 1-6, rows: 1-12 }
              - { field: fears, label: Fears, prompt: What worries us?, columns: 7-12, rows: 1-12 }
        """.write(to: layouts.appendingPathComponent("hopes-and-fears.yaml"), atomically: true, encoding: .utf8)
        let listed = try Run.coprint(["list", "--layouts", "extra"], in: folder)
        #expect(listed.stdout.contains("hopes-and-fears  canvas  landscape  Two boxes for a first meeting."))
        let r = try Run.coprint(["blank", "hopes-and-fears", "--layouts", "extra"], in: folder)
        #expect(r.status == 0, "\(r.stderr)")
        let text = try PDFCheck.text(folder.appendingPathComponent("output/hopes-and-fears-a4.pdf"))
        #expect(text.contains("Hopes What do we hope for?"))
        #expect(text.contains("Fears What worries us?"))
    }

    @Test("an output folder that cannot be written exits 1 and leaves no temporary files")
    func unwritableOutput() throws {
        let folder = try Project.temporaryFolder()
        let locked = folder.appendingPathComponent("locked")
        try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
        try "not a folder".write(to: locked.appendingPathComponent("file"), atomically: true, encoding: .utf8)
        // A path through a regular file can never be created, even as root.
        let r = try Run.coprint(["blank", "top-tips", "-o", "locked/file/out.pdf"], in: folder)
        #expect(r.status == 1)
        #expect(r.stderr.contains("cannot create the folder locked/file"), "\(r.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: locked.path) == ["file"])
    }

    @Test("help explains the exit codes")
    func helpExitCodes() throws {
        let r = try Run.coprint(["--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("Exit codes: 0 when everything was printed, 1 when"))
    }
}

/// The small conventions a newcomer expects of a command.
@Suite("Conventions")
struct ConventionTests {
    @Test("a misspelt command gets a suggestion and exit 2", arguments: [["blnk"], ["rendr", "x.yaml"], ["help", "nosuch"]])
    func misspelt(_ args: [String]) throws {
        let r = try Run.coprint(args)
        #expect(r.status == 2)
        #expect(r.stderr.contains("is not a coprint command"))
        if args[0] == "blnk" { #expect(r.stderr.contains("Did you mean 'blank'?")) }
    }

    @Test("the format comes from the output's ending, and paper names are read in any case")
    func formatAndPaper() throws {
        let f = try Project.temporaryFolder()
        let r = try Run.coprint(["blank", "top-tips", "-o", "wall.png", "--paper", "A4"], in: f)
        #expect(r.status == 0, "\(r.stderr)")
        let png = try Data(contentsOf: f.appendingPathComponent("wall.png"))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        let mismatch = try Run.coprint(["blank", "top-tips", "-o", "wall.png", "--format", "pdf"], in: f)
        #expect(mismatch.status == 2)
    }
}

/// coprint starts with its own fonts only: the system's fontconfig files and caches are never
/// read, and the bundled fonts' cache lives in the user's cache folder.
@Suite("Font start-up")
struct FontStartUpTests {
    @Test("the system's fontconfig configuration is never loaded, and the bundled fonts are cached under XDG_CACHE_HOME")
    func privateConfiguration() throws {
        let f = try Project.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: f) }
        let cache = f.appendingPathComponent("cache")
        // Were the system configuration loaded, fontconfig would complain that this file is missing.
        let env = ["FONTCONFIG_FILE": f.appendingPathComponent("no-such-fonts.conf").path, "XDG_CACHE_HOME": cache.path]
        for _ in 0..<2 {
            let r = try Run.coprint(["blank", "top-tips", "-o", f.appendingPathComponent("poster.pdf").path], environment: env)
            #expect(r.status == 0, "\(r.stderr)")
            #expect(!r.stderr.contains("Fontconfig"), "\(r.stderr)")
        }
        let cached = try FileManager.default.contentsOfDirectory(atPath: cache.appendingPathComponent("coprint/fontconfig").path)
        #expect(cached.contains { $0.hasSuffix(".cache-8") || $0.hasSuffix(".cache-9") }, "\(cached)")
        let fonts = try PDFCheck.fonts(f.appendingPathComponent("poster.pdf"))
        #expect(fonts.contains { $0.name.hasSuffix("+Inter-Bold") && $0.embedded })
    }
}
