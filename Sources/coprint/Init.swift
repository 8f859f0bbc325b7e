import ArgumentParser
import CoprintCore
import CoprintLayout
import Foundation

/// `coprint init`: a starter plan with every field of a layout, each with a comment.
struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a starter plan for a layout, with a comment saying what goes in each field.")

    @Argument(help: "The layout the plan fills, such as action-plan. See 'coprint list'.")
    var layout: String

    @Option(name: .shortAndLong, help: ArgumentHelp("The file to write, or - for standard output.", valueName: "path"))
    var output: String = "plan.yaml"

    @Flag(help: "Replace the file if it already exists.")
    var force = false

    @OptionGroup var languages: LanguageOptions

    @OptionGroup var setup: SetupOptions

    func run() throws {
        let chosen = try setup.library(only: [layout]).layout(named: layout, edition: try languages.edition())
        let text = try PlanFile.starter(for: chosen)
        if output == "-" {
            Output.data(Data(text.utf8))
            return
        }
        let url = URL(fileURLWithPath: output)
        if FileManager.default.fileExists(atPath: url.path) && !force {
            throw CoprintError("\(output) already exists; choose another name with -o, or add --force to replace it")
        }
        try SafeFile.write(Data(text.utf8), to: url)
        Output.line("wrote \(displayPath(url)): fill it in, then run 'coprint render \(output)'")
    }
}
