import CoprintLayout
import Foundation
import Testing
import TestSupport

/// coprint finds its own layouts and fonts wherever it runs: the README's library sample built as
/// a package of its own, and a `coprint` installed with scripts/install.sh, each run from a folder
/// that has nothing of coprint's in it.
@Suite("Runs from anywhere", .serialized)
struct RunsFromAnywhereTests {
    /// The environment of a person's shell: none of coprint's own variables.
    var cleanEnvironment: [String: String] {
        ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("COPRINT_") }
    }

    /// The first ```swift block of the README's "From your own Swift code" section.
    func readmeSample() throws -> String {
        let readme = try String(contentsOf: Project.root.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.range(of: "## From your own Swift code"))
        let rest = readme[section.upperBound...]
        let open = try #require(rest.range(of: "```swift\n"))
        let close = try #require(rest[open.upperBound...].range(of: "```"))
        return String(rest[open.upperBound..<close.lowerBound])
    }

    @Test("the README's library sample builds as a package of its own and runs from its own folder")
    func librarySample() throws {
        // Kept under .build so that a second run builds only what changed.
        let package = Project.root.appendingPathComponent(".build/readme-sample")
        let sources = package.appendingPathComponent("Sources/sample")
        try FileManager.default.createDirectory(at: sources, withIntermediateDirectories: true)
        let manifest = """
        // swift-tools-version: 6.0
        import PackageDescription
        let package = Package(
            name: "sample",
            platforms: [.macOS(.v13)],
            dependencies: [.package(name: "coprint", path: "\(Project.root.path)")],
            targets: [.executableTarget(name: "sample", dependencies: [.product(name: "CoprintCore", package: "coprint")])]
        )
        """
        try manifest.write(to: package.appendingPathComponent("Package.swift"), atomically: true, encoding: .utf8)
        try readmeSample().write(to: sources.appendingPathComponent("main.swift"), atomically: true, encoding: .utf8)
        let build = try Run.program("/usr/bin/env", ["swift", "build", "--package-path", package.path], in: package, environment: cleanEnvironment)
        try #require(build.status == 0, "the README's sample does not build:\n\(build.stdout.suffix(3000))\(build.stderr.suffix(2000))")
        let binPath = try Run.program("/usr/bin/env", ["swift", "build", "--package-path", package.path, "--show-bin-path"], in: package, environment: cleanEnvironment)
        let exe = URL(fileURLWithPath: binPath.stdout.trimmingCharacters(in: .whitespacesAndNewlines)).appendingPathComponent("sample")

        // Run it where there is nothing of coprint's: its layouts and fonts come from the package.
        let folder = try Project.temporaryFolder()
        let run = try Run.program(exe.path, [], in: folder, environment: cleanEnvironment)
        #expect(run.status == 0, "\(run.stderr)")
        let poster = folder.appendingPathComponent("riverside-tips-a3.pdf")
        #expect(try PDFCheck.text(poster).contains("Riverside Carers Group"))
        #expect(try PDFCheck.info(poster)["Page size"]?.contains("A3") == true)
        #expect(try PDFCheck.text(folder.appendingPathComponent("plan.pdf")).contains("Our plan"))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("output/top-tips-a4.pdf").path))
    }

    @Test("an installed coprint runs from any folder, with a layouts folder of the user's own beside it")
    func installed() throws {
        let prefix = try Project.temporaryFolder()
        let install = try Run.program("/bin/bash", [Project.root.appendingPathComponent("scripts/install.sh").path], in: Project.root,
                                      environment: cleanEnvironment.merging(["PREFIX": prefix.path, "COPRINT_BINARY": Run.coprint.path]) { $1 })
        try #require(install.status == 0, "\(install.stdout)\(install.stderr)")
        let coprint = prefix.appendingPathComponent("bin/coprint").path

        // A user's folder with a layouts folder of its own: it adds to the built-in ones.
        let home = try Project.temporaryFolder()
        let mine = home.appendingPathComponent("layouts")
        try FileManager.default.createDirectory(at: mine, withIntermediateDirectories: true)
        var text = try String(contentsOf: Project.layouts.appendingPathComponent("five-values.yaml"), encoding: .utf8)
        text = text.replacingOccurrences(of: "content: content/five-values.yaml\n", with: "")
        try text.write(to: mine.appendingPathComponent("our-values.yaml"), atomically: true, encoding: .utf8)

        let list = try Run.program(coprint, ["list"], in: home, environment: cleanEnvironment)
        #expect(list.status == 0, "\(list.stderr)")
        for name in Project.layoutNames + ["our-values"] { #expect(list.stdout.contains(name), "\(name) is missing from list") }
        #expect(list.stdout.contains("your own, from layouts/our-values.yaml"))
        let blank = try Run.program(coprint, ["blank", "support-tips", "-o", "tips.pdf"], in: home, environment: cleanEnvironment)
        #expect(blank.status == 0, "\(blank.stderr)")
        #expect(try PDFCheck.fonts(home.appendingPathComponent("tips.pdf")).allSatisfy(\.embedded))
    }
}
