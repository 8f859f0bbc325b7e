import Foundation
import Testing
import TestSupport

/// The published JSON Schema, checked with Python's jsonschema as an editor would use it.
@Suite("Layout schema")
struct SchemaTests {
    /// Runs the checker. Python's jsonschema and yaml must be there: without them the checker
    /// would exit 1 on its import, and a test expecting a rejection could pass for the wrong reason.
    func check(_ files: [String]) throws -> RunResult {
        let probe = try Run.tool("/usr/bin/python3", ["-c", "import jsonschema, yaml"])
        try #require(probe.status == 0, "Python's jsonschema and yaml are not installed: run 'bash scripts/setup.sh' (they are python3-jsonschema and python3-yaml)")
        return try Run.tool("/usr/bin/python3", [Project.root.appendingPathComponent("scripts/check-layout-schema.py").path] + files)
    }

    @Test("every shipped layout matches the schema")
    func shippedLayoutsMatch() throws {
        let files = Project.layoutNames.map { Project.layouts.appendingPathComponent("\($0).yaml").path }
        let r = try check(files)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
    }

    @Test("the schema rejects a misspelt setting and a bad colour")
    func schemaRejects() throws {
        let folder = try Project.temporaryFolder()
        let file = folder.appendingPathComponent("bad.yaml")
        try "title: x\ndescription: y\nstyle: { colours: { accent: red } }\npages:\n  - regions:\n      - { field: a, columns: 1, rows: 1, lable: Oops }\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let r = try check([file.path])
        #expect(r.status == 1)
        #expect(!r.stderr.contains("Traceback"), "the checker itself failed: \(r.stderr)")
        #expect(r.stdout.contains("'lable' was unexpected"))
        #expect(r.stdout.contains("style/colours/accent"))
    }
}
