import ArgumentParser
import CoprintCore
import CoprintLayout
import Foundation

/// `coprint validate`: checks a plan or content file and reports every problem at once.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a plan or content file against its layout, reporting every problem at once.")

    @Argument(help: ArgumentHelp("The plan or content file, or - for standard input.", valueName: "file"))
    var file: String

    @OptionGroup var setup: SetupOptions

    func run() throws {
        let plan = try PlanFile.load(file, folders: setup.folders)
        let fields = plan.layout.fields.compactMap(\.field)
        let filled = fields.filter { plan.content.fields[$0] != nil }
        Output.line("\(file == "-" ? "standard input" : file) is ready to print with layout '\(plan.layout.name)': \(filled.count) of \(fields.count) fields filled.")
    }
}
