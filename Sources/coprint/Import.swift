import ArgumentParser
import CoprintCore
import CoprintLayout
import Foundation

/// `coprint import`: a filled fillable canvas back into a plan file.
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Turn a filled-in fillable canvas (PDF) back into a plan file.",
        discussion: """
        Reads the words typed into a PDF made by 'coprint blank --fillable' or 'coprint render --fillable', in any PDF reader, and writes a plan file naming its layout: one list item per line, empty fields left out. Print it with 'coprint render'. Without -o, the plan goes to standard output; what was found is listed on standard error.
        """)

    @Argument(help: ArgumentHelp("The filled PDF.", valueName: "filled.pdf"))
    var file: String

    @Option(name: .shortAndLong, help: ArgumentHelp("The plan file to write (.yaml), or - for standard output.", valueName: "plan.yaml"))
    var output: String?

    @OptionGroup var setup: SetupOptions

    func run() throws {
        if let output, output != "-", !(output.hasSuffix(".yaml") || output.hasSuffix(".yml")) {
            throw CoprintError("the plan file should end in .yaml, not \(output)", kind: .usage)
        }
        let result = try FormImport.read(file, library: try setup.library())
        try result.check()
        warn(result.warnings)
        var summary = ["coprint: \(file): layout '\(result.layout.name)', \(result.found.count) filled \(result.found.count == 1 ? "field" : "fields")"]
        for (path, value) in result.found {
            let flat = value.replacingOccurrences(of: "\n", with: " / ")
            summary.append("  \(path): \(flat.count > 60 ? String(flat.prefix(57)) + "..." : flat)")
        }
        Output.message(summary.map { TextSafety.forTerminal($0) + "\n" }.joined())
        let data = Data(result.yaml.utf8)
        if let output, output != "-" {
            let url = URL(fileURLWithPath: output)
            try SafeFile.write(data, to: url)
            Output.message("coprint: wrote \(TextSafety.forTerminal(displayPath(url)))\n")
        } else {
            Output.data(data)
        }
        if !result.unknown.isEmpty {
            throw CoprintError("these fields are not in the '\(result.layout.name)' layout and were left out: \(result.unknown.joined(separator: ", ")). The fields it knows were imported.")
        }
    }
}
