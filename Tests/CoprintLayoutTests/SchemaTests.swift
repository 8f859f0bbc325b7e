import Foundation
import Testing
import TestSupport

/// The published JSON Schema, checked with Python's jsonschema as an editor would use it.
@Suite("Layout schema")
struct SchemaTests {
    func check(_ files: [String]) throws -> RunResult {
        try Run.tool("/usr/bin/python3", [Project.root.appendingPathComponent("scripts/check-layout-schema.py").path] + files)
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
        #expect(r.stdout.contains("'lable' was unexpected"))
        #expect(r.stdout.contains("style/colours/accent"))
    }
}
